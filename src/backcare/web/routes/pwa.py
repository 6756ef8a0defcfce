"""The service worker, served from the site's root so its scope is the whole site (a worker
under /static/ could only control /static/)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from backcare.web.templating import STATIC_DIR

router = APIRouter()


@router.get("/sw.js")
def service_worker() -> FileResponse:
    return FileResponse(
        STATIC_DIR / "sw.js",
        media_type="text/javascript",
        # Browsers check for a new worker on each visit; never serve them a stale one.
        headers={"Cache-Control": "no-cache"},
    )

"""The app factory: `create_app(settings)` builds the web pages and the JSON API of api.md.

The app keeps nothing in the process but caches (sessions, CSRF seeds and sign-in
throttling live in the database), so several workers behind a proxy serve one database:
`uvicorn --factory backcare.web.app:create_app --workers 2`.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

import orjson
from fastapi import FastAPI, HTTPException
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.telemetry import TelemetryConfig
from starlette.requests import Request

from backcare import __version__
from backcare.errors import BadInput, Conflict
from backcare.web import errors
from backcare.web.body_limit import BodyLimit
from backcare.web.deps import Runtime, api_user
from backcare.web.routes.api_records import screen_and_save
from backcare.web.schemas import HealthOut
from backcare.web.scope import route_path
from backcare.web.security import SecurityHeaders
from backcare.web.templating import STATIC_DIR

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from backcare.config import Settings


def _published_schemas() -> dict[str, Any]:
    """JSON schemas of the bodies that services validate (answers, profile), for OpenAPI."""
    from pydantic import BaseModel

    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.profile import Profile

    schemas: dict[str, Any] = {}
    model: type[BaseModel]
    for model in (ScreeningAnswers, Profile):
        schema = model.model_json_schema(ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[model.__name__] = schema
    return schemas


def _install_openapi(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=[r for r in app.routes if getattr(r, "include_in_schema", True)],
            )
            components = schema.setdefault("components", {}).setdefault("schemas", {})
            for name, body in _published_schemas().items():
                components.setdefault(name, body)
            schema["components"].setdefault("securitySchemes", {})["bearer"] = {
                "type": "oauth2",
                "flows": {"password": {"tokenUrl": "/api/v1/auth/token", "scopes": {}}},
            }
            schema["security"] = [{"bearer": []}]
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


# Young collections every 50,000 net new objects (a few MB at most), the older generations
# as rarely; see `create_app`'s lifespan.
GC_THRESHOLDS = (50_000, 20, 100)

# FastAPI's telemetry switched off (every signal, and no set-up from the environment).
_NO_TELEMETRY: TelemetryConfig = {
    "tracing": False,
    "metrics": False,
    "logs": False,
    "auto_configure": False,
}


def _route_by_first_segment(app: FastAPI) -> None:
    """Lets each included router answer "no match" at once for a path whose first segment
    none of its routes has (`/api` for the pages, `diary` for the API...).

    Routes are matched in order, one regular expression after another, and FastAPI matches
    an included router by trying each of its routes: a POST to /api/v1/screenings was tried
    against every page route first, about a tenth of the request's time (py-spy, under
    bench/bench_web.py). A router with a parameter in a first segment is left as it is.
    """
    from starlette.routing import Match

    for entry in app.router.routes:
        original = getattr(entry, "original_router", None)
        if original is None:
            continue
        segments = {
            str(getattr(route, "path", "{}")).lstrip("/").partition("/")[0]
            for route in original.routes
        }
        if any("{" in segment for segment in segments):
            continue
        full_match = entry.matches

        def matches(
            scope: Any,
            segments: frozenset[str] = frozenset(segments),
            full_match: Any = full_match,
        ) -> tuple[Match, Any]:
            if route_path(scope).lstrip("/").partition("/")[0] not in segments:
                return Match.NONE, {}
            result: tuple[Match, Any] = full_match(scope)
            return result

        entry.matches = matches  # type: ignore[method-assign]


class VisitorFastPath:
    """`GET /` for a visitor answered with the kept landing page, before routing.

    The landing page is the same for every visitor (Page.render keeps it once rendered);
    finding its route and solving its dependencies cost more than sending it. The answer is
    made by the same code as the route's (the `page` dependency for the language and
    cookies, `Page.kept_page` for the body and headers); anything else (a session cookie,
    a notice, htmx, another query, a page not yet kept) goes on to the route.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET" and route_path(scope) == "/":
            response = await self._kept_landing(scope)
            if response is not None:
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

    @staticmethod
    async def _kept_landing(scope: Scope) -> Response | None:
        from starlette.requests import Request

        from backcare.web.deps import page
        from backcare.web.routes.pages_screening import LANDING, LANDING_QUERY, landing_key
        from backcare.web.security import SESSION_COOKIE

        request = Request(scope)
        if SESSION_COOKIE in request.cookies or not LANDING_QUERY.issuperset(request.query_params):
            return None
        pg = await page(request)
        return pg.kept_page(LANDING, landing_key(request.query_params.get("deleted", "")))


class ScreeningFastPath:
    """`POST /api/v1/screenings` with a JSON body and a valid bearer token, answered by the
    route's own code (`api_records.screen_and_save`, after the same `api_user` check) before
    routing: FastAPI's routing, request handling and exception layers were a fifth of the
    busiest call's time (make bench). Anything else about such a request (no token or a bad
    one, another content type, a body that is not JSON or not valid answers) goes on to the
    route with its body as it came, so its answers and errors stay the route's; nothing has
    been saved by then.
    """

    PATH = "/api/v1/screenings"

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] != "POST"
            or route_path(scope) != self.PATH
            or not _json_content(scope)
        ):
            await self.app(scope, receive, send)
            return
        messages: list[Message] = []
        more = True
        while more:
            message = await receive()
            messages.append(message)
            more = message["type"] == "http.request" and bool(message.get("more_body"))
        replay = iter(messages)

        async def replayed() -> Message:
            return next(replay, None) or await receive()

        response = await self._answer(scope, messages)
        if response is None:
            await self.app(scope, replayed, send)
        else:
            await response(scope, replayed, send)

    @staticmethod
    async def _answer(scope: Scope, messages: list[Message]) -> Response | None:
        if messages[-1]["type"] != "http.request":
            return None  # the client went away: the route's business
        body = b"".join(m.get("body", b"") for m in messages)
        try:
            # orjson, not the json module the route decodes with (Starlette's Request.json):
            # 0.7 us, not 3.1. Where they part ways (NaN, 1e400, integers beyond 64 bits, lone
            # surrogates) orjson refuses or gives a number no answer's range admits, so the
            # request goes to the route, which answers as ever (tests compare both ways).
            answers = orjson.loads(body) if body else None
        except ValueError:  # orjson.JSONDecodeError: not JSON, not UTF-8, nested too deeply
            return None
        if not isinstance(answers, dict):
            return None
        try:
            user = await api_user(Request(scope))
        except HTTPException:
            return None
        try:
            return await screen_and_save(user, scope["app"].state.runtime, answers)
        except (BadInput, Conflict):  # refused before anything was saved: the route says why
            return None


def _json_content(scope: Scope) -> bool:
    """Whether the request says its body is `application/json` (parameters aside)."""
    for name, value in scope["headers"]:
        if name == b"content-type":
            return bool(value.partition(b";")[0].strip().lower() == b"application/json")
    return False


def create_app(settings: Settings | None = None) -> FastAPI:
    """A new app for `settings` (default: the environment's)."""
    from backcare.config import get_settings

    rt = Runtime(settings or get_settings())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # Open and migrate the database and read the content library before the first
        # request, not during it.
        _ = rt.repo
        try:
            _ = rt.library
        except Exception:  # a broken library is reported on the pages that need it
            logging.getLogger("backcare.web").exception("the content library did not load")
        # What is loaded now (modules, the library, the mapped tables) lives as long as the
        # process; frozen, the garbage collector stops walking it. A full collection over it
        # took about 60 ms, a pause that landed on whichever requests were in flight (the
        # p99 of bench/bench_web.py). The objects of each request are collected as before,
        # but in larger batches: Python's default (a young collection every 700 net new
        # objects) ran one every request or two, ~7 % of a POST /api/v1/screenings. Nearly
        # everything a request makes is freed by its reference count; only cycles wait.
        gc.collect()
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        yield
        rt.close()

    app = FastAPI(
        title="backcare",
        version=__version__,
        description="Screening, exercise plans, guided sessions and a pain diary for back, "
        "neck and shoulder pain. It does not diagnose: red flags send you to a doctor.",
        lifespan=lifespan,
        docs_url=None,  # the docs page loads scripts from a CDN; /openapi.json is enough
        redoc_url=None,
        # Request paths name a person's records: nothing is exported to an OpenTelemetry
        # collector unless the operator asks (BACKCARE_TELEMETRY=1), even where the platform
        # configures one for every process. Off, requests also skip FastAPI's check for a
        # configured provider (2.5 us of each).
        telemetry=None if rt.settings.telemetry else _NO_TELEMETRY,
    )
    app.state.runtime = rt

    @app.get("/healthz", tags=["health"], response_model=HealthOut)
    def healthz() -> Response:
        """`{"status": "ok"}` once the database answers."""
        from sqlalchemy import text

        with rt.repo.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        return JSONResponse({"status": "ok"})

    from backcare.web.routes import (
        api_accounts,
        api_records,
        pages_account,
        pages_diary,
        pages_plans,
        pages_screening,
        pwa,
    )

    # The API first, then the pages; each router is tried only for the first path segments
    # its routes have (`_route_by_first_segment`), so neither pays for the other's routes.
    app.include_router(api_records.router)
    app.include_router(api_accounts.router)
    for pages in (pages_screening, pages_account, pages_plans, pages_diary, pwa):
        app.include_router(pages.router, include_in_schema=False)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _route_by_first_segment(app)
    errors.install(app)
    _install_openapi(app)
    app.add_middleware(VisitorFastPath)
    app.add_middleware(ScreeningFastPath)
    app.add_middleware(SecurityHeaders)  # outside the fast path too
    app.add_middleware(BodyLimit)  # outermost: a body too large is refused before any work
    return app

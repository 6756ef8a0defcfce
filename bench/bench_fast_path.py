"""What `POST /api/v1/screenings` costs the app itself, with no HTTP server or socket: the
ASGI app called in process for requests that arrive together (as the event loop sees them
under load), so the group commit batches their saves as it does in the server.

With --plumbing the screening and its save are replaced by a fixed 201 of the same size,
leaving what the middleware, the token check and the response cost. Less noisy than a load
test (no client sharing the cores), so it suits side-by-side runs of two checkouts:
`PYTHONPATH=<checkout>/src .venv/bin/python bench/bench_fast_path.py`.

Run: .venv/bin/python bench/bench_fast_path.py [--requests 3000] [--together 30] [--rounds 5]
    [--plumbing]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_web, run from anywhere
from bench_web import ANSWERS  # after the path above: what the web benchmark POSTs

BODY = json.dumps(ANSWERS).encode()


async def measure(args: argparse.Namespace) -> list[float]:
    """Microseconds of process CPU per request, one figure per round."""
    import httpx

    from backcare.web import app as app_module

    if args.plumbing:
        from starlette.responses import Response

        fixed = b"x" * 4_743  # the size of this screening's 201

        async def answered(_user: object, _rt: object, _answers: object) -> Response:
            return Response(fixed, status_code=201, media_type="application/json")

        app_module.screen_and_save = answered  # type: ignore[assignment]
    app = app_module.create_app()
    async with app.router.lifespan_context(app):
        email, password = "bench@example.org", "a long bench password"
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            await client.post("/api/v1/users", json={"email": email, "password": password})
            token = (
                await client.post(
                    "/api/v1/auth/token", data={"username": email, "password": password}
                )
            ).json()["access_token"]
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/api/v1/screenings",
            "raw_path": b"/api/v1/screenings",
            "root_path": "",
            "query_string": b"",
            "headers": [
                (b"host", b"bench"),
                (b"authorization", f"Bearer {token}".encode()),
                (b"content-type", b"application/json"),
                (b"content-length", str(len(BODY)).encode()),
            ],
            "client": ("127.0.0.1", 1),
            "server": ("127.0.0.1", 80),
        }
        statuses: set[int] = set()

        async def one() -> None:
            given = False

            async def receive() -> dict[str, Any]:
                nonlocal given
                if not given:
                    given = True
                    return {"type": "http.request", "body": BODY, "more_body": False}
                await asyncio.sleep(3600)  # no disconnect while the response is made
                return {"type": "http.disconnect"}

            async def send(message: dict[str, Any]) -> None:
                if message["type"] == "http.response.start":
                    statuses.add(message["status"])

            await app({**scope, "state": {}}, receive, send)

        figures = []
        for _ in range(args.rounds):
            started = time.process_time()
            for _ in range(args.requests // args.together):
                await asyncio.gather(*(one() for _ in range(args.together)))
            done = args.requests // args.together * args.together
            figures.append((time.process_time() - started) / done * 1e6)
        if statuses != {201}:
            raise SystemExit(f"expected only 201 answers, got {sorted(statuses)}")
        return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3_000, help="requests per round")
    parser.add_argument("--together", type=int, default=30, help="requests arriving at once")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--plumbing", action="store_true", help="a fixed 201 instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="backcare-fast-path-") as home:
        os.environ["BACKCARE_HOME"] = home
        os.environ.pop("BACKCARE_DATABASE_URL", None)
        figures = asyncio.run(measure(args))
    what = "plumbing only (a fixed 201)" if args.plumbing else "screening, save and plumbing"
    print(
        f"POST /api/v1/screenings in process, {what}, {args.together} at once: "
        f"{statistics.median(figures):.1f} us CPU a request (median of {args.rounds} rounds; "
        f"{min(figures):.1f}-{max(figures):.1f})"
    )


if __name__ == "__main__":
    main()

"""Web benchmark: backcare's `POST /api/v1/screenings` and a page, beside a bare FastAPI
hello-world started the same way in the same run, under 50 concurrent connections.

Each server is uvicorn with one worker on loopback, SQLite in a temporary folder. The load
comes from wrk (Debian's package) when installed, else from a bounded Python client.
Prints requests per second, p50 and p99 for each target and the ratios to the bare app
(aim: at least 0.5x its requests per second, p99 at most 2x).

    .venv/bin/python bench/bench_web.py [--seconds 10] [--connections 50] [--python-client]
        [--pg postgresql+psycopg://postgres@127.0.0.1:5432/postgres] [--workers 1]
        [--rounds 1] [--baseline DIR] [--floor]

With --pg, backcare runs on a fresh PostgreSQL database made (and dropped) under that server,
with --workers uvicorn workers; the bare app always runs with one.

With --baseline DIR (a copy of another commit, e.g. `git archive <commit> | tar -x -C DIR`),
that copy's backcare is measured too, in the same run, so a change is compared under the
same machine load. With --rounds N every target is measured N times, in turn, and the
median of each figure is printed (a shared machine is noisy). Before each target the bench
calls sync(2): writes the previous target left to the kernel are flushed between
measurements, not during the next one. With --floor, the parts of the POST are measured alone
beside the bare echo (`create_floor`), to tell where the floor is.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
ANSWERS = {
    "age": 46,
    "sex": "female",
    "regions": ["low_back"],
    "pain_now": 5,
    "duration_weeks": 8,
    "onset": "gradual",
    "worse_after_long_work": True,
    "improves_with_activity": True,
    "sitting_hours_per_day": 9,
}


def create_hello():  # type: ignore[no-untyped-def]
    """The bare app: FastAPI's hello world (uvicorn --factory bench_web:create_hello), and
    `POST /echo`, which sends back the JSON body it was given (the baseline of a POST)."""
    from typing import Any

    from fastapi import Body, FastAPI

    app = FastAPI()

    @app.get("/")
    async def hello() -> dict[str, str]:
        return {"message": "Hello World"}

    @app.post("/echo")
    async def echo(body: dict[str, Any] = Body()) -> dict[str, Any]:
        return body

    return app


def create_floor():  # type: ignore[no-untyped-def]
    """backcare's app with three routes that each do a part of `POST /api/v1/screenings`
    (`--floor`): what the parts cost against the bare echo, to tell where the floor is.

    - `/floor/auth`: the bearer-token check (the session cache), then the echo;
    - `/floor/insert`: the token check and one saved screening (computed once, beforehand);
    - `/floor/screen`: the token check and the screening, nothing saved.
    Only for this benchmark: the app backcare serves has none of them.
    """
    from datetime import UTC, datetime
    from typing import Annotated, Any

    from fastapi import Body
    from fastapi.responses import JSONResponse

    from backcare.domain.records import User
    from backcare.services.screening import save_screening
    from backcare.web import usecases
    from backcare.web.app import create_app
    from backcare.web.deps import ApiUser, Runtime, RuntimeDep

    app = create_app()
    computed: dict[str, Any] = {}

    async def auth(user: User, body: Any) -> JSONResponse:
        return JSONResponse(body)

    async def insert(user: User, rt: Runtime, body: Any) -> JSONResponse:
        if "result" not in computed:
            computed["result"] = usecases.run_screening(ANSWERS, rt.library)
        parsed, result = computed["result"]
        with rt.writing():
            record = save_screening(rt.repo, user.id, parsed, result, datetime.now(UTC))
        return JSONResponse({"id": record.id}, status_code=201)

    async def screen(user: User, rt: Runtime, body: Any) -> JSONResponse:
        _parsed, result = usecases.run_screening(body, rt.library)
        return JSONResponse(result.model_dump(mode="json"))

    # This module's annotations are strings (PEP 563) naming what is imported here, so
    # FastAPI is handed the real ones.
    types = {"user": ApiUser, "rt": RuntimeDep, "body": Annotated[Any, Body()]}
    for route in (auth, insert, screen):
        names = route.__code__.co_varnames[: route.__code__.co_argcount]
        route.__annotations__ = {name: types[name] for name in names}
        app.post(f"/floor/{route.__name__}")(route)
    return app


def _post_script(folder: Path, name: str, body: str, token: str | None) -> Path:
    """A wrk script that POSTs `body` as JSON (with the bearer token when given)."""
    lines = ['wrk.method = "POST"', f"wrk.body = {json.dumps(body)}"]
    lines.append('wrk.headers["Content-Type"] = "application/json"')
    if token is not None:
        lines.append(f'wrk.headers["Authorization"] = "Bearer {token}"')
    script = folder / f"{name}-{uuid.uuid4().hex[:8]}.lua"
    script.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return script


def floor(args: argparse.Namespace) -> None:
    """`--floor`: the bare echo, each part of the POST alone, and the whole POST, in turn."""
    if shutil.which("wrk") is None:
        raise SystemExit("--floor needs wrk (apt-get install wrk)")
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-floor-") as folder:
        env = {**os.environ, "BACKCARE_HOME": folder}
        env.pop("BACKCARE_DATABASE_URL", None)
        try:
            bare, bare_base = _start("bench_web:create_hello", env, ROOT / "bench")
            processes.append(bare)
            # The bench folder first (this module), then this checkout's backcare.
            env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "bench"), str(ROOT / "src")])
            app, base = _start("bench_web:create_floor", env, ROOT / "bench")
            processes.append(app)
            token = _backcare_targets("", base, Path(folder))[0].headers["Authorization"]
            token = token.removeprefix("Bearer ")
            body = json.dumps(ANSWERS)
            cases = [
                ("bare echo", f"{bare_base}/echo", None),
                ("token check + echo", f"{base}/floor/auth", token),
                ("token check + one insert", f"{base}/floor/insert", token),
                ("token check + screening", f"{base}/floor/screen", token),
                ("POST /api/v1/screenings", f"{base}/api/v1/screenings", token),
            ]
            runs: dict[str, list[Figures]] = {name: [] for name, _url, _token in cases}
            for _ in range(args.rounds):
                for name, url, auth in cases:
                    os.sync()
                    script = _post_script(Path(folder), "floor", body, auth)
                    runs[name].append(_wrk(name, url, args.seconds, args.connections, script))
        finally:
            for process in processes:
                _stop(process)
    echo = runs["bare echo"]
    rps = _median([f.requests_per_s for f in echo])
    p99 = _median([f.p99_ms for f in echo])
    print(f"{args.connections} connections, {args.seconds} s each, median of {args.rounds}")
    print(f"{'part':<28}{'req/s':>8}{'p99 ms':>9}{'errors':>8}{'x rps':>7}{'x p99':>7}")
    for name, figures in runs.items():
        ours = _median([f.requests_per_s for f in figures])
        tail = _median([f.p99_ms for f in figures])
        errors = sum(f.errors for f in figures)
        print(f"{name:<28}{ours:>8.0f}{tail:>9.1f}{errors:>8}{ours / rps:>7.2f}{tail / p99:>7.2f}")


@dataclass
class Figures:
    name: str
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    errors: int
    tool: str


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start(
    factory: str, env: dict[str, str], app_dir: Path, workers: int = 1
) -> tuple[subprocess.Popen[bytes], str]:
    port = _free_port()
    env = {**env, "PYTHONPATH": str(app_dir)}  # before the editable install of this checkout
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            factory,
            "--app-dir",
            str(app_dir),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--workers",
            str(workers),
            "--log-level",
            "warning",
            "--no-access-log",
        ],
        env=env,
        cwd=app_dir.parent,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(
                base + ("/healthz" if "backcare" in factory else "/"), timeout=2
            ).is_success:
                return process, base
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{factory} did not start")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    found = re.match(r"([\d.]+)(us|ms|s)", text.strip())
    return float(found.group(1)) * _UNITS[found.group(2)] if found else float("nan")


def _wrk(name: str, url: str, seconds: int, connections: int, script: Path | None) -> Figures:
    command = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if script is not None:
        command[1:1] = ["-s", str(script)]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    # Anchored: "+/- Stdev" columns also end in a percentage (e.g. "92.50%").
    p50 = _ms(re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    p99 = _ms(re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = int(bad.group(1)) if bad else 0
    return Figures(name, rps, p50, p99, errors, "wrk")


async def _python_load(
    name: str,
    url: str,
    seconds: int,
    connections: int,
    method: str,
    body: bytes | None,
    headers: dict[str, str],
) -> Figures:
    """A bounded closed-loop client: `connections` tasks, each one request at a time."""
    latencies: list[float] = []
    errors = 0
    stop_at = time.perf_counter() + seconds
    limits = httpx.Limits(max_connections=connections, max_keepalive_connections=connections)

    async with httpx.AsyncClient(limits=limits, timeout=30) as client:

        async def worker() -> None:
            nonlocal errors
            while time.perf_counter() < stop_at:
                start = time.perf_counter()
                response = await client.request(method, url, content=body, headers=headers)
                latencies.append((time.perf_counter() - start) * 1000)
                if response.status_code >= 400:
                    errors += 1

        began = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(connections)))
        elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] if latencies else 0.0

    return Figures(name, len(latencies) / elapsed, pct(0.50), pct(0.99), errors, "python")


@contextmanager
def _database(admin_url: str | None) -> Iterator[str | None]:
    """A fresh PostgreSQL database under `admin_url` (dropped afterwards), or None."""
    if not admin_url:
        yield None
        return
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    name = f"backcare_bench_{uuid.uuid4().hex[:12]}"
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


@dataclass
class Target:
    name: str
    url: str
    method: str
    body: bytes | None
    headers: dict[str, str]
    script: Path | None


def _backcare_targets(label: str, base: str, folder: Path) -> list[Target]:
    """A user, a token and the two requests measured, on one running backcare."""
    email, password = "bench@example.org", "a long bench password"
    httpx.post(f"{base}/api/v1/users", json={"email": email, "password": password})
    token = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": email, "password": password}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    body = json.dumps(ANSWERS)
    check = httpx.post(f"{base}/api/v1/screenings", content=body, headers=headers)
    assert check.status_code == 201, check.text
    script = folder / f"post-{uuid.uuid4().hex[:8]}.lua"
    script.write_text(
        'wrk.method = "POST"\n'
        f"wrk.body = {json.dumps(body)}\n"
        f'wrk.headers["Authorization"] = "Bearer {token}"\n'
        'wrk.headers["Content-Type"] = "application/json"\n',
        encoding="utf-8",
    )
    return [
        Target(
            f"{label}POST /api/v1/screenings",
            f"{base}/api/v1/screenings",
            "POST",
            body.encode(),
            headers,
            script,
        ),
        Target(f"{label}page GET / (landing)", f"{base}/", "GET", None, {}, None),
    ]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _measure(target: Target, args: argparse.Namespace, use_wrk: bool) -> Figures:
    if use_wrk:
        return _wrk(target.name, target.url, args.seconds, args.connections, target.script)
    return asyncio.run(
        _python_load(
            target.name,
            target.url,
            args.seconds,
            args.connections,
            target.method,
            target.body,
            target.headers,
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--python-client", action="store_true", help="do not use wrk")
    parser.add_argument("--pg", metavar="ADMIN_URL", help="run backcare on PostgreSQL")
    parser.add_argument("--workers", type=int, default=1, help="backcare's uvicorn workers")
    parser.add_argument("--rounds", type=int, default=1, help="measure each target N times")
    parser.add_argument(
        "--baseline", type=Path, metavar="DIR", help="another copy of backcare to compare"
    )
    parser.add_argument(
        "--floor", action="store_true", help="each part of the POST alone (create_floor)"
    )
    args = parser.parse_args()
    if args.floor:
        floor(args)
        return
    use_wrk = shutil.which("wrk") is not None and not args.python_client
    if args.baseline is not None and not (args.baseline / "src" / "backcare").is_dir():
        raise SystemExit(f"--baseline: {args.baseline} has no src/backcare")

    processes: list[subprocess.Popen[bytes]] = []
    with (
        tempfile.TemporaryDirectory(prefix="backcare-bench-") as folder,
        tempfile.TemporaryDirectory(prefix="backcare-bench-base-") as base_folder,
        _database(args.pg) as database_url,
        _database(args.pg if args.baseline is not None else None) as base_database_url,
    ):
        env = {**os.environ, "BACKCARE_HOME": folder}
        env.pop("BACKCARE_DATABASE_URL", None)
        try:
            hello, hello_base = _start("bench_web:create_hello", env, ROOT / "bench")
            processes.append(hello)
            if database_url:
                env["BACKCARE_DATABASE_URL"] = database_url
            app, base = _start("backcare.web.app:create_app", env, ROOT / "src", args.workers)
            processes.append(app)
            targets = [Target("bare hello-world GET /", f"{hello_base}/", "GET", None, {}, None)]
            targets += _backcare_targets("", base, Path(folder))
            if args.baseline is not None:
                # Its own home and database (SQLite file, or a second fresh PostgreSQL
                # database: the two versions may not share a schema).
                base_env = {**env, "BACKCARE_HOME": base_folder}
                base_env.pop("BACKCARE_DATABASE_URL", None)
                if base_database_url:
                    base_env["BACKCARE_DATABASE_URL"] = base_database_url
                old, old_base = _start(
                    "backcare.web.app:create_app",
                    base_env,
                    args.baseline.resolve() / "src",
                    args.workers,
                )
                processes.append(old)
                targets += _backcare_targets("baseline ", old_base, Path(base_folder))
            runs: dict[str, list[Figures]] = {t.name: [] for t in targets}
            for _ in range(args.rounds):
                for target in targets:
                    # Flush what the last target left for the kernel to write (SQLite's WAL
                    # under synchronous=NORMAL), so it does not land in this one's figures.
                    os.sync()
                    runs[target.name].append(_measure(target, args, use_wrk))
        finally:
            for process in processes:
                _stop(process)

    results = [
        Figures(
            name,
            _median([f.requests_per_s for f in figures]),
            _median([f.p50_ms for f in figures]),
            _median([f.p99_ms for f in figures]),
            sum(f.errors for f in figures),
            figures[0].tool,
        )
        for name, figures in runs.items()
    ]
    bare = results[0]
    where = f"PostgreSQL, {args.workers} worker(s)" if args.pg else "SQLite, 1 worker"
    rounds = f", median of {args.rounds} rounds" if args.rounds > 1 else ""
    print(
        f"{args.connections} connections, {args.seconds} s each{rounds}, load from "
        f"{results[0].tool}; backcare on {where}"
    )
    print(
        f"{'target':<37}{'req/s':>8}{'p50 ms':>9}{'p99 ms':>9}{'errors':>8}{'x rps':>7}{'x p99':>7}"
    )
    for item in results:
        print(
            f"{item.name:<37}{item.requests_per_s:>8.0f}{item.p50_ms:>9.1f}{item.p99_ms:>9.1f}"
            f"{item.errors:>8}{item.requests_per_s / bare.requests_per_s:>7.2f}"
            f"{item.p99_ms / bare.p99_ms:>7.2f}"
        )
    print("aim: x rps >= 0.50 and x p99 <= 2.00 against the bare app, in the same run")


if __name__ == "__main__":
    main()

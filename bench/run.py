"""`make bench`: every speed target of issue 17, each measured beside its baseline in the
same run, as one table (measure, baseline, ours, ratio, target, pass/fail) and as JSON.

A shared machine is noisy, so nothing here is an absolute time limit: each figure is the
median of several rounds, and within a round the baseline and backcare run in turn, so the
load of the moment hits both alike.

    .venv/bin/python bench/run.py [--rounds 5] [--seconds 5] [--only startup,web,...]
        [--json build/bench.json] [--quick] [--strict]

Measures (--only picks some):
- startup: `backcare --help` and `backcare screen --answers FILE` (default save into an
  existing database) beside `python -c pass` (wall time, fresh processes, interleaved);
- web: `POST /api/v1/screenings` beside a bare FastAPI JSON echo and the landing page beside
  a bare FastAPI hello-world, 50 concurrent connections on 127.0.0.1, load from wrk when
  installed (`apt-get install wrk`), else a bounded Python client (bench_web.py);
- daemon: the break reminder's resident memory and CPU while it waits, beside an idle
  `python -c "import time; time.sleep(...)"`;
- growth: progress summary, charts and the report page with 10, 1,000 and 100,000 diary
  entries (in memory, pure Python); time per entry at 100,000 over time per entry at 1,000.

--quick shrinks everything (one round, tiny sizes) to check that the driver itself works.
--strict exits 1 when a target is missed (otherwise the table says so and the exit is 0).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))  # bench_web
sys.path.insert(0, str(ROOT))  # tests/reports/fakes.py, the history builder

from bench_web import ANSWERS  # noqa: E402 (after the path above): what the web POSTs


@dataclass
class Row:
    """One line of the table. `ratio` is ours / baseline; the target bounds it (or, for
    absolute aims such as memory, bounds `ours`)."""

    measure: str
    unit: str
    baseline: float | None
    ours: float
    target: str
    passed: bool
    ratio: float | None = None
    note: str = ""


def _check(value: float, target: str) -> bool:
    """`target` is "<= 8" or ">= 0.5"."""
    op, bound = target.split()
    return value <= float(bound) if op == "<=" else value >= float(bound)


def ratio_row(
    measure: str, unit: str, baseline: float, ours: float, target: str, note: str = ""
) -> Row:
    ratio = ours / baseline if baseline else float("inf")
    return Row(measure, unit, baseline, ours, f"x {target}", _check(ratio, target), ratio, note)


def absolute_row(
    measure: str, unit: str, baseline: float | None, ours: float, target: str, note: str = ""
) -> Row:
    ratio = ours / baseline if baseline else None
    return Row(measure, unit, baseline, ours, target, _check(ours, target), ratio, note)


# -- startup --------------------------------------------------------------------------------


def _wall_ms(argv: list[str], env: dict[str, str]) -> float:
    return _timed(argv, env)[0]


def _timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall ms, CPU ms) of one fresh process; CPU time (user + system) is less disturbed by
    other work on a shared machine than wall time, so the table's note gives both ratios."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, check=False)
    elapsed = (time.perf_counter() - started) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.decode()[-500:]}")
    cpu = (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) * 1000
    return elapsed, cpu


# What `backcare screen` cannot do without, whatever backcare does: Python, one pydantic model
# validated and dumped (the first validator also loads pydantic's plugin lookup,
# importlib.metadata), sqlite3 and json. Its ratio to bare Python is the floor of the screen's
# ratio on this machine at this moment. (Typer is not on the screen's fast path: cli/fast.py.)
FRAMEWORKS = """\
from pydantic import BaseModel
class M(BaseModel):
    x: int = 1
M.model_validate({"x": 2}).model_dump(mode="json")
import json, sqlite3
"""


def startup(rounds: int) -> list[Row]:
    """Fresh processes, interleaved: pass, --help, screen, the frameworks alone; medians."""
    backcare = str(Path(sys.executable).with_name("backcare"))
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as home:
        answers = Path(home) / "answers.json"
        answers.write_text(json.dumps(ANSWERS), encoding="utf-8")
        env = {**os.environ, "BACKCARE_HOME": home}
        env.pop("BACKCARE_DATABASE_URL", None)
        commands = {
            "pass": [sys.executable, "-c", "pass"],
            "help": [backcare, "--help"],
            "screen": [backcare, "screen", "--answers", str(answers)],
            "frameworks": [sys.executable, "-c", FRAMEWORKS],
        }
        # The first runs make the database and fill the caches: one-offs, not timed. They may
        # also write Python's bytecode, as installing a package does, even where
        # PYTHONDONTWRITEBYTECODE is set (else every timed run would compile backcare anew).
        first = {key: value for key, value in env.items() if key != "PYTHONDONTWRITEBYTECODE"}
        for name in ("help", "screen"):
            _wall_ms(commands[name], first)
        wall: dict[str, list[float]] = {name: [] for name in commands}
        cpu: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(rounds):
            for name, argv in commands.items():
                elapsed, used = _timed(argv, env)
                wall[name].append(elapsed)
                cpu[name].append(used)
    median = {name: statistics.median(values) for name, values in wall.items()}
    cpu_median = {name: statistics.median(values) for name, values in cpu.items()}

    def note(name: str) -> str:
        ratio = cpu_median[name] / cpu_median["pass"] if cpu_median["pass"] else float("inf")
        return (
            f"median of {rounds} fresh processes; CPU time {cpu_median[name]:.0f} ms, {ratio:.1f}x"
        )

    floor = median["frameworks"] / median["pass"] if median["pass"] else float("inf")
    floor_cpu = cpu_median["frameworks"] / cpu_median["pass"] if cpu_median["pass"] else 0.0
    return [
        ratio_row("backcare --help", "ms", median["pass"], median["help"], "<= 8", note("help")),
        ratio_row(
            "backcare screen --answers FILE (saved)",
            "ms",
            median["pass"],
            median["screen"],
            "<= 15",
            f"{note('screen')}; frameworks alone (one pydantic model, sqlite3): "
            f"{median['frameworks']:.0f} ms, {floor:.1f}x (CPU {floor_cpu:.1f}x)",
        ),
    ]


# -- web ------------------------------------------------------------------------------------


def web(rounds: int, seconds: int, connections: int, python_client: bool = False) -> list[Row]:
    """Each target under the same load, one after another, `rounds` times: wrk (Debian's
    package) when installed, else a bounded Python client (which, on a small busy machine,
    may itself be the limit: its tool is named in the note)."""
    import shutil

    import bench_web

    use_wrk = shutil.which("wrk") is not None and not python_client

    runs: dict[str, list[bench_web.Figures]] = {}
    processes: list[subprocess.Popen[bytes]] = []
    with tempfile.TemporaryDirectory(prefix="backcare-bench-web-") as folder:
        env = {**os.environ, "BACKCARE_HOME": folder}
        env.pop("BACKCARE_DATABASE_URL", None)
        try:
            bare, bare_url = bench_web._start("bench_web:create_hello", env, BENCH)
            processes.append(bare)
            app, app_url = bench_web._start("backcare.web.app:create_app", env, ROOT / "src")
            processes.append(app)
            ours = bench_web._backcare_targets("", app_url, Path(folder))
            body = json.dumps(ANSWERS).encode()
            json_headers = {"Content-Type": "application/json"}
            echo_script = Path(folder) / "echo.lua"
            echo_script.write_text(
                'wrk.method = "POST"\n'
                f"wrk.body = {json.dumps(body.decode())}\n"
                'wrk.headers["Content-Type"] = "application/json"\n',
                encoding="utf-8",
            )
            targets = {
                "echo": bench_web.Target(
                    "bare echo", f"{bare_url}/echo", "POST", body, json_headers, echo_script
                ),
                "post": ours[0],
                "hello": bench_web.Target("bare hello", f"{bare_url}/", "GET", None, {}, None),
                "landing": ours[1],
            }
            for _ in range(rounds):
                for key, target in targets.items():
                    os.sync()  # what the last target left to write lands now, not in this one
                    if use_wrk:  # C, so the client never limits what is measured
                        runs.setdefault(key, []).append(
                            bench_web._wrk(
                                target.name, target.url, seconds, connections, target.script
                            )
                        )
                        continue
                    runs.setdefault(key, []).append(
                        asyncio.run(
                            bench_web._python_load(
                                target.name,
                                target.url,
                                seconds,
                                connections,
                                target.method,
                                target.body,
                                target.headers,
                            )
                        )
                    )
        finally:
            for process in processes:
                bench_web._stop(process)

    def med(key: str, field: str) -> float:
        return statistics.median(getattr(f, field) for f in runs[key])

    errors = {key: sum(f.errors for f in figures) for key, figures in runs.items()}
    tool = "wrk" if use_wrk else "python client"
    note = f"{connections} connections, {seconds} s, {tool}, median of {rounds}"
    rows = [
        ratio_row(
            "POST /api/v1/screenings req/s (vs bare echo)",
            "req/s",
            med("echo", "requests_per_s"),
            med("post", "requests_per_s"),
            ">= 0.5",
            note,
        ),
        ratio_row(
            "POST /api/v1/screenings p99 (vs bare echo)",
            "ms",
            med("echo", "p99_ms"),
            med("post", "p99_ms"),
            "<= 2",
            note,
        ),
        ratio_row(
            "GET / landing req/s (vs bare hello)",
            "req/s",
            med("hello", "requests_per_s"),
            med("landing", "requests_per_s"),
            ">= 0.8",
            note,
        ),
    ]
    failed = {key: count for key, count in errors.items() if count}
    if failed:
        for row in rows:
            row.passed = False
            row.note += f"; error responses: {failed}"
    return rows


# -- the reminder daemon ----------------------------------------------------------------------


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def _idle_figures(argv: list[str], env: dict[str, str], settle: float, window: float) -> tuple:  # type: ignore[type-arg]
    """(RSS MB at the end, CPU seconds over the window) of a process left waiting."""
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        time.sleep(settle)
        if process.poll() is not None:
            raise SystemExit(
                f"{argv} ended early: {process.stderr.read() if process.stderr else ''}"
            )
        cpu0 = _cpu_s(process.pid)
        time.sleep(window)
        cpu1 = _cpu_s(process.pid)
        return _rss_mb(process.pid), cpu1 - cpu0
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def daemon(rounds: int, window: float) -> list[Row]:
    """The daemon as `backcare remind start` runs it (`python -m backcare.reminders.daemon
    KIT`), with no desktop session (stdout notices), all-day work hours, next break far off."""
    from backcare.content.loader import load_library
    from backcare.domain.reminders import BreakRules
    from backcare.reminders.kit import build_kit

    with tempfile.TemporaryDirectory(prefix="backcare-bench-remind-") as home:
        env = {**os.environ, "BACKCARE_HOME": home}
        for key in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(key, None)
        folder = Path(home) / "data" / "reminders"
        folder.mkdir(parents=True)
        library = load_library()
        rules = library.reminders.rules() if library.reminders else BreakRules()
        rules = rules.updated({"work_hours": "00:00-00:00", "work_days": "mon-sun"})
        kit = folder / "kit.json"
        build_kit(library, rules, [], folder).save(kit)
        bare_argv = [sys.executable, "-c", "import time; time.sleep(600)"]
        ours_argv = [sys.executable, "-m", "backcare.reminders.daemon", str(kit)]
        bare: list[tuple[float, float]] = []
        ours: list[tuple[float, float]] = []
        for _ in range(rounds):
            bare.append(_idle_figures(bare_argv, env, 1.0, window))
            ours.append(_idle_figures(ours_argv, env, 2.0, window))
    note = f"{window:.0f} s window, median of {rounds}"
    cpu_share = statistics.median(cpu for _, cpu in ours) / window * 100
    bare_share = statistics.median(cpu for _, cpu in bare) / window * 100
    return [
        absolute_row(
            "reminder daemon resident memory",
            "MB",
            statistics.median(rss for rss, _ in bare),
            statistics.median(rss for rss, _ in ours),
            "<= 30",
            note + "; baseline: a sleeping bare python",
        ),
        absolute_row(
            "reminder daemon CPU while waiting", "% of a core", bare_share, cpu_share, "<= 1", note
        ),
    ]


# -- growth with data ------------------------------------------------------------------------


def _history(entries: int) -> tuple[Any, date, date]:
    """A fake repository holding about `entries` diary entries (one most days), ending today."""
    from tests.reports.fakes import FakeRepository, fill_history

    days = max(1, round(entries / 0.85))  # fill_history writes an entry on ~85 % of days
    end = date.today()
    start = end - timedelta(days=days - 1)
    repo = FakeRepository()
    fill_history(repo, start, days)
    return repo, start, end


def _best_ms(work: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)  # the least disturbed run: the cost of the work itself


def growth(sizes: tuple[int, ...]) -> list[Row]:
    """Summary, charts and report page for each size; per-entry time against the middle size."""
    from tests.reports.fakes import USER_ID

    from backcare.content import load_library
    from backcare.domain.progress import summarise
    from backcare.reports.charts import CHART_KINDS, chart
    from backcare.reports.report import render_report_html

    library = load_library()
    stages: dict[str, dict[int, float]] = {"summary": {}, "charts": {}, "report": {}}
    counts: dict[int, int] = {}
    for size in sizes:
        repo, start, end = _history(size)
        records = (
            repo.list_diary(USER_ID),
            repo.list_sessions(USER_ID),
            repo.list_screenings(USER_ID),
            repo.list_plans(USER_ID),
        )
        counts[size] = len(records[0])
        repeat = 3 if size <= 10_000 else 1
        summary = summarise(*records, start=start, end=end, library=library)
        stages["summary"][size] = _best_ms(
            lambda r=records, s=start, e=end: summarise(*r, start=s, end=e, library=library),
            repeat,
        )
        stages["charts"][size] = _best_ms(
            lambda s=summary: [chart(kind, s, "svg") for kind in CHART_KINDS], repeat
        )
        stages["report"][size] = _best_ms(
            lambda s=summary: render_report_html(s, library, generated_at=datetime.now(UTC)),
            repeat,
        )
    small, middle, large = sizes
    rows = []
    for stage, times in stages.items():
        per_middle = times[middle] / counts[middle]
        per_large = times[large] / counts[large]
        rows.append(
            ratio_row(
                f"{stage}: ms per entry at {counts[large]:,} / at {counts[middle]:,}",
                "ms/entry",
                per_middle,
                per_large,
                "<= 2",
                note=f"{counts[small]:,}: {times[small]:.1f} ms, {counts[middle]:,}: "
                f"{times[middle]:.1f} ms, {counts[large]:,}: {times[large]:.1f} ms",
            )
        )
    return rows


# -- the table ------------------------------------------------------------------------------


def _fmt(value: float | None) -> str:
    if value is None:
        return "-"
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 1:
        return f"{value:.2f}"
    return f"{value:.4f}"


def print_table(rows: list[Row]) -> None:
    width = max(len(row.measure) for row in rows)
    print(
        f"{'measure':<{width}}  {'baseline':>10}  {'ours':>10}  {'ratio':>7}  {'target':>8}  result"
    )
    for row in rows:
        print(
            f"{row.measure:<{width}}  {_fmt(row.baseline):>10}  {_fmt(row.ours):>10}  "
            f"{_fmt(row.ratio):>7}  {row.target:>8}  {'pass' if row.passed else 'FAIL'}"
            f"   {row.unit}; {row.note}"
        )


MEASURES = ("startup", "web", "daemon", "growth")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5, help="rounds per measure (median)")
    parser.add_argument("--seconds", type=int, default=5, help="load per web target and round")
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--python-client", action="store_true", help="web load without wrk")
    parser.add_argument("--window", type=float, default=10.0, help="daemon idle window, s")
    parser.add_argument("--only", default=",".join(MEASURES), help="comma-separated measures")
    parser.add_argument("--json", type=Path, default=ROOT / "build" / "bench.json")
    parser.add_argument("--quick", action="store_true", help="tiny sizes: checks the driver")
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = parser.parse_args(argv)
    chosen = [name.strip() for name in args.only.split(",") if name.strip()]
    unknown = [name for name in chosen if name not in MEASURES]
    if unknown:
        parser.error(f"--only: unknown measure(s) {', '.join(unknown)}; pick from {MEASURES}")
    if args.quick:
        args.rounds, args.seconds, args.connections, args.window = 1, 1, 5, 1.0
    sizes = (10, 100, 1_000) if args.quick else (10, 1_000, 100_000)

    rows: list[Row] = []
    for name in chosen:
        started = time.perf_counter()
        print(f"== {name}", file=sys.stderr, flush=True)
        if name == "startup":
            rows += startup(args.rounds)
        elif name == "web":
            rows += web(args.rounds, args.seconds, args.connections, args.python_client)
        elif name == "daemon":
            rows += daemon(min(args.rounds, 3), args.window)
        else:
            rows += growth(sizes)
        print(f"   {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print_table(rows)
    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}",
        "quick": args.quick,
        "rows": [asdict(row) for row in rows],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"written: {args.json}")
    return 1 if args.strict and not all(row.passed for row in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

"""How small is the running break reminder? Resident memory and CPU time while it waits.

Aim (issue 7): at most 40 MB RSS, CPU about 0 while waiting. The process measured imports
exactly what `python -m backcare.reminders.daemon` imports (the same `serve`), started with
its sitting count 20 s short of a break so one break is shown, recorded and flushed during
the run. Figures: RSS before and after the first break, CPU seconds over the waiting window,
and the short-lived flush process's peak RSS (it alone imports the store).

    .venv/bin/python bench/bench_reminders.py [--seconds 60] [--content DIR]

Runs twice when `dbus-run-session` exists: without a desktop (stdout notifier, never-idle)
and on a private session bus with the test suite's fake notification/idle server
(desktop-notifier + the GNOME idle monitor).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FAKE_DESKTOP = ROOT / "tests" / "reminders" / "fake_desktop.py"

DRIVER = """
import asyncio, sys
from pathlib import Path
from backcare.reminders.daemon import serve
from backcare.reminders.kit import Kit
kit = Kit.load(Path(sys.argv[1]))
sys.exit(asyncio.run(serve(kit, sys.stdout, sitting_s=float(sys.argv[2]))))
"""


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks  # utime + stime


def build_kit(content: Path | None, folder: Path) -> Path:
    from backcare.content.loader import load_library
    from backcare.domain.reminders import BreakRules
    from backcare.reminders.kit import build_kit as make

    library = load_library(content)
    rules = library.reminders.rules() if library.reminders else BreakRules()
    rules = rules.updated({"work_hours": "00:00-00:00", "work_days": "mon-sun"})
    kit = make(library, rules, [], folder)
    path = folder / "kit.json"
    kit.save(path)
    return path


def measure(label: str, argv: list[str], env: dict[str, str], folder: Path, seconds: float) -> None:
    shown = folder / "shown.flag"
    process = subprocess.Popen(
        argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert process.stdout is not None
        process.stdout.readline()  # the "next break" line: started and waiting
        pid = _daemon_pid(process.pid)
        time.sleep(2)
        before = rss_mb(pid)
        deadline = time.monotonic() + 60
        while not (seen := _break_seen(folder)) and time.monotonic() < deadline:
            time.sleep(0.5)
        time.sleep(3)  # let the flush child finish
        after = rss_mb(pid)
        cpu0, t0 = cpu_s(pid), time.monotonic()
        time.sleep(seconds)
        cpu1, t1 = cpu_s(pid), time.monotonic()
        peak = rss_mb(pid)
    finally:
        os.kill(pid, signal.SIGTERM)  # the reminder itself, also under dbus-run-session
        process.communicate(timeout=30)
    shown.unlink(missing_ok=True)
    print(f"{label}")
    print(f"  RSS before the first break   {before:6.1f} MB")
    print(f"  RSS after the first break    {after:6.1f} MB  (aim <= 40 MB; break seen: {seen})")
    print(f"  RSS at the end               {peak:6.1f} MB")
    print(f"  CPU while waiting            {cpu1 - cpu0:6.3f} s over {t1 - t0:.0f} s")


def _daemon_pid(pid: int) -> int:
    """The driver itself, or the Python under dbus-run-session."""
    for _ in range(50):
        children = Path(f"/proc/{pid}/task/{pid}/children")
        kids = children.read_text().split() if children.exists() else []
        name = Path(f"/proc/{pid}/comm").read_text().strip()
        if name.startswith("python"):
            return pid
        pythons = [int(k) for k in kids if "python" in Path(f"/proc/{k}/comm").read_text()]
        drivers = [k for k in pythons if "serve(" in Path(f"/proc/{k}/cmdline").read_text()]
        if drivers:
            return drivers[0]
        if kids:
            pid = int(kids[-1])
        time.sleep(0.1)
    return pid


def _break_seen(folder: Path) -> bool:
    """The break was shown, spooled and flushed into the store."""
    return _store_has_events(folder)


def _store_has_events(folder: Path) -> bool:
    db = folder.parent / "backcare.db"
    if not db.exists():
        return False
    import sqlite3

    try:
        with sqlite3.connect(db) as conn:
            return bool(conn.execute("select count(*) from reminder_events").fetchone()[0])
    except sqlite3.Error:
        return False


def flush_peak_rss(env: dict[str, str], folder: Path) -> float:
    """Peak RSS of one flush process storing a spooled event."""
    from datetime import datetime

    from backcare.reminders.events import EventSpool

    spool = EventSpool(folder, sys.executable, launch=lambda argv: None)
    spool.record(datetime.now().astimezone(), "micro", "done")
    spool.flush()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(
        [sys.executable, "-m", "backcare.reminders.flush", str(folder)], env=env, check=True
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(before, after) / 1024


def _fresh(base: Path, env: dict[str, str], content: Path | None) -> tuple[Path, list[str]]:
    """A new BACKCARE_HOME (so each run's first break is its own) and the driver command."""
    home = Path(tempfile.mkdtemp(dir=base))
    env["BACKCARE_HOME"] = str(home)
    folder = home / "data" / "reminders"
    folder.mkdir(parents=True)
    kit = build_kit(content, folder)
    every = 30 * 60
    return folder, [sys.executable, "-c", DRIVER, str(kit), str(every - 20)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--content", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        env = dict(os.environ, BACKCARE_HOME=str(base / "home"))
        if args.content:
            env["BACKCARE_CONTENT_DIR"] = str(args.content)
        for key in ("DBUS_SESSION_BUS_ADDRESS", "DISPLAY", "WAYLAND_DISPLAY"):
            env.pop(key, None)
        print(f"python {sys.version.split()[0]}, waiting window {args.seconds:.0f} s")
        folder, driver = _fresh(base, env, args.content)
        measure("no desktop (stdout, never-idle)", driver, env, folder, args.seconds)
        if shutil.which("dbus-run-session"):
            folder, driver = _fresh(base, env, args.content)
            desk = base / "desk"
            desk.mkdir()
            script = (
                f"{sys.executable} {FAKE_DESKTOP} {desk} Done 0 & "
                f"while [ ! -e {desk}/ready ]; do sleep 0.05; done; "
                + " ".join(f"'{a}'" for a in driver)
            )
            measure(
                "desktop session (desktop-notifier, GNOME idle monitor over D-Bus)",
                ["dbus-run-session", "--", "sh", "-c", script],
                env,
                folder,
                args.seconds,
            )
        print(f"flush process (imports the store)   peak {flush_peak_rss(env, folder):6.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

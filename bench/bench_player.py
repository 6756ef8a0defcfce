"""CPU used by the terminal coach while it counts down (aim: under 2 % of one core).

Starts `backcare session start --quiet` on a pseudo-terminal (so it draws the full screen and
reads keys as it would for a person), answers the first question, lets it count down, and
reads the process's CPU time from /proc between two moments `--seconds` apart. Also times one
`Player.tick()` with a fake clock, the state machine's own cost per wake-up.

Run: .venv/bin/python bench/bench_player.py [--seconds 20]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from backcare.content import load_library
from backcare.domain.plans import generate_plan
from backcare.domain.player import Player
from backcare.domain.profile import Profile
from backcare.domain.timeline import build_timeline

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


class FakeClock:
    t = 0.0

    def monotonic(self) -> float:
        return self.t

    def now(self):  # type: ignore[no-untyped-def]
        from datetime import UTC, datetime

        return datetime.now(UTC)


def tick_cost() -> float:
    lib = load_library()
    plan = generate_plan(Profile(minutes=30), lib)
    player = Player(build_timeline(plan, 1, lib), FakeClock())  # type: ignore[arg-type]
    player.start()
    clock: FakeClock = player.clock  # type: ignore[assignment]
    runs = 20000
    start = time.perf_counter()
    for _ in range(runs):
        clock.t += 0.05
        player.tick()
        if player.state != "running":
            break
    return (time.perf_counter() - start) / runs * 1e6


def coach_cpu(seconds: float) -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="backcare-bench-") as home:
        return _coach_cpu(seconds, home)


def _coach_cpu(seconds: float, home: str) -> tuple[float, float]:
    env = {**os.environ, "BACKCARE_HOME": home, "TERM": "xterm-256color", "COLUMNS": "100"}
    plan_file = Path(home) / "plan.json"
    cli = [sys.executable, "-c", "from backcare.cli.main import run; run()"]
    subprocess.run(
        [*cli, "plan", "--save", str(plan_file)],
        env=env,
        check=True,
        capture_output=True,
    )
    master, slave = os.openpty()
    process = subprocess.Popen(
        [*cli, "session", "start", "--plan", str(plan_file), "--quiet", "--no-feedback"],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        start_new_session=True,
    )
    os.close(slave)
    drained = 0

    def drain() -> None:
        nonlocal drained
        while True:
            try:
                chunk = os.read(master, 65536)
            except OSError:
                return
            if not chunk:
                return
            drained += len(chunk)

    threading.Thread(target=drain, daemon=True).start()
    time.sleep(3)  # start-up: imports, library, first screen
    before, start = cpu_seconds(process.pid), time.monotonic()
    time.sleep(seconds)
    after, wall = cpu_seconds(process.pid), time.monotonic() - start
    os.write(master, b"q")
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
    return (after - before) / wall * 100, drained / 1024


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    print(f"Player.tick(): {tick_cost():.2f} µs per call (fake clock, 50 ms steps)")
    percent, kib = coach_cpu(args.seconds)
    print(
        f"terminal coach counting down: {percent:.2f} % of one core over {args.seconds:.0f} s "
        f"({kib:.0f} KiB drawn)"
    )


if __name__ == "__main__":
    main()

"""How fast the screening starts and runs.

Prints, for this machine and this run:
- `backcare --help` and a one-file `backcare screen --answers FILE --format json`, as wall
  times and as ratios to `python -c pass` measured in the same run, interleaved so load on a
  shared machine hits all three alike (aims: --help <= 12x, screen <= 18x);
- the in-process engine's time per screening (aim: well under a millisecond), for an empty
  answer set and for a full one with every questionnaire.

Run: .venv/bin/python bench/bench_screening.py [--runs N] [--engine-only]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

FULL: dict[str, Any] = {
    "age": 34,
    "sex": "male",
    "regions": ["low_back", "neck"],
    "pain_now": 6,
    "duration_weeks": 30,
    "onset": "gradual",
    "onset_age": 26,
    "morning_stiffness_minutes": 45,
    "worse_on_rising": True,
    "improves_with_activity": True,
    "improves_with_rest": False,
    "night_pain": True,
    "wakes_second_half_night": True,
    "family_history_spa": True,
    "leg_pain_below_knee": False,
    "saddle_numbness": False,
    "fever": False,
    "sitting_hours_per_day": 9,
    "crosses_legs": True,
    "startback": [True, False, True, False, True, True, False, True, "very_much"],
    "odi": [2, 1, 2, 1, 3, 2, 1, None, 1, 2],
    "rmdq": [True] * 7 + [False] * 17,
    "ndi": [1, 2, 1, 0, 2, 1, 1, 2, None, 1],
}


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def startup(runs: int, answers_file: Path) -> None:
    backcare = [sys.executable, "-c", "from backcare.cli.main import run; run()"]
    commands = {
        "python -c pass": [sys.executable, "-c", "pass"],
        "backcare --help": [*backcare, "--help"],
        "backcare screen": [
            *backcare,
            "screen",
            "--answers",
            str(answers_file),
            "--format",
            "json",
        ],
    }
    for command in commands.values():  # warm the disk cache and content caches once
        wall(command)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall(command))
    base = statistics.median(times["python -c pass"])
    print(f"startup, median of {runs} interleaved runs")
    for name, samples in times.items():
        median = statistics.median(samples)
        print(f"  {name:18s} {median * 1000:8.1f} ms   {median / base:5.1f}x python -c pass")


def engine(repeats: int) -> None:
    from backcare.content import load_library
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.screening import screen

    library = load_library()
    print(f"engine, in process, {repeats} screenings each")
    from bench_web import ANSWERS  # what the web benchmark POSTs

    for name, data in (("empty answers", {}), ("full answers", FULL), ("web answers", ANSWERS)):
        answers = ScreeningAnswers.model_validate(data)
        for _ in range(50):
            screen(answers, library)
        start = time.perf_counter()
        for _ in range(repeats):
            screen(answers, library)
        per = (time.perf_counter() - start) / repeats
        print(f"  {name:18s} {per * 1e6:8.1f} us per screening")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--repeats", type=int, default=2000)
    parser.add_argument("--engine-only", action="store_true", help="only the in-process engine")
    args = parser.parse_args()
    if not args.engine_only:
        with tempfile.TemporaryDirectory() as folder:
            answers_file = Path(folder) / "answers.json"
            answers_file.write_text(json.dumps(FULL), encoding="utf-8")
            startup(args.runs, answers_file)
    engine(args.repeats)


if __name__ == "__main__":
    main()

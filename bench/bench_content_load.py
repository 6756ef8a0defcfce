"""How long loading the content library takes.

cold: a fresh interpreter (`python -c`) imports backcare.content and reads the library once;
      the figure is measured inside that process from before the import to after the read,
      and the whole process's wall time is shown beside it.
warm: in this process, with modules already imported, the library is read and validated
      again from disk, with no cache.
Both read through `check_content`, which does all of a load's work (parse, validate,
cross-check) but reports problems instead of raising, so a half-finished file elsewhere in
content/ does not stop the measurement. `load_library` adds only its per-folder cache.

Run: .venv/bin/python bench/bench_content_load.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[1] / "content"

COLD_SNIPPET = """
import time
start = time.perf_counter()
from pathlib import Path
from backcare.content import check_content
problems = check_content(Path({content!r}))
elapsed = time.perf_counter() - start
print(f"{{elapsed * 1000:.3f}} {{len(problems)}}")
"""


def cold(runs: int) -> tuple[list[float], list[float], int]:
    """(in-process ms, process wall ms, problems found) over `runs` fresh interpreters."""
    inside: list[float] = []
    wall: list[float] = []
    count = 0
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", COLD_SNIPPET.format(content=str(CONTENT))],
            capture_output=True,
            text=True,
            check=True,
        )
        wall.append((time.perf_counter() - start) * 1000)
        ms, problems = done.stdout.split()
        inside.append(float(ms))
        count = int(problems)
    return inside, wall, count


def warm(runs: int) -> list[float]:
    """Milliseconds to read and validate the whole library again, in this process."""
    from backcare.content import check_content

    check_content(CONTENT)  # import everything once
    times: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        check_content(CONTENT)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median shown)")
    args = parser.parse_args()
    inside, wall, problems = cold(args.runs)
    warm_ms = warm(args.runs * 3)
    files = len(list(CONTENT.rglob("*.yaml")))
    exercises = len(list((CONTENT / "exercises").glob("*.yaml")))
    print(f"content: {CONTENT} ({files} YAML files, {exercises} exercises, {problems} problems)")
    print(
        f"cold load (fresh interpreter, import + load), median of {args.runs}: "
        f"{statistics.median(inside):.1f} ms  (whole process {statistics.median(wall):.0f} ms)"
    )
    print(
        f"warm load (in-process, uncached), median of {len(warm_ms)}: "
        f"{statistics.median(warm_ms):.1f} ms  (min {min(warm_ms):.1f}, max {max(warm_ms):.1f})"
    )


if __name__ == "__main__":
    main()

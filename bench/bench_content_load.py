"""How long loading the content library takes, cold and warm, with and without the disk cache.

cold: a fresh interpreter (`python -c`) per run, timed inside that process from before the
      import to after the load (the whole process's wall time is shown beside it).
warm: in this process, modules already imported.
uncached: `check_content`, which does all of a load's work (parse YAML, validate, cross-check,
      check the figure poses) but reports problems instead of raising.
disk cache: `load_library` as the product calls it, reading the validated library that an
      earlier process kept (content/cache.py), in a throwaway BACKCARE_HOME.

Run: .venv/bin/python bench/bench_content_load.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CONTENT = Path(__file__).resolve().parents[1] / "content"

SNIPPETS = {
    "import": "import backcare.content, backcare.domain.library",
    "uncached": "from backcare.content import check_content\ncheck_content(Path({content!r}))",
    "cached": "from backcare.content import load_library\nload_library(Path({content!r}))",
}
TIMED = """
import time
start = time.perf_counter()
from pathlib import Path
{body}
print(f"{{(time.perf_counter() - start) * 1000:.3f}}")
"""


def cold(kind: str, runs: int, home: Path) -> tuple[float, float]:
    """Median (in-process ms, whole-process ms) of `runs` fresh interpreters."""
    body = SNIPPETS[kind].format(content=str(CONTENT))
    env = {**os.environ, "BACKCARE_HOME": str(home)}
    inside: list[float] = []
    wall: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", TIMED.format(body=body)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
        )
        wall.append((time.perf_counter() - start) * 1000)
        inside.append(float(done.stdout.strip()))
    return statistics.median(inside), statistics.median(wall)


def warm(runs: int) -> tuple[list[float], list[float]]:
    """In-process milliseconds: a full uncached read, and a read from the disk cache."""
    from backcare.content import cache, check_content, load_library

    root = CONTENT.resolve()
    library = load_library(root)  # imports everything and fills the disk cache
    uncached: list[float] = []
    cached: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        check_content(root)
        uncached.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        hit = cache.read(root)
        elapsed = (time.perf_counter() - start) * 1000
        if hit is None:  # a content or model file changed meanwhile: refill, skip the sample
            cache.write(root, library)
        else:
            cached.append(elapsed)
    return uncached, cached


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per measurement (median shown)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as home:
        os.environ["BACKCARE_HOME"] = home  # this process's cache goes there too
        from backcare.content import check_content

        problems = check_content(CONTENT)
        files = len(list(CONTENT.rglob("*.yaml")))
        exercises = len(list((CONTENT / "exercises").glob("*.yaml")))
        print(
            f"content: {CONTENT} ({files} YAML files, {exercises} exercises, "
            f"{len(problems)} problems)"
        )
        print(f"median of {args.runs} fresh interpreters (inside the process / whole process):")
        imports = cold("import", args.runs, Path(home))
        print(f"  import only               {imports[0]:7.1f} ms / {imports[1]:5.0f} ms")
        uncached = cold("uncached", args.runs, Path(home))
        print(f"  cold load, no cache       {uncached[0]:7.1f} ms / {uncached[1]:5.0f} ms")
        cold("cached", 1, Path(home))  # the first load writes the disk cache
        cached = cold("cached", args.runs, Path(home))
        print(f"  cold load, disk cache     {cached[0]:7.1f} ms / {cached[1]:5.0f} ms")
        warm_uncached, warm_cached = warm(args.runs * 3)
        print(f"median of {len(warm_uncached)} in-process runs (modules already imported):")
        print(f"  warm load, no cache       {statistics.median(warm_uncached):7.1f} ms")
        if warm_cached:
            print(f"  warm load, disk cache     {statistics.median(warm_cached):7.1f} ms")


if __name__ == "__main__":
    main()

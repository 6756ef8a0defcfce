"""What the report benchmarks share: timing a call, and a SQLite store filled with the test
history builder's records (tests/reports/fakes.py). Not a benchmark itself (`make bench` runs
bench_*.py only)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test history builder lives in tests/reports/fakes.py

if TYPE_CHECKING:
    from backcare.domain.records import User
    from backcare.store.repository import SqlRepository


def timed(label: str, repeat: int, work: Callable[[], Any], width: int = 38) -> Any:
    """Runs `work` `repeat` times, prints the median, and returns the last result."""
    times: list[float] = []
    result: Any = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - started)
    print(f"{label:<{width}} median {statistics.median(times) * 1000:8.1f} ms   (n={repeat})")
    return result


@contextmanager
def filled_store(start: date, days: int) -> Iterator[tuple[SqlRepository, User]]:
    """A fresh SQLite store in a temporary folder holding `days` of history from `start`
    for the command line's user; closed and removed afterwards."""
    from tests.reports.fakes import fill_history

    from backcare.store import open_repository

    with tempfile.TemporaryDirectory() as folder:
        repo = open_repository(f"sqlite:///{folder}/bench.db")
        try:
            user = repo.local_user()
            fill_history(repo, start, days, user_id=user.id)
            yield repo, user
        finally:
            repo.close()

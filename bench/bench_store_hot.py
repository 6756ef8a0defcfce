"""The store calls on the web API's hot path, timed in process: the bearer-token lookup
(`user_for_session`), `get_user` and `add_screening`, each called N times on a fresh SQLite
file (WAL, synchronous=NORMAL, as the web app uses it).

Run: .venv/bin/python bench/bench_store_hot.py [--calls 2000] [--url postgresql+psycopg://...]
Prints the mean and median time per call in milliseconds, and calls per second.
A PostgreSQL --url must name a database the bench may add a user and screenings to.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from backcare.domain.records import ScreeningRecord
from backcare.store import open_repository

# Shaped like what POST /api/v1/screenings saves.
ANSWERS: dict[str, Any] = {
    "age": 41,
    "pain_regions": ["low_back"],
    "duration_weeks": 3,
    "odi": [1, 2, 1, 0, 1, 2, 1, 1, 0, 1],
    "red_flags": {"fever": False, "weight_loss": False, "bladder": False},
}
RESULT: dict[str, Any] = {
    "urgency": "self_care",
    "exercise": {"allowed": True, "reasons": []},
    "scores": {"odi": {"value": 20, "band": "minimal"}},
    "conditions": ["nonspecific_low_back_pain"],
}


def per_call(action: Callable[[int], Any], calls: int) -> list[float]:
    times = []
    for i in range(calls):
        start = time.perf_counter()
        action(i)
        times.append(time.perf_counter() - start)
    return times


def report(name: str, times: list[float]) -> None:
    mean = statistics.fmean(times) * 1000
    median = statistics.median(times) * 1000
    print(f"{name:<18} mean {mean:6.3f} ms  median {median:6.3f} ms  {1000 / mean:8.0f} calls/s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.url or f"sqlite:///{Path(folder) / 'bench.db'}"
        with open_repository(url) as repo:
            stamp = datetime.now(UTC).strftime("%H%M%S%f")
            user = repo.create_user(f"hot-{stamp}@example.org", "x")
            token = repo.create_auth_session(user.id, "api", 3600)
            # Warm up: connection pool, compiled-statement cache.
            for _ in range(50):
                repo.user_for_session(token, "api")
                repo.get_user(user.id)
            records = [
                ScreeningRecord(
                    user_id=user.id, created_at=datetime.now(UTC), answers=ANSWERS, result=RESULT
                )
                for _ in range(args.calls + 50)
            ]
            for record in records[:50]:
                repo.add_screening(record)
            print(f"{args.calls} calls each on {url.split(':')[0]}")
            found = per_call(lambda _i: repo.user_for_session(token, "api"), args.calls)
            assert repo.user_for_session(token, "api") == user
            report("user_for_session", found)
            report("get_user", per_call(lambda _i: repo.get_user(user.id), args.calls))
            saved = per_call(lambda i: repo.add_screening(records[50 + i]), args.calls)
            assert len(repo.list_screenings(user.id)) == args.calls + 50
            report("add_screening", saved)


if __name__ == "__main__":
    main()

"""What a saved screening's INSERT costs as the table grows, with the record ids backcare
makes (`new_id`, time-ordered UUIDv7) and with random ones (uuid4, as before), side by side.

Each id kind gets a fresh SQLite file (WAL, synchronous=NORMAL, the web app's store with its
checkpoint thread); records shaped like POST /api/v1/screenings' (a ~4.7 kB result) go in
through `add_each`, 25 to a commit as the web app's group commit writes them. Prints the
microseconds per row for each slice of `--slice` rows, up to `--rows`.

Run: .venv/bin/python bench/bench_insert_growth.py [--rows 60000] [--slice 10000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from backcare.domain.records import ScreeningRecord, new_id
from backcare.store import open_repository

RESULT_TEXT = '{"advice": "' + "x" * 4_700 + '"}'
BATCH = 25


def per_slice(make_id: Callable[[], str], rows: int, slice_rows: int) -> list[float]:
    """Microseconds per row of each slice of `slice_rows` INSERTs, on a fresh file."""
    with tempfile.TemporaryDirectory(prefix="backcare-insert-") as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        with open_repository(url, background_checkpoints=True) as repo:
            user = repo.local_user()
            now = datetime.now(UTC)
            texts = [{"result": RESULT_TEXT}] * BATCH
            figures: list[float] = []
            spent = 0.0
            for done in range(0, rows, BATCH):
                records = [
                    ScreeningRecord(
                        id=make_id(), user_id=user.id, created_at=now, answers={}, result={}
                    )
                    for _ in range(BATCH)
                ]
                start = time.perf_counter()
                repo.add_each(records, "screening", texts)
                spent += time.perf_counter() - start
                if (done + BATCH) % slice_rows == 0:
                    figures.append(spent / slice_rows * 1e6)
                    spent = 0.0
            return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=60_000)
    parser.add_argument("--slice", type=int, default=10_000)
    args = parser.parse_args()
    kinds: dict[str, Callable[[], str]] = {
        "new_id (UUIDv7)": new_id,
        "uuid4 (random)": lambda: uuid.uuid4().hex,
    }
    results = {name: per_slice(make, args.rows, args.slice) for name, make in kinds.items()}
    print(f"us per INSERT ({BATCH} to a commit), by rows already in the table")
    slices = len(next(iter(results.values())))
    print(f"{'ids':<18}" + "".join(f"{n * args.slice:>9,}" for n in range(slices)))
    for name, figures in results.items():
        print(f"{name:<18}" + "".join(f"{value:>9.1f}" for value in figures))


if __name__ == "__main__":
    main()

"""Store benchmark: inserts per second, and the time to read and export a year of records.

Run: .venv/bin/python bench/bench_store.py [--url postgresql+psycopg://...] [--inserts 500]
Without --url it uses a fresh SQLite file in a temporary folder (WAL, synchronous=FULL).
A PostgreSQL --url must name an empty database (the bench adds a user and its records).
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from backcare.domain.records import (
    DiaryEntry,
    ExerciseFeedback,
    PlanRecord,
    Record,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
)
from backcare.services.export import export_csv, export_json
from backcare.store import open_repository
from backcare.store.repository import SqlRepository

YEAR_START = date(2025, 12, 1)
EXERCISES = ["bird_dog", "side_plank", "ball_bridge", "open_book", "wall_angel", "cat_cow"]


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def a_year_of_records(user_id: str, seed: int = 7) -> list[Record]:
    """What a steady user makes in a year: a diary entry a day, three sessions a week with
    feedback on six exercises, eight break reminders a working day, monthly screenings."""
    rng = random.Random(seed)
    records: list[Record] = []
    for month in range(12):
        at = datetime.combine(YEAR_START + timedelta(days=30 * month), datetime.min.time(), UTC)
        records.append(
            ScreeningRecord(
                user_id=user_id,
                created_at=at,
                answers={"age": 41, "pain_regions": ["low_back"], "odi": [1] * 10},
                result={"urgency": "self_care", "exercise": {"allowed": True, "reasons": []}},
            )
        )
        if month % 3 == 0:
            records.append(
                PlanRecord(
                    user_id=user_id,
                    created_at=at,
                    profile={"regions": ["low_back"], "minutes": 20},
                    plan={"days": [{"day": d, "blocks": EXERCISES} for d in range(1, 22)]},
                )
            )
    for offset in range(365):
        day = YEAR_START + timedelta(days=offset)
        noon = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=12)
        records.append(
            DiaryEntry(
                user_id=user_id,
                date=day,
                pain=max(0, min(10, round(6 - offset / 80 + rng.gauss(0, 1)))),
                regions=("low_back",),
                note="walked at lunch" if offset % 4 == 0 else "",
                created_at=noon,
                updated_at=noon,
            )
        )
        if day.weekday() in (0, 2, 4):
            records.append(
                SessionRecord(
                    user_id=user_id,
                    day=offset % 21 + 1,
                    started_at=noon + timedelta(hours=6),
                    ended_at=noon + timedelta(hours=6, minutes=21),
                    completed_steps=30,
                    total_steps=30,
                    pain_before=rng.randint(2, 6),
                    pain_after=rng.randint(1, 5),
                    feedback=tuple(
                        ExerciseFeedback(exercise=e, pain=rng.randint(0, 4), effort="right")
                        for e in EXERCISES
                    ),
                    completed=True,
                )
            )
        if day.weekday() < 5:
            for hour in range(9, 17):
                records.append(
                    ReminderEvent(
                        user_id=user_id,
                        at=noon.replace(hour=hour),
                        kind="long" if hour == 12 else "micro",
                        action=rng.choice(["done", "done", "snoozed", "skipped"]),
                        exercise=rng.choice(EXERCISES),
                    )
                )
    return records


def bench(url: str, inserts: int) -> None:
    seconds, repo = timed(lambda: open_repository(url))
    print(f"open + migrate a new database:      {seconds * 1000:8.1f} ms")
    repo.close()
    seconds, repo = timed(lambda: open_repository(url))
    print(f"open an up-to-date database:        {seconds * 1000:8.1f} ms")
    assert isinstance(repo, SqlRepository)
    with repo:
        user = repo.create_user(f"bench-{time.time_ns()}@example.org", "")
        now = datetime.now(UTC)

        def one_by_one() -> None:
            for i in range(inserts):
                repo.add_diary(
                    DiaryEntry(
                        user_id=user.id,
                        date=YEAR_START - timedelta(days=i + 1),
                        pain=i % 11,
                        created_at=now,
                        updated_at=now,
                    )
                )

        seconds, _ = timed(one_by_one)
        print(
            f"diary inserts, one transaction each: {inserts / seconds:8.0f} /s "
            f"({seconds / inserts * 1000:.2f} ms each, {inserts} inserts)"
        )

        year = a_year_of_records(user.id)
        seconds, added = timed(lambda: repo.import_records(user.id, year))
        print(
            f"a year of records in one transaction: {len(year) / seconds:8.0f} /s "
            f"({len(year)} records in {seconds:.2f} s: {added})"
        )

        end = YEAR_START + timedelta(days=364)
        seconds, _ = timed(
            lambda: (
                repo.list_diary(user.id, YEAR_START, end),
                repo.list_sessions(user.id, YEAR_START, end),
                repo.list_reminder_events(user.id, YEAR_START, end),
            )
        )
        print(f"read a year (diary, sessions, breaks): {seconds * 1000:6.1f} ms")
        seconds, document = timed(lambda: export_json(repo, user.id))
        size = len(json.dumps(document))
        print(f"JSON export of a year + {inserts} entries: {seconds * 1000:6.1f} ms ({size} bytes)")
        seconds, _ = timed(
            lambda: (
                export_csv(repo, user.id, "diary", YEAR_START, end),
                export_csv(repo, user.id, "sessions", YEAR_START, end),
            )
        )
        print(f"CSV export of a year (diary+sessions): {seconds * 1000:6.1f} ms")
        try:
            from backcare.services.progress import progress_summary
        except ImportError:
            print("progress summary: not available in this version")
            return
        seconds, _ = timed(lambda: progress_summary(repo, user.id, None, YEAR_START, end))
        print(f"progress summary of a year (no charts): {seconds * 1000:5.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", help="database URL (default: a new SQLite file)")
    parser.add_argument("--inserts", type=int, default=500)
    args = parser.parse_args()
    if args.url:
        print(f"database: {args.url}")
        bench(args.url, args.inserts)
        return
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        print("database: SQLite (WAL, synchronous=FULL) in a temporary folder")
        bench(url, args.inserts)


if __name__ == "__main__":
    main()

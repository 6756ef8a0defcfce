"""The web app's store copies SQLite's write-ahead log into the database file from a thread
(store/checkpoint.py): the committing connection checkpoints only rarely, the log stays
bounded under steady writes, nothing saved is lost, and closing stops the thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

from backcare.domain.records import ScreeningRecord
from backcare.store import open_repository
from backcare.store.checkpoint import WRITER_PAGES
from tests.store.conftest import sqlite_url

RESULT = {"advice": [{"id": "keep_moving", "text": "Keep gently active. " * 200}]}  # ~4 kB


def _records(user_id: str, count: int) -> list[ScreeningRecord]:
    now = datetime.now(UTC)
    return [
        ScreeningRecord(user_id=user_id, created_at=now, answers={"age": 40}, result=RESULT)
        for _ in range(count)
    ]


def _checkpoint_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "backcare-checkpoint"]


def test_the_committing_connection_checkpoints_only_past_the_writer_pages(
    tmp_path: Path,
) -> None:
    with open_repository(sqlite_url(tmp_path), background_checkpoints=True) as repo:
        with repo.engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert pages == WRITER_PAGES
    with open_repository(sqlite_url(tmp_path)) as repo, repo.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert repo.checkpointer is None


def test_the_log_stays_bounded_and_every_record_is_kept(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    wal = tmp_path / "backcare.db-wal"
    largest = 0
    saved = 0
    with open_repository(url, background_checkpoints=True) as repo:
        assert repo.checkpointer is not None
        user = repo.local_user()
        # ~240 MB of records through the log: several runs of WRITER_PAGES (64 MB).
        for _ in range(6_000):
            outcomes = repo.add_each(_records(user.id, 10), "screening")
            assert outcomes == [None] * 10
            saved += 10
            largest = max(largest, wal.stat().st_size)
            time.sleep(0)  # let the thread run, as the event loop's other work does
        runs = repo.checkpointer.runs
    # The log restarts: never much past the writer's own checkpoint (4 kB pages).
    assert largest < 2 * WRITER_PAGES * 4096, largest
    assert runs > 0
    with sqlite3.connect(tmp_path / "backcare.db") as connection:
        (count,) = connection.execute("SELECT count(*) FROM screenings").fetchone()
    assert count == saved


def test_closing_the_store_stops_the_thread(tmp_path: Path) -> None:
    before = len(_checkpoint_threads())
    repo = open_repository(sqlite_url(tmp_path), background_checkpoints=True)
    assert len(_checkpoint_threads()) == before + 1
    repo.close()
    assert len(_checkpoint_threads()) == before


def test_an_in_memory_database_has_no_thread(tmp_path: Path) -> None:
    with open_repository("sqlite://", background_checkpoints=True) as repo:
        assert repo.checkpointer is None

"""The web app's store copies SQLite's write-ahead log into the database file from a thread
(store/checkpoint.py): the thread also restarts the log, holding a gate that writers able
to wait take around their commits, so the committing connection checkpoints only as a
backstop; the log stays bounded under steady writes, nothing saved is lost, and closing
stops the thread."""

from __future__ import annotations

import sqlite3
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from backcare.domain.records import ScreeningRecord
from backcare.store import open_repository
from backcare.store.checkpoint import BACKSTOP_PAGES, RESTART_PAGES
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


def test_the_committing_connection_checkpoints_only_as_a_backstop(tmp_path: Path) -> None:
    with open_repository(sqlite_url(tmp_path), background_checkpoints=True) as repo:
        with repo.engine.connect() as connection:
            pages = connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        assert pages == BACKSTOP_PAGES > RESTART_PAGES
    with open_repository(sqlite_url(tmp_path)) as repo, repo.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 1000
        assert repo.checkpointer is None


def test_the_thread_restarts_the_log_while_gated_writers_wait(tmp_path: Path) -> None:
    """Writers that take the gate (the web app's group commit) never write while the thread
    finishes a checkpoint, so the log restarts from the thread, long before the committing
    connection's backstop; every record is kept."""
    url = sqlite_url(tmp_path)
    wal = tmp_path / "backcare.db-wal"
    largest = 0
    saved = 0
    waited = 0
    with open_repository(url, background_checkpoints=True) as repo:
        assert repo.checkpointer is not None
        gate = repo.checkpointer.gate
        user = repo.local_user()
        # ~4 kB a record: five times RESTART_PAGES of 4 kB pages through the log (320 MB,
        # past the backstop too).
        for _ in range(5 * RESTART_PAGES // 10):
            while not gate.acquire(blocking=False):  # as Runtime._write_queued: wait, retry
                waited += 1
                time.sleep(0.0005)
            try:
                outcomes = repo.add_each(_records(user.id, 10), "screening")
            finally:
                gate.release()
            assert outcomes == [None] * 10
            saved += 10
            largest = max(largest, wal.stat().st_size)
            time.sleep(0)  # let the thread run, as the event loop's other work does
        restarts = repo.checkpointer.restarts
    assert restarts >= 3, restarts
    assert waited > 0  # the thread held the gate at least once while a writer wanted it
    # Restarted by the thread: past RESTART_PAGES by what this loop (far faster than the web
    # app's) writes between two of the thread's passes, never near the backstop.
    assert largest < BACKSTOP_PAGES * 4096 * 3 // 4, largest  # ~120 MB seen
    with sqlite3.connect(tmp_path / "backcare.db") as connection:
        (count,) = connection.execute("SELECT count(*) FROM screenings").fetchone()
    assert count == saved


@pytest.mark.timeout(30)
def test_writers_that_do_not_wait_are_never_blocked_and_lose_nothing(tmp_path: Path) -> None:
    """A writer that ignores the gate (a sync route, the command line) writes while the thread
    holds it: the checkpoint is PASSIVE, so nothing waits; the log restarts later."""
    with open_repository(sqlite_url(tmp_path), background_checkpoints=True) as repo:
        assert repo.checkpointer is not None
        user = repo.local_user()
        with repo.checkpointer.gate:
            assert repo.add_each(_records(user.id, 5), "screening") == [None] * 5
        assert len(repo.list_screenings(user.id)) == 5


def test_closing_the_store_stops_the_thread(tmp_path: Path) -> None:
    before = len(_checkpoint_threads())
    repo = open_repository(sqlite_url(tmp_path), background_checkpoints=True)
    assert len(_checkpoint_threads()) == before + 1
    repo.close()
    assert len(_checkpoint_threads()) == before


def test_an_in_memory_database_has_no_thread(tmp_path: Path) -> None:
    with open_repository("sqlite://", background_checkpoints=True) as repo:
        assert repo.checkpointer is None


@pytest.mark.timeout(60)
def test_a_reader_on_an_old_snapshot_does_not_make_the_thread_hold_the_gate(
    tmp_path: Path,
) -> None:
    """While a reader (another process, say) keeps an old snapshot, no checkpoint can reach the
    log's end: the thread does not take the gate for a restart that cannot happen (it would
    hold the web app's saves back every pass for nothing); once the reader is done, it does."""
    from backcare.store.checkpoint import Checkpointer

    path = tmp_path / "log.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (body TEXT)")
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM t").fetchone()  # holds this snapshot
    checkpointer = Checkpointer(path, every_s=0.005, restart_pages=50)
    try:
        for _ in range(40):
            writer.execute("INSERT INTO t VALUES (?)", ("x" * 8_000,))  # a few pages each
            time.sleep(0.005)
        time.sleep(0.1)
        assert checkpointer.runs > 10
        assert checkpointer.gated == 0
        reader.execute("COMMIT")
        deadline = time.monotonic() + 10
        while checkpointer.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert checkpointer.gated >= 1
        assert checkpointer.restarts >= 1
    finally:
        checkpointer.stop()
        reader.close()
        writer.close()


@pytest.mark.timeout(60)
def test_a_finished_log_waiting_for_its_next_commit_is_left_alone(tmp_path: Path) -> None:
    """Once a gated pass has copied the whole log, the log restarts at the next commit; until
    one comes (an idle server), the thread does not take the gate again for it."""
    from backcare.store.checkpoint import Checkpointer

    path = tmp_path / "log.db"
    writer = sqlite3.connect(path, isolation_level=None)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("CREATE TABLE t (body TEXT)")
    for _ in range(40):
        writer.execute("INSERT INTO t VALUES (?)", ("x" * 8_000,))
    checkpointer = Checkpointer(path, every_s=0.005, restart_pages=50)
    try:
        deadline = time.monotonic() + 10
        while checkpointer.restarts == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        gated, runs = checkpointer.gated, checkpointer.runs
        assert gated == 1
        time.sleep(0.2)  # idle: many passes
        assert checkpointer.runs > runs + 10
        assert checkpointer.gated == gated
        writer.execute("INSERT INTO t VALUES ('after')")  # restarts the log
        (frames,) = writer.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()[1:2]
        assert frames < 50
    finally:
        checkpointer.stop()
        writer.close()

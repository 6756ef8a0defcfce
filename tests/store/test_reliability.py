"""Crashes and company: a writer killed with SIGKILL loses no committed record and leaves no
half-written one; two processes writing at once (the CLI while the web app runs) both
succeed, even on a database neither has created yet."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from backcare.domain.records import DiaryEntry
from backcare.store import open_repository
from backcare.store.repository import SqlRepository
from tests.store.conftest import fresh_pg_database, sqlite_url

pytestmark = pytest.mark.slow

BATCH = 10  # diary entries per transaction, each with a matching session

# Writes batches forever, one transaction each, and prints a batch's tag once it committed.
WRITER = """
import sys
from datetime import UTC, date, datetime
from backcare.domain.records import DiaryEntry, SessionRecord
from backcare.store import open_repository

url, email, batch = sys.argv[1], sys.argv[2], int(sys.argv[3])
repo = open_repository(url)
user = repo.get_user_by_email(email) or repo.create_user(email, "")
n = 0
while True:
    now = datetime.now(UTC)
    tag = f"batch-{n}"
    records = []
    for i in range(batch):
        entry = DiaryEntry(user_id=user.id, date=date(2026, 1, 1), pain=i, note=tag,
                           created_at=now, updated_at=now)
        records += [entry, SessionRecord(user_id=user.id, plan_id=entry.id, day=1,
                                         started_at=now)]
    repo.import_records(user.id, records)
    print(tag, flush=True)
    n += 1
"""

# Opens the (possibly brand-new) database and adds `count` entries, one transaction each.
ADDER = """
import sys
from datetime import UTC, date, datetime
from backcare.domain.records import DiaryEntry
from backcare.store import open_repository

url, count, name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
repo = open_repository(url)
user = repo.local_user()
for i in range(count):
    now = datetime.now(UTC)
    repo.add_diary(DiaryEntry(user_id=user.id, date=date(2026, 1, 1), pain=i % 11,
                              note=name, created_at=now, updated_at=now))
    repo.list_diary(user.id, date(2026, 1, 1), date(2026, 1, 1))
print("done", flush=True)
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_sigkill_mid_write_loses_nothing_committed_and_leaves_no_half_batch(
    db_url: str,
) -> None:
    email = f"writer-{os.getpid()}-{id(db_url)}@example.org"
    writer = _python(WRITER, db_url, email, str(BATCH))
    assert writer.stdout is not None
    committed: list[str] = []
    try:
        while len(committed) < 25:
            line = writer.stdout.readline()
            assert line, f"writer stopped early: {writer.stderr.read() if writer.stderr else ''}"
            committed.append(line.strip())
    finally:
        # Killed while it keeps writing: most likely inside a transaction.
        writer.send_signal(signal.SIGKILL)
        writer.wait(timeout=30)
    assert writer.returncode == -signal.SIGKILL

    with open_repository(db_url) as repo:
        if repo.engine.dialect.name == "sqlite":
            with repo.engine.connect() as connection:
                assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        user = repo.get_user_by_email(email)
        assert user is not None
        entries = repo.list_diary(user.id)  # every row still reads as a valid record
        sessions = repo.list_sessions(user.id)

    per_batch = Counter(entry.note for entry in entries)
    assert set(committed) <= set(per_batch), "a committed batch is missing"
    assert all(count == BATCH for count in per_batch.values()), per_batch
    assert sorted(s.plan_id or "" for s in sessions) == sorted(e.id for e in entries)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database no process has opened yet, so both racers also race to create it."""
    if request.param == "sqlite":
        yield sqlite_url(tmp_path / "new")
        return
    with fresh_pg_database() as url:
        yield url


def test_two_processes_writing_at_once_both_succeed(fresh_url: str) -> None:
    count = 40
    racers = [_python(ADDER, fresh_url, str(count), name) for name in ("cli", "web")]
    results = [racer.communicate(timeout=120) for racer in racers]
    for racer, (out, err) in zip(racers, results, strict=True):
        assert racer.returncode == 0, err
        assert out.strip() == "done"

    with open_repository(fresh_url) as repo:
        user = repo.local_user()
        notes = Counter(entry.note for entry in repo.list_diary(user.id))
    assert notes == {"cli": count, "web": count}  # one local user, made once; nothing lost


def test_one_repository_shared_by_many_threads(repo: SqlRepository) -> None:
    """The web app answers requests on a thread pool with one repository."""
    user = repo.create_user(f"threads-{uuid.uuid4().hex[:8]}@example.org", "")

    def write_and_read(i: int) -> int:
        now = datetime.now(UTC)
        repo.add_diary(
            DiaryEntry(user_id=user.id, date=date(2026, 1, 1), pain=i % 11,
                       created_at=now, updated_at=now)
        )  # fmt: skip
        return len(repo.list_diary(user.id))

    with ThreadPoolExecutor(max_workers=6) as pool:
        seen = list(pool.map(write_and_read, range(60)))
    assert max(seen) == 60
    assert len(repo.list_diary(user.id)) == 60


def test_the_same_import_at_the_same_moment_saves_each_record_once(repo: SqlRepository) -> None:
    """Two requests importing one document at once: both succeed, nothing is doubled."""
    user = repo.create_user(f"twice-{uuid.uuid4().hex[:8]}@example.org", "")
    now = datetime.now(UTC)
    document = [
        DiaryEntry(user_id=user.id, date=date(2026, 1, 1), pain=i % 11,
                   created_at=now, updated_at=now)
        for i in range(300)
    ]  # fmt: skip
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: repo.import_records(user.id, document), range(4)))
    assert sum(r.get("diary_entries", 0) for r in results) == 300
    assert len(repo.list_diary(user.id)) == 300

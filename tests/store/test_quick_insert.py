"""On SQLite the repository saves a record with one prepared INSERT on the driver's connection
(the web API's hot path); the row is exactly the one the ORM writes, for every record type."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, event

from backcare.domain.records import (
    DiaryEntry,
    ExerciseFeedback,
    PlanRecord,
    Record,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
    User,
)
from backcare.errors import Conflict
from backcare.store import open_repository
from backcare.store.jsontext import record_json
from backcare.store.repos import base
from backcare.store.repos.base import ROW_FOR, _to_row
from backcare.store.repository import SqlRepository
from tests.store.conftest import sqlite_url

EAST = timezone(timedelta(hours=8))
WHEN = datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=EAST)


def _records(user: User) -> list[Record]:
    return [
        ScreeningRecord(
            user_id=user.id,
            created_at=WHEN,
            answers={"age": 46, "regions": ["low_back"], "note": "café 腰痛", "n": None},
            result={"urgency": "none", "scores": {"odi": 12.5}, "flags": []},
        ),
        ScreeningRecord(  # values JSON cannot write as they are: the model's JSON form
            user_id=user.id,
            created_at=datetime(2026, 3, 1, 9, 30),  # naive: UTC
            answers={"when": WHEN, "day": date(2026, 3, 1), "odd": float("nan"), "t": (1,)},
            result={"tags": {"b", "a"} - {"a"}, "inf": float("inf")},
        ),
        PlanRecord(
            user_id=user.id,
            created_at=WHEN,
            profile={"regions": ["neck"], "minutes": 20},
            plan={"days": [{"day": 1, "blocks": []}], "title": "颈部 neck"},
        ),
        SessionRecord(
            user_id=user.id,
            day=2,
            started_at=WHEN,
            ended_at=WHEN + timedelta(minutes=25),
            pain_before=5,
            feedback=(ExerciseFeedback(exercise="bird_dog", pain=2, effort="right"),),
            completed=True,
        ),
        DiaryEntry(
            user_id=user.id,
            date=date(2026, 3, 1),
            pain=3,
            regions=("low_back", "neck"),
            note="better",
            created_at=WHEN,
            updated_at=WHEN,
        ),
        ReminderEvent(user_id=user.id, at=WHEN, kind="micro", action="done", exercise="x"),
    ]


def _raw(path: Path, table: str, record_id: str) -> dict[str, Any]:
    with sqlite3.connect(path) as connection:
        connection.row_factory = sqlite3.Row
        row = connection.execute(f"SELECT * FROM {table} WHERE id = ?", (record_id,)).fetchone()
    assert row is not None
    return {key: row[key] for key in row.keys() if key != "id"}  # noqa: SIM118


@pytest.fixture
def sqlite_repo(tmp_path: Path) -> Any:
    repo = open_repository(sqlite_url(tmp_path))
    yield repo, tmp_path / "backcare.db"
    repo.close()


def test_each_record_type_is_written_as_the_orm_writes_it(sqlite_repo: Any) -> None:
    repo, path = sqlite_repo
    user = repo.create_user(f"p-{uuid.uuid4().hex[:8]}@example.org", "hash")
    for record in _records(user):
        table = ROW_FOR[type(record)].__tablename__
        quick = record.model_copy(update={"id": uuid.uuid4().hex})
        repo._insert(quick, "record")
        with repo._writing() as session:
            session.add(_to_row(record))
        assert _raw(path, table, quick.id) == _raw(path, table, record.id), table


def test_the_quick_insert_skips_sqlalchemys_statement_layer(sqlite_repo: Any) -> None:
    repo, _path = sqlite_repo
    user = repo.create_user("q@example.org", "hash")
    seen: list[str] = []
    event.listen(repo.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    record = _records(user)[0]
    assert repo.add_screening(record) == record
    assert seen == []
    assert repo.get_screening(user.id, record.id) == record


def test_a_quick_insert_that_fails_saves_nothing_and_says_why(sqlite_repo: Any) -> None:
    repo: SqlRepository
    repo, path = sqlite_repo
    user = repo.create_user("r@example.org", "hash")
    record = _records(user)[0]
    repo.add_screening(record)
    with pytest.raises(Conflict):
        repo.add_screening(record)
    with pytest.raises(Conflict):
        repo.add_screening(record.model_copy(update={"id": uuid.uuid4().hex, "user_id": "x"}))
    assert len(repo.list_screenings(user.id)) == 1
    # The connection went back to the pool outside any transaction: a write elsewhere works.
    with sqlite3.connect(path, timeout=1) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
    repo.add_screening(record.model_copy(update={"id": uuid.uuid4().hex}))
    assert len(repo.list_screenings(user.id)) == 2


def test_add_each_saves_all_in_one_transaction_and_refuses_only_the_bad_ones(
    sqlite_repo: Any,
) -> None:
    repo, _path = sqlite_repo
    user = repo.create_user("s@example.org", "hash")
    first, second, third = (
        ScreeningRecord(user_id=user.id, created_at=WHEN, answers={"age": n}, result={})
        for n in (40, 41, 42)
    )
    repo.add_screening(first)
    orphan = second.model_copy(update={"id": uuid.uuid4().hex, "user_id": "nobody"})
    outcomes = repo.add_each([second, first, orphan, third])
    assert outcomes[0] is None
    assert isinstance(outcomes[1], Conflict)  # already saved
    assert isinstance(outcomes[2], Conflict)  # no such user
    assert outcomes[3] is None  # a refusal before it takes nothing from the transaction
    saved = {s.id for s in repo.list_screenings(user.id)}
    assert saved == {first.id, second.id, third.id}
    assert repo.add_each([]) == []


def test_add_each_on_any_database(repo: SqlRepository) -> None:
    user = repo.create_user(f"t-{uuid.uuid4().hex[:6]}@example.org", "hash")
    record = ScreeningRecord(user_id=user.id, created_at=WHEN, answers={}, result={})
    outcomes = repo.add_each([record, record])
    assert outcomes[0] is None
    assert isinstance(outcomes[1], Conflict)
    assert repo.list_screenings(user.id) == [record]


def test_json_written_beforehand_is_stored_as_the_record_would_be(
    sqlite_repo: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`add_each(..., texts)`: a JSON column handed over as `record_json` wrote it (the web
    API writes a screening's result once, for the row and its answer) is stored as it is,
    and the row is exactly the one the repository writes itself, NaN, sets and dates
    included."""
    repo, path = sqlite_repo
    user = repo.create_user("u@example.org", "hash")
    for record in _records(user):
        row = ROW_FOR[type(record)]
        json_keys = [c.key for c in row.__table__.columns if isinstance(c.type, JSON)]
        values = dict(record)
        texts = {key: record_json(values[key]).decode() for key in json_keys}
        handed = record.model_copy(update={"id": uuid.uuid4().hex})
        assert repo.add_each([record], "record") == [None]
        with monkeypatch.context() as patched:  # written by no one else
            patched.setattr(base, "_json_text", lambda *_a: pytest.fail("encoded again"))
            assert repo.add_each([handed], "record", [texts]) == [None]
        assert _raw(path, row.__tablename__, handed.id) == _raw(path, row.__tablename__, record.id)

"""The command line's quick SQLite save writes exactly the row the repository writes, and
steps aside (writing nothing) whenever the full store has something to do first."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from backcare.domain.records import ScreeningRecord
from backcare.store import open_repository
from backcare.store.lite import add_local_record, sqlite_file
from tests.store.conftest import sqlite_url

ANSWERS = {"age": 46, "regions": ["low_back"], "note": "café 腰痛"}
RESULT = {"urgency": "none", "red_flags": [], "scores": {"odi": 12.5}}


def _raw(path: Path, record_id: str) -> tuple[object, ...]:
    with sqlite3.connect(path) as connection:
        row = connection.execute(
            "SELECT user_id, created_at, answers, result FROM screenings WHERE id = ?",
            (record_id,),
        ).fetchone()
    assert row is not None
    return tuple(row)


def test_the_quick_save_writes_the_repositorys_row(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    # Not UTC and with microseconds: both are normalised the same way on both paths.
    when = datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=timezone(timedelta(hours=8)))
    with open_repository(url) as repo:
        user = repo.local_user()
        by_repo = repo.add_screening(
            ScreeningRecord(user_id=user.id, created_at=when, answers=ANSWERS, result=RESULT)
        )
    quick = add_local_record(
        url,
        lambda user_id: ScreeningRecord(
            user_id=user_id, created_at=when, answers=ANSWERS, result=RESULT
        ),
    )
    assert quick is not None
    assert quick.user_id == user.id
    path = tmp_path / "backcare.db"
    assert _raw(path, quick.id) == _raw(path, by_repo.id)
    with open_repository(url) as repo:
        assert repo.get_screening(user.id, quick.id) == quick
        assert {s.id for s in repo.list_screenings(user.id)} == {by_repo.id, quick.id}


def _never(user_id: str) -> ScreeningRecord:
    raise AssertionError("the quick path should have stepped aside")


def test_no_database_file_is_left_to_the_full_store(tmp_path: Path) -> None:
    assert add_local_record(sqlite_url(tmp_path), _never) is None
    assert not (tmp_path / "backcare.db").exists()  # not even an empty file


def test_no_local_user_yet_is_left_to_the_full_store(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    open_repository(url).close()
    assert add_local_record(url, _never) is None


def test_a_schema_behind_is_left_to_the_full_store(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    with open_repository(url) as repo:
        repo.local_user()
    with sqlite3.connect(tmp_path / "backcare.db") as connection:
        connection.execute("UPDATE alembic_version SET version_num = 'older'")
    assert add_local_record(url, _never) is None


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    with open_repository(url) as repo:
        user = repo.local_user()
        kept = repo.add_screening(
            ScreeningRecord(user_id=user.id, created_at=datetime.now(UTC), answers={}, result={})
        )

    def duplicate(user_id: str) -> ScreeningRecord:
        return kept  # same key: the INSERT fails

    with pytest.raises(sqlite3.IntegrityError):
        add_local_record(url, duplicate)
    with open_repository(url) as repo:
        assert [s.id for s in repo.list_screenings(user.id)] == [kept.id]


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("sqlite:////data/backcare.db", Path("/data/backcare.db")),
        ("sqlite:///relative.db", Path("relative.db")),
        ("sqlite:////data/with%20space.db", Path("/data/with space.db")),
        ("sqlite://", None),
        ("sqlite:///:memory:", None),
        ("sqlite:////data/x.db?timeout=5", None),
        ("postgresql+psycopg://u@h/db", None),
    ],
)
def test_which_urls_take_the_quick_path(url: str, expected: Path | None) -> None:
    assert sqlite_file(url) == expected

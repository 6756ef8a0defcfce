"""SQLite is set up for sharing: WAL, foreign keys, a busy timeout; the default database is
a file in the data folder, made on first use."""

from __future__ import annotations

from pathlib import Path

import pytest

from backcare.config import get_settings
from backcare.store import open_repository
from backcare.store.engine import BUSY_TIMEOUT_MS, normalize_url
from tests.store.conftest import sqlite_url


def test_sqlite_runs_in_wal_with_foreign_keys_and_a_busy_timeout(tmp_path: Path) -> None:
    with open_repository(sqlite_url(tmp_path)) as repo, repo.engine.connect() as connection:
        pragma = connection.exec_driver_sql
        assert pragma("PRAGMA journal_mode").scalar() == "wal"
        assert pragma("PRAGMA foreign_keys").scalar() == 1
        assert pragma("PRAGMA busy_timeout").scalar() == BUSY_TIMEOUT_MS


def test_the_default_database_lives_in_the_data_folder(isolated_home: Path) -> None:
    data = get_settings().data_dir
    assert not data.exists()
    with open_repository() as repo:
        repo.local_user()
    assert data == isolated_home / "data"
    assert (data / "backcare.db").is_file()


def test_database_url_setting_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "elsewhere" / "my.db"
    monkeypatch.setenv("BACKCARE_DATABASE_URL", f"sqlite:///{target}")
    get_settings.cache_clear()
    with open_repository() as repo:
        repo.local_user()
    assert target.is_file()


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u:p@db:5432/bc", "postgresql+psycopg://u:p@db:5432/bc"),
        ("postgres://u@db/bc", "postgresql+psycopg://u@db/bc"),
        ("postgresql+psycopg://u@db/bc", "postgresql+psycopg://u@db/bc"),
        ("sqlite:////tmp/x.db", "sqlite:////tmp/x.db"),
    ],
)
def test_postgresql_urls_mean_psycopg_3(given: str, used: str) -> None:
    assert normalize_url(given) == used


def test_an_in_memory_database_keeps_its_records() -> None:
    with open_repository("sqlite://") as repo:
        user = repo.create_user("memory@example.org", "")
        assert repo.get_user(user.id) == user

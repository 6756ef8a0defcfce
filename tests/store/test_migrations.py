"""Alembic: an empty database migrates up and down, and the migrations match the tables."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from backcare.store.engine import (
    SchemaTooNewError,
    current_revisions,
    downgrade,
    head_revisions,
    make_engine,
    migrate,
)
from backcare.store.tables import Base
from tests.store.conftest import fresh_pg_database, sqlite_url

TABLES = {
    "users",
    "auth_sessions",
    "login_failures",
    "screenings",
    "plans",
    "sessions",
    "diary_entries",
    "reminder_events",
}


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A brand-new database with no tables (a fresh one on PostgreSQL too)."""
    if request.param == "sqlite":
        engine = make_engine(sqlite_url(tmp_path))
        yield engine
        engine.dispose()
        return
    with fresh_pg_database() as url:
        engine = make_engine(url)
        yield engine
        engine.dispose()


def table_names(engine: Engine) -> set[str]:
    return set(inspect(engine).get_table_names()) - {"alembic_version"}


def test_an_empty_database_migrates_up_down_and_up_again(empty_engine: Engine) -> None:
    assert table_names(empty_engine) == set()
    migrate(empty_engine)
    assert table_names(empty_engine) == TABLES
    with empty_engine.connect() as connection:
        assert current_revisions(connection) == head_revisions()

    downgrade(empty_engine, "base")
    assert table_names(empty_engine) == set()
    with empty_engine.connect() as connection:
        assert current_revisions(connection) == ()

    migrate(empty_engine)
    assert table_names(empty_engine) == TABLES


def test_migrations_and_models_agree(empty_engine: Engine) -> None:
    """No pending autogenerate diff: every change to tables.py comes with a migration."""
    migrate(empty_engine)
    with empty_engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_migrating_a_current_database_changes_nothing(empty_engine: Engine) -> None:
    migrate(empty_engine)
    migrate(empty_engine)
    assert table_names(empty_engine) == TABLES


def test_a_database_from_a_newer_backcare_is_left_alone(empty_engine: Engine) -> None:
    migrate(empty_engine)
    with empty_engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    with pytest.raises(SchemaTooNewError, match="newer backcare"):
        migrate(empty_engine)
    assert table_names(empty_engine) == TABLES

"""The command line's quick save: one record into an existing, current SQLite database with
the standard library's sqlite3, without importing SQLAlchemy.

`backcare screen` keeps every screening by default; loading SQLAlchemy to write one row cost
more than the screening itself (bench/run.py, "backcare screen"). When the database file
exists, is at the newest schema and already has the command line's user, the row is written
here exactly as the repository would write it (same columns, UTC timestamps in SQLAlchemy's
SQLite text form, JSON text as its JSON type makes it; tests/store/test_lite.py compares the
two). In every other case (PostgreSQL, a first run, a schema to migrate) the caller gets
None and opens the full repository, which creates and migrates as usual.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from backcare.domain.records import Record, ScreeningRecord
from backcare.store.jsontext import json_text
from backcare.store.schema import VERSION_TABLE, script_revisions

BUSY_TIMEOUT_S = 30.0  # as engine.BUSY_TIMEOUT_MS
LOCAL_EMAIL = "local"  # as repos.base.LOCAL_EMAIL


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///PATH` URL; None for anything else (another database,
    in-memory, query options), which is left to SQLAlchemy."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or "?" in url:
        return None
    path = unquote(url[len(prefix) :])
    if not path or path == ":memory:":
        return None
    return Path(path).expanduser()


def sql_datetime(value: datetime) -> str:
    """A timestamp as the store keeps it on SQLite: UTC (a naive value is UTC already), in
    SQLAlchemy's SQLite storage format."""
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value.strftime("%Y-%m-%d %H:%M:%S.%f")


def _connect(path: Path) -> sqlite3.Connection | None:
    try:
        # mode=rw: never create the file; a missing database is the full path's job.
        connection = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_S
        )
    except sqlite3.Error:
        return None
    connection.isolation_level = None  # transactions are begun below, as engine.py does
    connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")  # engine.py says why
    connection.execute("PRAGMA foreign_keys = ON")
    return connection


def _is_current(connection: sqlite3.Connection) -> bool:
    try:
        rows = connection.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    except sqlite3.Error:  # no version table: never migrated
        return False
    try:
        heads = script_revisions()[0]
    except Exception:  # unreadable scripts: let the full path ask Alembic
        return False
    return tuple(sorted(str(row[0]) for row in rows)) == heads


# Record type -> (table, JSON columns), as tables.py declares them.
_TABLES: dict[type[Record], tuple[str, frozenset[str]]] = {
    ScreeningRecord: ("screenings", frozenset({"answers", "result"})),
}


def add_local_record(url: str, make: Callable[[str], Record]) -> Record | None:
    """Saves `make(user_id)` for the command line's user when the quick path applies and
    returns it; None when it does not apply, and nothing was written.

    Raises sqlite3.Error when the write itself fails.
    """
    path = sqlite_file(url)
    if path is None or not path.is_file():
        return None
    connection = _connect(path)
    if connection is None:
        return None
    try:
        connection.execute("BEGIN IMMEDIATE")  # the write lock up front, as engine.WRITE
        try:
            user = connection.execute(
                "SELECT id FROM users WHERE email = ?", (LOCAL_EMAIL,)
            ).fetchone()
            if user is None or not _is_current(connection):
                connection.execute("ROLLBACK")
                return None
            record = make(str(user[0]))
            table, json_keys = _TABLES[type(record)]
            row = _row(record, json_keys)
            connection.execute(
                f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                tuple(row.values()),
            )
            connection.execute("COMMIT")
        except BaseException:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise
        return record
    finally:
        connection.close()


def _row(record: Record, json_keys: frozenset[str]) -> dict[str, Any]:
    """Column values as the repository's insert makes them (repos.base._row_values)."""
    row = record.model_dump()
    as_json = record.model_dump(mode="json", include=set(json_keys))
    for key, value in row.items():
        if key in json_keys:
            row[key] = json_text(as_json[key])
        elif isinstance(value, datetime):
            row[key] = sql_datetime(value)
    return row

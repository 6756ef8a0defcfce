"""Engines and migrations: SQLite (WAL, foreign keys, busy timeout) or PostgreSQL (psycopg 3).

Several processes share one database (the CLI while the web app runs), so:
- SQLite runs in WAL mode, where readers never block the writer, with a busy timeout so a
  second writer waits its turn instead of failing;
- write transactions start with `BEGIN IMMEDIATE`, taking the write lock up front; a deferred
  transaction that reads first and writes later can fail at once with "database is locked"
  however long the timeout, because SQLite cannot upgrade a reader that saw an older snapshot;
- migrations run under a lock (SQLite's write lock, a PostgreSQL advisory lock), so two
  processes opening a fresh database at once do not both create the tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url

from backcare.store.jsontext import json_text
from backcare.store.schema import (
    VERSION_TABLE,
    UnreadableScriptsError,
    migrations_dir,
    script_revisions,
)

if TYPE_CHECKING:
    from alembic.config import Config

# Execution option asking for a write transaction (BEGIN IMMEDIATE on SQLite).
WRITE = "backcare_write"
BUSY_TIMEOUT_MS = 30_000
# Any constant will do; it only has to be the same for every backcare process.
_PG_MIGRATION_LOCK = 0x6261636B  # "back"


class SchemaTooNewError(RuntimeError):
    """The database was migrated by a newer backcare; this one must not touch it."""


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def normalize_url(url: str) -> str:
    """`postgresql://` and `postgres://` mean psycopg 3 here (SQLAlchemy would pick psycopg2,
    which backcare does not install)."""
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        return parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    return url


def make_engine(url: str) -> Engine:
    """An engine set up for several processes sharing the database."""
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True, json_serializer=json_text)

    connect_args: dict[str, Any] = {"timeout": BUSY_TIMEOUT_MS / 1000}
    if parsed.database and parsed.database != ":memory:":
        Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args=connect_args, json_serializer=json_text)
    else:
        # An in-memory database lives in one connection: share it, or each pooled
        # connection would see its own empty database.
        from sqlalchemy.pool import StaticPool

        connect_args["check_same_thread"] = False
        engine = create_engine(
            url, connect_args=connect_args, poolclass=StaticPool, json_serializer=json_text
        )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (it skips BEGIN before SELECT and cannot
        # say IMMEDIATE); `_on_begin` emits it instead.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # NORMAL, the setting SQLite documents for WAL mode: the WAL is synced at each
        # checkpoint, not at each commit. The database cannot be corrupted either way, and a
        # committed transaction survives the process being killed (the WAL is already in the
        # operating system's hands; tests/store/test_reliability.py kills a writer with
        # SIGKILL); only a power loss or OS crash may roll back the last few commits. FULL
        # paid one fsync per commit under the write lock, which capped the web app at a few
        # hundred saves a second. See https://www.sqlite.org/pragma.html#pragma_synchronous
        # and https://www.sqlite.org/wal.html#performance_considerations
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Connection) -> None:
        mode = "IMMEDIATE" if connection.get_execution_options().get(WRITE) else "DEFERRED"
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


def alembic_config(url: str | None = None) -> Config:
    """Alembic's configuration, built in code (no alembic.ini to find or ship)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(migrations_dir()))
    if url is not None:
        # ConfigParser treats % as interpolation; URLs may carry %-escapes.
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


@lru_cache(maxsize=1)
def _alembic_revisions() -> tuple[tuple[str, ...], frozenset[str]]:
    """(heads, known revisions) as Alembic reads the scripts: the slow, general way."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory.from_config(alembic_config())
    heads = tuple(sorted(scripts.get_heads()))
    return heads, frozenset(script.revision for script in scripts.walk_revisions())


def _revisions() -> tuple[tuple[str, ...], frozenset[str]]:
    """(heads, known revisions), read from the scripts without Alembic when they allow."""
    try:
        return script_revisions(migrations_dir())
    except UnreadableScriptsError:
        return _alembic_revisions()


def head_revisions() -> tuple[str, ...]:
    return _revisions()[0]


def known_revisions() -> frozenset[str]:
    return _revisions()[1]


def current_revisions(connection: Connection) -> tuple[str, ...]:
    """The revisions the database is at (`()` before the first migration), in one query
    (Alembic's version table, read as Alembic's MigrationContext reads it)."""
    from sqlalchemy import inspect

    if not inspect(connection).has_table(VERSION_TABLE):
        return ()
    rows = connection.exec_driver_sql(f"SELECT version_num FROM {VERSION_TABLE}")
    return tuple(sorted(str(row[0]) for row in rows))


@contextmanager
def _migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection holding the migration lock, inside a transaction committed at the end.

    On SQLite, foreign keys are switched off while tables are rebuilt (batch mode copies a
    table and drops the old one, which would otherwise cascade deletes), then checked.
    """
    with engine.connect() as connection:
        sqlite = engine.dialect.name == "sqlite"
        if sqlite:
            # Must run outside a transaction, on the driver's connection, to take effect.
            connection.connection.driver_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        try:
            connection.execution_options(**{WRITE: True})
            with connection.begin():
                if engine.dialect.name == "postgresql":
                    connection.execute(
                        text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK}
                    )
                yield connection
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise RuntimeError(f"migration broke foreign keys: {broken[:3]}")
        finally:
            if sqlite:
                connection.connection.driver_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Brings the schema to `revision` (default: the newest), or leaves it if already there.

    A database already at the newest schema costs one query; Alembic is imported only when
    there is something to migrate (store/schema.py says why)."""
    if revision == "head":
        with engine.connect() as connection:
            current = current_revisions(connection)
        if current == head_revisions():
            return
        unknown = [rev for rev in current if rev not in known_revisions()]
        if unknown:
            # Going on would fail deep inside Alembic; say plainly what to do instead.
            raise SchemaTooNewError(
                f"the database was set up by a newer backcare (schema {', '.join(unknown)}); "
                "update backcare to use it"
            )
    from alembic import command

    with _migration_connection(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, revision)


def downgrade(engine: Engine, revision: str = "base") -> None:
    """Takes the schema back to `revision`; used by the migration tests."""
    from alembic import command

    with _migration_connection(engine) as connection:
        config = alembic_config()
        config.attributes["connection"] = connection
        command.downgrade(config, revision)

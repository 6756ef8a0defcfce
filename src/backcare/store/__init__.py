"""Storage: SQLAlchemy tables, engines (SQLite or PostgreSQL), Alembic migrations and the
repository behind the domain's `Repository` and `AuthStore` ports.

Importing this package is cheap; SQLAlchemy loads when a repository is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from backcare.store.repository import SqlRepository

__all__ = ["open_repository"]


def open_repository(
    url: str | None = None,
    clock: Callable[[], datetime] | None = None,
    session_cache_s: float = 0.0,
    background_checkpoints: bool = False,
) -> SqlRepository:
    """Opens the database (default: `get_settings().database`, a SQLite file in the data
    folder, created with its folder if missing) and migrates it to the newest schema.

    Safe to call from several processes at once. Close it with `.close()` or `with`.
    `session_cache_s` > 0 keeps sign-in sessions looked up for that long (the web app;
    `store.repos.base.SessionCache` says what that may miss). `background_checkpoints`
    copies a SQLite file's write-ahead log into it from a thread (the web app: see
    store/checkpoint.py); elsewhere SQLite's own checkpoints are kept.
    """
    from backcare.config import get_settings
    from backcare.store.engine import make_engine, migrate
    from backcare.store.repository import SqlRepository

    engine = make_engine(url or get_settings().database)
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    checkpoints = background_checkpoints and bool(path) and path != ":memory:"
    if checkpoints:
        from sqlalchemy import event

        from backcare.store.checkpoint import BACKSTOP_PAGES

        @event.listens_for(engine, "connect")
        def _fewer_checkpoints(dbapi_connection: Any, _record: Any) -> None:
            dbapi_connection.execute(f"PRAGMA wal_autocheckpoint = {BACKSTOP_PAGES}")

    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    repo = (
        SqlRepository(engine, session_cache_s=session_cache_s)
        if clock is None
        else SqlRepository(engine, clock=clock, session_cache_s=session_cache_s)
    )
    if checkpoints:
        from pathlib import Path

        from backcare.store.checkpoint import Checkpointer

        repo.checkpointer = Checkpointer(Path(str(path)))
    return repo

"""Storage: SQLAlchemy tables, engines (SQLite or PostgreSQL), Alembic migrations and the
repository behind the domain's `Repository` and `AuthStore` ports.

Importing this package is cheap; SQLAlchemy loads when a repository is opened.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from backcare.store.repository import SqlRepository

__all__ = ["open_repository"]


def open_repository(
    url: str | None = None,
    clock: Callable[[], datetime] | None = None,
    session_cache_s: float = 0.0,
) -> SqlRepository:
    """Opens the database (default: `get_settings().database`, a SQLite file in the data
    folder, created with its folder if missing) and migrates it to the newest schema.

    Safe to call from several processes at once. Close it with `.close()` or `with`.
    `session_cache_s` > 0 keeps sign-in sessions looked up for that long (the web app;
    `store.repos.base.SessionCache` says what that may miss).
    """
    from backcare.config import get_settings
    from backcare.store.engine import make_engine, migrate
    from backcare.store.repository import SqlRepository

    engine = make_engine(url or get_settings().database)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    if clock is None:
        return SqlRepository(engine, session_cache_s=session_cache_s)
    return SqlRepository(engine, clock=clock, session_cache_s=session_cache_s)

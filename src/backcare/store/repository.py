"""The SQL repository: `backcare.domain.ports.Repository` and `AuthStore` over SQLAlchemy.

It only translates between domain records and table rows; it decides nothing. Each method
is one transaction, so the web app and the CLI can share a database and a process keeps no
state of its own. Lists come oldest first, so the last item is the latest.

One part per aggregate lives in `backcare.store.repos` (users and sign-in, screenings and
plans, sessions, diary and reminders, import); `SqlRepository` composes them.
"""

from __future__ import annotations

from backcare.store.repos.base import LOCAL_EMAIL, ROW_FOR, AuthKind
from backcare.store.repos.diary import DiaryRepository
from backcare.store.repos.screenings import ScreeningsPlansRepository
from backcare.store.repos.sessions import SessionsRepository
from backcare.store.repos.transfer import ImportRepository
from backcare.store.repos.users import UsersRepository

__all__ = ["LOCAL_EMAIL", "ROW_FOR", "AuthKind", "SqlRepository"]


class SqlRepository(
    UsersRepository,
    ScreeningsPlansRepository,
    SessionsRepository,
    DiaryRepository,
    ImportRepository,
):
    """Records in a SQL database; see `backcare.store.open_repository`.

    `clock` gives the wall-clock time for sign-in session expiry (tests pass a fake).
    """

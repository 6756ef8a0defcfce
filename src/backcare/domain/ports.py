"""Ports: what the domain needs from the outside world, as Protocols.

Time, storage, sound, notifications and idle detection come in through these, so the session
player and the reminder scheduler are state machines tested with fakes in microseconds.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Literal, Protocol

from backcare.domain.records import (
    DiaryEntry,
    PlanRecord,
    Record,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
    User,
)


class Clock(Protocol):
    """Monotonic seconds for timing, and the wall clock for records."""

    def monotonic(self) -> float: ...

    def now(self) -> datetime: ...


class Speaker(Protocol):
    """Says a short cue aloud, or sounds a bell where speech is unavailable."""

    def say(self, text: str) -> None: ...

    def bell(self) -> None: ...


class Notifier(Protocol):
    """Shows a notification without waiting for the person: the reminder keeps its own clock
    meanwhile, and the action chosen later comes back through `on_action` with its id."""

    name: str

    async def notify(
        self,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),  # (action id, button label)
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        """True when the notification was shown; False when nothing could show it."""
        ...


class IdleMonitor(Protocol):
    name: str  # which adapter answers (e.g. "gnome-mutter", "x11-screensaver", "never-idle")

    def idle_seconds(self) -> float:
        """Seconds since the person last touched keyboard or mouse."""
        ...


class Repository(Protocol):
    """Every record belongs to a user; every read takes the user id, so a record of another
    user is simply not found (the web app answers 404, never 403)."""

    # users
    def create_user(self, email: str, password_hash: str) -> User: ...
    def get_user(self, user_id: str) -> User | None: ...
    def get_user_by_email(self, email: str) -> User | None: ...
    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...
    def delete_user(self, user_id: str) -> None: ...
    def local_user(self) -> User:
        """The single user of the command line, created on first use."""
        ...

    # screenings
    def add_screening(self, record: ScreeningRecord) -> ScreeningRecord: ...
    def get_screening(self, user_id: str, screening_id: str) -> ScreeningRecord | None: ...
    def list_screenings(self, user_id: str) -> list[ScreeningRecord]: ...

    # plans
    def add_plan(self, record: PlanRecord) -> PlanRecord: ...
    def get_plan(self, user_id: str, plan_id: str) -> PlanRecord | None: ...
    def list_plans(self, user_id: str) -> list[PlanRecord]: ...

    # guided sessions
    def add_session(self, record: SessionRecord) -> SessionRecord: ...
    def list_sessions(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[SessionRecord]: ...

    # pain diary
    def add_diary(self, entry: DiaryEntry) -> DiaryEntry: ...
    def get_diary(self, user_id: str, entry_id: str) -> DiaryEntry | None: ...
    def update_diary(self, entry: DiaryEntry) -> DiaryEntry | None: ...
    def delete_diary(self, user_id: str, entry_id: str) -> bool: ...
    def list_diary(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[DiaryEntry]: ...

    # break reminders
    def add_reminder_event(self, event: ReminderEvent) -> ReminderEvent: ...
    def list_reminder_events(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[ReminderEvent]: ...


class AuthStore(Protocol):
    """Sign-in sessions and failed-login counts for the web app, kept in the database so the
    app holds no state in its process. Tokens are random; only their SHA-256 is stored."""

    def create_auth_session(self, user_id: str, kind: Literal["web", "api"], ttl_s: int) -> str:
        """A new token for `user_id`, valid for `ttl_s` seconds."""
        ...

    def user_for_session(self, token: str, kind: Literal["web", "api"]) -> User | None:
        """The owner of a live token of this kind; None when unknown or expired."""
        ...

    def delete_auth_session(self, token: str) -> None: ...
    def delete_user_sessions(self, user_id: str) -> None: ...
    def record_login_failure(self, key: str, at: datetime) -> None: ...
    def count_login_failures(self, key: str, since: datetime) -> int: ...
    def clear_login_failures(self, key: str) -> None: ...
    def reserve_login_attempt(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> list[int] | None:
        """Counts one sign-in try under each key unless one has reached its limit (None)."""
        ...

    def release_login_attempt(self, attempt_ids: Sequence[int], clear_key: str) -> None: ...


class RecordImporter(Protocol):
    """Saves many records for one user in one transaction, skipping ids already saved."""

    def import_records(self, user_id: str, records: Sequence[Record]) -> dict[str, int]:
        """How many were added, by table name."""
        ...

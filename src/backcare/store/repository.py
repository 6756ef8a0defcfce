"""The SQL repository: `backcare.domain.ports.Repository` and `AuthStore` over SQLAlchemy.

It only translates between domain records and table rows; it decides nothing. Each method
is one transaction, so the web app and the CLI can share a database and a process keeps no
state of its own. Lists come oldest first, so the last item is the latest.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal, TypeVar

from sqlalchemy import JSON, Connection, Engine, bindparam, delete, func, insert, select, text
from sqlalchemy.exc import DataError, IntegrityError
from sqlalchemy.orm import Session

from backcare.domain.records import (
    DiaryEntry,
    PlanRecord,
    Record,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
    User,
)
from backcare.errors import BadInput, Conflict
from backcare.limits import is_valid_id
from backcare.store.engine import WRITE
from backcare.store.tables import (
    AuthSessionRow,
    Base,
    DiaryEntryRow,
    LoginFailureRow,
    PlanRow,
    ReminderEventRow,
    ScreeningRow,
    SessionRow,
    UserRow,
)

# The command line's single person. Not an email address, so nobody can register it on the
# web, and its empty password hash matches no password.
LOCAL_EMAIL = "local"

AuthKind = Literal["web", "api"]
R = TypeVar("R", bound=Record)

# Which table keeps which record; the order is the order an import writes them in.
ROW_FOR: dict[type[Record], Any] = {
    ScreeningRecord: ScreeningRow,
    PlanRecord: PlanRow,
    SessionRecord: SessionRow,
    DiaryEntry: DiaryEntryRow,
    ReminderEvent: ReminderEventRow,
}
_IMPORT_ATTEMPTS = 4
_ID_CHUNK = 500  # ids per IN (...) query, well under every database's parameter limit
_OWNED_ROWS: tuple[type[Any], ...] = (
    AuthSessionRow,
    ScreeningRow,
    PlanRow,
    SessionRow,
    DiaryEntryRow,
    ReminderEventRow,
)

# The web API's hot path (the bearer-token lookup on every request, saving a screening)
# goes through SQLAlchemy Core, not the ORM: same SQL, same column types (so the same UTC
# datetimes and JSON), without the unit of work and identity map, which cost 2-3x the time
# of the statement itself (bench/bench_store_hot.py). The statements are built once.
_TABLES = Base.metadata.tables
_USERS = _TABLES["users"]
_AUTH_SESSIONS = _TABLES["auth_sessions"]
_USER_BY_ID = select(*_USERS.c).where(_USERS.c.id == bindparam("user_id"))
_USER_FOR_SESSION = (
    select(*_USERS.c)
    .join_from(_USERS, _AUTH_SESSIONS, _AUTH_SESSIONS.c.user_id == _USERS.c.id)
    .where(
        _AUTH_SESSIONS.c.token_hash == bindparam("token_hash"),
        _AUTH_SESSIONS.c.kind == bindparam("kind"),
        _AUTH_SESSIONS.c.expires_at > bindparam("now"),
    )
)
# Per record type: the plain INSERT into its table, and the table's JSON columns.
_INSERTS: dict[type[Record], tuple[Any, frozenset[str]]] = {
    record_class: (
        insert(_TABLES[row_class.__tablename__]),
        frozenset(
            column.key
            for column in _TABLES[row_class.__tablename__].columns
            if isinstance(column.type, JSON)
        ),
    )
    for record_class, row_class in ROW_FOR.items()
}


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def _to_row(record: Record) -> Any:
    """A table row holding `record`; JSON columns get JSON-ready values (lists, not tuples)."""
    row_class = ROW_FOR[type(record)]
    values = record.model_dump()
    as_json = record.model_dump(mode="json")
    for column in row_class.__table__.columns:
        if isinstance(column.type, JSON):
            values[column.key] = as_json[column.key]
    return row_class(**values)


def _row_values(record: Record, json_keys: frozenset[str]) -> dict[str, Any]:
    """Column values for `record`, as `_to_row` makes them: JSON columns JSON-ready."""
    values = record.model_dump()
    if json_keys:
        values.update(record.model_dump(mode="json", include=set(json_keys)))
    return values


def _from_row(record_class: type[R], row: Any) -> R:
    return record_class.model_validate(
        {column.key: getattr(row, column.key) for column in row.__table__.columns}
    )


def _id(record: Record) -> str:
    """The record's id (every stored record has one; the `Record` base does not say so)."""
    return str(record.model_dump(include={"id"})["id"])


def _storable_id(value: str) -> bool:
    """Whether any record can have this id. Others (NUL, which PostgreSQL refuses, or longer
    than the column) are simply not found, without asking the database, on every database."""
    return is_valid_id(value)


def _user(row: UserRow) -> User:
    return _from_row(User, row)


class SqlRepository:
    """Records in a SQL database; see `backcare.store.open_repository`.

    `clock` gives the wall-clock time for sign-in session expiry (tests pass a fake).
    """

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = _utc_now) -> None:
        self.engine = engine
        self._clock = clock

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> SqlRepository:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @contextmanager
    def _reading(self) -> Iterator[Session]:
        with Session(self.engine, expire_on_commit=False) as session:
            yield session

    @contextmanager
    def _writing(self) -> Iterator[Session]:
        """One write transaction (BEGIN IMMEDIATE on SQLite): all of it is saved, or none."""
        with Session(self.engine, expire_on_commit=False) as session:
            session.connection(execution_options={WRITE: True})
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    @contextmanager
    def _reading_core(self) -> Iterator[Connection]:
        """A read on a bare connection (BEGIN DEFERRED on SQLite, rolled back at the end)."""
        with self.engine.connect() as connection:
            yield connection

    def _insert(self, record: R, what: str) -> R:
        statement, json_keys = _INSERTS[type(record)]
        try:
            # One write transaction, as `_writing` makes it (BEGIN IMMEDIATE on SQLite).
            with self.engine.connect() as connection:
                connection.execution_options(**{WRITE: True})
                with connection.begin():
                    connection.execute(statement, _row_values(record, json_keys))
        except IntegrityError as exc:
            raise Conflict(
                "id", f"{what} {_id(record)} is already saved, or its user does not exist"
            ) from exc
        except DataError as exc:  # PostgreSQL checks lengths that SQLite does not
            raise BadInput(what, "has a value too long to save") from exc
        return record

    # -- users ------------------------------------------------------------------------------

    def create_user(self, email: str, password_hash: str) -> User:
        """Raises `Conflict` when the email is already registered (any letter case)."""
        user = User(
            email=email.strip().lower(), password_hash=password_hash, created_at=self._clock()
        )
        try:
            with self._writing() as session:
                session.add(UserRow(**user.model_dump()))
                session.flush()
        except IntegrityError as exc:
            raise Conflict("email", "is already registered") from exc
        except DataError as exc:
            raise BadInput("email", "is too long") from exc
        return user

    def get_user(self, user_id: str) -> User | None:
        with self._reading_core() as connection:
            row = connection.execute(_USER_BY_ID, {"user_id": user_id}).first()
        return User.model_validate(row._asdict()) if row is not None else None

    def get_user_by_email(self, email: str) -> User | None:
        with self._reading() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
            return _user(row) if row is not None else None

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        with self._writing() as session:
            row = session.get(UserRow, user_id)
            if row is not None:
                row.password_hash = password_hash

    def delete_user(self, user_id: str) -> None:
        """Removes the user and every record they own, in one transaction."""
        with self._writing() as session:
            # Explicit deletes, not only ON DELETE CASCADE: the result must not depend on
            # a connection having remembered to switch SQLite's foreign keys on.
            for row_class in _OWNED_ROWS:
                session.execute(delete(row_class).where(row_class.user_id == user_id))
            session.execute(delete(UserRow).where(UserRow.id == user_id))

    def local_user(self) -> User:
        """The single user of the command line, created on first use (once, even when two
        processes ask at the same moment)."""
        found = self.get_user_by_email(LOCAL_EMAIL)
        if found is not None:
            return found
        try:
            with self._writing() as session:
                row = session.scalar(select(UserRow).where(UserRow.email == LOCAL_EMAIL))
                if row is None:
                    user = User(email=LOCAL_EMAIL, created_at=self._clock())
                    session.add(UserRow(**user.model_dump()))
                    return user
                return _user(row)
        except IntegrityError:
            # PostgreSQL: another process inserted it between our read and our write.
            found = self.get_user_by_email(LOCAL_EMAIL)
            if found is None:
                raise
            return found

    # -- screenings and plans ---------------------------------------------------------------

    def add_screening(self, record: ScreeningRecord) -> ScreeningRecord:
        return self._insert(record, "screening")

    def get_screening(self, user_id: str, screening_id: str) -> ScreeningRecord | None:
        if not _storable_id(screening_id):
            return None
        with self._reading() as session:
            row = session.get(ScreeningRow, (user_id, screening_id))
            return _from_row(ScreeningRecord, row) if row is not None else None

    def list_screenings(self, user_id: str) -> list[ScreeningRecord]:
        with self._reading() as session:
            rows = session.scalars(
                select(ScreeningRow)
                .where(ScreeningRow.user_id == user_id)
                .order_by(ScreeningRow.created_at, ScreeningRow.id)
            )
            return [_from_row(ScreeningRecord, row) for row in rows]

    def add_plan(self, record: PlanRecord) -> PlanRecord:
        return self._insert(record, "plan")

    def get_plan(self, user_id: str, plan_id: str) -> PlanRecord | None:
        if not _storable_id(plan_id):
            return None
        with self._reading() as session:
            row = session.get(PlanRow, (user_id, plan_id))
            return _from_row(PlanRecord, row) if row is not None else None

    def list_plans(self, user_id: str) -> list[PlanRecord]:
        with self._reading() as session:
            rows = session.scalars(
                select(PlanRow)
                .where(PlanRow.user_id == user_id)
                .order_by(PlanRow.created_at, PlanRow.id)
            )
            return [_from_row(PlanRecord, row) for row in rows]

    # -- guided sessions --------------------------------------------------------------------

    def add_session(self, record: SessionRecord) -> SessionRecord:
        return self._insert(record, "session")

    def get_session(self, user_id: str, session_id: str) -> SessionRecord | None:
        if not _storable_id(session_id):
            return None
        with self._reading() as session:
            row = session.get(SessionRow, (user_id, session_id))
            return _from_row(SessionRecord, row) if row is not None else None

    def list_sessions(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[SessionRecord]:
        """Sessions started between `start` and `end` (inclusive days, UTC)."""
        query = select(SessionRow).where(SessionRow.user_id == user_id)
        if start is not None:
            query = query.where(SessionRow.started_at >= _day_start(start))
        if end is not None and end < date.max:  # no day after 9999-12-31 to stop before
            query = query.where(SessionRow.started_at < _day_start(end + timedelta(days=1)))
        with self._reading() as session:
            rows = session.scalars(query.order_by(SessionRow.started_at, SessionRow.id))
            return [_from_row(SessionRecord, row) for row in rows]

    # -- pain diary -------------------------------------------------------------------------

    def add_diary(self, entry: DiaryEntry) -> DiaryEntry:
        return self._insert(entry, "diary entry")

    def get_diary(self, user_id: str, entry_id: str) -> DiaryEntry | None:
        if not _storable_id(entry_id):
            return None
        with self._reading() as session:
            row = session.get(DiaryEntryRow, (user_id, entry_id))
            return _from_row(DiaryEntry, row) if row is not None else None

    def update_diary(self, entry: DiaryEntry) -> DiaryEntry | None:
        """Saves new values for an existing entry of `entry.user_id`; None when there is no
        such entry. `created_at` stays as first saved."""
        if not _storable_id(entry.id):
            return None
        with self._writing() as session:
            row = session.get(DiaryEntryRow, (entry.user_id, entry.id))
            if row is None:
                return None
            fresh = _to_row(entry)
            for field in ("date", "pain", "regions", "note", "updated_at"):
                setattr(row, field, getattr(fresh, field))
            session.flush()
            return _from_row(DiaryEntry, row)

    def delete_diary(self, user_id: str, entry_id: str) -> bool:
        if not _storable_id(entry_id):
            return False
        with self._writing() as session:
            row = session.get(DiaryEntryRow, (user_id, entry_id))
            if row is None:
                return False
            session.delete(row)
            return True

    def list_diary(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[DiaryEntry]:
        """Entries dated from `start` to `end`, both included."""
        query = select(DiaryEntryRow).where(DiaryEntryRow.user_id == user_id)
        if start is not None:
            query = query.where(DiaryEntryRow.date >= start)
        if end is not None:
            query = query.where(DiaryEntryRow.date <= end)
        order = (DiaryEntryRow.date, DiaryEntryRow.created_at, DiaryEntryRow.id)
        with self._reading() as session:
            return [_from_row(DiaryEntry, row) for row in session.scalars(query.order_by(*order))]

    # -- break reminders --------------------------------------------------------------------

    def add_reminder_event(self, event: ReminderEvent) -> ReminderEvent:
        return self._insert(event, "reminder event")

    def list_reminder_events(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[ReminderEvent]:
        """Events from `start` to `end` (inclusive days, UTC)."""
        query = select(ReminderEventRow).where(ReminderEventRow.user_id == user_id)
        if start is not None:
            query = query.where(ReminderEventRow.at >= _day_start(start))
        if end is not None and end < date.max:  # no day after 9999-12-31 to stop before
            query = query.where(ReminderEventRow.at < _day_start(end + timedelta(days=1)))
        with self._reading() as session:
            rows = session.scalars(query.order_by(ReminderEventRow.at, ReminderEventRow.id))
            return [_from_row(ReminderEvent, row) for row in rows]

    # -- import -----------------------------------------------------------------------------

    def import_records(self, user_id: str, records: Sequence[Record]) -> dict[str, int]:
        """Saves `records` for `user_id` in one transaction, skipping ids the user already
        has, so importing the same records twice adds nothing. Returns how many of each
        table were added."""
        for _attempt in range(_IMPORT_ATTEMPTS - 1):
            try:
                return self._import_once(user_id, records)
            except IntegrityError:
                # PostgreSQL: the same document, imported at the same moment by another
                # request, saved some ids first. Again, and those are skipped like any other.
                continue
        return self._import_once(user_id, records)

    def _import_once(self, user_id: str, records: Sequence[Record]) -> dict[str, int]:
        added: dict[str, int] = {}
        with self._writing() as session:
            if session.get(UserRow, user_id) is None:
                raise Conflict("user", f"no user {user_id}")
            for record_class, row_class in ROW_FOR.items():
                batch = {_id(r): r for r in records if type(r) is record_class}
                if not batch:
                    continue
                # One query per chunk of ids instead of one per record.
                wanted = list(batch)
                for start in range(0, len(wanted), _ID_CHUNK):
                    chunk = wanted[start : start + _ID_CHUNK]
                    for saved in session.scalars(
                        select(row_class.id).where(
                            row_class.user_id == user_id,
                            row_class.id.in_(chunk),
                        )
                    ):
                        batch.pop(saved, None)
                session.add_all(
                    _to_row(r.model_copy(update={"user_id": user_id})) for r in batch.values()
                )
                if batch:
                    added[row_class.__tablename__] = len(batch)
                # Flush table by table, so a failure names the table it happened in.
                session.flush()
        return added

    # -- sign-in sessions and throttling (AuthStore) ----------------------------------------

    def create_auth_session(self, user_id: str, kind: AuthKind, ttl_s: int) -> str:
        """A new random token for `user_id`, valid `ttl_s` seconds. Only its SHA-256 is
        stored. Expired sessions of the same user are cleared on the way."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._writing() as session:
            session.execute(
                delete(AuthSessionRow).where(
                    AuthSessionRow.user_id == user_id, AuthSessionRow.expires_at <= now
                )
            )
            session.add(
                AuthSessionRow(
                    token_hash=_token_hash(token),
                    user_id=user_id,
                    kind=kind,
                    created_at=now,
                    expires_at=now + timedelta(seconds=ttl_s),
                )
            )
        return token

    def user_for_session(self, token: str, kind: AuthKind) -> User | None:
        """The user a live token of this kind belongs to; None if unknown or expired."""
        params = {"token_hash": _token_hash(token), "kind": kind, "now": self._clock()}
        with self._reading_core() as connection:
            row = connection.execute(_USER_FOR_SESSION, params).first()
        return User.model_validate(row._asdict()) if row is not None else None

    def delete_auth_session(self, token: str) -> None:
        with self._writing() as session:
            session.execute(
                delete(AuthSessionRow).where(AuthSessionRow.token_hash == _token_hash(token))
            )

    def delete_user_sessions(self, user_id: str) -> None:
        with self._writing() as session:
            session.execute(delete(AuthSessionRow).where(AuthSessionRow.user_id == user_id))

    def record_login_failure(self, key: str, at: datetime) -> None:
        with self._writing() as session:
            session.add(LoginFailureRow(key=key, at=at))

    def count_login_failures(self, key: str, since: datetime) -> int:
        with self._reading() as session:
            count = session.scalar(
                select(func.count())
                .select_from(LoginFailureRow)
                .where(LoginFailureRow.key == key, LoginFailureRow.at >= since)
            )
            return int(count or 0)

    def clear_login_failures(self, key: str) -> None:
        with self._writing() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))

    def reserve_login_attempt(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> list[int] | None:
        """One sign-in try, counted before its password is checked: when every key has fewer
        than its limit of tries since `since`, a row is added under each and their ids are
        returned; otherwise None and nothing is added.

        Atomic on both databases: SQLite's write transaction (BEGIN IMMEDIATE) runs one at a
        time, and on PostgreSQL a transaction-scoped advisory lock per key (taken in sorted
        order, so two tries never wait on each other in a circle) makes the count and the
        insert one step. Rows older than `since` are purged on the way: they count for
        nothing, and no email is kept longer than the window.
        """
        keys = sorted({key for key, _limit in limits})
        with self._writing() as session:
            if session.get_bind().dialect.name == "postgresql":
                for key in keys:
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 15))"),
                        {"key": key},
                    )
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
            for key, limit in limits:
                used = session.scalar(
                    select(func.count())
                    .select_from(LoginFailureRow)
                    .where(LoginFailureRow.key == key, LoginFailureRow.at >= since)
                )
                if int(used or 0) >= limit:
                    return None
            rows = [LoginFailureRow(key=key, at=at) for key in keys]
            session.add_all(rows)
            session.flush()
            return [row.id for row in rows]

    def release_login_attempt(self, attempt_ids: Sequence[int], clear_key: str) -> None:
        """A try that succeeded: its rows go, and so do the earlier tries of `clear_key`."""
        with self._writing() as session:
            session.execute(
                delete(LoginFailureRow).where(
                    (LoginFailureRow.id.in_(list(attempt_ids))) | (LoginFailureRow.key == clear_key)
                )
            )

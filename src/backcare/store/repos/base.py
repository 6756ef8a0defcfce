"""What every part of the SQL repository shares: row <-> record translation, the prepared
Core statements of the hot path, and the one-transaction plumbing (`SqlBase`)."""

from __future__ import annotations

import hashlib
import sqlite3
import threading
import time as _time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from typing import Any, Literal, Self, TypeVar

from sqlalchemy import JSON, Connection, Engine, bindparam, insert, select
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
from backcare.store.checkpoint import Checkpointer
from backcare.store.engine import WRITE
from backcare.store.jsontext import NOT_JSON as _NOT_JSON
from backcare.store.tables import (
    AuthSessionRow,
    Base,
    DiaryEntryRow,
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
    select(*_USERS.c, _AUTH_SESSIONS.c.expires_at.label("session_expires_at"))
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


class SessionCache:
    """Sign-in sessions this process looked up in the last `ttl_s` seconds: token hash ->
    (user, kind, session expiry, until when the entry may be used).

    The web app asks for the user of a bearer token or session cookie on every request;
    asking the database each time was a seventh of a screening's POST (bench/bench_web.py).
    Every change this process makes to a session or a user (sign-out, sign-out everywhere,
    a password change, a deleted account) drops the entries it touches at once, and an entry
    never outlives its session's expiry (checked with the repository's clock on each use).
    Only a change made by another process (a second worker, the command line) can go unseen,
    for at most `ttl_s` seconds. A look-up that overlapped such a change made here keeps
    nothing (`generation`), so a sign-out is never undone by a read that began before it.
    """

    def __init__(self, ttl_s: float, limit: int = 10_000) -> None:
        self.ttl_s = ttl_s
        self.limit = limit
        self.ticker: Callable[[], float] = _time.monotonic
        self.generation = 0
        self._entries: dict[str, tuple[User, str, datetime, float]] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, token_hash: str, kind: str, now: datetime) -> User | None:
        entry = self._entries.get(token_hash)
        if entry is None:
            return None
        user, entry_kind, expires_at, until = entry
        if entry_kind != kind or expires_at <= now or self.ticker() >= until:
            return None
        return user

    def put(
        self, token_hash: str, kind: str, user: User, expires_at: datetime, generation: int
    ) -> None:
        with self._lock:
            if generation != self.generation:
                return  # something changed while the database was asked: keep nothing
            if len(self._entries) >= self.limit:
                self._entries.clear()
            self._entries[token_hash] = (user, kind, expires_at, self.ticker() + self.ttl_s)

    def forget_token(self, token_hash: str) -> None:
        with self._lock:
            self.generation += 1
            self._entries.pop(token_hash, None)

    def forget_user(self, user_id: str) -> None:
        with self._lock:
            self.generation += 1
            for key in [k for k, entry in self._entries.items() if entry[0].id == user_id]:
                del self._entries[key]


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


class SqlBase:
    """The engine, the clock and the transaction helpers every repository part uses.

    `clock` gives the wall-clock time for sign-in session expiry (tests pass a fake).
    """

    def __init__(
        self,
        engine: Engine,
        clock: Callable[[], datetime] = _utc_now,
        session_cache_s: float = 0.0,
    ) -> None:
        self.engine = engine
        self._clock = clock
        self._sqlite = engine.dialect.name == "sqlite"
        # Off unless asked for (the web app's runtime): see `SessionCache`.
        self.session_cache = SessionCache(session_cache_s) if session_cache_s > 0 else None
        self.checkpointer: Checkpointer | None = None  # open_repository's, when asked for

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        if self.checkpointer is not None:
            self.checkpointer.stop()
            self.checkpointer = None
        self.engine.dispose()

    def __enter__(self) -> Self:
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
        if self._sqlite:
            return self._insert_sqlite(record, what)
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

    def _insert_sqlite(self, record: R, what: str) -> R:
        """`_insert` on SQLite: the INSERT SQLAlchemy would send, with the values its column
        types would bind, run on the driver's connection in one write transaction.

        Half the time of a saved screening went to SQLAlchemy's statement layer (events,
        execution context, result object) around a statement that is always the same; on
        SQLite, a function call into a local file, that layer is most of the work. The row
        is the one the ORM writes (tests/store/test_quick_insert.py compares them).
        """
        (outcome,) = self._insert_sqlite_each([record], what)
        if outcome is not None:
            raise outcome
        return record

    def add_each(
        self,
        records: Sequence[Record],
        what: str = "record",
        texts: Sequence[Mapping[str, str]] | None = None,
    ) -> list[Exception | None]:
        """Saves each record, all in one write transaction; per record, None when it was
        saved or the `Conflict` (id already saved, no such user) or `BadInput` that kept it
        out. One refused record never keeps the others out.

        On SQLite one commit for many records writes each shared page once, not once per
        record: the web app saves the screenings of requests that arrive together this way
        (`Runtime.save`). `texts`, one mapping per record, gives JSON columns already
        written by `store.jsontext.record_json` (the web app sends the same JSON back as
        its answer, so it is written once); SQLite stores them as given, PostgreSQL writes
        its own.
        """
        if not records:
            return []
        if self._sqlite:
            return self._insert_sqlite_each(records, what, texts)
        outcomes: list[Exception | None] = []
        for record in records:
            try:
                self._insert(record, what)
                outcomes.append(None)
            except (Conflict, BadInput) as exc:
                outcomes.append(exc)
        return outcomes

    def _insert_sqlite_each(
        self,
        records: Sequence[Record],
        what: str,
        texts: Sequence[Mapping[str, str]] | None = None,
    ) -> list[Exception | None]:
        """The records' INSERTs in one transaction. A refused INSERT (a constraint: the id
        saved already, no such user) undoes only itself and the others stand: SQLite's
        default conflict resolution, ABORT, backs out the failing statement and keeps the
        transaction (https://www.sqlite.org/lang_conflict.html), and each record is one
        statement, so no savepoint is needed around it."""
        rows = []
        for index, record in enumerate(records):
            sql, columns = _sqlite_insert(type(record), self.engine.dialect)
            values = record.__dict__  # its fields (read only): dict(record) took 3.7 us
            given = texts[index] if texts is not None else _NO_TEXTS
            params = [
                (given.get(key) or _json_text(record, key, values[key], process))
                if is_json
                else (process(values[key]) if process is not None else values[key])
                for key, process, is_json in columns
            ]
            rows.append((sql, params))
        outcomes: list[Exception | None] = []
        connection = self.engine.raw_connection()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute("BEGIN IMMEDIATE")  # the write lock up front, as WRITE does
                try:
                    for record, (sql, params) in zip(records, rows, strict=True):
                        outcomes.append(self._insert_row(cursor, record, what, sql, params))
                    cursor.execute("COMMIT")
                except BaseException:
                    cursor.execute("ROLLBACK")
                    raise
            finally:
                cursor.close()
        finally:
            connection.close()  # back to the pool
        return outcomes

    @staticmethod
    def _insert_row(
        cursor: Any, record: Record, what: str, sql: str, params: list[Any]
    ) -> Exception | None:
        try:
            cursor.execute(sql, params)
        except sqlite3.IntegrityError as exc:
            conflict = Conflict(
                "id", f"{what} {_id(record)} is already saved, or its user does not exist"
            )
            conflict.__cause__ = exc
            return conflict
        return None


_NO_TEXTS: Mapping[str, str] = {}


def _json_text(record: Record, key: str, value: Any, process: Callable[[Any], Any]) -> Any:
    """The text SQLAlchemy's JSON type would bind for `record.key`, as `_row_values` hands it
    over: the model's JSON form of the field. A value that is already plain JSON (the
    screening's answers and result are) is written as it is; anything else (a model, a date,
    a set, NaN) takes the model's JSON form first."""
    try:
        text = process(value)
    except (TypeError, ValueError):
        text = None
    if text is None or _NOT_JSON[0] in text or _NOT_JSON[1] in text:
        text = process(record.model_dump(mode="json", include={key})[key])
    return text


_SQLITE_INSERTS: dict[type[Record], tuple[str, tuple[tuple[str, Any, bool], ...]]] = {}


def _sqlite_insert(
    record_class: type[Record], dialect: Any
) -> tuple[str, tuple[tuple[str, Any, bool], ...]]:
    """The INSERT of `record_class` in SQLite's words and, per column, its bind processor and
    whether it is JSON; made once per record type."""
    found = _SQLITE_INSERTS.get(record_class)
    if found is None:
        table = _TABLES[ROW_FOR[record_class].__tablename__]
        fields = record_class.model_fields
        columns = tuple(
            (
                column.key,
                column.type.dialect_impl(dialect).bind_processor(dialect),
                isinstance(column.type, JSON),
            )
            for column in table.columns
            if column.key in fields
        )
        names = ", ".join(f'"{key}"' for key, _process, _json in columns)
        marks = ", ".join("?" for _ in columns)
        found = (f'INSERT INTO "{table.name}" ({names}) VALUES ({marks})', columns)
        _SQLITE_INSERTS[record_class] = found
    return found

"""SQLAlchemy 2 tables, kept apart from the domain records (`backcare.domain.records`).

Every record table is keyed by (user_id, id): an exported document can be imported into
another account on the same database without its ids clashing, and no query can reach a
record without naming its owner. Deleting a user cascades to everything they own.
"""

from __future__ import annotations

import datetime as dt
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so migrations can name what they alter (batch mode on SQLite
# needs a name for every constraint it recreates).
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

ID_LENGTH = 32  # UUID hex (domain/records.py new_id)


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every database.

    SQLite keeps no offset, so values are converted to UTC before they are written and marked
    UTC when read. A naive value is taken to be UTC already (records are made with UTC clocks).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {  # noqa: RUF012 (SQLAlchemy reads this class attribute)
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


def _owner() -> Mapped[str]:
    return mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    # Stored lower-cased, so sign-in does not depend on how the address was typed.
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime]


class AuthSessionRow(Base):
    """A signed-in browser or API client. Only the SHA-256 of the token is kept, so a copy
    of the database does not let anyone sign in."""

    __tablename__ = "auth_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(
        String(ID_LENGTH), ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class LoginFailureRow(Base):
    """One failed sign-in, keyed by whatever the web app throttles on (account, address)."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    key: Mapped[str] = mapped_column(String(400))
    at: Mapped[datetime]

    __table_args__ = (Index("ix_login_failures_key_at", "key", "at"),)


class ScreeningRow(Base):
    __tablename__ = "screenings"

    user_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created_at: Mapped[datetime]
    answers: Mapped[dict[str, Any]]
    result: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_screenings_user_id_created_at", "user_id", "created_at"),)


class PlanRow(Base):
    __tablename__ = "plans"

    user_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    created_at: Mapped[datetime]
    profile: Mapped[dict[str, Any]]
    plan: Mapped[dict[str, Any]]

    __table_args__ = (Index("ix_plans_user_id_created_at", "user_id", "created_at"),)


class SessionRow(Base):
    """A guided session. `plan_id` is not a foreign key: a session may follow a plan that was
    only ever written to a file (`backcare plan --profile FILE`)."""

    __tablename__ = "sessions"

    user_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    plan_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    day: Mapped[int]
    started_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]
    completed_steps: Mapped[int] = mapped_column(default=0)
    total_steps: Mapped[int | None]
    pain_before: Mapped[int | None]
    pain_after: Mapped[int | None]
    feedback: Mapped[list[Any]]
    completed: Mapped[bool] = mapped_column(Boolean, default=False)

    __table_args__ = (Index("ix_sessions_user_id_started_at", "user_id", "started_at"),)


class DiaryEntryRow(Base):
    __tablename__ = "diary_entries"

    user_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    # `dt.date`: the column is called `date`, which would shadow the type in this class.
    date: Mapped[dt.date] = mapped_column(Date)
    pain: Mapped[int]
    regions: Mapped[list[Any]]
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    __table_args__ = (Index("ix_diary_entries_user_id_date", "user_id", "date"),)


class ReminderEventRow(Base):
    __tablename__ = "reminder_events"

    user_id: Mapped[str] = _owner()
    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    exercise: Mapped[str | None] = mapped_column(String(100))

    __table_args__ = (Index("ix_reminder_events_user_id_at", "user_id", "at"),)

"""What backcare keeps for a person over weeks: screenings, plans, sessions, diary, breaks.

These are domain records, kept apart from the SQLAlchemy tables in `backcare.store`. Ids are
UUIDv7 hex (RFC 9562): 48 bits of the time they were made, so they sort in that order, then
a start drawn at random each millisecond and counted up within it (uuid-utils), so exported
records can be imported again without clashing. Ids made in the same millisecond are close
to one another: an id is a name, not a secret, and every read and write checks that the
record belongs to the signed-in user.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

import uuid_utils
from pydantic import BaseModel, ConfigDict, Field

from backcare.domain.types import Region

Effort = Literal["too_easy", "right", "too_hard"]


def new_id() -> str:
    """A new record id: time-ordered, so each table's primary-key index grows at its end.

    With random ids (uuid4) every INSERT landed on a random page of that index: a saved
    screening's INSERT took 21-26 us against 11-18 us time-ordered, from 0 to 100,000 rows
    (bench/bench_insert_growth.py), and POST /api/v1/screenings gained 8 % req/s in an
    interleaved A/B. The time in an id is no secret its owner does not see already:
    every record carries `created_at`.
    """
    return uuid_utils.uuid7().hex


class Record(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class User(Record):
    id: str = Field(default_factory=new_id)
    email: str
    password_hash: str = ""
    created_at: datetime


class ScreeningRecord(Record):
    id: str = Field(default_factory=new_id)
    user_id: str
    created_at: datetime
    answers: dict[str, Any]
    result: dict[str, Any]  # the screening.md result, as JSON


class PlanRecord(Record):
    id: str = Field(default_factory=new_id)
    user_id: str
    created_at: datetime
    profile: dict[str, Any]
    plan: dict[str, Any]  # the plan.md plan, as JSON


class ExerciseFeedback(Record):
    exercise: str
    pain: int | None = Field(default=None, ge=0, le=10)
    effort: Effort | None = None


class SessionRecord(Record):
    id: str = Field(default_factory=new_id)
    user_id: str
    plan_id: str | None = None
    day: int = Field(ge=1)
    started_at: datetime
    ended_at: datetime | None = None
    completed_steps: int = Field(default=0, ge=0)
    total_steps: int | None = Field(default=None, ge=0)
    pain_before: int | None = Field(default=None, ge=0, le=10)
    pain_after: int | None = Field(default=None, ge=0, le=10)
    feedback: tuple[ExerciseFeedback, ...] = ()
    completed: bool = False


class DiaryEntry(Record):
    id: str = Field(default_factory=new_id)
    user_id: str
    date: date
    pain: int = Field(ge=0, le=10)
    regions: tuple[Region, ...] = ()
    note: str = Field(default="", max_length=2000)
    created_at: datetime
    updated_at: datetime


class ReminderEvent(Record):
    id: str = Field(default_factory=new_id)
    user_id: str
    at: datetime
    kind: Literal["micro", "long"]
    action: Literal["shown", "done", "snoozed", "skipped"]
    exercise: str | None = None

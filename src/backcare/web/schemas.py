"""Request and response shapes of the JSON API (api.md), for validation and /openapi.json.

Screening answers and plan profiles are validated by `services/` (the CLI's rules, the same
words); their JSON schemas are only published here.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from backcare.domain.records import Effort
from backcare.domain.types import Region
from backcare.limits import ID_MAX, ID_PATTERN

# Published in the schema, checked by `services.accounts` (so its words are the ones shown).
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s.]+$"
# An exercise id as the content library spells them.
EXERCISE_PATTERN = r"^[A-Za-z0-9_.-]+$"


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class UserIn(_In):
    email: str = Field(
        max_length=320,
        examples=["ada@example.org"],
        json_schema_extra={"pattern": EMAIL_PATTERN, "maxLength": 254},
    )
    password: str = Field(
        max_length=1024,
        description="at least 10 characters, and not a common or easily guessed password",
        json_schema_extra={"minLength": 10},
    )


class UserOut(BaseModel):
    id: str
    email: str


class TokenOut(BaseModel):
    access_token: str
    token_type: Literal["bearer"] = "bearer"


class ErrorItem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str


class ErrorOut(BaseModel):
    detail: list[ErrorItem] | str


class RefusedOut(BaseModel):
    detail: str
    reasons: list[str]


class FeedbackIn(_In):
    exercise: str = Field(min_length=1, max_length=100, pattern=EXERCISE_PATTERN)
    pain: int | None = Field(default=None, ge=0, le=10)
    effort: Effort | None = None


class SessionIn(_In):
    plan_id: str | None = Field(default=None, max_length=ID_MAX, pattern=ID_PATTERN)
    day: int = Field(ge=1, le=7)
    started_at: datetime
    ended_at: datetime | None = None
    completed_steps: int = Field(default=0, ge=0, le=100_000)
    total_steps: int | None = Field(default=None, ge=0, le=100_000)
    pain_before: int | None = Field(default=None, ge=0, le=10)
    pain_after: int | None = Field(default=None, ge=0, le=10)
    completed: bool | None = None
    feedback: list[FeedbackIn] = Field(default_factory=list, max_length=200)


class SessionOut(BaseModel):
    id: str
    plan_id: str | None
    day: int
    started_at: datetime
    ended_at: datetime | None
    completed_steps: int
    total_steps: int | None
    pain_before: int | None
    pain_after: int | None
    completed: bool
    feedback: list[dict[str, Any]]


class DiaryIn(_In):
    date: date
    pain: int = Field(ge=0, le=10)
    regions: list[Region] = Field(default_factory=list)
    note: str = Field(default="", max_length=2000)


class DiaryOut(BaseModel):
    id: str
    date: date
    pain: int
    regions: list[Region]
    note: str
    created_at: datetime
    updated_at: datetime


class ImportOut(BaseModel):
    added: dict[str, int]
    skipped: dict[str, int]


class HealthOut(BaseModel):
    status: Literal["ok"]

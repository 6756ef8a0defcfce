"""A person's exercise profile (plan.md "Profile"): what to work on, with what, for how long.

It is the one input of the plan generator. Unknown keys are refused rather than ignored, so a
misspelt `minuts` is reported instead of silently falling back to the default.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from backcare.domain.types import Equipment, Level, ProfileCondition, Region


def _screening_as_dict(value: Any) -> Any:
    """Accept the screening result model as well as its JSON form; the plan reads the JSON."""
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    return value


def _unique(values: list[Any]) -> list[Any]:
    """Keep the first of each, so ["neck", "neck"] means the same as ["neck"]."""
    return list(dict.fromkeys(values))


def _default_regions() -> list[Region]:
    return ["low_back"]


def _default_equipment() -> list[Equipment]:
    return ["mat", "wall", "chair"]


class Profile(BaseModel):
    """plan.md's profile, with its defaults."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    regions: list[Region] = Field(default_factory=_default_regions, min_length=1)
    equipment: list[Equipment] = Field(default_factory=_default_equipment)
    minutes: int = Field(default=20, ge=5, le=90)
    days_per_week: int = Field(default=3, ge=1, le=7)
    level: Level = "beginner"
    conditions: list[ProfileCondition] = Field(default_factory=list)
    screening: Annotated[dict[str, Any] | None, BeforeValidator(_screening_as_dict)] = None
    seed: int | None = None

    @field_validator("regions", "equipment", "conditions")
    @classmethod
    def _dedupe(cls, values: list[Any]) -> list[Any]:
        return _unique(values)

    @field_validator("minutes", "days_per_week", "seed", mode="before")
    @classmethod
    def _whole_number(cls, value: Any) -> Any:
        """`true` is not 1, "20" is text and 20.5 minutes is not 20: refuse, never coerce."""
        if isinstance(value, bool | str) or (isinstance(value, float) and not value.is_integer()):
            raise ValueError("must be a whole number")
        return value

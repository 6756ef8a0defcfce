"""A graded walking programme, added to every plan as the key `walking` (plan.md lets the
project add keys; its block kinds stay circuit, sets, warmup and cooldown).

The rules are content (content/walking.yaml, with their sources): how many walks a week, the
first week's minutes, the weekly step and the target. Walking is paced by the person, not by
the session player, so it is a week-by-week table rather than a timed block.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.types import LocalizedText


class WalkingRules(BaseModel):
    """content/walking.yaml: the progression and what to tell the person."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    walks_per_week: int = Field(ge=1, le=7)
    start_minutes: int = Field(ge=1, le=60)
    gentle_start_minutes: int = Field(ge=1, le=60)  # when the plan starts gently
    step_minutes: int = Field(ge=1, le=30)  # added each week
    target_minutes: int = Field(ge=5, le=90)
    how: LocalizedText  # how to walk and when to hold back, in plain words
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _reaches_the_target(self) -> WalkingRules:
        for start in (self.start_minutes, self.gentle_start_minutes):
            if start > self.target_minutes:
                raise ValueError(f"a start of {start} min is above the target")
        return self


class WalkingWeek(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)

    week: int = Field(ge=1)
    walks: int = Field(ge=1)
    minutes: int = Field(ge=1)  # each walk


class WalkingPlan(BaseModel):
    """The plan's `walking` key: one row a week, up to and including the target week."""

    model_config = ConfigDict(extra="forbid", defer_build=True)

    weeks: list[WalkingWeek] = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)


def walking_plan(rules: WalkingRules, gentle: bool = False) -> WalkingPlan:
    """Weekly walks from the start (gentler when the plan is) up by a step to the target."""
    minutes = rules.gentle_start_minutes if gentle else rules.start_minutes
    weeks: list[WalkingWeek] = []
    while True:
        shown = min(minutes, rules.target_minutes)
        weeks.append(WalkingWeek(week=len(weeks) + 1, walks=rules.walks_per_week, minutes=shown))
        if shown >= rules.target_minutes:
            return WalkingPlan(weeks=weeks, sources=list(rules.sources))
        minutes += rules.step_minutes

"""The weekly exercise plan (plan.md "Plan"): days made of warm-up, circuit, sets and cool-down
blocks, what was left out and why, and how feedback changed the doses.

The models validate the article's dosing rules (content.md 4a: 30 s work, 10 s rest, 5–7
exercises, 3–5 rounds), so a plan read back from a file cannot break them either. They sit
below the generator (`planner`, `plan_choice`, `timeline` import them); `backcare.domain.plans`
is the public face that adds `generate_plan`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.plan_notes import PlanNote
from backcare.domain.walking import WalkingPlan

PLAN_SCHEMA_VERSION = 1

# The article's circuit (content.md 4a; source id `article`).
CIRCUIT_WORK_S = 30
CIRCUIT_REST_S = 10
CIRCUIT_EXERCISES = (5, 7)
CIRCUIT_ROUNDS = (3, 5)
# Time to get into position before a block starts (a project choice, long enough to read the
# next exercise's first step).
PREPARE_S = 10
# Warm-up and cool-down: a short breather between rounds (a project choice).
OPENER_ROUND_REST_S = 15


class PlanRefused(Exception):  # noqa: N818 - the public name (plan.md)
    """No plan: the screening says exercise is not safe now. Adapters show `reasons`
    (the CLI exits with status 3, the API answers 409)."""

    def __init__(self, reasons: Sequence[str]) -> None:
        self.reasons = list(reasons) or ["exercise is not advised until a clinician clears it"]
        super().__init__("; ".join(self.reasons))


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class CircuitBlock(_Model):
    """Timed stations, all exercises once per round (content.md 4a)."""

    kind: Literal["circuit"] = "circuit"
    work_s: int = Field(default=CIRCUIT_WORK_S, ge=5, le=120)
    rest_s: int = Field(default=CIRCUIT_REST_S, ge=0, le=120)
    rounds: int = Field(ge=CIRCUIT_ROUNDS[0], le=CIRCUIT_ROUNDS[1])
    round_rest_s: int = Field(default=60, ge=0, le=300)
    exercises: list[str] = Field(min_length=CIRCUIT_EXERCISES[0], max_length=CIRCUIT_EXERCISES[1])
    prepare_s: int = Field(default=PREPARE_S, ge=0, le=120)  # getting ready before the block

    @model_validator(mode="after")
    def _article_dosing(self) -> CircuitBlock:
        # content.md 4a: "each exercise 30 s, rest 10 s" - levels change rounds and exercises.
        if (self.work_s, self.rest_s) != (CIRCUIT_WORK_S, CIRCUIT_REST_S):
            raise ValueError(f"a circuit works {CIRCUIT_WORK_S} s and rests {CIRCUIT_REST_S} s")
        return self


class _GentleCircuit(_Model):
    """Warm-up and cool-down: a circuit's shape with its own gentle dosing."""

    work_s: int = Field(default=30, ge=5, le=120)
    rest_s: int = Field(default=5, ge=0, le=120)
    rounds: int = Field(default=1, ge=1, le=3)
    round_rest_s: int = Field(default=OPENER_ROUND_REST_S, ge=0, le=300)
    exercises: list[str] = Field(min_length=1, max_length=8)
    prepare_s: int = Field(default=PREPARE_S, ge=0, le=120)


class WarmupBlock(_GentleCircuit):
    kind: Literal["warmup"] = "warmup"


class CooldownBlock(_GentleCircuit):
    kind: Literal["cooldown"] = "cooldown"


class SetsBlock(_Model):
    """Sets × reps of one exercise, at a stated pace with a hold at the end of each rep
    (content.md 4b). `pace_s` and `per_side` let the timeline say how long a set takes."""

    kind: Literal["sets"] = "sets"
    exercise: str
    sets: int = Field(ge=1, le=10)
    reps: int = Field(ge=1, le=50)
    hold_s: int = Field(default=0, ge=0, le=120)
    rest_s: int = Field(default=30, ge=0, le=300)
    pace_s: float = Field(default=3.0, gt=0, le=30)
    per_side: bool = False
    prepare_s: int = Field(default=PREPARE_S, ge=0, le=120)


Block = Annotated[
    CircuitBlock | SetsBlock | WarmupBlock | CooldownBlock, Field(discriminator="kind")
]


def block_exercises(block: CircuitBlock | SetsBlock | WarmupBlock | CooldownBlock) -> list[str]:
    """Every exercise id a block uses, in order."""
    return [block.exercise] if isinstance(block, SetsBlock) else list(block.exercises)


class PlanDay(_Model):
    day: int = Field(ge=1)
    title: str
    routine: str = ""  # which routine the day is built around (back_core_hip_circuit, ...)
    minutes: float = Field(ge=0)  # what the day's timeline really takes: total_s / 60
    blocks: list[Block] = Field(min_length=1)

    def exercises(self) -> list[str]:
        return [ex for block in self.blocks for ex in block_exercises(block)]


class Exclusion(_Model):
    """An exercise left out for a condition or a screening finding, and why."""

    exercise: str
    reasons: list[str] = Field(min_length=1)


class PlanChange(_Model):
    """One change that session feedback made, explained in plain words."""

    exercise: str  # the exercise the feedback was about
    direction: Literal["progress", "regress", "swap"]
    before: str  # "3 × 8" or an exercise name
    after: str
    because: str
    text: str  # "wall angel: 3 × 8 → 3 × 10 because it felt easy twice"
    # added key: `text` as a message id with its numbers and exercise ids (plan_notes.py), for
    # the adapters to say in the person's language; a plan saved before it has none
    note: PlanNote | None = None


class Plan(_Model):
    """plan.md's plan JSON is `model_dump(mode="json")`; the project adds keys, never renames."""

    schema_version: int = PLAN_SCHEMA_VERSION
    days: list[PlanDay]
    excluded: list[Exclusion] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
    # added key: the planner's own warnings as message ids and numbers, for the adapters to
    # say in the person's language (plan_notes.py); `warnings` keeps the English sentences
    notes: list[PlanNote] = Field(default_factory=list)
    changes: list[PlanChange] = Field(default_factory=list)
    emphasis: list[str] = Field(default_factory=list)  # e.g. extension, thoracic_mobility
    gentle: bool = False  # dosing lowered for high risk or high pain
    walking: WalkingPlan | None = None  # added key: graded walking, week by week (walking.py)
    id: str | None = None  # set once the plan is saved, so sessions can refer to it

    def day(self, number: int) -> PlanDay:
        for plan_day in self.days:
            if plan_day.day == number:
                return plan_day
        raise KeyError(f"the plan has no day {number} (days 1-{len(self.days)})")

    def exercise_ids(self) -> set[str]:
        return {ex for plan_day in self.days for ex in plan_day.exercises()}

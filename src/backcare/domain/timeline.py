"""One plan day as a list of timed steps (plan.md "Session timeline").

The timeline is the single source of a day's length: the generator asks it how long a block
takes, so a day's `minutes` is exactly `total_s / 60` and the player walks the same steps the
plan was sized with.
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.library import Library
from backcare.domain.plan_model import PREPARE_S as _PREPARE_S
from backcare.domain.plan_model import (
    Block,
    CircuitBlock,
    CooldownBlock,
    Plan,
    PlanDay,
    SetsBlock,
    WarmupBlock,
)

Phase = Literal["prepare", "work", "hold", "rest", "round_rest", "set_rest", "done"]
PHASES: tuple[Phase, ...] = ("prepare", "work", "hold", "rest", "round_rest", "set_rest", "done")
# Re-exported: the getting-ready time lives with the block models, which carry it per block.
PREPARE_S = _PREPARE_S
BlockKind = Literal["warmup", "circuit", "sets", "cooldown"]


class Step(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    t: int = Field(ge=0)
    phase: Phase
    duration_s: int = Field(ge=0)
    exercise: str | None  # for rests: the exercise that comes next
    round: int = Field(ge=1)  # the round of a circuit, or the set of a sets block
    # Added keys (plan.md allows additions): which block, of what kind, out of how many.
    block: int = Field(default=0, ge=0)
    kind: BlockKind | None = None
    rounds: int = Field(default=1, ge=1)  # rounds (or sets) in this block
    reps: int | None = None  # reps in a sets block's work step

    @property
    def end(self) -> int:
        return self.t + self.duration_s


class Timeline(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    day: int = Field(ge=1)
    title: str = ""
    total_s: int = Field(ge=0)
    steps: list[Step] = Field(min_length=1)

    @model_validator(mode="after")
    def _contiguous(self) -> Timeline:
        t = 0
        for index, step in enumerate(self.steps):
            if step.t != t:
                raise ValueError(f"step {index} starts at {step.t}, expected {t}")
            t = step.end
        if t != self.total_s:
            raise ValueError(f"total_s {self.total_s} is not the last step's end {t}")
        return self

    @property
    def minutes(self) -> float:
        return self.total_s / 60


# (phase, duration_s, exercise, round, reps) before times are laid out.
_Raw = tuple[Phase, int, str | None, int, int | None]


def set_seconds(block: SetsBlock) -> int:
    """One set: every rep at the block's pace plus its hold, both sides when per side."""
    sides = 2 if block.per_side else 1
    return math.ceil(block.reps * (block.pace_s + block.hold_s) * sides)


def _circuit_steps(block: CircuitBlock | WarmupBlock | CooldownBlock) -> list[_Raw]:
    names = block.exercises
    raw: list[_Raw] = [("prepare", block.prepare_s, names[0], 1, None)]
    for rnd in range(1, block.rounds + 1):
        for index, name in enumerate(names):
            raw.append(("work", block.work_s, name, rnd, None))
            if index < len(names) - 1 and block.rest_s > 0:
                raw.append(("rest", block.rest_s, names[index + 1], rnd, None))
        if rnd < block.rounds and block.round_rest_s > 0:
            raw.append(("round_rest", block.round_rest_s, names[0], rnd + 1, None))
    return raw


def _sets_steps(block: SetsBlock) -> list[_Raw]:
    raw: list[_Raw] = [("prepare", block.prepare_s, block.exercise, 1, None)]
    work = set_seconds(block)
    for number in range(1, block.sets + 1):
        raw.append(("work", work, block.exercise, number, block.reps))
        if number < block.sets and block.rest_s > 0:
            raw.append(("set_rest", block.rest_s, block.exercise, number + 1, None))
    return raw


def block_steps(block: Block) -> list[_Raw]:
    if isinstance(block, SetsBlock):
        return _sets_steps(block)
    return _circuit_steps(block)


def block_seconds(block: Block) -> int:
    """How long a block takes, preparation included; what the generator sizes days with.

    The sum of `block_steps` durations in closed form (the generator asks thousands of times
    per plan); the timeline tests check that both agree for any block.
    """
    if isinstance(block, SetsBlock):
        return block.prepare_s + block.sets * set_seconds(block) + (block.sets - 1) * block.rest_s
    n, rounds = len(block.exercises), block.rounds
    return (
        block.prepare_s
        + rounds * n * block.work_s
        + rounds * (n - 1) * block.rest_s
        + (rounds - 1) * block.round_rest_s
    )


def day_seconds(blocks: list[Block]) -> int:
    return sum(block_seconds(block) for block in blocks)


def day_timeline(plan_day: PlanDay) -> Timeline:
    """Lays a day's blocks out end to end, closing with a `done` step."""
    steps: list[Step] = []
    t = 0
    last_round = 1
    for index, block in enumerate(plan_day.blocks):
        rounds = block.sets if isinstance(block, SetsBlock) else block.rounds
        for phase, duration, exercise, rnd, reps in block_steps(block):
            steps.append(
                Step(
                    t=t,
                    phase=phase,
                    duration_s=duration,
                    exercise=exercise,
                    round=rnd,
                    block=index,
                    kind=block.kind,
                    rounds=rounds,
                    reps=reps,
                )
            )
            t += duration
            last_round = rnd
    steps.append(Step(t=t, phase="done", duration_s=0, exercise=None, round=last_round))
    return Timeline(day=plan_day.day, title=plan_day.title, total_s=t, steps=steps)


def build_timeline(plan: Plan, day: int, library: Library) -> Timeline:
    """The timeline of `day`; every exercise must exist in `library` (KeyError otherwise)."""
    plan_day = plan.day(day)
    for exercise in plan_day.exercises():
        library.exercise(exercise)
    return day_timeline(plan_day)

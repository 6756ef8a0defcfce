"""What a person's plans say about progress: sessions asked for each week, the plan in force
on a day, and which exercises were made harder or easier from one plan to the next.

Pure functions over PlanRecords (plan.md's plan JSON, read defensively: a plan saved by an
older version may lack a key), used by `backcare.domain.progress`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from itertools import pairwise
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from backcare.domain.library import Library
from backcare.domain.records import PlanRecord


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


def as_number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def sessions_per_week(plan: PlanRecord) -> int:
    """How many sessions a plan asks for each week: the profile's `days_per_week`, else one
    per plan day (plan.md)."""
    wanted = plan.profile.get("days_per_week")
    if isinstance(wanted, int) and not isinstance(wanted, bool) and 0 <= wanted <= 7:
        return wanted
    days = plan.plan.get("days")
    return min(len(days), 7) if isinstance(days, list) else 0


def plan_in_force(plans: Sequence[PlanRecord], day: date) -> PlanRecord | None:
    """The newest plan made on or before `day`."""
    current: PlanRecord | None = None
    for plan in sorted(plans, key=lambda p: p.created_at):
        if plan.created_at.date() <= day:
            current = plan
    return current


# --- Exercise progressions and regressions ---------------------------------------------------


class ExerciseChange(Frozen):
    """An exercise made harder or easier between two plans, by a swap to its progression or
    regression (Exercise.progression / .regression) or by a bigger or smaller dose."""

    at: datetime  # when the newer plan was made
    exercise: str
    kind: Literal["progressed", "regressed"]
    how: Literal["swapped", "dose"]
    replaced_by: str | None = None  # for a swap
    before: str | None = None  # for a dose: e.g. "3 × 8"
    after: str | None = None


def _plan_exercises(plan: Mapping[str, Any]) -> tuple[set[str], dict[str, tuple[int, int, int]]]:
    """Every exercise a plan names, and the dose of each one in a sets block."""
    names: set[str] = set()
    doses: dict[str, tuple[int, int, int]] = {}
    days = plan.get("days")
    for day in days if isinstance(days, list) else []:
        blocks = day.get("blocks") if isinstance(day, dict) else None
        for block in blocks if isinstance(blocks, list) else []:
            if not isinstance(block, dict) or block.get("kind") in {"warmup", "cooldown"}:
                continue
            listed = block.get("exercises")
            if isinstance(listed, list):
                names.update(x for x in listed if isinstance(x, str))
            one = block.get("exercise")
            if isinstance(one, str):
                names.add(one)
                sets, reps, hold = (block.get(k) for k in ("sets", "reps", "hold_s"))
                if isinstance(sets, int) and isinstance(reps, int):
                    dose = (sets, reps, hold if isinstance(hold, int) else 0)
                    doses[one] = max(doses.get(one, dose), dose)
    return names, doses


def _dose_text(dose: tuple[int, int, int]) -> str:
    sets, reps, hold = dose
    return f"{sets} × {reps}" + (f", hold {hold} s" if hold else "")


def exercise_changes(plans: Sequence[PlanRecord], library: Library | None) -> list[ExerciseChange]:
    """What moved up or down from each plan to the next, oldest first."""
    changes: list[ExerciseChange] = []
    ordered = sorted(plans, key=lambda p: p.created_at)
    exercises = library.exercises if library is not None else {}
    for older, newer in pairwise(ordered):
        old_names, old_doses = _plan_exercises(older.plan)
        new_names, new_doses = _plan_exercises(newer.plan)
        for name in sorted(old_names - new_names):
            exercise = exercises.get(name)
            harder = exercise.progression if exercise else None
            easier = exercise.regression if exercise else None
            # The link may be written on either side: A.progression = B or B.regression = A.
            for other in sorted(new_names - old_names):
                linked = exercises.get(other)
                if harder is None and linked is not None and linked.regression == name:
                    harder = other
                if easier is None and linked is not None and linked.progression == name:
                    easier = other
            moves: tuple[tuple[str | None, Literal["progressed", "regressed"]], ...] = (
                (harder, "progressed"),
                (easier, "regressed"),
            )
            for target, kind in moves:
                if target is not None and target in new_names and target not in old_names:
                    changes.append(
                        ExerciseChange(
                            at=newer.created_at,
                            exercise=name,
                            kind=kind,
                            how="swapped",
                            replaced_by=target,
                        )
                    )
                    break
        for name in sorted(set(old_doses) & set(new_doses)):
            before, after = old_doses[name], new_doses[name]
            volume_before = before[0] * before[1] * (1 + before[2])
            volume_after = after[0] * after[1] * (1 + after[2])
            if volume_after == volume_before:
                continue
            changes.append(
                ExerciseChange(
                    at=newer.created_at,
                    exercise=name,
                    kind="progressed" if volume_after > volume_before else "regressed",
                    how="dose",
                    before=_dose_text(before),
                    after=_dose_text(after),
                )
            )
    return changes


class PlanSummary(Frozen):
    at: datetime
    days_per_week: int
    minutes: float | None = None
    level: str | None = None
    regions: tuple[str, ...] = ()
    exercises: tuple[str, ...] = ()


def plan_summary(plans: Sequence[PlanRecord]) -> PlanSummary | None:
    if not plans:
        return None
    latest = max(plans, key=lambda p: p.created_at)
    names, _ = _plan_exercises(latest.plan)
    profile = latest.profile
    minutes = as_number(profile.get("minutes"))
    regions = profile.get("regions")
    level = profile.get("level")
    return PlanSummary(
        at=latest.created_at,
        days_per_week=sessions_per_week(latest),
        minutes=minutes,
        level=level if isinstance(level, str) else None,
        regions=tuple(r for r in regions if isinstance(r, str))
        if isinstance(regions, list)
        else (),
        exercises=tuple(sorted(names)),
    )

"""Which exercises a plan may use, in which order, at which dose.

The pools per routine (what fits the person's equipment and regions, safety exclusions already
applied), shuffled by the profile's seed so the same seed gives the same plan, and each
exercise moved along its dose ladder by feedback (`progression`): past either end it is
swapped for its easier or harder version, with the change explained in plain words.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from backcare.domain.library import Exercise, Library
from backcare.domain.plan_model import PlanChange, SetsBlock
from backcare.domain.plan_notes import CHANGE_DOSE, CHANGE_DROPPED, CHANGE_SWAP, PlanNote
from backcare.domain.profile import Profile
from backcare.domain.progression import (
    Dose,
    ExerciseTrend,
    Progression,
    format_dose,
    ladder,
    ladder_index,
    level_dose,
)
from backcare.domain.types import LEVELS

BACK_CIRCUIT = "back_core_hip_circuit"
CORE_CIRCUIT = "core_six"
NECK_SHOULDER = "neck_shoulder"


@dataclass
class Context:
    """One plan being built: who it is for, what may be used, and what feedback changed
    (`changes`, `doses` and `replaced` fill in as exercises are resolved)."""

    profile: Profile
    library: Library
    eligible: dict[str, Exercise]
    gentle: bool
    emphasis: bool
    progression: Progression
    rng: random.Random
    includes: list[str] = field(default_factory=list)  # in every cool-down (safety rules)
    changes: dict[str, PlanChange] = field(default_factory=dict)
    doses: dict[str, Dose] = field(default_factory=dict)
    replaced: dict[str, str | None] = field(default_factory=dict)

    @property
    def budget_s(self) -> int:
        return self.profile.minutes * 60


def fits(exercise: Exercise, profile: Profile) -> bool:
    """The person has everything it needs, and it works one of their regions (plan.md)."""
    return set(exercise.equipment) <= set(profile.equipment) and bool(
        set(exercise.regions) & set(profile.regions)
    )


def emphasised(exercise: Exercise) -> bool:
    """Extension and thoracic (mid-back) mobility, favoured for inflammatory back pain."""
    return "spinal_extension" in exercise.safety_tags or "mid_back" in exercise.regions


# --- Pools -----------------------------------------------------------------------------------


@dataclass
class Pools:
    circuits: dict[str, list[Exercise]]  # day kind → exercises, own routine first
    own: dict[str, int]  # how many of a circuit pool come from the day's own routine
    sets: list[Exercise]  # neck and shoulder routine
    extra_sets: list[Exercise]  # other sets-dosed exercises that fit
    warmup: list[Exercise]
    cooldown: list[Exercise]


def ordered(ctx: Context, exercises: list[Exercise]) -> list[Exercise]:
    """Shuffled by the profile's seed; a routine's own moves before stand-ins (`substitute`),
    and emphasised exercises first when there is an emphasis."""
    chosen = sorted(exercises, key=lambda ex: ex.id)
    ctx.rng.shuffle(chosen)
    chosen.sort(key=lambda ex: (ctx.emphasis and not emphasised(ex), ex.substitute))
    return chosen


def resolved(ctx: Context, exercises: list[Exercise], need: str) -> list[Exercise]:
    """Each exercise after feedback (maybe swapped), without duplicates."""
    out: dict[str, Exercise] = {}
    for exercise in exercises:
        chosen = resolve(ctx, exercise, need)
        if chosen is not None:
            out.setdefault(chosen.id, chosen)
    return list(out.values())


def at_level(ctx: Context, exercise: Exercise, need: str) -> Exercise | None:
    """`exercise`, or the first rung down its regressions that the person's level starts on
    (plan.md: regressions first; a harder move only when chosen or earned by feedback). None
    when no rung that fits is easy enough."""
    limit = LEVELS.index(ctx.profile.level)
    current: Exercise | None = exercise
    seen: set[str] = set()
    while current is not None and current.id not in seen:
        if LEVELS.index(current.difficulty) <= limit and getattr(current.dosing, need) is not None:
            return current
        seen.add(current.id)
        current = ctx.eligible.get(current.regression or "")
    return None


def leveled(ctx: Context, exercises: list[Exercise], need: str) -> list[Exercise]:
    """Each exercise at the person's level (see `at_level`), without duplicates."""
    out: dict[str, Exercise] = {}
    for exercise in exercises:
        chosen = at_level(ctx, exercise, need)
        if chosen is not None:
            out.setdefault(chosen.id, chosen)
    return list(out.values())


def make_pools(ctx: Context) -> Pools:
    def routine(name: str, need: str) -> list[Exercise]:
        found = [
            ex
            for ex in ctx.eligible.values()
            if name in ex.routines and getattr(ex.dosing, need) is not None
        ]
        return resolved(ctx, ordered(ctx, leveled(ctx, found, need)), need)

    back, core = routine(BACK_CIRCUIT, "circuit"), routine(CORE_CIRCUIT, "circuit")
    sets = routine(NECK_SHOULDER, "sets")
    main_routines = {BACK_CIRCUIT, CORE_CIRCUIT, NECK_SHOULDER}
    in_sets, in_back, in_core = ({ex.id for ex in pool} for pool in (sets, back, core))
    extra = [
        ex
        for ex in ctx.eligible.values()
        if ex.dosing.sets is not None and set(ex.routines) & main_routines and ex.id not in in_sets
    ]
    return Pools(
        circuits={
            BACK_CIRCUIT: back + [ex for ex in core if ex.id not in in_back],
            CORE_CIRCUIT: core + [ex for ex in back if ex.id not in in_core],
        },
        own={BACK_CIRCUIT: len(back), CORE_CIRCUIT: len(core)},
        sets=sets,
        extra_sets=[
            ex
            for ex in resolved(ctx, ordered(ctx, leveled(ctx, extra, "sets")), "sets")
            if ex.id not in in_sets
        ],
        warmup=ordered(ctx, [ex for ex in ctx.eligible.values() if "warmup" in ex.routines]),
        cooldown=ordered(ctx, [ex for ex in ctx.eligible.values() if "cooldown" in ex.routines]),
    )


def rotate(exercises: list[Exercise], by: int, emphasis: bool) -> list[Exercise]:
    """The list started `by` places further on (emphasised ones stay in front)."""
    front = [ex for ex in exercises if emphasis and emphasised(ex)]
    in_front = {ex.id for ex in front}
    rest = [ex for ex in exercises if ex.id not in in_front]
    if rest:
        by %= len(rest)
        rest = rest[by:] + rest[:by]
    return front + rest


# --- Progression: which exercise, at which dose ------------------------------------------------


def resolve(ctx: Context, exercise: Exercise, need: str, depth: int = 0) -> Exercise | None:
    """`exercise` moved along its ladder by feedback; swapped for its regression or
    progression past either end. None: dropped (too hard, and nothing easier fits)."""
    trend = ctx.progression.trend(exercise.id)
    name = exercise.name.en.lower()
    if need == "sets":
        assert exercise.dosing.sets is not None
        rungs = ladder(exercise.dosing.sets)
        base = ladder_index(rungs, level_dose(exercise, ctx.profile.level, ctx.gentle))
        index = base + trend.offset
    else:
        rungs, base, index = [], 0, trend.offset
    top = max(len(rungs) - 1, 0)
    if trend.offset and depth < 3 and (index < 0 or index > top):
        target_id = exercise.regression if index < 0 else exercise.progression
        target = ctx.eligible.get(target_id or "")
        if target is not None and getattr(target.dosing, need) is not None:
            ctx.replaced[exercise.id] = target.id
            note = _change_note(
                CHANGE_SWAP,
                trend,
                {"name": name, "target": target.name.en.lower()},
                {"name": exercise.id, "target": target.id},
            )
            ctx.changes[exercise.id] = PlanChange(
                exercise=exercise.id,
                direction="swap",
                before=exercise.name.en,
                after=target.name.en,
                because=trend.because,
                text=note.say(),
                note=note,
            )
            return resolve(ctx, target, need, depth + 1)
        if need == "circuit" and trend.offset < 0:
            ctx.replaced[exercise.id] = None
            note = _change_note(CHANGE_DROPPED, trend, {"name": name}, {"name": exercise.id})
            ctx.changes[exercise.id] = PlanChange(
                exercise=exercise.id,
                direction="swap",
                before=exercise.name.en,
                after="another exercise",
                because=trend.because,
                text=note.say(),
                note=note,
            )
            return None
    if rungs:
        index = min(max(index, 0), top)
        ctx.doses[exercise.id] = rungs[index]
        if trend.offset:
            previous = min(max(base + trend.offset - trend.last_delta, 0), top)
            if previous != index:
                before, after = format_dose(rungs[previous]), format_dose(rungs[index])
                values = {"name": name, "before": before, "after": after}
                note = _change_note(CHANGE_DOSE, trend, values, {"name": exercise.id})
                ctx.changes[exercise.id] = PlanChange(
                    exercise=exercise.id,
                    direction="progress" if index > previous else "regress",
                    before=before,
                    after=after,
                    because=trend.because,
                    text=note.say(),
                    note=note,
                )
    return exercise


def _change_note(
    message: str, trend: ExerciseTrend, values: dict[str, str], names: dict[str, str]
) -> PlanNote:
    """A change as a message id: its values (English names), the exercise ids to name, and
    the feedback's reason."""
    reason = trend.reason or PlanNote(message=trend.because)
    return PlanNote(message=message, values=dict(values), names=names, because=[reason])


def sets_block(ctx: Context, exercise: Exercise) -> SetsBlock:
    dosing = exercise.dosing.sets
    assert dosing is not None
    sets, reps = ctx.doses.get(exercise.id) or level_dose(exercise, ctx.profile.level, ctx.gentle)
    return SetsBlock(
        exercise=exercise.id,
        sets=sets,
        reps=reps,
        hold_s=dosing.hold_s,
        rest_s=dosing.rest_s,
        pace_s=dosing.pace_s,
        per_side=dosing.per_side,
    )

"""The plan generator: profile (+ screening, + session history) → a week of sessions.

How a plan is built:
1. Safety first. A screening that does not allow exercise refuses the plan; conditions from the
   profile and the screening exclude exercises through the content's safety rules (by tag,
   region or all) and each exercise's own contraindications. Every exercise left out that way
   is listed under `excluded` with its conditions.
2. What fits: an exercise is a candidate when the person has its equipment and it targets one
   of their regions.
3. The week rotates day kinds that fit the regions (a back-core-hip circuit day, a core day, a
   neck-and-shoulder day), each opened by a warm-up and closed by a cool-down; the same kind on
   another day starts further along its shuffled list, for variety.
4. Each day is sized with the timeline itself, so it never asks for more than the profile's
   minutes and is filled towards them (more exercises first, then rounds, then mobility).
5. Doses come from the article (content.md 4a circuit; 4b sets × reps per exercise) and the
   level, lowered for STarT Back high risk, high pain or a recent flare, and moved along the
   exercise's ladder by feedback (`progression`).

Safety lives in `plan_safety`, the choice of exercises and doses in `plan_choice`; this module
lays out the week and sizes each day.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from backcare.domain.library import Exercise, Library
from backcare.domain.plan_choice import (
    BACK_CIRCUIT,
    CORE_CIRCUIT,
    NECK_SHOULDER,
    Context,
    Pools,
    fits,
    make_pools,
    rotate,
    sets_block,
)
from backcare.domain.plan_model import (
    CIRCUIT_EXERCISES,
    CIRCUIT_ROUNDS,
    OPENER_ROUND_REST_S,
    PREPARE_S,
    Block,
    CircuitBlock,
    CooldownBlock,
    Exclusion,
    Plan,
    PlanDay,
    PlanRefused,
    SetsBlock,
    WarmupBlock,
)
from backcare.domain.plan_notes import (
    GENTLE,
    HIGH_PAIN,
    NO_ROOM,
    NOTHING_FITS,
    SHORT_DAYS,
    STARTBACK_HIGH,
    PlanNote,
)
from backcare.domain.plan_safety import (
    EMPHASIS_NOTE,
    MID_BACK_NOTE,
    exclusion_reasons,
    read_screening,
)
from backcare.domain.profile import Profile
from backcare.domain.progression import (
    fold_history,
)
from backcare.domain.records import SessionRecord
from backcare.domain.timeline import block_seconds, day_seconds
from backcare.domain.walking import walking_plan

# "Not under 70 % of the profile's minutes when enough exercises qualify" (plan.md).
MIN_FILL = 0.7
# Days last a whole number of half minutes, so `minutes` (total_s / 60) is exact in JSON and
# `minutes * 60` gives total_s back without rounding (19.5, never 19.516666...).
DAY_ALIGN_S = 30

MOBILITY = "mobility"
TITLES = {
    BACK_CIRCUIT: "Back, core and hips",
    CORE_CIRCUIT: "Core stability",
    NECK_SHOULDER: "Neck and shoulders",
    MOBILITY: "Gentle mobility",
}
UPPER_BACK_TITLE = "Upper back mobility"
# Level → (exercises, rounds) in a circuit, within the article's 5–7 and 3–5 (content.md 4a).
CIRCUIT_BY_LEVEL = {"beginner": (5, 3), "intermediate": (6, 4), "advanced": (7, 5)}
MAX_CIRCUITS = 3  # per day, for long sessions
ROUND_REST_S = (60, 30)  # preferred, then shortest, rest between rounds (a project choice)


# --- The generator ---------------------------------------------------------------------------


def build_plan(profile: Profile, library: Library, history: Sequence[SessionRecord] = ()) -> Plan:
    screening = read_screening(profile.screening)
    if not screening.allowed:
        raise PlanRefused(screening.reasons)
    conditions = list(dict.fromkeys([*profile.conditions, *screening.conditions]))
    for rule in library.safety_rules:
        if rule.excludes_all and rule.condition in conditions:
            raise PlanRefused([rule.reason.en])

    excluded: list[Exclusion] = []
    eligible: dict[str, Exercise] = {}
    for exercise in library.exercises.values():
        reasons = exclusion_reasons(exercise, conditions, library)
        if reasons:
            excluded.append(Exclusion(exercise=exercise.id, reasons=reasons))
        elif fits(exercise, profile):
            eligible[exercise.id] = exercise

    progression = fold_history(history)
    warnings: list[str] = []
    includes: list[str] = []
    for rule in library.safety_rules:
        # An inflammatory pattern on the screening gets the breathing work ankylosing
        # spondylitis asks for, not its warning about a fused spine (nothing says it is fused).
        pattern = screening.inflammatory and rule.condition == "ankylosing_spondylitis"
        if rule.condition not in conditions and not pattern:
            continue
        includes += [ex for ex in rule.plan_includes if ex in eligible and ex not in includes]
        if rule.condition not in conditions:
            continue
        if rule.plan_warning is not None and rule.plan_warning.en not in warnings:
            warnings.append(rule.plan_warning.en)
    # High STarT Back risk (Hill et al. 2008, `hill_2008`) and severe pain (`serlin_1995`) call
    # for a gentler start: the bottom of each range of the article, fewer rounds.
    # The planner's own notes are message ids with their numbers (plan_notes.py), so each
    # adapter says them in its language; `warnings` keeps them in English (plan.md).
    notes: list[PlanNote] = []
    gentle_because = [
        note
        for note in (
            PlanNote(message=STARTBACK_HIGH) if screening.startback_high else None,
            PlanNote(message=HIGH_PAIN, values={"pain": screening.high_pain})
            if screening.high_pain
            else None,
            progression.flare,
        )
        if note is not None
    ]
    if gentle_because:
        _note(warnings, notes, PlanNote(message=GENTLE, because=gentle_because))
    emphasis_on = screening.inflammatory or "ankylosing_spondylitis" in conditions
    emphasis: list[str] = []
    if emphasis_on:
        emphasis = ["spinal_extension", "thoracic_mobility"]
        warnings.append(EMPHASIS_NOTE)
        if "mid_back" not in profile.regions:
            warnings.append(MID_BACK_NOTE)

    ctx = Context(
        profile=profile,
        library=library,
        eligible=eligible,
        gentle=bool(gentle_because),
        emphasis=emphasis_on,
        progression=progression,
        rng=random.Random(profile.seed if profile.seed is not None else 0),
        includes=includes,
    )
    days = _week(ctx, warnings, notes)
    if not days:
        _note(warnings, notes, PlanNote(message=NOTHING_FITS))
    used = {ex for day in days for ex in day.exercises()}
    changes = [
        change
        for key, change in ctx.changes.items()
        if key in used or ctx.replaced.get(key) in used
    ]
    return Plan(
        days=days,
        excluded=excluded,
        warnings=warnings,
        notes=notes,
        changes=changes,
        emphasis=emphasis,
        gentle=ctx.gentle,
        walking=walking_plan(library.walking, ctx.gentle) if library.walking else None,
    )


# --- Days ------------------------------------------------------------------------------------


def _schedule(ctx: Context, pools: Pools) -> list[str]:
    """Day kinds for the week, alternating back and neck groups when both fit."""
    back: list[str] = []
    # A back-core-hip day needs some of its own routine; a core day at least half of its six.
    if pools.own[BACK_CIRCUIT] >= 1 and len(pools.circuits[BACK_CIRCUIT]) >= CIRCUIT_EXERCISES[0]:
        back.append(BACK_CIRCUIT)
    if pools.own[CORE_CIRCUIT] >= 3 and len(pools.circuits[CORE_CIRCUIT]) >= CIRCUIT_EXERCISES[0]:
        back.append(CORE_CIRCUIT)
    neck = [NECK_SHOULDER] if pools.sets else []
    groups = [group for group in (back, neck) if group] or [[MOBILITY]]
    counters = [0] * len(groups)
    kinds: list[str] = []
    for number in range(ctx.profile.days_per_week):
        group = number % len(groups)
        kinds.append(groups[group][counters[group] % len(groups[group])])
        counters[group] += 1
    return kinds


@dataclass
class _Draft:
    warm: list[str]
    cool: list[str]
    warm_dose: tuple[int, int]
    cool_dose: tuple[int, int]
    main: list[Block] = field(default_factory=list)
    warm_rounds: int = 1
    cool_rounds: int = 1

    def blocks(self) -> list[Block]:
        out: list[Block] = []
        if self.warm:
            work, rest = self.warm_dose
            out.append(
                WarmupBlock(exercises=self.warm, rounds=self.warm_rounds, work_s=work, rest_s=rest)
            )
        out.extend(self.main)
        if self.cool:
            work, rest = self.cool_dose
            out.append(
                CooldownBlock(
                    exercises=self.cool, rounds=self.cool_rounds, work_s=work, rest_s=rest
                )
            )
        return out

    def seconds(self) -> int:
        """What `day_seconds(self.blocks())` says, without building the opener models (the
        generator asks this thousands of times per plan)."""
        total = sum(block_seconds(block) for block in self.main)
        for ids, (work, rest), rounds in (
            (self.warm, self.warm_dose, self.warm_rounds),
            (self.cool, self.cool_dose, self.cool_rounds),
        ):
            if ids:
                total += PREPARE_S + rounds * (len(ids) * work + (len(ids) - 1) * rest)
                total += (rounds - 1) * OPENER_ROUND_REST_S
        return total

    def used(self) -> set[str]:
        found = {ex for block in self.main for ex in _ids(block)}
        return found.union(self.warm, self.cool)


def _ids(block: Block) -> list[str]:
    return [block.exercise] if isinstance(block, SetsBlock) else list(block.exercises)


def _gentle_dose(exercises: list[Exercise]) -> tuple[int, int]:
    """Warm-up and cool-down timing from the first exercise's own content dosing."""
    for exercise in exercises:
        if exercise.dosing.circuit is not None:
            return exercise.dosing.circuit.work_s, min(exercise.dosing.circuit.rest_s, 10)
    return 30, 5


def _week(ctx: Context, warnings: list[str], notes: list[PlanNote]) -> list[PlanDay]:
    if not ctx.eligible:
        return []
    pools = make_pools(ctx)
    days: list[PlanDay] = []
    seen: dict[str, int] = {}
    short_days: list[int] = []
    no_room = False
    for number, kind in enumerate(_schedule(ctx, pools), start=1):
        occurrence = seen.get(kind, 0)
        seen[kind] = occurrence + 1
        draft, fitted = _day(ctx, pools, kind, occurrence, number)
        no_room = no_room or not fitted
        blocks = _aligned(draft.blocks())
        if not blocks:
            continue
        seconds = day_seconds(blocks)
        if seconds < MIN_FILL * ctx.budget_s:
            short_days.append(number)
        title = TITLES[kind] if fitted else TITLES[MOBILITY]
        if kind == NECK_SHOULDER and not {"neck", "shoulder"} & set(ctx.profile.regions):
            title = UPPER_BACK_TITLE  # the same routine, for the thoracic spine alone
        days.append(
            PlanDay(day=number, title=title, routine=kind, minutes=seconds / 60, blocks=blocks)
        )
    if no_room:
        _note(warnings, notes, PlanNote(message=NO_ROOM, values={"minutes": ctx.profile.minutes}))
    if short_days:
        values: dict[str, int | str | list[int]] = {
            "minutes": ctx.profile.minutes,
            "days": short_days,
        }
        _note(warnings, notes, PlanNote(message=SHORT_DAYS, values=values))
    return days


def _note(warnings: list[str], notes: list[PlanNote], note: PlanNote) -> None:
    """A planner note: its English sentence among the warnings, the note itself for adapters."""
    warnings.append(note.say())
    notes.append(note)


def _aligned(blocks: list[Block]) -> list[Block]:
    """Pads the first block's getting-ready time up to the next half minute. Stays within the
    budget: the budget is whole minutes and the day was sized below it."""
    if not blocks:
        return blocks
    pad = -day_seconds(blocks) % DAY_ALIGN_S
    first = blocks[0].model_copy(update={"prepare_s": blocks[0].prepare_s + pad})
    return [first, *blocks[1:]]


def _day(
    ctx: Context, pools: Pools, kind: str, occurrence: int, number: int
) -> tuple[_Draft, bool]:
    """One day's blocks, sized to the budget; False when its circuit could not fit."""
    budget = ctx.budget_s
    opening = 2 if budget < 900 else 3
    warm = rotate(pools.warmup, occurrence * opening, False)
    cool = rotate(pools.cooldown, occurrence * opening, False)
    warm_ids = [ex.id for ex in warm[:opening]]
    cool_ids = [ex.id for ex in cool if ex.id not in warm_ids][:opening] or [
        ex.id for ex in cool[:opening]
    ]
    # Exercises a condition asks for (breathing work for ankylosing spondylitis) come first, so
    # a short day trims the others before them.
    warm_ids = [ex for ex in warm_ids if ex not in ctx.includes]
    cool_ids = [*ctx.includes, *(ex for ex in cool_ids if ex not in ctx.includes)][
        : max(opening, len(ctx.includes))
    ]
    draft = _Draft(
        warm=warm_ids,
        cool=cool_ids,
        warm_dose=_gentle_dose(warm),
        cool_dose=_gentle_dose(cool),
    )
    fitted = True
    if kind in (BACK_CIRCUIT, CORE_CIRCUIT):
        fitted = _add_circuit(ctx, draft, pools.circuits[kind], occurrence, first=True)
    elif kind == NECK_SHOULDER:
        for exercise in rotate(pools.sets, occurrence * 3, ctx.emphasis):
            _try_add(ctx, draft, sets_block(ctx, exercise))
    _shrink_openers(ctx, draft)
    _fill(ctx, draft, pools, kind, number)
    return draft, fitted


def _try_add(ctx: Context, draft: _Draft, block: Block) -> bool:
    if set(_ids(block)) & draft.used():
        return False
    draft.main.append(block)
    if draft.seconds() <= ctx.budget_s:
        return True
    draft.main.pop()
    return False


def _add_circuit(
    ctx: Context, draft: _Draft, pool: list[Exercise], occurrence: int, first: bool
) -> bool:
    """The article's circuit, shrunk (rounds, then exercises, then rest between rounds, then
    the warm-up and cool-down) until the day fits. False when even the smallest does not."""
    used = draft.used()
    available = [ex for ex in pool if ex.id not in used]
    size, rounds = CIRCUIT_BY_LEVEL[ctx.profile.level]
    if ctx.gentle or not first:
        size, rounds = CIRCUIT_EXERCISES[0], CIRCUIT_ROUNDS[0]
    size = min(size, len(available))
    if size < CIRCUIT_EXERCISES[0]:
        return False
    chosen = [ex.id for ex in rotate(available, occurrence * size, ctx.emphasis)]
    for round_rest in ROUND_REST_S:
        for n in range(size, CIRCUIT_EXERCISES[0] - 1, -1):
            for r in range(rounds, CIRCUIT_ROUNDS[0] - 1, -1):
                block = CircuitBlock(rounds=r, round_rest_s=round_rest, exercises=chosen[:n])
                if _try_add(ctx, draft, block):
                    return True
    if not first:
        return False
    # Make room by shortening the warm-up and cool-down to one exercise each.
    saved = (draft.warm, draft.cool)
    draft.warm, draft.cool = draft.warm[:1], draft.cool[:1]
    block = CircuitBlock(
        rounds=CIRCUIT_ROUNDS[0], round_rest_s=ROUND_REST_S[-1], exercises=chosen[:5]
    )
    if _try_add(ctx, draft, block):
        return True
    draft.warm, draft.cool = saved
    return False


def _shrink_openers(ctx: Context, draft: _Draft) -> None:
    """Very short sessions: fewer warm-up and cool-down exercises until the day fits."""
    while draft.seconds() > ctx.budget_s and (len(draft.warm) > 1 or len(draft.cool) > 1):
        if len(draft.warm) >= len(draft.cool):
            draft.warm = draft.warm[:-1]
        else:
            draft.cool = draft.cool[:-1]
    while draft.seconds() > ctx.budget_s and draft.cool:
        draft.cool = []
    while draft.seconds() > ctx.budget_s and draft.warm:
        draft.warm = []


def _fill(ctx: Context, draft: _Draft, pools: Pools, kind: str, number: int) -> None:
    """Uses the time the profile gives: more exercises (a second circuit, sets), then more
    rounds and sets within the article's ranges, then more mobility. `number` (the day) turns
    the lists so each day adds different ones."""
    if draft.seconds() >= ctx.budget_s * 0.9:
        return
    order = [CORE_CIRCUIT, BACK_CIRCUIT] if kind == BACK_CIRCUIT else [BACK_CIRCUIT, CORE_CIRCUIT]
    for pool_kind in order * 2:  # up to three circuits, never repeating an exercise
        if sum(isinstance(b, CircuitBlock) for b in draft.main) < MAX_CIRCUITS:
            _add_circuit(ctx, draft, pools.circuits[pool_kind], number, first=False)
    for exercise in [
        *rotate(pools.sets, number * 2, ctx.emphasis),
        *rotate(pools.extra_sets, number, ctx.emphasis),
    ]:
        _try_add(ctx, draft, sets_block(ctx, exercise))
    if not ctx.gentle:
        _raise_doses(ctx, draft)
    for attr, pool in (("warm", pools.warmup), ("cool", pools.cooldown)):
        ids: list[str] = getattr(draft, attr)
        for exercise in rotate(pool, number, False):
            if len(ids) >= 6 or exercise.id in draft.used():
                continue
            setattr(draft, attr, [*ids, exercise.id])
            if draft.seconds() > ctx.budget_s:
                setattr(draft, attr, ids)
            else:
                ids = getattr(draft, attr)
    for rounds in (2, 3):
        for attr in ("warm_rounds", "cool_rounds"):
            if draft.seconds() < MIN_FILL * ctx.budget_s:
                before = getattr(draft, attr)
                setattr(draft, attr, rounds)
                if draft.seconds() > ctx.budget_s:
                    setattr(draft, attr, before)


def _raise_doses(ctx: Context, draft: _Draft) -> None:
    """One more round, set or rep step at a time, block by block, while the day still fits
    (within the article's ranges). Sets blocks changed by feedback keep the dose feedback gave
    them."""
    total = draft.seconds()
    raised = True
    while raised:
        raised = False
        for index, block in enumerate(draft.main):
            if isinstance(block, CircuitBlock) and block.rounds < CIRCUIT_ROUNDS[1]:
                bigger: Block = block.model_copy(update={"rounds": block.rounds + 1})
            elif isinstance(block, SetsBlock) and block.exercise not in ctx.changes:
                dosing = ctx.eligible[block.exercise].dosing.sets
                if dosing is None:
                    continue
                if block.sets < dosing.sets.max:
                    bigger = block.model_copy(update={"sets": block.sets + 1})
                elif block.reps < dosing.reps.max:
                    step = 2 if dosing.reps.max - dosing.reps.min >= 4 else 1
                    reps = min(block.reps + step, dosing.reps.max)
                    bigger = block.model_copy(update={"reps": reps})
                else:
                    continue
            else:
                continue
            longer = total + block_seconds(bigger) - block_seconds(block)
            if longer <= ctx.budget_s:
                draft.main[index] = bigger
                total = longer
                raised = True

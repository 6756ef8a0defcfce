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
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from backcare.domain.library import Exercise, Library
from backcare.domain.plans import (
    CIRCUIT_EXERCISES,
    CIRCUIT_ROUNDS,
    OPENER_ROUND_REST_S,
    Block,
    CircuitBlock,
    CooldownBlock,
    Exclusion,
    Plan,
    PlanChange,
    PlanDay,
    PlanRefused,
    SetsBlock,
    WarmupBlock,
)
from backcare.domain.profile import Profile
from backcare.domain.progression import (
    Dose,
    Progression,
    fold_history,
    format_dose,
    ladder,
    ladder_index,
    level_dose,
)
from backcare.domain.records import SessionRecord
from backcare.domain.timeline import PREPARE_S, block_seconds, day_seconds

# Pain at or above 7 of 10 counts as severe (Serlin et al. 1995, source id `serlin_1995`).
HIGH_PAIN = 7
# "Not under 70 % of the profile's minutes when enough exercises qualify" (plan.md).
MIN_FILL = 0.7

CONDITION_ANSWERS = (
    "pregnant",
    "unhealed_injury",
    "osteoporosis",
    "ankylosing_spondylitis",
    "hypermobility",
    "disc_herniation",
    "inflammatory_arthritis",
)

BACK_CIRCUIT = "back_core_hip_circuit"
CORE_CIRCUIT = "core_six"
NECK_SHOULDER = "neck_shoulder"
MOBILITY = "mobility"
TITLES = {
    BACK_CIRCUIT: "Back, core and hips",
    CORE_CIRCUIT: "Core stability",
    NECK_SHOULDER: "Neck and shoulders",
    MOBILITY: "Gentle mobility",
}
# Level → (exercises, rounds) in a circuit, within the article's 5–7 and 3–5 (content.md 4a).
CIRCUIT_BY_LEVEL = {"beginner": (5, 3), "intermediate": (6, 4), "advanced": (7, 5)}
MAX_CIRCUITS = 3  # per day, for long sessions
ROUND_REST_S = (60, 30)  # preferred, then shortest, rest between rounds (a project choice)


# --- Reading the screening -------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningView:
    """The few screening fields the plan uses (screening.md "Result")."""

    allowed: bool = True
    reasons: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    startback_high: bool = False
    inflammatory: bool = False
    high_pain: int | None = None


def _dig(data: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _reason_text(reason: Any) -> str:
    if isinstance(reason, Mapping):
        return str(reason.get("text") or reason.get("message") or reason.get("id") or reason)
    return str(reason)


def read_screening(result: Mapping[str, Any] | None) -> ScreeningView:
    if not result:
        return ScreeningView()
    exercise = result.get("exercise") or {}
    urgency = result.get("urgency")
    allowed = bool(exercise.get("allowed", True)) and urgency not in ("emergency", "urgent")
    reasons = tuple(_reason_text(r) for r in exercise.get("reasons") or ())
    if not allowed and not reasons and urgency in ("emergency", "urgent"):
        reasons = (f"the screening's urgency is {urgency}: see a doctor first",)
    conditions = [str(c) for c in exercise.get("exclude_conditions") or ()]
    answers = result.get("answers") or {}
    conditions += [c for c in CONDITION_ANSWERS if answers.get(c) is True or result.get(c) is True]
    ibp = result.get("ibp") or {}
    inflammatory = any(
        isinstance(entry, Mapping) and (entry.get("met") is True or entry.get("refer") is True)
        for entry in ibp.values()
    )
    pains = [
        answers.get("pain_now"),
        result.get("pain_now"),
        _dig(result, "instruments", "pain_nrs", "score"),
    ]
    pain = max((p for p in pains if isinstance(p, int | float)), default=None)
    return ScreeningView(
        allowed=allowed,
        reasons=reasons,
        conditions=tuple(dict.fromkeys(conditions)),
        startback_high=_dig(result, "instruments", "startback", "risk") == "high",
        inflammatory=inflammatory,
        high_pain=int(pain) if pain is not None and pain >= HIGH_PAIN else None,
    )


# --- Safety exclusions -----------------------------------------------------------------------


def exclusion_reasons(exercise: Exercise, conditions: Sequence[str], library: Library) -> list[str]:
    """The conditions that rule `exercise` out: its own contraindications, then the content's
    safety rules (by tag, region or everything)."""
    reasons: list[str] = [c for c in conditions if c in exercise.contraindications]
    tags, regions = set(exercise.safety_tags), set(exercise.regions)
    for rule in library.safety_rules:
        if rule.condition not in conditions or rule.condition in reasons:
            continue
        if (
            rule.excludes_all
            or tags & set(rule.excludes_tags)
            or regions & set(rule.excludes_regions)
        ):
            reasons.append(rule.condition)
    return reasons


# --- The generator ---------------------------------------------------------------------------


@dataclass
class _Context:
    profile: Profile
    library: Library
    eligible: dict[str, Exercise]
    gentle: bool
    emphasis: bool
    progression: Progression
    rng: random.Random
    changes: dict[str, PlanChange] = field(default_factory=dict)
    doses: dict[str, Dose] = field(default_factory=dict)
    replaced: dict[str, str | None] = field(default_factory=dict)

    @property
    def budget_s(self) -> int:
        return self.profile.minutes * 60


def _fits(exercise: Exercise, profile: Profile) -> bool:
    return set(exercise.equipment) <= set(profile.equipment) and bool(
        set(exercise.regions) & set(profile.regions)
    )


def _emphasised(exercise: Exercise) -> bool:
    """Extension and thoracic (mid-back) mobility, favoured for inflammatory back pain."""
    return "spinal_extension" in exercise.safety_tags or "mid_back" in exercise.regions


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
        elif _fits(exercise, profile):
            eligible[exercise.id] = exercise

    progression = fold_history(history)
    warnings: list[str] = []
    gentle_because = [
        text
        for text in (
            "your STarT Back result is high risk" if screening.startback_high else "",
            f"your pain is {screening.high_pain} of 10" if screening.high_pain else "",
            progression.flare or "",
        )
        if text
    ]
    if gentle_because:
        warnings.append(
            "Doses start at the gentle end of each range because "
            + " and ".join(gentle_because)
            + ". Some soreness is normal; stop an exercise that causes real pain."
        )
    emphasis_on = screening.inflammatory or "ankylosing_spondylitis" in conditions
    emphasis: list[str] = []
    if emphasis_on:
        emphasis = ["spinal_extension", "thoracic_mobility"]
        warnings.append(
            "Your answers fit inflammatory back pain: the plan favours back extension and "
            "thoracic (mid-back) mobility. Please see a doctor about it; regular movement "
            "helps most alongside treatment."
        )
        if "mid_back" not in profile.regions:
            warnings.append("Adding mid_back to your regions adds thoracic mobility work.")

    ctx = _Context(
        profile=profile,
        library=library,
        eligible=eligible,
        gentle=bool(gentle_because),
        emphasis=emphasis_on,
        progression=progression,
        rng=random.Random(profile.seed if profile.seed is not None else 0),
    )
    days = _week(ctx, warnings)
    if not days:
        warnings.append(
            "No exercise in the library fits these regions, equipment and conditions; "
            "try adding equipment (a mat, a wall or a chair) or another region."
        )
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
        changes=changes,
        emphasis=emphasis,
        gentle=ctx.gentle,
    )


# --- Pools -----------------------------------------------------------------------------------


@dataclass
class _Pools:
    circuits: dict[str, list[Exercise]]  # day kind → exercises, own routine first
    own: dict[str, int]  # how many of a circuit pool come from the day's own routine
    sets: list[Exercise]  # neck and shoulder routine
    extra_sets: list[Exercise]  # other sets-dosed exercises that fit
    warmup: list[Exercise]
    cooldown: list[Exercise]


def _ordered(ctx: _Context, exercises: list[Exercise]) -> list[Exercise]:
    """Shuffled by the profile's seed; a routine's own moves before stand-ins (`substitute`),
    and emphasised exercises first when there is an emphasis."""
    chosen = sorted(exercises, key=lambda ex: ex.id)
    ctx.rng.shuffle(chosen)
    chosen.sort(key=lambda ex: (ctx.emphasis and not _emphasised(ex), ex.substitute))
    return chosen


def _resolved(ctx: _Context, exercises: list[Exercise], need: str) -> list[Exercise]:
    """Each exercise after feedback (maybe swapped), without duplicates."""
    out: dict[str, Exercise] = {}
    for exercise in exercises:
        chosen = _resolve(ctx, exercise, need)
        if chosen is not None:
            out.setdefault(chosen.id, chosen)
    return list(out.values())


def _pools(ctx: _Context) -> _Pools:
    def routine(name: str, need: str) -> list[Exercise]:
        found = [
            ex
            for ex in ctx.eligible.values()
            if name in ex.routines and getattr(ex.dosing, need) is not None
        ]
        return _resolved(ctx, _ordered(ctx, found), need)

    back, core = routine(BACK_CIRCUIT, "circuit"), routine(CORE_CIRCUIT, "circuit")
    sets = routine(NECK_SHOULDER, "sets")
    main_routines = {BACK_CIRCUIT, CORE_CIRCUIT, NECK_SHOULDER}
    in_sets, in_back, in_core = ({ex.id for ex in pool} for pool in (sets, back, core))
    extra = [
        ex
        for ex in ctx.eligible.values()
        if ex.dosing.sets is not None and set(ex.routines) & main_routines and ex.id not in in_sets
    ]
    return _Pools(
        circuits={
            BACK_CIRCUIT: back + [ex for ex in core if ex.id not in in_back],
            CORE_CIRCUIT: core + [ex for ex in back if ex.id not in in_core],
        },
        own={BACK_CIRCUIT: len(back), CORE_CIRCUIT: len(core)},
        sets=sets,
        extra_sets=_resolved(ctx, _ordered(ctx, extra), "sets"),
        warmup=_ordered(ctx, [ex for ex in ctx.eligible.values() if "warmup" in ex.routines]),
        cooldown=_ordered(ctx, [ex for ex in ctx.eligible.values() if "cooldown" in ex.routines]),
    )


def _rotate(exercises: list[Exercise], by: int, emphasis: bool) -> list[Exercise]:
    """The list started `by` places further on (emphasised ones stay in front)."""
    front = [ex for ex in exercises if emphasis and _emphasised(ex)]
    in_front = {ex.id for ex in front}
    rest = [ex for ex in exercises if ex.id not in in_front]
    if rest:
        by %= len(rest)
        rest = rest[by:] + rest[:by]
    return front + rest


# --- Progression: which exercise, at which dose ------------------------------------------------


def _resolve(ctx: _Context, exercise: Exercise, need: str, depth: int = 0) -> Exercise | None:
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
            ctx.changes[exercise.id] = PlanChange(
                exercise=exercise.id,
                direction="swap",
                before=exercise.name.en,
                after=target.name.en,
                because=trend.because,
                text=f"{name} → {target.name.en.lower()} because {trend.because}",
            )
            return _resolve(ctx, target, need, depth + 1)
        if need == "circuit" and trend.offset < 0:
            ctx.replaced[exercise.id] = None
            ctx.changes[exercise.id] = PlanChange(
                exercise=exercise.id,
                direction="swap",
                before=exercise.name.en,
                after="another exercise",
                because=trend.because,
                text=f"{name}: swapped for another exercise because {trend.because}",
            )
            return None
    if rungs:
        index = min(max(index, 0), top)
        ctx.doses[exercise.id] = rungs[index]
        if trend.offset:
            previous = min(max(base + trend.offset - trend.last_delta, 0), top)
            if previous != index:
                before, after = format_dose(rungs[previous]), format_dose(rungs[index])
                ctx.changes[exercise.id] = PlanChange(
                    exercise=exercise.id,
                    direction="progress" if index > previous else "regress",
                    before=before,
                    after=after,
                    because=trend.because,
                    text=f"{name}: {before} → {after} because {trend.because}",
                )
    return exercise


def _sets_block(ctx: _Context, exercise: Exercise) -> SetsBlock:
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


# --- Days ------------------------------------------------------------------------------------


def _schedule(ctx: _Context, pools: _Pools) -> list[str]:
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


def _week(ctx: _Context, warnings: list[str]) -> list[PlanDay]:
    if not ctx.eligible:
        return []
    pools = _pools(ctx)
    days: list[PlanDay] = []
    seen: dict[str, int] = {}
    short_days: list[int] = []
    no_room = False
    for number, kind in enumerate(_schedule(ctx, pools), start=1):
        occurrence = seen.get(kind, 0)
        seen[kind] = occurrence + 1
        draft, fitted = _day(ctx, pools, kind, occurrence, number)
        no_room = no_room or not fitted
        blocks = draft.blocks()
        if not blocks:
            continue
        seconds = day_seconds(blocks)
        if seconds < MIN_FILL * ctx.budget_s:
            short_days.append(number)
        title = TITLES[kind] if fitted else TITLES[MOBILITY]
        days.append(
            PlanDay(day=number, title=title, routine=kind, minutes=seconds / 60, blocks=blocks)
        )
    if no_room:
        warnings.append(
            f"A full circuit needs about 15 minutes; with {ctx.profile.minutes} minutes the "
            "circuit days become mobility and sets instead."
        )
    if short_days:
        warnings.append(
            "Not enough exercises fit your regions, equipment and conditions to fill "
            f"{ctx.profile.minutes} minutes on day(s) {', '.join(map(str, short_days))}; "
            "more equipment or regions give longer sessions."
        )
    return days


def _day(
    ctx: _Context, pools: _Pools, kind: str, occurrence: int, number: int
) -> tuple[_Draft, bool]:
    """One day's blocks, sized to the budget; False when its circuit could not fit."""
    budget = ctx.budget_s
    opening = 2 if budget < 900 else 3
    warm = _rotate(pools.warmup, occurrence * opening, False)
    cool = _rotate(pools.cooldown, occurrence * opening, False)
    warm_ids = [ex.id for ex in warm[:opening]]
    cool_ids = [ex.id for ex in cool if ex.id not in warm_ids][:opening] or [
        ex.id for ex in cool[:opening]
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
        for exercise in _rotate(pools.sets, occurrence * 3, ctx.emphasis):
            _try_add(ctx, draft, _sets_block(ctx, exercise))
    _shrink_openers(ctx, draft)
    _fill(ctx, draft, pools, kind, number)
    return draft, fitted


def _try_add(ctx: _Context, draft: _Draft, block: Block) -> bool:
    if set(_ids(block)) & draft.used():
        return False
    draft.main.append(block)
    if draft.seconds() <= ctx.budget_s:
        return True
    draft.main.pop()
    return False


def _add_circuit(
    ctx: _Context, draft: _Draft, pool: list[Exercise], occurrence: int, first: bool
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
    chosen = [ex.id for ex in _rotate(available, occurrence * size, ctx.emphasis)]
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


def _shrink_openers(ctx: _Context, draft: _Draft) -> None:
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


def _fill(ctx: _Context, draft: _Draft, pools: _Pools, kind: str, number: int) -> None:
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
        *_rotate(pools.sets, number * 2, ctx.emphasis),
        *_rotate(pools.extra_sets, number, ctx.emphasis),
    ]:
        _try_add(ctx, draft, _sets_block(ctx, exercise))
    if not ctx.gentle:
        _raise_doses(ctx, draft)
    for attr, pool in (("warm", pools.warmup), ("cool", pools.cooldown)):
        ids: list[str] = getattr(draft, attr)
        for exercise in _rotate(pool, number, False):
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


def _raise_doses(ctx: _Context, draft: _Draft) -> None:
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

"""How session feedback moves an exercise up or down (plan.md "Guided session").

Rules, read in the order the sessions happened:
- pain up by 2 or more (the exercise's own rating, or the whole session's before → after), or
  "too hard": one step easier;
- "too easy" two sessions in a row: one step harder;
- "right" resets the run of "too easy".

A step is one rung on the exercise's dose ladder (sets × reps within the article's ranges);
past either end the exercise is swapped for its regression or progression. The ladder itself
is applied by the planner; this module only counts steps, so it stays a pure fold over the
records.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from backcare.domain.library import Exercise, SetsDosing
from backcare.domain.plan_notes import (
    EASY_AGAIN,
    EASY_TWICE,
    FLARE,
    PAIN_ROSE,
    SESSION_PAIN_ROSE,
    TOO_HARD,
    PlanNote,
)
from backcare.domain.records import SessionRecord
from backcare.domain.types import Level

# Pain up by this much counts as a flare (plan.md); 2 points is also the usual minimal
# important change of the 0-10 pain rating (content/instruments/pain_nrs.yaml, `ostelo_2008`).
PAIN_RISE = 2
EASY_IN_A_ROW = 2


@dataclass
class ExerciseTrend:
    """Where one exercise stands after all feedback: ladder offset and the last change."""

    offset: int = 0
    easy_streak: int = 0
    last_delta: int = 0
    because: str = ""  # the reason in English; `reason` is it as a message id with numbers
    reason: PlanNote | None = None


@dataclass
class Progression:
    exercises: dict[str, ExerciseTrend] = field(default_factory=dict)
    # The latest session's flare, if any: the next plan is dosed gently.
    flare: PlanNote | None = None  # said by the plan's gentle-dose note

    def trend(self, exercise: str) -> ExerciseTrend:
        return self.exercises.get(exercise, ExerciseTrend())


def _when(record: SessionRecord) -> datetime:
    return record.started_at


def fold_history(history: Sequence[SessionRecord]) -> Progression:
    """Replays the sessions, oldest first, into one trend per exercise."""
    state = Progression()
    ordered = sorted(history, key=_when)
    for record in ordered:
        session_rise = (
            record.pain_after - record.pain_before
            if record.pain_after is not None and record.pain_before is not None
            else None
        )
        for feedback in record.feedback:
            trend = state.exercises.setdefault(feedback.exercise, ExerciseTrend())
            own_rise = (
                feedback.pain - record.pain_before
                if feedback.pain is not None and record.pain_before is not None
                else None
            )
            if own_rise is not None and own_rise >= PAIN_RISE:
                _step(trend, -1, _rose(PAIN_ROSE, record.pain_before, feedback.pain))
            elif feedback.effort == "too_hard":
                _step(trend, -1, PlanNote(message=TOO_HARD))
            elif session_rise is not None and session_rise >= PAIN_RISE:
                _step(trend, -1, _rose(SESSION_PAIN_ROSE, record.pain_before, record.pain_after))
            elif feedback.effort == "too_easy":
                trend.easy_streak += 1
                if trend.easy_streak >= EASY_IN_A_ROW:
                    easy = EASY_TWICE if EASY_IN_A_ROW == 2 else EASY_AGAIN
                    _step(trend, +1, PlanNote(message=easy))
            elif feedback.effort == "right":
                trend.easy_streak = 0
    if ordered:
        last = ordered[-1]
        if (
            last.pain_after is not None
            and last.pain_before is not None
            and last.pain_after - last.pain_before >= PAIN_RISE
        ):
            state.flare = PlanNote(
                message=FLARE, values={"before": last.pain_before, "after": last.pain_after}
            )
    return state


def _rose(message: str, before: int | None, after: int | None) -> PlanNote:
    """Pain went up from `before` to `after` (both known where a rise was counted)."""
    return PlanNote(message=message, values={"before": before or 0, "after": after or 0})


def _step(trend: ExerciseTrend, delta: int, reason: PlanNote) -> None:
    trend.offset += delta
    trend.last_delta = delta
    trend.easy_streak = 0
    trend.because = reason.say()
    trend.reason = reason


# --- Dose ladders ----------------------------------------------------------------------------

Dose = tuple[int, int]  # (sets, reps)


def ladder(dosing: SetsDosing) -> list[Dose]:
    """Every (sets, reps) the article's range allows, easiest first: reps climb in steps of 2
    (1 for narrow ranges such as 3–5 nods), then a set is added and reps start low again."""
    low, high = dosing.reps.min, dosing.reps.max
    step = 2 if high - low >= 4 else 1
    reps = list(range(low, high + 1, step))
    if reps[-1] != high:
        reps.append(high)
    return [(sets, r) for sets in range(dosing.sets.min, dosing.sets.max + 1) for r in reps]


def level_dose(exercise: Exercise, level: Level, gentle: bool) -> Dose:
    """The starting dose: the exercise's own dose for the level, the lowest when gentle."""
    sets_dosing = exercise.dosing.sets
    assert sets_dosing is not None
    if gentle:
        return (sets_dosing.sets.min, sets_dosing.reps.min)
    dose = exercise.dosing.levels.get(level)
    middle = {"beginner": 0.0, "intermediate": 0.5, "advanced": 1.0}[level]

    def pick(value: int | None, low: int, high: int) -> int:
        return value if value is not None else round(low + (high - low) * middle)

    return (
        pick(dose.sets if dose else None, sets_dosing.sets.min, sets_dosing.sets.max),
        pick(dose.reps if dose else None, sets_dosing.reps.min, sets_dosing.reps.max),
    )


def ladder_index(rungs: list[Dose], dose: Dose) -> int:
    """The rung of `dose`, or the nearest one not above it."""
    best = 0
    for index, rung in enumerate(rungs):
        if rung <= dose:
            best = index
    return best


def format_dose(dose: Dose) -> str:
    return f"{dose[0]} × {dose[1]}"

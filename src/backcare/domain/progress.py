"""Progress over weeks, from the records alone: pain trend, adherence, streaks, questionnaire
scores and which exercises moved up or down.

Pure functions over domain records (no I/O), so the CLI, the web app, the PDF report and the
tests all read the same numbers. What counts as a change that matters (a minimal important
change) is never a constant here: it comes from the content library's instruments, each with
its own source (`Instrument.minimal_important_change` and `mic_source`). Pain and the shared
measures live in `progress_pain` (re-exported here), plan changes in `progress_plans`, breaks
in `progress_breaks`; this module adds adherence, streaks, scores and the whole summary.
"""

from __future__ import annotations

import gc
import math
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from typing import Literal

from pydantic import Field

from backcare.domain.library import Library
from backcare.domain.progress_breaks import Breaks, break_weeks
from backcare.domain.progress_pain import (
    MIN_RATED_DAYS,
    PAIN_INSTRUMENT,
    TRACKED_SCORES,
    WINDOW_DAYS,
    Direction,
    MinimalChange,
    PainPoint,
    PainSource,
    PainTrend,
    PainWeek,
    RatedSpan,
    ScoreScale,
    _classify,
    _days,
    _round,
    minimal_important_changes,
    pain_points,
    pain_trend,
    week_start,
)
from backcare.domain.progress_plans import (
    ExerciseChange,
    Frozen,
    PlanSummary,
    as_number,
    exercise_changes,
    plan_summary,
    sessions_per_week,
)
from backcare.domain.progress_series import (
    BreakSeries,
    PainSeries,
    SessionSeries,
    break_series,
    pain_series,
    session_series,
)
from backcare.domain.records import (
    DiaryEntry,
    PlanRecord,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
)
from backcare.domain.types import URGENCIES, Urgency

__all__ = [
    "MIN_RATED_DAYS",
    "PAIN_INSTRUMENT",
    "TRACKED_SCORES",
    "WINDOW_DAYS",
    "Adherence",
    "AdherenceWeek",
    "BreakSeries",
    "DiaryNote",
    "Direction",
    "MinimalChange",
    "PainPoint",
    "PainSeries",
    "PainSource",
    "PainTrend",
    "PainWeek",
    "ProgressSummary",
    "RatedSpan",
    "RedFlagNote",
    "ScorePoint",
    "ScoreScale",
    "ScoreTrend",
    "ScreeningSummary",
    "SessionSeries",
    "Streaks",
    "adherence",
    "first_day",
    "minimal_important_changes",
    "pain_points",
    "pain_trend",
    "score_trends",
    "screening_summary",
    "streaks",
    "summarise",
    "week_start",
]

# --- Adherence -------------------------------------------------------------------------------


class AdherenceWeek(Frozen):
    week_start: date
    planned: int = Field(ge=0)
    done: int = Field(ge=0)  # sessions completed to the end
    started: int = Field(ge=0)  # sessions begun, finished or not


class Adherence(Frozen):
    weeks: tuple[AdherenceWeek, ...] = ()
    planned: int = 0
    done: int = 0
    started: int = 0
    percent: float | None = None  # done / planned × 100, capped at 100; None with no plan
    minutes: float = 0.0  # time spent in guided sessions
    # Days in range with a plan in force: a short period under a plan of one session a week
    # may plan none, and must not then be called "no plan in force" (issue 14).
    plan_days: int = 0


def adherence(
    sessions: Sequence[SessionRecord], plans: Sequence[PlanRecord], start: date, end: date
) -> Adherence:
    """Sessions done against sessions planned, week by week.

    Each day in range with a plan in force adds days_per_week / 7 of a session to its week,
    so a full week asks exactly days_per_week sessions and a part week (the plan's first, or
    the report's edges) asks its share, rounded half up; a plan's first week at least one."""
    ordered = sorted(plans, key=lambda p: p.created_at)
    plan_weeks = {
        week_start(p.created_at.date()) for p in ordered if start <= p.created_at.date() <= end
    }
    share: dict[date, float] = defaultdict(float)
    # One pass over the days with a pointer into the plans (oldest first), so a long period
    # costs its days plus its plans, not their product (issue 14: 100,000 entries).
    upcoming = 0
    asked = 0.0  # sessions a day of the plan in force asks for
    plan_days = 0
    for day in _days(start, end):
        while upcoming < len(ordered) and ordered[upcoming].created_at.date() <= day:
            asked = sessions_per_week(ordered[upcoming]) / 7
            upcoming += 1
        share[week_start(day)] += asked
        plan_days += upcoming > 0
    done: dict[date, int] = defaultdict(int)
    started: dict[date, int] = defaultdict(int)
    minutes = 0.0
    for session in sessions:
        day = session.started_at.date()
        if not start <= day <= end:
            continue
        started[week_start(day)] += 1
        if session.completed:
            done[week_start(day)] += 1
        if session.ended_at is not None and session.ended_at > session.started_at:
            minutes += (session.ended_at - session.started_at).total_seconds() / 60
    weeks = tuple(
        AdherenceWeek(
            week_start=monday,
            # The week a plan starts asks at least one session: a plan made on a Sunday
            # would otherwise round to "planned 0" while it was in force (issue 14).
            planned=max(
                math.floor(share[monday] + 0.5 + 1e-9),
                1 if monday in plan_weeks and share[monday] > 0 else 0,
            ),
            done=done[monday],
            started=started[monday],
        )
        for monday in sorted(share)
    )
    planned = sum(w.planned for w in weeks)
    total_done = sum(w.done for w in weeks)
    percent = _round(min(total_done / planned, 1.0) * 100) if planned else None
    return Adherence(
        weeks=weeks,
        planned=planned,
        done=total_done,
        started=sum(w.started for w in weeks),
        percent=percent,
        minutes=_round(minutes),
        plan_days=plan_days,
    )


# --- Streaks ---------------------------------------------------------------------------------


class Streaks(Frozen):
    current_days: int = 0  # consecutive days, up to the last day, with a completed session
    longest_days: int = 0
    current_weeks: int = 0  # consecutive weeks, up to the last, that met the plan
    longest_weeks: int = 0


def _runs(flags: Sequence[bool]) -> tuple[int, int]:
    """(run of True at the end, longest run of True)."""
    longest = run = 0
    for flag in flags:
        run = run + 1 if flag else 0
        longest = max(longest, run)
    return run, longest


def streaks(
    sessions: Sequence[SessionRecord], weeks: Sequence[AdherenceWeek], start: date, end: date
) -> Streaks:
    """Runs of days with a completed session, and of weeks that met their planned sessions.

    The last day, or last week, still in progress does not break a current streak: it only
    adds to it once it is met."""
    done_days = {
        s.started_at.date() for s in sessions if s.completed and start <= s.started_at.date() <= end
    }
    day_flags = [day in done_days for day in _days(start, end)] if start <= end else []
    if day_flags and not day_flags[-1]:
        current_days = _runs(day_flags[:-1])[0]
    else:
        current_days = _runs(day_flags)[0]
    week_flags = [w.planned > 0 and w.done >= w.planned for w in weeks]
    if week_flags and not week_flags[-1]:
        current_weeks = _runs(week_flags[:-1])[0]
    else:
        current_weeks = _runs(week_flags)[0]
    return Streaks(
        current_days=current_days,
        longest_days=_runs(day_flags)[1],
        current_weeks=current_weeks,
        longest_weeks=_runs(week_flags)[1],
    )


# --- Questionnaire scores --------------------------------------------------------------------


class ScorePoint(Frozen):
    at: datetime
    value: float


class ScoreTrend(Frozen):
    instrument: str
    unit: Literal["percent", "points"]
    maximum: float
    points: tuple[ScorePoint, ...]
    first: float
    latest: float
    change: float | None = None  # latest minus first: negative is better (less disability)
    minimal_important_change: MinimalChange | None = None
    direction: Direction = "unknown"


def score_trends(
    screenings: Sequence[ScreeningRecord],
    start: date,
    end: date,
    mics: Mapping[str, MinimalChange] | None = None,
) -> list[ScoreTrend]:
    """ODI, NDI and RMDQ over time, from every screening in range that scored them."""
    mics = mics or {}
    trends: list[ScoreTrend] = []
    ordered = sorted(screenings, key=lambda s: s.created_at)
    for instrument, scale in TRACKED_SCORES.items():
        points: list[ScorePoint] = []
        for screening in ordered:
            if not start <= screening.created_at.date() <= end:
                continue
            scored = screening.result.get("instruments", {})
            entry = scored.get(instrument) if isinstance(scored, dict) else None
            value = as_number(entry.get(scale.field)) if isinstance(entry, dict) else None
            if value is not None and 0 <= value <= scale.maximum:
                points.append(ScorePoint(at=screening.created_at, value=value))
        if not points:
            continue
        change = _round(points[-1].value - points[0].value) if len(points) > 1 else None
        mic = mics.get(instrument)
        trends.append(
            ScoreTrend(
                instrument=instrument,
                unit=scale.unit,
                maximum=scale.maximum,
                points=tuple(points),
                first=points[0].value,
                latest=points[-1].value,
                change=change,
                minimal_important_change=mic,
                direction=_classify(change, mic.value if mic else None, lower_is_better=True),
            )
        )
    return trends


# --- Screening and notes ---------------------------------------------------------------


class RedFlagNote(Frozen):
    id: str
    urgency: Urgency
    title: str
    action: str


class ScreeningSummary(Frozen):
    at: datetime
    urgency: Urgency
    red_flags: tuple[RedFlagNote, ...] = ()
    exercise_allowed: bool | None = None
    exercise_reasons: tuple[str, ...] = ()
    startback_risk: str | None = None


def screening_summary(
    screenings: Sequence[ScreeningRecord], library: Library | None, lang: str = "en"
) -> ScreeningSummary | None:
    """The newest screening's urgency and red flags, in the library's plain words."""
    if not screenings:
        return None
    latest = max(screenings, key=lambda s: s.created_at)
    result = latest.result
    flags_by_id = {flag.id: flag for flag in library.red_flags} if library else {}
    notes: list[RedFlagNote] = []
    for fired in result.get("red_flags", []) or []:
        if not isinstance(fired, dict) or not isinstance(fired.get("id"), str):
            continue
        flag = flags_by_id.get(fired["id"])
        urgency = fired.get("urgency")
        notes.append(
            RedFlagNote(
                id=fired["id"],
                urgency=urgency if urgency in URGENCIES else (flag.urgency if flag else "soon"),
                title=flag.title.get(lang) if flag else fired["id"].replace("_", " "),
                action=flag.action.get(lang) if flag else "",
            )
        )
    urgency = result.get("urgency")
    exercise = result.get("exercise")
    exercise = exercise if isinstance(exercise, dict) else {}
    scored = result.get("instruments")
    startback = scored.get("startback") if isinstance(scored, dict) else None
    allowed = exercise.get("allowed")
    return ScreeningSummary(
        at=latest.created_at,
        urgency=urgency if urgency in URGENCIES else "self_care",
        red_flags=tuple(notes),
        exercise_allowed=allowed if isinstance(allowed, bool) else None,
        exercise_reasons=tuple(str(r) for r in exercise.get("reasons", []) or []),
        startback_risk=startback.get("risk") if isinstance(startback, dict) else None,
    )


class DiaryNote(Frozen):
    date: date
    pain: int
    note: str


# --- The whole summary -----------------------------------------------------------------------


class ProgressSummary(Frozen):
    """THE progress model: every number, sentence and chart of the PDF report, the web
    progress page, `backcare progress` and `backcare chart` is read from here, never
    recomputed from records by a reader (issue 14)."""

    start: date
    end: date
    pain: PainTrend
    adherence: Adherence
    streaks: Streaks
    scores: tuple[ScoreTrend, ...] = ()
    exercise_changes: tuple[ExerciseChange, ...] = ()
    screening: ScreeningSummary | None = None
    plan: PlanSummary | None = None
    notes: tuple[DiaryNote, ...] = ()
    breaks: Breaks = Breaks()  # breaks from sitting, from the break reminder's events
    # The first day in the period that holds a record or a plan in force (None: nothing).
    first_day: date | None = None
    # What the charts draw, already grouped into days, weeks, months or years over the axis
    # [axis_start, end]: the readers draw these and nothing else.
    pain_chart: PainSeries = PainSeries()
    sessions_chart: SessionSeries = SessionSeries()
    breaks_chart: BreakSeries = BreakSeries()

    @property
    def axis_start(self) -> date:
        """Where every chart's time axis starts: the first day with data, else the start."""
        return self.first_day or self.start


def first_day(
    start: date,
    end: date,
    pain: PainTrend,
    sessions: Sequence[SessionRecord],
    scores: Sequence[ScoreTrend],
    plans: Sequence[PlanRecord],
    reminder_events: Sequence[ReminderEvent] = (),
) -> date | None:
    """The first day in [start, end] with a rating, a session, a score, a plan in force or a
    break: a chart's axis starts here, so it never opens on weeks that hold nothing (the web
    chart once started weeks before the plan and showed "planned 0 / done 0")."""
    days: list[date] = []
    if pain.points:
        days.append(pain.points[0].date)
    days += [s.started_at.date() for s in sessions if start <= s.started_at.date() <= end]
    days += [trend.points[0].at.date() for trend in scores if trend.points]
    days += [max(p.created_at.date(), start) for p in plans if p.created_at.date() <= end]
    days += [e.at.date() for e in reminder_events if start <= e.at.date() <= end]
    return min(days) if days else None


def summarise(
    diary: Sequence[DiaryEntry],
    sessions: Sequence[SessionRecord],
    screenings: Sequence[ScreeningRecord],
    plans: Sequence[PlanRecord],
    start: date,
    end: date,
    library: Library | None = None,
    lang: str = "en",
    reminder_events: Sequence[ReminderEvent] = (),
) -> ProgressSummary:
    """Everything a progress report shows for [start, end], from plain records.

    The latest screening and plan are the newest on or before `end`, even when made before
    `start`: they describe where the person stands during the period. Adherence weeks start
    at the first day with data (the weeks before it hold nothing to count)."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    with _collector_paused():
        mics = minimal_important_changes(library)
        known_screenings = [s for s in screenings if s.created_at.date() <= end]
        known_plans = [p for p in plans if p.created_at.date() <= end]
        in_range = [p for p in known_plans if p.created_at.date() >= start]
        before = [p for p in known_plans if p.created_at.date() < start]
        # Compare the plan in force at the start with those made during the period.
        compared = ([max(before, key=lambda p: p.created_at)] if before else []) + in_range
        pain = pain_trend(diary, sessions, start, end, mics.get(PAIN_INSTRUMENT))
        scores = tuple(score_trends(known_screenings, start, end, mics))
        first = first_day(start, end, pain, sessions, scores, known_plans, reminder_events)
        axis_start = first or start
        done = adherence(sessions, known_plans, axis_start, end)
        notes = tuple(
            DiaryNote(date=e.date, pain=e.pain, note=e.note.strip())
            for e in sorted(diary, key=lambda e: (e.date, e.created_at))
            if start <= e.date <= end and e.note.strip()
        )
        breaks = break_weeks(reminder_events, start, end)
        return ProgressSummary(
            start=start,
            end=end,
            pain=pain,
            adherence=done,
            streaks=streaks(sessions, done.weeks, start, end),
            scores=scores,
            exercise_changes=tuple(exercise_changes(compared, library)),
            screening=screening_summary(known_screenings, library, lang),
            plan=plan_summary(known_plans),
            notes=notes,
            breaks=breaks,
            first_day=first,
            pain_chart=pain_series(pain, axis_start, end),
            sessions_chart=session_series(
                [(w.week_start, w.planned, w.done, w.started) for w in done.weeks], axis_start, end
            ),
            breaks_chart=break_series(breaks, axis_start, end),
        )


@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector off while a summary is made, then on again (unless the
    caller had it off).

    A summary makes a few objects per diary entry and keeps many until it is done; every
    collection walked all of them, so the time per entry grew with the diary: 9 us an entry
    at 1,000 entries, 15-18 us at 100,000 (make bench's growth row), 9.3 us with the
    collector paused. What a summary leaves is freed by reference counting; cycles, if any,
    wait for the next collection. The collector is the process's: another thread's cycles
    wait too, for as long as one summary takes.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()

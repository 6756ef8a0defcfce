"""What the progress charts draw, decided here so that every reader draws the same thing.

A chart never receives raw records: a year of daily ratings, or a hundred thousand diary
entries, are first grouped into buckets (days, weeks, months or years: the finest that keeps a
chart to at most a few hundred marks), and each bucket says whether a line joins it to the one
before (a line never crosses a gap longer than the comparison window, issue 14). The axis of
every chart starts where the records start (the first rating, session, screening, plan in
force or break), not at an arbitrary date before them, and ends at the end of the period.

Pure functions over the summary's own figures (no I/O), like the rest of `progress`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Literal

from pydantic import Field

from backcare.domain.progress_breaks import Breaks
from backcare.domain.progress_pain import PainPoint, PainTrend, _round, week_start
from backcare.domain.progress_plans import Frozen

Resolution = Literal["day", "week", "month", "year"]
RESOLUTIONS: tuple[Resolution, ...] = ("day", "week", "month", "year")

# The most marks a line chart draws: past this many days, a chart shows weekly means; past
# this many weeks, monthly means, and so on. Enough for a year of weeks, few enough for a
# phone screen and a fast drawing (issue 14: 100,000 entries once took 50 s to chart).
MAX_POINTS = 120
# The most bars a bar chart draws side by side, each pair numbered (planned, done).
MAX_BARS = 26


def bucket_start(day: date, resolution: Resolution) -> date:
    """The first day of the bucket `day` falls in (weeks run Monday to Sunday)."""
    if resolution == "day":
        return day
    if resolution == "week":
        return week_start(day)
    if resolution == "month":
        return day.replace(day=1)
    return day.replace(month=1, day=1)


def next_bucket(first: date, resolution: Resolution) -> date:
    """The first day of the bucket after the one starting on `first`."""
    if resolution == "day":
        return first + timedelta(days=1)
    if resolution == "week":
        return first + timedelta(days=7)
    if resolution == "month":
        return date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return date(first.year + 1, 1, 1)


def buckets_between(start: date, end: date, resolution: Resolution) -> int:
    """How many buckets of `resolution` [start, end] touches (without listing them)."""
    if end < start:
        return 0
    if resolution == "day":
        return (end - start).days + 1
    if resolution == "week":
        return (week_start(end) - week_start(start)).days // 7 + 1
    if resolution == "month":
        return (end.year - start.year) * 12 + end.month - start.month + 1
    return end.year - start.year + 1


def resolution_for(start: date, end: date, most: int) -> Resolution:
    """The finest resolution that shows [start, end] in at most `most` buckets."""
    for resolution in RESOLUTIONS:
        if buckets_between(start, end, resolution) <= most:
            return resolution
    return "year"


# --- Pain ------------------------------------------------------------------------------------


class PainMark(Frozen):
    """One mark on the pain chart: a day's pain, or the mean of the rated days in a bucket."""

    start: date  # the bucket's first day (the day itself at day resolution)
    middle: date  # the middle of the rated days, where the mark is drawn
    mean: float = Field(ge=0, le=10)
    days_rated: int = Field(ge=1)
    joined: bool = False  # a line joins this mark to the one before (no gap between them)


class PainSeries(Frozen):
    resolution: Resolution = "day"
    marks: tuple[PainMark, ...] = ()  # daily pain, or bucket means at a coarser resolution
    # The weekly average drawn over daily marks (empty at coarser resolutions: the marks
    # already are the averages).
    weekly: tuple[PainMark, ...] = ()
    # Buckets with a guided session, one mark each (a day, or the bucket's middle).
    sessions: tuple[date, ...] = ()
    gap_days: int = 7  # marks further apart than this are not joined

    @property
    def empty(self) -> bool:
        return not self.marks


def _pain_marks(
    points: Sequence[PainPoint],
    key: Callable[[date], date],
    joined: Callable[[date, date], bool],
) -> tuple[PainMark, ...]:
    grouped: dict[date, list[PainPoint]] = defaultdict(list)
    for point in points:
        grouped[key(point.date)].append(point)
    marks: list[PainMark] = []
    previous: date | None = None
    for first, rated in sorted(grouped.items()):
        middle = date.fromordinal(
            int(sum(p.date.toordinal() for p in rated) / len(rated) + 0.5 + 1e-9)
        )
        marks.append(
            PainMark(
                start=first,
                middle=middle,
                mean=_round(sum(p.pain for p in rated) / len(rated)),
                days_rated=len(rated),
                joined=previous is not None and joined(previous, first),
            )
        )
        previous = first
    return tuple(marks)


def pain_series(
    trend: PainTrend, axis_start: date, axis_end: date, most: int = MAX_POINTS
) -> PainSeries:
    """The pain chart's marks. Day by day, a line joins ratings at most `window_days` apart
    and the weekly averages of neighbouring weeks; coarser, a line joins neighbouring
    buckets only, so an empty week, month or year always breaks it."""
    resolution = resolution_for(axis_start, axis_end, most)
    gap = trend.window_days
    session_buckets = sorted({bucket_start(d, resolution) for d in trend.session_days})
    if resolution == "day":
        return PainSeries(
            resolution="day",
            marks=_pain_marks(trend.points, lambda d: d, lambda a, b: (b - a).days <= gap),
            weekly=_pain_marks(trend.points, week_start, lambda a, b: (b - a).days <= gap),
            sessions=tuple(session_buckets),
            gap_days=gap,
        )
    marks = _pain_marks(
        trend.points,
        lambda d: bucket_start(d, resolution),
        lambda a, b: next_bucket(a, resolution) == b,
    )
    # A bucket's session mark sits in the middle of the bucket.
    sessions = tuple(
        first + (next_bucket(first, resolution) - first) // 2 for first in session_buckets
    )
    return PainSeries(resolution=resolution, marks=marks, sessions=sessions, gap_days=gap)


# --- Sessions and breaks per bucket ------------------------------------------------------


class SessionBar(Frozen):
    start: date  # the bucket's first day (a Monday at week resolution)
    planned: int = Field(ge=0)
    done: int = Field(ge=0)
    started: int = Field(ge=0)


class SessionSeries(Frozen):
    resolution: Resolution = "week"
    bars: tuple[SessionBar, ...] = ()

    @property
    def empty(self) -> bool:
        """Nothing to draw: no plan asked for a session and none was done (a session begun
        and left draws no bar: the report counts it among the sessions started)."""
        return not any(b.planned or b.done for b in self.bars)


class BreakBar(Frozen):
    start: date
    done: int = Field(default=0, ge=0)
    snoozed: int = Field(default=0, ge=0)
    skipped: int = Field(default=0, ge=0)


class BreakSeries(Frozen):
    resolution: Resolution = "week"
    bars: tuple[BreakBar, ...] = ()

    @property
    def empty(self) -> bool:
        return not any(b.done or b.snoozed or b.skipped for b in self.bars)


def weekly_resolution(axis_start: date, axis_end: date, most: int = MAX_BARS) -> Resolution:
    """Weeks while they fit as bars, else months, else years (never days)."""
    for resolution in RESOLUTIONS[1:]:
        if buckets_between(axis_start, axis_end, resolution) <= most:
            return resolution
    return "year"


def _empty_buckets(
    axis_start: date, axis_end: date, resolution: Resolution
) -> dict[date, list[int]]:
    """Three zero counts for every bucket of `resolution` over the axis, in order: a bucket
    with nothing in it is still drawn (as an empty bar), not left out."""
    totals: dict[date, list[int]] = {}
    first = bucket_start(axis_start, resolution)
    while first <= axis_end:
        totals[first] = [0, 0, 0]
        first = next_bucket(first, resolution)
    return totals


def session_series(
    weeks: Sequence[tuple[date, int, int, int]],
    axis_start: date,
    axis_end: date,
    most: int = MAX_BARS,
) -> SessionSeries:
    """(week start, planned, done, started) summed into bars of weeks, months or years over
    the axis. A week is placed in the bucket of its Monday, or of the axis start when it
    begins before it, so every week is counted exactly once."""
    resolution = weekly_resolution(axis_start, axis_end, most)
    totals = _empty_buckets(axis_start, axis_end, resolution)
    for monday, planned, done, started in weeks:
        key = bucket_start(max(monday, axis_start), resolution)
        if key not in totals:
            continue
        totals[key][0] += planned
        totals[key][1] += done
        totals[key][2] += started
    return SessionSeries(
        resolution=resolution,
        bars=tuple(
            SessionBar(start=first, planned=p, done=d, started=s)
            for first, (p, d, s) in totals.items()
        ),
    )


def break_series(
    breaks: Breaks, axis_start: date, axis_end: date, most: int = MAX_BARS
) -> BreakSeries:
    """Breaks from sitting in the same buckets as the sessions chart, so both panels line up."""
    resolution = weekly_resolution(axis_start, axis_end, most)
    totals = _empty_buckets(axis_start, axis_end, resolution)
    for week in breaks.weeks:
        key = bucket_start(max(week.week_start, axis_start), resolution)
        if key not in totals:
            continue
        totals[key][0] += week.done
        totals[key][1] += week.snoozed
        totals[key][2] += week.skipped
    return BreakSeries(
        resolution=resolution,
        bars=tuple(
            BreakBar(start=first, done=d, snoozed=z, skipped=k)
            for first, (d, z, k) in totals.items()
        ),
    )

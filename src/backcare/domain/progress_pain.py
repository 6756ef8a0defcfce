"""Pain over time, and the measures every progress figure shares: which scores are followed
and on what scale, the week a day belongs to, the minimal important change of each measure
(from the content library's instruments, each with its source) and how a change is called
better, worse or steady. `backcare.domain.progress` puts the whole summary together."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backcare.domain.library import Library
from backcare.domain.progress_plans import (
    Frozen,
)
from backcare.domain.records import (
    DiaryEntry,
    SessionRecord,
)

Direction = Literal["better", "worse", "steady", "unknown"]
PainSource = Literal["diary", "session"]

# The pain rating's instrument in the content library (numeric rating scale 0-10).
PAIN_INSTRUMENT = "pain_nrs"
# Pain is compared a week at a time (first week of ratings against the last), not day by day.
WINDOW_DAYS = 7
# A week's mean stands for the week only with at least this many rated days in it: one
# rating at each end (say a year apart) is too little data to call a change (issue 14).
MIN_RATED_DAYS = 2


class ScoreScale(BaseModel):
    """Where a questionnaire's score sits in a screening result, and its range. Every one of
    these is scored so that a higher number means more disability (screening.md)."""

    model_config = ConfigDict(frozen=True)

    field: str
    maximum: float
    unit: Literal["percent", "points"]


# The scores followed over time, read from the screening result (screening.md `instruments`).
# The field chosen must be on the same scale as the instrument's minimal important change in
# content/instruments/<id>.yaml: ODI in percentage points, NDI and RMDQ in raw points.
TRACKED_SCORES: dict[str, ScoreScale] = {
    "odi": ScoreScale(field="percent", maximum=100, unit="percent"),
    "ndi": ScoreScale(field="score", maximum=50, unit="points"),
    "rmdq": ScoreScale(field="score", maximum=24, unit="points"),
}


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week: weeks in reports run Monday to Sunday."""
    return day - timedelta(days=day.weekday())


@lru_cache(maxsize=8192)
def _round(value: float, places: int = 1) -> float:
    """Half-up rounding for what a person reads (Python's round() goes half to even).
    Cached: a long diary's daily means repeat the same few values (issue 14's 100,000)."""
    step = Decimal(1).scaleb(-places)
    return float(Decimal(repr(value)).quantize(step, rounding=ROUND_HALF_UP))


def _days(start: date, end: date) -> Iterable[date]:
    for offset in range((end - start).days + 1):
        yield start + timedelta(days=offset)


def _classify(
    change: float | None,
    mic: float | None,
    lower_is_better: bool,
    percent: float | None = None,
    baseline: float | None = None,
) -> Direction:
    """'better' or 'worse' only when the change reaches the minimal important change (and,
    where the instrument states one, that share of the starting value too: both must be
    met); 'steady' below it; 'unknown' without two measurements or without a known MIC."""
    if change is None or mic is None:
        return "unknown"
    # Compare with a small tolerance: weekly means are rounded to one decimal.
    if abs(change) + 1e-9 < mic:
        return "steady"
    short_of_share = (
        percent is not None
        and baseline is not None
        and baseline > 0
        and abs(change) / baseline * 100 + 1e-9 < percent
    )
    if short_of_share:
        return "steady"
    improved = change < 0 if lower_is_better else change > 0
    return "better" if improved else "worse"


# --- Minimal important changes -----------------------------------------------------------


class MinimalChange(Frozen):
    instrument: str
    value: float
    # A share of the starting value the change must also reach (pain: 30 %, Ostelo 2008).
    percent: float | None = None
    source: str | None = None


def minimal_important_changes(library: Library | None) -> dict[str, MinimalChange]:
    """Each instrument's minimal important change, as the content library states it."""
    if library is None:
        return {}
    return {
        inst.id: MinimalChange(
            instrument=inst.id,
            value=inst.minimal_important_change,
            percent=inst.minimal_important_change_percent,
            source=inst.mic_source,
        )
        for inst in library.instruments.values()
        if inst.minimal_important_change is not None
    }


# --- Pain ------------------------------------------------------------------------------------


class PainPoint(Frozen):
    """One day's pain (0-10): the mean of that day's diary ratings, or, on a day with no diary
    entry, of the ratings given before a guided session."""

    date: date
    pain: float = Field(ge=0, le=10)
    source: PainSource


class PainWeek(Frozen):
    week_start: date
    mean: float = Field(ge=0, le=10)
    days_rated: int = Field(ge=1)
    middle: date  # the middle of the rated days, where a chart places the week's mean


class RatedSpan(Frozen):
    """The ratings a compared week holds: which days, how many and their mean, so a sentence
    can name the dates and the numbers it compares."""

    first: date
    last: date
    days_rated: int = Field(ge=1)
    mean: float = Field(ge=0, le=10)


class PainTrend(Frozen):
    points: tuple[PainPoint, ...] = ()
    weeks: tuple[PainWeek, ...] = ()  # calendar weeks, for the chart
    first_week: float | None = None  # mean of the first seven days from the first rating
    last_week: float | None = None  # mean of the last seven days up to the last rating
    opening: RatedSpan | None = None  # the first week of ratings
    closing: RatedSpan | None = None  # the last week, never sharing a day with the first
    window_days: int = WINDOW_DAYS
    min_rated_days: int = MIN_RATED_DAYS
    # Both ends hold at least `min_rated_days` ratings: only then is a change computed.
    enough_data: bool = False
    change: float | None = None  # last week's mean minus the first week's: negative is better
    minimal_important_change: MinimalChange | None = None
    direction: Direction = "unknown"
    session_days: tuple[date, ...] = ()  # days with a guided session, for the chart's marks


def pain_points(
    diary: Sequence[DiaryEntry], sessions: Sequence[SessionRecord], start: date, end: date
) -> list[PainPoint]:
    """One pain value per rated day in [start, end], in date order.

    The diary is what a person rates deliberately, so it wins; a rating before a session fills
    a day without one (the rating after exercise is left out: it measures the session, not the
    day)."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for entry in diary:
        if start <= entry.date <= end:
            by_day[entry.date].append(entry.pain)
    session_days: dict[date, list[int]] = defaultdict(list)
    for session in sessions:
        day = session.started_at.date()
        if start <= day <= end and session.pain_before is not None and day not in by_day:
            session_days[day].append(session.pain_before)
    # Built without re-validation: the ratings were validated (0-10) when their records
    # were, and a mean of them stays in range; a long diary makes 100,000 of these.
    points = [
        PainPoint.model_construct(date=day, pain=_round(sum(v) / len(v), 2), source="diary")
        for day, v in by_day.items()
    ] + [
        PainPoint.model_construct(date=day, pain=_round(sum(v) / len(v), 2), source="session")
        for day, v in session_days.items()
    ]
    return sorted(points, key=lambda p: p.date)


def _span(points: Sequence[PainPoint]) -> RatedSpan:
    return RatedSpan(
        first=points[0].date,
        last=points[-1].date,
        days_rated=len(points),
        mean=_round(sum(p.pain for p in points) / len(points)),
    )


def pain_trend(
    diary: Sequence[DiaryEntry],
    sessions: Sequence[SessionRecord],
    start: date,
    end: date,
    mic: MinimalChange | None = None,
) -> PainTrend:
    """Weekly mean pain, and the change from the first week of ratings to the last.

    A week's mean, not a single day, is compared, so one bad day does not count as a change:
    the mean of the first seven days with ratings against the mean of the last seven (a
    rolling week, so a report that ends on a Monday does not compare one lone day). The
    change matters when it reaches the pain scale's minimal important change."""
    points = pain_points(diary, sessions, start, end)
    grouped: dict[date, list[PainPoint]] = defaultdict(list)
    for point in points:
        grouped[week_start(point.date)].append(point)
    weeks = tuple(
        PainWeek(
            week_start=monday,
            mean=_round(sum(p.pain for p in rated) / len(rated)),
            days_rated=len(rated),
            middle=date.fromordinal(
                math.floor(sum(p.date.toordinal() for p in rated) / len(rated) + 0.5)
            ),
        )
        for monday, rated in sorted(grouped.items())
    )
    first = last = change = None
    opening_span = closing_span = None
    if points:
        # The first seven days with ratings against the last seven, never sharing a day.
        opening_end = points[0].date + timedelta(days=WINDOW_DAYS - 1)
        closing_start = max(
            points[-1].date - timedelta(days=WINDOW_DAYS - 1), opening_end + timedelta(days=1)
        )
        opening = [p for p in points if p.date <= opening_end]
        closing = [p for p in points if p.date >= closing_start]
        opening_span = _span(opening)
        closing_span = _span(closing) if closing else None
        first = opening_span.mean
        last = closing_span.mean if closing_span else first
    enough = (
        opening_span is not None
        and closing_span is not None
        and min(opening_span.days_rated, closing_span.days_rated) >= MIN_RATED_DAYS
    )
    if enough and first is not None and last is not None:
        change = _round(last - first)
    session_days = sorted(
        {s.started_at.date() for s in sessions if start <= s.started_at.date() <= end}
    )
    return PainTrend(
        points=tuple(points),
        weeks=weeks,
        first_week=first,
        last_week=last,
        opening=opening_span,
        closing=closing_span,
        enough_data=enough,
        change=change,
        minimal_important_change=mic,
        direction=_classify(
            change,
            mic.value if mic else None,
            lower_is_better=True,
            percent=mic.percent if mic else None,
            baseline=first,
        ),
        session_days=tuple(session_days),
    )

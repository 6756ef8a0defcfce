"""Breaks from sitting, week by week: how many were taken, snoozed and skipped.

The break reminder saves one `ReminderEvent` per thing that happened: a reminder shown, and
the person's answer to it (done, snoozed, skipped). Time away from the computer long enough
to count as a break is saved as `done` with no exercise (a natural break), so it counts as a
break taken. Pure functions over the records (no I/O), like the rest of the progress summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date, timedelta

from pydantic import Field

from backcare.domain.progress_plans import Frozen
from backcare.domain.records import ReminderEvent


def _monday(day: date) -> date:
    # Weeks run Monday to Sunday, as everywhere in the progress report.
    return day - timedelta(days=day.weekday())


class BreakWeek(Frozen):
    """One calendar week's breaks. `done` includes the natural breaks."""

    week_start: date
    done: int = Field(default=0, ge=0)
    natural: int = Field(default=0, ge=0)  # of `done`: time away, not an answered reminder
    snoozed: int = Field(default=0, ge=0)
    skipped: int = Field(default=0, ge=0)
    shown: int = Field(default=0, ge=0)  # reminders shown (each may be answered later)

    @property
    def total(self) -> int:
        """Every answer and natural break: taken, snoozed and skipped together."""
        return self.done + self.snoozed + self.skipped


class Breaks(Frozen):
    """Breaks over the whole period, with one entry per calendar week in it (zero weeks
    included, so a chart's weeks line up with the sessions chart)."""

    weeks: tuple[BreakWeek, ...] = ()
    done: int = 0
    natural: int = 0
    snoozed: int = 0
    skipped: int = 0
    shown: int = 0

    @property
    def total(self) -> int:
        return self.done + self.snoozed + self.skipped

    @property
    def recorded(self) -> bool:
        """Whether anything about breaks was saved in the period (a reminder shown counts)."""
        return self.total + self.shown > 0


def break_weeks(events: Sequence[ReminderEvent], start: date, end: date) -> Breaks:
    """Count the events in [start, end] by calendar week and action.

    A day is the event's own date as stored (UTC, the same as the days of sessions), so a
    break and a session at the same moment land in the same week. A snoozed reminder comes
    back later and is answered again, so a snooze is counted, not read as a break missed."""
    if end < start:
        raise ValueError(f"end {end} is before start {start}")
    counts: dict[date, Counter[str]] = {}
    monday = _monday(start)
    while monday <= end:
        counts[monday] = Counter()
        monday += timedelta(days=7)
    for event in events:
        day = event.at.date()
        if not start <= day <= end:
            continue
        tally = counts[_monday(day)]
        tally[event.action] += 1
        if event.action == "done" and event.exercise is None:
            tally["natural"] += 1
    weeks = tuple(
        BreakWeek(
            week_start=monday,
            done=tally["done"],
            natural=tally["natural"],
            snoozed=tally["snoozed"],
            skipped=tally["skipped"],
            shown=tally["shown"],
        )
        for monday, tally in counts.items()
    )
    return Breaks(
        weeks=weeks,
        done=sum(w.done for w in weeks),
        natural=sum(w.natural for w in weeks),
        snoozed=sum(w.snoozed for w in weeks),
        skipped=sum(w.skipped for w in weeks),
        shown=sum(w.shown for w in weeks),
    )

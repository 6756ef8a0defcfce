"""Breaks from sitting in the progress summary: the break reminder's saved events counted per
calendar week (taken, of them natural, snoozed, skipped) and over the whole period."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backcare.domain.progress import summarise
from backcare.domain.progress_breaks import BreakWeek, break_weeks
from backcare.domain.records import ReminderEvent

USER = "u" * 32
MONDAY = date(2025, 3, 3)  # a Monday
SUNDAY_AFTER = MONDAY + timedelta(days=13)


def event(
    day: date,
    hour: int,
    minute: int,
    action: str,
    kind: str = "micro",
    exercise: str | None = "chin_tuck",
) -> ReminderEvent:
    return ReminderEvent(
        user_id=USER,
        at=datetime.combine(day, time(hour, minute), tzinfo=UTC),
        kind=kind,  # type: ignore[arg-type]
        action=action,  # type: ignore[arg-type]
        exercise=exercise,
    )


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


# Two weeks of a person at a desk, with one event just before and one just after the period.
EXAMPLE = [
    event(day(-1), 16, 0, "done"),  # Sunday before: outside
    # Week 1 (3-9 March)
    event(day(0), 10, 0, "shown"),
    event(day(0), 10, 1, "done"),
    event(day(1), 11, 0, "shown"),
    event(day(1), 11, 2, "snoozed"),
    event(day(1), 11, 10, "shown"),
    event(day(1), 11, 11, "done"),
    event(day(2), 14, 0, "done", exercise=None),  # time away: a natural break
    event(day(6), 23, 30, "skipped", kind="long"),  # late Sunday: still week 1
    # Week 2 (10-16 March)
    event(day(7), 0, 10, "shown", kind="long"),
    event(day(7), 0, 11, "skipped", kind="long"),
    event(day(10), 15, 0, "done", kind="long", exercise=None),
    event(day(11), 9, 0, "snoozed"),
    event(day(11), 9, 5, "snoozed"),
    event(day(14), 9, 0, "done"),  # Monday after: outside
]


def test_worked_example_counts_each_week_and_the_period() -> None:
    breaks = break_weeks(EXAMPLE, MONDAY, SUNDAY_AFTER)
    assert breaks.weeks == (
        BreakWeek(week_start=day(0), done=3, natural=1, snoozed=1, skipped=1, shown=3),
        BreakWeek(week_start=day(7), done=1, natural=1, snoozed=2, skipped=1, shown=1),
    )
    assert (breaks.done, breaks.natural, breaks.snoozed, breaks.skipped, breaks.shown) == (
        4,
        2,
        3,
        2,
        4,
    )
    # The total counts answers and natural breaks, not the reminders shown.
    assert breaks.total == 9
    assert [w.total for w in breaks.weeks] == [5, 4]
    assert breaks.recorded


def test_a_period_starting_midweek_keeps_calendar_weeks_and_drops_earlier_days() -> None:
    # Wednesday 5 to Tuesday 11 March: Monday's and Tuesday's week-1 events are left out.
    breaks = break_weeks(EXAMPLE, day(2), day(8))
    assert [w.week_start for w in breaks.weeks] == [day(0), day(7)]
    assert [(w.done, w.natural, w.snoozed, w.skipped) for w in breaks.weeks] == [
        (1, 1, 0, 1),
        (0, 0, 0, 1),
    ]


def test_weeks_without_events_are_still_listed_with_zeros() -> None:
    breaks = break_weeks([event(day(9), 10, 0, "done")], MONDAY, day(20))
    assert [w.week_start for w in breaks.weeks] == [day(0), day(7), day(14)]
    assert [w.done for w in breaks.weeks] == [0, 1, 0]


def test_only_reminders_shown_is_recorded_but_no_break() -> None:
    breaks = break_weeks([event(day(0), 10, 0, "shown")], MONDAY, day(6))
    assert breaks.total == 0
    assert breaks.recorded


def test_no_events_is_nothing_recorded() -> None:
    breaks = break_weeks([], MONDAY, day(6))
    assert not breaks.recorded
    assert breaks.weeks == (BreakWeek(week_start=MONDAY),)


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before"):
        break_weeks([], day(3), day(2))


def test_summary_carries_the_breaks_and_existing_callers_get_none() -> None:
    with_breaks = summarise([], [], [], [], MONDAY, SUNDAY_AFTER, reminder_events=EXAMPLE)
    assert with_breaks.breaks == break_weeks(EXAMPLE, MONDAY, SUNDAY_AFTER)
    without = summarise([], [], [], [], MONDAY, SUNDAY_AFTER)
    assert not without.breaks.recorded
    assert [w.week_start for w in without.breaks.weeks] == [
        w.week_start for w in without.adherence.weeks
    ]


ACTIONS = ("shown", "done", "snoozed", "skipped")
events_strategy = st.lists(
    st.builds(
        event,
        st.integers(min_value=-10, max_value=40).map(day),
        st.integers(min_value=0, max_value=23),
        st.integers(min_value=0, max_value=59),
        st.sampled_from(ACTIONS),
        st.sampled_from(("micro", "long")),
        st.sampled_from(("chin_tuck", None)),
    ),
    max_size=60,
)


@given(
    events=events_strategy,
    first=st.integers(min_value=-3, max_value=20),
    length=st.integers(min_value=0, max_value=30),
)
def test_every_event_in_the_period_is_counted_once_in_its_week(
    events: list[ReminderEvent], first: int, length: int
) -> None:
    start, end = day(first), day(first + length)
    breaks = break_weeks(events, start, end)
    inside = [e for e in events if start <= e.at.date() <= end]
    for action in ACTIONS:
        assert getattr(breaks, action) == sum(e.action == action for e in inside)
        assert getattr(breaks, action) == sum(getattr(w, action) for w in breaks.weeks)
    assert breaks.natural == sum(e.action == "done" and e.exercise is None for e in inside)
    mondays = [w.week_start for w in breaks.weeks]
    assert all(m.weekday() == 0 for m in mondays)
    assert all(b - a == timedelta(days=7) for a, b in pairwise(mondays))
    assert mondays[0] <= start <= mondays[0] + timedelta(days=6)
    assert mondays[-1] <= end <= mondays[-1] + timedelta(days=6)
    assert all(w.natural <= w.done for w in breaks.weeks)

"""The break scheduler, driven by a fake clock and a fake idle monitor: no sleeping."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.reminders import (
    BreakRules,
    BreakScheduler,
    Decision,
    Reminder,
    WorkHours,
    parse_weekdays,
    rotate,
)

MONDAY_9 = datetime(2026, 11, 23, 9, 0)  # a Monday
assert MONDAY_9.weekday() == 0

Answerer = Callable[[Reminder], str | None]


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


@dataclass
class Desk:
    """A fake day at the desk: away spells (start, end) and a policy for answering."""

    rules: BreakRules = field(default_factory=BreakRules)
    away: list[tuple[datetime, datetime]] = field(default_factory=list)
    answer: Answerer = lambda r: "done"
    watches_idle: bool = True
    shown: list[Reminder] = field(default_factory=list)
    naturals: list[tuple[datetime, str]] = field(default_factory=list)
    decisions: list[tuple[datetime, Decision]] = field(default_factory=list)
    sitting: list[float] = field(default_factory=list)  # counted sitting after each look

    def idle_at(self, now: datetime) -> float:
        for start, end in self.away:
            if start <= now < end:
                return (now - start).total_seconds()
        return 0.0

    def run(self, start: datetime, until: datetime) -> BreakScheduler:
        scheduler = BreakScheduler(self.rules, watches_idle=self.watches_idle)
        now = start
        while now < until:
            decision = scheduler.observe(now, self.idle_at(now))
            self.decisions.append((now, decision))
            self.sitting.append(scheduler.sitting_s)
            assert decision.wake_at > now
            if decision.natural_break:
                self.naturals.append((now, decision.natural_break))
            if decision.due:
                self.shown.append(decision.due)
                reply = self.answer(decision.due)
                if reply is not None:
                    assert scheduler.answer(reply, now, decision.due)  # type: ignore[arg-type]
            now = decision.wake_at
        return scheduler


def test_breaks_come_every_interval_and_every_second_one_is_long() -> None:
    desk = Desk()
    desk.run(MONDAY_9, MONDAY_9 + minutes(125))
    assert [(r.at - MONDAY_9, r.kind, r.minutes) for r in desk.shown] == [
        (minutes(30), "micro", 2),
        (minutes(60), "long", 10),
        (minutes(90), "micro", 2),
        (minutes(120), "long", 10),
    ]


def test_without_idle_detection_it_sleeps_until_the_break() -> None:
    desk = Desk(watches_idle=False)
    desk.run(MONDAY_9, MONDAY_9 + minutes(31))
    wakes = [now for now, _ in desk.decisions]
    # No polling: at most one wake-up per MAX_SLEEP_S (5 min), and the break exactly on time.
    assert len(wakes) <= 30 * 60 / BreakScheduler.MAX_SLEEP_S + 1
    assert desk.shown[0].at == MONDAY_9 + minutes(30)


def test_idle_is_sampled_often_enough_to_see_a_micro_break() -> None:
    desk = Desk()
    desk.run(MONDAY_9, MONDAY_9 + minutes(20))
    gaps = [b[0] - a[0] for a, b in zip(desk.decisions, desk.decisions[1:], strict=False)]
    assert max(gaps) <= minutes(1)


def test_a_natural_break_resets_the_count_and_time_away_is_not_sitting() -> None:
    away_from, away_to = MONDAY_9 + minutes(20), MONDAY_9 + minutes(24)
    desk = Desk(away=[(away_from, away_to)])
    scheduler = desk.run(MONDAY_9, MONDAY_9 + minutes(60))
    assert desk.naturals
    assert desk.naturals[0][1] == "micro"
    # Back at 24, so the next break is 30 minutes of sitting later; the return is only seen
    # at the next idle sample, so up to one sample period of the spell counts as sitting.
    first = desk.shown[0]
    assert away_to + minutes(29) <= first.at <= away_to + minutes(30)
    # The natural micro-break counted as a break: the next reminder is the long one.
    assert first.kind == "long"
    assert scheduler.sitting_s < 30 * 60


def test_a_short_pause_is_not_a_break_and_is_not_counted_as_sitting() -> None:
    desk = Desk(away=[(MONDAY_9 + minutes(10), MONDAY_9 + minutes(11.5))])
    desk.run(MONDAY_9, MONDAY_9 + minutes(40))
    assert not desk.naturals
    first = desk.shown[0]
    assert first.kind == "micro"
    assert MONDAY_9 + minutes(30) < first.at <= MONDAY_9 + minutes(32)


def test_a_long_natural_break_restarts_the_rotation() -> None:
    desk = Desk(away=[(MONDAY_9 + minutes(40), MONDAY_9 + minutes(55))])
    desk.run(MONDAY_9, MONDAY_9 + minutes(100))
    assert [k for _, k in desk.naturals] == ["micro", "long"]
    kinds = [r.kind for r in desk.shown]
    assert kinds[0] == "micro"  # at 30
    assert kinds[1] == "micro"  # after the long natural break, the count starts again


def test_snooze_brings_the_break_back_after_the_snooze_time() -> None:
    replies = iter(["snoozed", "done"])
    desk = Desk(answer=lambda r: next(replies, "done"))
    desk.run(MONDAY_9, MONDAY_9 + minutes(45))
    assert [r.at - MONDAY_9 for r in desk.shown][:2] == [minutes(30), minutes(40)]
    assert desk.shown[0].kind == desk.shown[1].kind == "micro"


def test_an_unanswered_reminder_comes_back_after_the_snooze_time() -> None:
    desk = Desk(answer=lambda r: None)
    desk.run(MONDAY_9, MONDAY_9 + minutes(55))
    assert [r.at - MONDAY_9 for r in desk.shown] == [minutes(30), minutes(40), minutes(50)]


def test_a_skipped_long_break_stays_due_next_time() -> None:
    desk = Desk(answer=lambda r: "skipped" if r.kind == "long" and r.number == 2 else "done")
    desk.run(MONDAY_9, MONDAY_9 + minutes(95))
    assert [r.kind for r in desk.shown] == ["micro", "long", "long"]
    assert desk.shown[2].at == MONDAY_9 + minutes(90)


def test_an_answer_to_an_older_reminder_is_ignored() -> None:
    desk = Desk(answer=lambda r: None)
    scheduler = desk.run(MONDAY_9, MONDAY_9 + minutes(41))
    first, second = desk.shown
    assert not scheduler.answer("done", MONDAY_9 + minutes(41), first)
    assert scheduler.answer("done", MONDAY_9 + minutes(41), second)


def test_nothing_is_due_outside_work_hours_and_it_wakes_at_the_start() -> None:
    scheduler = BreakScheduler(BreakRules())
    evening = MONDAY_9.replace(hour=18, minute=30)
    decision = scheduler.observe(evening, 0)
    assert not decision.working
    assert decision.due is None
    assert decision.wake_at <= evening + timedelta(seconds=BreakScheduler.MAX_SLEEP_S)
    desk = Desk()
    desk.run(evening, MONDAY_9 + timedelta(days=1, minutes=31))
    assert desk.shown[0].at == MONDAY_9 + timedelta(days=1, minutes=30)


def test_sitting_before_work_starts_is_not_counted() -> None:
    desk = Desk()
    desk.run(MONDAY_9 - minutes(45), MONDAY_9 + minutes(31))
    assert desk.shown[0].at == MONDAY_9 + minutes(30)


def test_weekends_are_free_and_friday_evening_skips_to_monday() -> None:
    friday_17 = MONDAY_9 + timedelta(days=4, hours=8)
    desk = Desk()
    desk.run(friday_17 + minutes(45), MONDAY_9 + timedelta(days=7, minutes=31))
    monday = MONDAY_9 + timedelta(days=7)
    assert all(r.at >= monday for r in desk.shown)
    assert desk.shown[0].at == monday + minutes(30)
    saturday_noon = MONDAY_9 + timedelta(days=5, hours=3)
    assert BreakRules().window_at(saturday_noon) is None


def test_night_shift_crosses_midnight_and_belongs_to_its_start_day() -> None:
    rules = BreakRules(work_hours=WorkHours.parse("22:00-06:00"), work_days=("mon", "tue"))
    assert rules.window_at(MONDAY_9.replace(hour=23)) is not None
    tuesday_3 = MONDAY_9.replace(hour=3) + timedelta(days=1)
    assert rules.window_at(tuesday_3) is not None  # Monday's shift
    wednesday_3 = tuesday_3 + timedelta(days=1)
    assert rules.window_at(wednesday_3) is not None  # Tuesday's shift
    assert rules.window_at(wednesday_3 + timedelta(days=1)) is None  # no Wednesday shift
    assert rules.window_at(MONDAY_9.replace(hour=12)) is None
    desk = Desk(rules=rules)
    desk.run(MONDAY_9.replace(hour=23, minute=50), tuesday_3)
    # Sitting from 23:50 carries on past midnight: the break is due at 00:20.
    assert desk.shown[0].at == MONDAY_9.replace(hour=0, minute=20) + timedelta(days=1)


def test_a_laptop_suspended_for_hours_counts_as_a_long_break() -> None:
    scheduler = BreakScheduler(BreakRules())
    decision = scheduler.observe(MONDAY_9, 0)
    now = MONDAY_9
    while now < MONDAY_9 + minutes(25):
        now = decision.wake_at
        decision = scheduler.observe(now, 0)
    assert scheduler.sitting_s >= 24 * 60
    # The lid closes; the runner wakes three hours after it meant to. Some idle monitors
    # report 0 after resume (a key was pressed to wake it), so the gap alone must count.
    resumed = decision.wake_at + timedelta(hours=3)
    decision = scheduler.observe(resumed, 0.0)
    assert decision.natural_break == "long"
    assert scheduler.sitting_s == 0
    assert scheduler.next_kind == "micro"
    assert decision.due is None


def test_the_clock_going_backwards_counts_nothing() -> None:
    scheduler = BreakScheduler(BreakRules())
    scheduler.observe(MONDAY_9 + minutes(10), 0)
    decision = scheduler.observe(MONDAY_9 + minutes(5), 0)
    assert scheduler.sitting_s == 0
    assert decision.wake_at > MONDAY_9 + minutes(5)


def test_aware_datetimes_work_too() -> None:
    from datetime import timezone

    start = MONDAY_9.replace(tzinfo=timezone(timedelta(hours=8)))
    desk = Desk()
    desk.run(start, start + minutes(31))
    assert desk.shown[0].at == start + minutes(30)


def test_rules_reject_bad_values_naming_the_field() -> None:
    with pytest.raises(ValueError, match="every_min"):
        BreakRules(every_min=0)
    with pytest.raises(ValueError, match="micro_break_min"):
        BreakRules(micro_break_min=20, long_break_min=10)
    with pytest.raises(ValueError, match="work_hours"):
        WorkHours.parse("9-18")
    with pytest.raises(ValueError, match="work_hours"):
        WorkHours.parse("25:00-18:00")
    with pytest.raises(ValueError, match="work_days"):
        parse_weekdays("mon-funday")


def test_weekday_ranges() -> None:
    assert parse_weekdays("mon-fri") == ("mon", "tue", "wed", "thu", "fri")
    assert parse_weekdays("sat-mon") == ("mon", "sat", "sun")
    assert parse_weekdays("tue, thu") == ("tue", "thu")
    assert str(WorkHours.parse("22:00 - 06:30")) == "22:00-06:30"
    assert WorkHours.parse("22:00-06:30").length == timedelta(hours=8, minutes=30)
    assert WorkHours(time(0), time(0)).length == timedelta(days=1)


def test_rotate_cycles() -> None:
    assert [rotate("abc", n) for n in range(5)] == ["a", "b", "c", "a", "b"]
    assert rotate([], 3) is None


@settings(max_examples=60, deadline=None)
@given(
    every=st.integers(5, 120),
    long_every=st.integers(0, 4),
    start_minute=st.integers(0, 24 * 60 - 1),
)
def test_with_steady_work_breaks_are_exactly_every_interval(
    every: int, long_every: int, start_minute: int
) -> None:
    rules = BreakRules(
        every_min=every,
        long_break_every=long_every,
        work_hours=WorkHours(time(0), time(0)),
        work_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
    )
    start = MONDAY_9.replace(hour=0) + minutes(start_minute)
    desk = Desk(rules=rules)
    desk.run(start, start + minutes(every * 4 + 1))
    assert [r.at - start for r in desk.shown] == [minutes(every * n) for n in range(1, 5)]
    expected_long = [long_every > 0 and n % long_every == 0 for n in range(1, 5)]
    assert [r.kind == "long" for r in desk.shown] == expected_long


@settings(max_examples=60, deadline=None)
@given(
    spells=st.lists(st.tuples(st.integers(0, 170), st.integers(1, 30)), min_size=0, max_size=6),
)
def test_no_reminder_while_away_and_no_stretch_of_sitting_goes_unreminded(
    spells: list[tuple[int, int]],
) -> None:
    away = [(MONDAY_9 + minutes(s), MONDAY_9 + minutes(s + d)) for s, d in spells]
    desk = Desk(away=away)
    desk.run(MONDAY_9, MONDAY_9 + minutes(180))
    for reminder in desk.shown:
        assert desk.idle_at(reminder.at) < 2 * 60  # never while away for a break's length
    # Every reminder is answered "done", so counted sitting never passes the interval: the
    # scheduler wakes exactly when it would.
    assert max(desk.sitting) <= 30 * 60
    # And a reminder only comes after a full interval of sitting since the last one.
    times = [MONDAY_9, *[r.at for r in desk.shown]]
    for a, b in itertools.pairwise(times):
        assert b - a >= minutes(30)


def test_rules_round_trip_through_plain_values() -> None:
    rules = BreakRules(every_min=45, work_hours=WorkHours.parse("22:00-06:00"))
    assert BreakRules().updated(rules.as_dict()) == rules
    assert BreakRules().updated({"work_days": "sat-sun"}).work_days == ("sat", "sun")
    with pytest.raises(ValueError, match="colour"):
        BreakRules().updated({"colour": "blue"})
    with pytest.raises(ValueError, match="snooze_min"):
        BreakRules().updated({"snooze_min": "ten"})
    with pytest.raises(ValueError, match="work_days"):
        BreakRules().updated({"work_days": 5})

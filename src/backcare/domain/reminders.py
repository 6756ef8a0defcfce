"""Break reminders as a pure state machine: rules in, the clock and the person's activity in,
"what is due next and when" out.

Standard library only (no pydantic): the running reminder imports this module and nothing
heavy, so it stays small in memory (bench/bench_reminders.py). Nothing here sleeps or reads a
clock; the runner feeds `observe(now, idle_seconds)` and sleeps until `Decision.wake_at`.

How sitting is counted:
- only time inside the work hours counts, and time away from the keyboard (the idle monitor's
  figure) never counts as sitting;
- being away for at least a break's length is a natural break: it resets the count, and a long
  one also restarts the micro/long rotation;
- a gap longer than the runner was told to sleep (a suspended laptop) is time away too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal, Protocol, TypeVar

BreakKind = Literal["micro", "long"]
Answer = Literal["done", "snoozed", "skipped"]
ANSWERS: tuple[Answer, ...] = ("done", "snoozed", "skipped")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

T = TypeVar("T")


class DeskExercise(Protocol):
    """What a desk break needs of an exercise (the library's Exercise has it); a shape, not
    an import, so this module stays below the library that reads its rules."""

    @property
    def routines(self) -> Sequence[str]: ...
    @property
    def regions(self) -> Sequence[str]: ...


class Tip(Protocol):
    """What a desk break needs of an advice item (the library's Advice has it)."""

    @property
    def tags(self) -> Sequence[str]: ...


E = TypeVar("E", bound=DeskExercise)
A = TypeVar("A", bound=Tip)


def parse_clock_time(text: str, what: str = "time") -> time:
    """'09:00' -> time(9, 0); a ValueError names `what` and the expected form."""
    parts = text.strip().split(":")
    try:
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            raise ValueError
        return time(int(parts[0]), int(parts[1]))
    except ValueError:
        raise ValueError(f"{what}: {text!r} is not a time like 09:00") from None


@dataclass(frozen=True)
class WorkHours:
    """A daily window, e.g. 09:00-18:00. An end at or before the start crosses midnight
    (22:00-06:00 is a night shift); the window belongs to the day it starts on."""

    start: time = time(9, 0)
    end: time = time(18, 0)

    @classmethod
    def parse(cls, text: str) -> WorkHours:
        pieces = text.replace(" ", "").split("-")
        if len(pieces) != 2:
            raise ValueError(f"work_hours: {text!r} is not a range like 09:00-18:00")
        return cls(
            parse_clock_time(pieces[0], "work_hours"), parse_clock_time(pieces[1], "work_hours")
        )

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"

    @property
    def length(self) -> timedelta:
        start = self.start.hour * 60 + self.start.minute
        end = self.end.hour * 60 + self.end.minute
        minutes = (end - start) % (24 * 60) or 24 * 60  # equal start and end: all day
        return timedelta(minutes=minutes)


def parse_weekdays(text: str) -> tuple[str, ...]:
    """'mon-fri' or 'mon,wed,fri' or 'sat-mon' (wrapping) -> weekday names in week order."""
    days: set[str] = set()
    for piece in text.lower().replace(" ", "").split(","):
        if not piece:
            continue
        ends = piece.split("-")
        if len(ends) > 2 or any(e not in WEEKDAYS for e in ends):
            raise ValueError(f"work_days: {piece!r} is not a day or range like mon-fri")
        first, last = WEEKDAYS.index(ends[0]), WEEKDAYS.index(ends[-1])
        span = (last - first) % 7
        days.update(WEEKDAYS[(first + i) % 7] for i in range(span + 1))
    if not days:
        raise ValueError("work_days: name at least one day, e.g. mon-fri")
    return tuple(d for d in WEEKDAYS if d in days)


@dataclass(frozen=True)
class BreakRules:
    """When breaks are due. Defaults and their sources live in content/reminders.yaml; the
    values here only keep the type usable on its own (tests, a missing content file)."""

    every_min: int = 30  # minutes of sitting before a break is due
    micro_break_min: int = 2
    long_break_min: int = 10  # the article's "get up and move for 10 minutes"
    long_break_every: int = 2  # every Nth break is a long one; 0 = micro-breaks only
    snooze_min: int = 10
    work_hours: WorkHours = WorkHours()
    work_days: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri")

    def __post_init__(self) -> None:
        limits = {
            "every_min": (5, 240),
            "micro_break_min": (1, 30),
            "long_break_min": (1, 120),
            "long_break_every": (0, 12),
            "snooze_min": (1, 120),
        }
        for name, (low, high) in limits.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
                raise ValueError(f"{name}: {value!r} must be a whole number from {low} to {high}")
        if self.micro_break_min > self.long_break_min:
            raise ValueError(
                f"micro_break_min: {self.micro_break_min} is longer than the long break "
                f"({self.long_break_min})"
            )
        if not self.work_days or any(d not in WEEKDAYS for d in self.work_days):
            raise ValueError(f"work_days: {list(self.work_days)!r} must name days mon..sun")

    def as_dict(self) -> dict[str, object]:
        """Plain values, as written in settings files and handed to the running reminder."""
        return {
            "every_min": self.every_min,
            "micro_break_min": self.micro_break_min,
            "long_break_min": self.long_break_min,
            "long_break_every": self.long_break_every,
            "snooze_min": self.snooze_min,
            "work_hours": str(self.work_hours),
            "work_days": list(self.work_days),
        }

    def updated(self, values: dict[str, object]) -> BreakRules:
        """These rules with some keys replaced by plain values; ValueError names a bad key."""
        known = self.as_dict()
        merged: dict[str, object] = dict(known)
        for key, value in values.items():
            if key not in known:
                raise ValueError(f"{key}: unknown setting (known: {', '.join(known)})")
            merged[key] = value
        hours, days = merged.pop("work_hours"), merged.pop("work_days")
        if not isinstance(hours, str):
            raise ValueError(f"work_hours: {hours!r} is not a range like 09:00-18:00")
        if isinstance(days, list | tuple) and all(isinstance(d, str) for d in days):
            days = ",".join(days)
        if not isinstance(days, str):
            raise ValueError(f"work_days: {days!r} is not a list of days like mon-fri")
        return BreakRules(
            work_hours=WorkHours.parse(hours),
            work_days=parse_weekdays(days),
            **merged,  # type: ignore[arg-type]  # checked in __post_init__
        )

    def break_minutes(self, kind: BreakKind) -> int:
        return self.long_break_min if kind == "long" else self.micro_break_min

    # --- work windows ---------------------------------------------------------------------

    def _window_on(self, day: date, at: datetime) -> tuple[datetime, datetime] | None:
        if WEEKDAYS[day.weekday()] not in self.work_days:
            return None
        start = datetime.combine(day, self.work_hours.start, tzinfo=at.tzinfo)
        return start, start + self.work_hours.length

    def window_at(self, at: datetime) -> tuple[datetime, datetime] | None:
        """The work window holding `at` (started today or, across midnight, yesterday)."""
        for day in (at.date(), at.date() - timedelta(days=1)):
            window = self._window_on(day, at)
            if window is not None and window[0] <= at < window[1]:
                return window
        return None

    def next_window_start(self, at: datetime) -> datetime:
        """The start of the next work window after `at` (work_days is never empty)."""
        for offset in range(8):
            window = self._window_on(at.date() + timedelta(days=offset), at)
            if window is not None and window[0] > at:
                return window[0]
        raise AssertionError("work_days is never empty")  # pragma: no cover


@dataclass(frozen=True)
class Reminder:
    """A break that is due now."""

    kind: BreakKind
    minutes: int
    at: datetime
    number: int  # 1 for the first reminder this run, so answers match the right one


@dataclass(frozen=True)
class Decision:
    due: Reminder | None  # show this now
    wake_at: datetime  # look again at this time at the latest
    working: bool  # inside the work hours
    natural_break: BreakKind | None = None  # a break just noticed from time away


class BreakScheduler:
    """Counts sitting time and says when a break is due. Stepped by `observe`; answers from
    the notification come back through `answer`."""

    MAX_SLEEP_S = 300.0  # longest sleep, so clock changes are noticed within minutes
    IDLE_CHECK_S = 60.0  # how often idle time is looked at, at most, to catch natural breaks
    SUSPEND_SLACK_S = 30.0  # waking this much later than planned means the machine slept

    def __init__(self, rules: BreakRules, *, watches_idle: bool = True) -> None:
        self.rules = rules
        self.watches_idle = watches_idle
        self.sitting_s = 0.0  # sitting time since the last break, inside work hours
        self.breaks_since_long = 0
        self.snoozed_until: datetime | None = None
        self.last_at: datetime | None = None
        self.expected_at: datetime | None = None  # the wake-up the runner was given
        self.away: BreakKind | None = None  # the natural break going on now, if any
        self.reminders = 0
        self.current: Reminder | None = None
        self.working = False  # the last observation was inside the work hours

    @property
    def next_kind(self) -> BreakKind:
        every = self.rules.long_break_every
        return "long" if every and self.breaks_since_long + 1 >= every else "micro"

    def _idle_check_s(self) -> float:
        # Sampling at half a micro-break at most sees every idle spell of that length.
        return min(self.IDLE_CHECK_S, self.rules.micro_break_min * 30.0)

    def _reset(self) -> None:
        self.sitting_s = 0.0
        self.snoozed_until = None
        self.current = None

    def observe(self, now: datetime, idle_seconds: float) -> Decision:
        """Account for the time since the last call and say what is due."""
        last = self.last_at or now
        elapsed = max(0.0, (now - last).total_seconds())
        overshoot = (now - self.expected_at).total_seconds() if self.expected_at else 0.0
        away_s = max(0.0, idle_seconds)
        if overshoot > self.SUSPEND_SLACK_S:
            away_s = max(away_s, overshoot)  # suspended: nobody sat at a sleeping machine
        self.last_at = now

        window = self.rules.window_at(now)
        if window is None:
            # Outside the work hours nothing is due and the next work period starts fresh.
            self._reset()
            self.breaks_since_long = 0
            self.away = None
            self.working = False
            wake = min(self.rules.next_window_start(now), now + timedelta(seconds=self.MAX_SLEEP_S))
            return self._decide(now, None, wake, working=False)

        # Time before the window opened is not work (windows that touch count as one).
        counted = elapsed if self.working else min(elapsed, (now - window[0]).total_seconds())
        self.working = True
        self.sitting_s += counted - min(counted, away_s)

        natural = self._natural_break(away_s)
        due: Reminder | None = None
        every_s = self.rules.every_min * 60.0
        remaining = every_s - self.sitting_s
        snoozed = self.snoozed_until is not None and now < self.snoozed_until
        if remaining <= 0 and not snoozed and self.away is None:
            self.reminders += 1
            kind = self.next_kind
            due = Reminder(kind, self.rules.break_minutes(kind), now, self.reminders)
            self.current = due
            # Unanswered, it comes back after the snooze time while the person keeps sitting.
            self.snoozed_until = now + timedelta(minutes=self.rules.snooze_min)

        candidates = [window[1], now + timedelta(seconds=self.MAX_SLEEP_S)]
        if self.snoozed_until is not None and now < self.snoozed_until:
            candidates.append(max(self.snoozed_until, now + timedelta(seconds=max(remaining, 0))))
        else:
            candidates.append(now + timedelta(seconds=max(remaining, 1.0)))
        if self.watches_idle:
            candidates.append(now + timedelta(seconds=self._idle_check_s()))
        return self._decide(now, due, min(candidates), working=True, natural=natural)

    def _natural_break(self, away_s: float) -> BreakKind | None:
        """Update the count for time away; returns the break kind when one starts or grows."""
        if away_s >= self.rules.long_break_min * 60:
            kind: BreakKind | None = "long"
        elif away_s >= self.rules.micro_break_min * 60:
            kind = "micro"
        else:
            kind = None
        if kind is None:
            self.away = None  # back at the computer, or only a short pause
            return None
        previous = self.away
        self.away = kind
        self._reset()
        if kind == "long":
            self.breaks_since_long = 0
        elif previous is None:
            self.breaks_since_long += 1
        return kind if kind != previous else None

    def _decide(
        self,
        now: datetime,
        due: Reminder | None,
        wake: datetime,
        *,
        working: bool,
        natural: BreakKind | None = None,
    ) -> Decision:
        wake = max(wake, now + timedelta(seconds=1))
        self.expected_at = wake
        return Decision(due=due, wake_at=wake, working=working, natural_break=natural)

    def answer(self, answer: Answer, now: datetime, reminder: Reminder | None = None) -> bool:
        """Apply the person's answer; answers to an older reminder are ignored (False)."""
        if reminder is not None and reminder != self.current:
            return False
        kind = self.current.kind if self.current else self.next_kind
        if answer == "snoozed":
            self.snoozed_until = now + timedelta(minutes=self.rules.snooze_min)
            return True
        if answer == "done":
            self.breaks_since_long = 0 if kind == "long" else self.breaks_since_long + 1
        # done or skipped: a new sitting interval starts now. A skipped break is not counted,
        # so a skipped long break stays due as the next one.
        self._reset()
        return True


def rotate(items: Sequence[T], turn: int) -> T | None:
    """The item for this turn, cycling through the list; None for an empty list."""
    return items[turn % len(items)] if items else None


def desk_break_exercises(exercises: Sequence[E], regions: Sequence[str]) -> list[E]:
    """Micro-break exercises (routine `desk_break`) that work one of the person's regions;
    all desk-break exercises when none fits or no region is known."""
    desk = [e for e in exercises if "desk_break" in e.routines]
    fitting = [e for e in desk if set(e.regions) & set(regions)]
    return fitting or desk


def posture_tips(advice: Sequence[A]) -> list[A]:
    """Tips for the desk (tagged `desk`), in library order; posture tips in general when the
    library has no desk tips. A sleep or lifting tip does not belong in a desk break."""
    desk = [a for a in advice if "desk" in a.tags]
    return desk or [a for a in advice if "posture" in a.tags]

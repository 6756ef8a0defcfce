"""The running reminder, stepped in process with a fake clock, idle monitor and notifier."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from backcare.content.loader import load_library
from backcare.desktop.notify import StdoutNotifier
from backcare.domain.reminders import BreakRules
from backcare.reminders.kit import Kit, build_kit
from backcare.reminders.runner import ReminderLoop, compose
from tests.reminders.fake_notifier import FakeNotifier

MONDAY_9 = datetime(2026, 11, 23, 9, 0).astimezone()


class FakeIdle:
    def __init__(self, name: str = "fake-idle") -> None:
        self.name = name
        self.value = 0.0

    def idle_seconds(self) -> float:
        return self.value


class Events:
    def __init__(self) -> None:
        self.recorded: list[tuple[datetime, str, str, str | None]] = []
        self.flushes = 0

    def record(
        self, at: datetime, kind: str, action: str, exercise: str | None = None
    ) -> dict[str, Any]:
        self.recorded.append((at, kind, action, exercise))
        return {}

    def flush(self, wait: float = 0.0) -> bool:
        self.flushes += 1
        return True


def kit_from(content_dir: Path, regions: Sequence[str] = ()) -> Kit:
    lib = load_library(content_dir)
    assert lib.reminders is not None
    return build_kit(lib, lib.reminders.rules(), regions, content_dir / "state")


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


async def step_until_shown(loop: ReminderLoop, clock: Clock, count: int) -> None:
    """Advance the fake clock wake-up by wake-up, answering as the notifier does."""
    shown = len(loop.shown)
    while len(loop.shown) < shown + count:
        decision = await loop.tick()
        loop.drain()
        clock.now = decision.wake_at


def test_the_kit_holds_desk_exercises_for_the_regions_and_posture_tips(content_dir: Path) -> None:
    neck = kit_from(content_dir, ["neck"])
    assert [e["id"] for e in neck.exercises] == ["chin_tuck"]
    assert neck.exercises[0]["steps"][0] == "Sit tall with your eyes level."
    anywhere = kit_from(content_dir, [])
    # Nothing fits no region: every desk-break exercise, never the floor routine.
    assert [e["id"] for e in anywhere.exercises] == ["chin_tuck", "seated_extension"]
    # Desk tips only (uncross_legs is tagged posture alone, sleep_pillow sleep).
    assert [t["id"] for t in anywhere.tips] == ["sit_tall"]
    assert Kit.from_dict(anywhere.as_dict()) == anywhere


def test_breaks_rotate_exercises_and_tips_and_are_recorded(content_dir: Path) -> None:
    kit = kit_from(content_dir)
    clock = Clock(MONDAY_9)
    notifier, events = FakeNotifier(reply="done"), Events()
    loop = ReminderLoop(kit, FakeIdle(), notifier, events, clock)
    asyncio.run(step_until_shown(loop, clock, 3))
    titles = [t for t, _, _ in notifier.shown]
    assert titles == [
        "Time for a 2-minute break",
        "Time to get up and move for 10 minutes",
        "Time for a 2-minute break",
    ]
    bodies = [b for _, b, _ in notifier.shown]
    assert bodies[0].startswith("Chin tuck: 1. Sit tall with your eyes level.")
    assert "Tip: Sit tall." in bodies[0]
    assert bodies[1].startswith("Seated back extension:")
    assert "Tip: Sit tall." in bodies[1]
    assert bodies[2].startswith("Chin tuck:")
    assert notifier.shown[0][2] == [
        ("done", "Done"),
        ("snoozed", "Snooze 10 min"),
        ("skipped", "Skip"),
    ]
    actions = [(kind, action, ex) for _, kind, action, ex in events.recorded]
    assert actions[:4] == [
        ("micro", "shown", "chin_tuck"),
        ("micro", "done", "chin_tuck"),
        ("long", "shown", "seated_extension"),
        ("long", "done", "seated_extension"),
    ]
    assert events.recorded[0][0] == MONDAY_9 + timedelta(minutes=30)
    assert events.flushes >= 4


def test_a_snooze_from_the_notification_delays_the_break(content_dir: Path) -> None:
    kit = kit_from(content_dir)
    clock = Clock(MONDAY_9)
    notifier = FakeNotifier(reply="snoozed")
    loop = ReminderLoop(kit, FakeIdle(), notifier, Events(), clock)
    asyncio.run(step_until_shown(loop, clock, 2))
    shown_at = [at for at, kind, action, _ in loop.events.recorded if action == "shown"]  # type: ignore[attr-defined]
    assert shown_at == [MONDAY_9 + timedelta(minutes=30), MONDAY_9 + timedelta(minutes=40)]


def test_time_away_is_recorded_as_a_break(content_dir: Path) -> None:
    kit = kit_from(content_dir)
    clock, idle, events = Clock(MONDAY_9), FakeIdle(), Events()
    loop = ReminderLoop(kit, idle, FakeNotifier(), events, clock)

    async def scenario() -> None:
        for _ in range(10):
            decision = await loop.tick()
            clock.now = decision.wake_at
        idle.value = 3 * 60  # away for three minutes
        await loop.tick()

    asyncio.run(scenario())
    assert [(kind, action) for _, kind, action, _ in events.recorded] == [("micro", "done")]


def test_without_an_idle_monitor_the_scheduler_does_not_poll(content_dir: Path) -> None:
    kit = kit_from(content_dir)
    loop = ReminderLoop(kit, FakeIdle("never-idle"), FakeNotifier(), Events(), Clock(MONDAY_9))
    assert loop.scheduler.watches_idle is False


def test_run_stops_when_asked_and_prints_one_line_with_a_bell(content_dir: Path) -> None:
    kit = Kit(
        rules=BreakRules(
            every_min=5,
            work_hours=BreakRules().work_hours.parse("00:00-00:00"),
            work_days=("mon", "tue", "wed", "thu", "fri", "sat", "sun"),
        ),
        exercises=({"id": "chin_tuck", "name": "Chin tuck", "steps": ["Sit tall.", "Tuck."]},),
    )
    out = io.StringIO()
    start = datetime.now().astimezone()
    events = Events()
    loop = ReminderLoop(
        kit, FakeIdle(), StdoutNotifier(out, clock=lambda: start), events, lambda: start
    )
    loop.scheduler.sitting_s = 5 * 60  # a break is due at the first look

    async def scenario() -> None:
        stop = asyncio.Event()
        asyncio.get_running_loop().call_later(0.2, stop.set)
        await asyncio.wait_for(loop.run(stop), timeout=5)

    asyncio.run(scenario())
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("\a[")
    assert "Time for a 2-minute break: Chin tuck: 1. Sit tall. 2. Tuck." in lines[0]


def test_compose_without_content_still_names_the_break() -> None:
    from backcare.domain.reminders import Reminder

    message = compose(Reminder("long", 10, MONDAY_9, 1), Kit(rules=BreakRules()), 0)
    assert message.title == "Time to get up and move for 10 minutes"
    assert message.body == ""
    assert message.exercise is None


def test_posture_tips_fall_back_to_posture_when_no_desk_tip(content_dir: Path) -> None:
    from backcare.domain.reminders import posture_tips

    lib = load_library(content_dir)
    no_desk = [a for a in lib.advice.values() if "desk" not in a.tags]
    assert [a.id for a in posture_tips(no_desk)] == ["uncross_legs"]


def test_the_shipped_library_has_desk_breaks_for_every_region_and_desk_tips() -> None:
    lib = load_library()
    assert lib.reminders is not None
    for region in ("low_back", "mid_back", "neck", "shoulder"):
        kit = build_kit(lib, lib.reminders.rules(), [region], Path("unused"))
        assert kit.exercises, region
        # Each one really works this region (no fall-back to the whole routine).
        assert all(region in lib.exercise(e["id"]).regions for e in kit.exercises), region
        assert all(len(e["steps"]) >= 2 for e in kit.exercises)
    assert kit.tips

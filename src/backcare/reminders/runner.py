"""The running reminder: steps the pure scheduler with the clock and the idle monitor, shows
each break through the Notifier, and records what the person does with it.

`ReminderLoop.tick()` is one step and is what the tests drive with a fake clock; `run()` adds
the waiting: it sleeps until the scheduler's next wake-up, an answer from a notification, or a
stop request, whichever comes first. Nothing polls.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from backcare.domain.reminders import ANSWERS, BreakScheduler, Decision, Reminder, rotate
from backcare.reminders.kit import Kit

# Button ids are the answers the scheduler understands; labels are what the person reads.
ACTIONS: tuple[tuple[str, str], ...] = (
    ("done", "Done"),
    ("snoozed", "Snooze {snooze} min"),
    ("skipped", "Skip"),
)


class _Idle(Protocol):
    name: str

    def idle_seconds(self) -> float: ...


class _Notifier(Protocol):
    name: str

    async def notify(
        self,
        title: str,
        body: str,
        actions: Any = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool: ...


class _Events(Protocol):
    def record(
        self, at: datetime, kind: str, action: str, exercise: str | None = None
    ) -> dict[str, Any]: ...

    def flush(self, wait: float = 0.0) -> bool: ...


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    exercise: str | None  # exercise id, for the record


def compose(reminder: Reminder, kit: Kit, turn: int) -> Message:
    """The break's words: its length, a rotating desk exercise with its steps, a tip."""
    if reminder.kind == "long":
        title = f"Time to get up and move for {reminder.minutes} minutes"
    else:
        title = f"Time for a {reminder.minutes}-minute break"
    parts: list[str] = []
    exercise = rotate(kit.exercises, turn)
    if exercise is not None:
        steps = " ".join(f"{n}. {step}" for n, step in enumerate(exercise["steps"], 1))
        parts.append(f"{exercise['name']}: {steps}")
    tip = rotate(kit.tips, turn)
    if tip is not None:
        parts.append(f"Tip: {tip['title']}. {tip['text']}")
    return Message(title, "\n".join(parts), exercise["id"] if exercise else None)


class ReminderLoop:
    def __init__(
        self,
        kit: Kit,
        idle: _Idle,
        notifier: _Notifier,
        events: _Events,
        clock: Callable[[], datetime],
        *,
        on_decision: Callable[[Decision], None] | None = None,
        first_turn: int = 0,
    ) -> None:
        self.kit = kit
        self.idle = idle
        self.notifier = notifier
        self.events = events
        self.clock = clock
        self.scheduler = BreakScheduler(kit.rules, watches_idle=idle.name != "never-idle")
        self.answers: asyncio.Queue[tuple[str, Reminder]] | None = None
        self.on_decision = on_decision
        self.turn = first_turn
        self.shown: dict[int, Message] = {}  # reminder number -> what was shown

    def _queue(self) -> asyncio.Queue[tuple[str, Reminder]]:
        if self.answers is None:
            self.answers = asyncio.Queue()
        return self.answers

    async def tick(self) -> Decision:
        """One step: look at the clock and idle time, show a break if one is due."""
        now = self.clock()
        decision = self.scheduler.observe(now, self.idle.idle_seconds())
        if decision.natural_break is not None:
            # Time away from the computer is a break taken.
            self.events.record(now, decision.natural_break, "done")
        if decision.due is not None:
            await self._show(decision.due)
        if self.on_decision is not None:
            self.on_decision(decision)
        return decision

    async def _show(self, reminder: Reminder) -> None:
        message = compose(reminder, self.kit, self.turn)
        self.turn += 1
        self.shown[reminder.number] = message
        queue = self._queue()
        actions = [(key, label.format(snooze=self.kit.rules.snooze_min)) for key, label in ACTIONS]

        def on_action(action: str) -> None:
            queue.put_nowait((action, reminder))

        await self.notifier.notify(message.title, message.body, actions, on_action)
        self.events.record(reminder.at, reminder.kind, "shown", message.exercise)
        self.events.flush()

    def answer(self, action: str, reminder: Reminder) -> None:
        """The person chose an action on a notification (done, snoozed, skipped)."""
        if action not in ANSWERS:
            return  # a click on the notification body, or an unknown button
        now = self.clock()
        self.scheduler.answer(action, now, reminder)
        message = self.shown.get(reminder.number)
        self.events.record(now, reminder.kind, action, message.exercise if message else None)
        self.events.flush()

    def drain(self) -> None:
        queue = self._queue()
        while not queue.empty():
            self.answer(*queue.get_nowait())

    async def run(self, stop: asyncio.Event) -> None:
        """Until `stop` is set: step, then sleep until the next wake-up or an answer."""
        queue = self._queue()
        while not stop.is_set():
            decision = await self.tick()
            delay = max(0.0, (decision.wake_at - self.clock()).total_seconds())
            stopping = asyncio.ensure_future(stop.wait())
            answered = asyncio.ensure_future(queue.get())
            done, pending = await asyncio.wait(
                {stopping, answered}, timeout=delay, return_when=asyncio.FIRST_COMPLETED
            )
            for task in pending:
                task.cancel()
            if answered in done:
                self.answer(*answered.result())
            self.drain()

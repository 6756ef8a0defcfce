"""The guided session as a state machine over a Timeline, stepped by an injected Clock.

The terminal coach and the tests drive the same machine: the coach calls `tick()` a few times
a second with the real clock, the tests move a fake clock by hand. Time is kept as "when the
current step started" (shifted forward by every pause), so pausing and resuming keeps the
remaining time exact and a late tick catches up through every step it missed.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from backcare.domain.library import Library
from backcare.domain.ports import Clock
from backcare.domain.timeline import Step, Timeline

State = Literal["ready", "running", "paused", "finished", "stopped"]
Cause = Literal["start", "time", "skip", "back"]


@dataclass(frozen=True)
class StepChanged:
    index: int
    step: Step
    cause: Cause


@dataclass(frozen=True)
class Countdown:
    """The whole seconds left in the current step changed (what a display shows)."""

    index: int
    seconds_left: int


@dataclass(frozen=True)
class Paused:
    index: int


@dataclass(frozen=True)
class Resumed:
    index: int


@dataclass(frozen=True)
class Finished:
    completed: bool  # False when stopped early


Event = StepChanged | Countdown | Paused | Resumed | Finished


@dataclass(frozen=True)
class PlayerLog:
    """What was done, for the session record: a stopped session is kept as far as it went."""

    day: int
    completed: bool  # reached the end with at least one main exercise step done in full
    completed_steps: int  # steps whose time ran out in full
    skipped_steps: int
    total_steps: int  # steps before `done`
    exercises: tuple[str, ...]  # exercises with at least one full work step, in order
    work_seconds: float  # time spent in work steps, partial ones included
    started_at: datetime | None
    ended_at: datetime | None


@dataclass
class Player:
    timeline: Timeline
    clock: Clock
    state: State = "ready"
    index: int = 0
    _step_started: float = 0.0
    _paused_at: float | None = None
    _last_shown: int | None = None
    _status: dict[int, Literal["done", "skipped"]] = field(default_factory=dict)
    _partial_work: float = 0.0
    _frozen: float = 0.0  # time into the step when stopped
    _started_at: datetime | None = None
    _ended_at: datetime | None = None

    # --- what a display needs -----------------------------------------------------------

    @property
    def step(self) -> Step:
        return self.timeline.steps[self.index]

    @property
    def next_step(self) -> Step | None:
        """The next step that is not the closing `done`."""
        following = self.index + 1
        if following < len(self.timeline.steps) - 1:
            return self.timeline.steps[following]
        return None

    def elapsed_in_step(self) -> float:
        if self.state == "ready":
            return 0.0
        if self.state in ("finished", "stopped"):
            return float(self.step.duration_s) if self.state == "finished" else self._frozen
        now = self._paused_at if self._paused_at is not None else self.clock.monotonic()
        return min(max(now - self._step_started, 0.0), float(self.step.duration_s))

    def remaining_s(self) -> float:
        return self.step.duration_s - self.elapsed_in_step()

    def elapsed_s(self) -> float:
        """Seconds into the timeline, as the progress bar shows it."""
        return self.step.t + self.elapsed_in_step()

    def progress(self) -> float:
        total = self.timeline.total_s
        return 1.0 if total == 0 else min(self.elapsed_s() / total, 1.0)

    def seconds_shown(self) -> int:
        return math.ceil(self.remaining_s() - 1e-9)

    def exercise_to_rate(self) -> str | None:
        """The main exercise being done or just done, for "how did it feel" (warm-up and
        cool-down are not rated: their dose does not change)."""
        for step in reversed(self.timeline.steps[: self.index + 1]):
            if step.phase in ("work", "hold") and step.kind in ("circuit", "sets"):
                return step.exercise
        return None

    # --- commands -----------------------------------------------------------------------

    def start(self) -> list[Event]:
        if self.state != "ready":
            return []
        self.state = "running"
        self._started_at = self.clock.now()
        self._step_started = self.clock.monotonic()
        events: list[Event] = [StepChanged(self.index, self.step, "start")]
        return events + self._settle()

    def pause(self) -> list[Event]:
        if self.state != "running":
            return []
        events = self.tick()
        if self.state != "running":
            return events
        self._paused_at = self.clock.monotonic()
        self.state = "paused"
        return [*events, Paused(self.index)]

    def resume(self) -> list[Event]:
        if self.state != "paused" or self._paused_at is None:
            return []
        self._step_started += self.clock.monotonic() - self._paused_at
        self._paused_at = None
        self.state = "running"
        return [Resumed(self.index)]

    def toggle(self) -> list[Event]:
        return self.resume() if self.state == "paused" else self.pause()

    def skip(self) -> list[Event]:
        """Leaves the current step unfinished and starts the next one now."""
        if self.state not in ("running", "paused"):
            return []
        self._count_work(self.elapsed_in_step())
        self._status[self.index] = "skipped"
        return self._move(self.index + 1, "skip")

    def back(self) -> list[Event]:
        """Starts the previous step again (the current one again when at the first)."""
        if self.state not in ("running", "paused"):
            return []
        self._count_work(self.elapsed_in_step())
        target = max(self.index - 1, 0)
        self._status.pop(target, None)
        return self._move(target, "back")

    def stop(self) -> list[Event]:
        if self.state not in ("ready", "running", "paused"):
            return []
        events = self.tick() if self.state == "running" else []
        if self.state in ("finished", "stopped"):
            return events
        if self.state != "ready":
            self._frozen = self.elapsed_in_step()
            self._count_work(self._frozen)
        self.state = "stopped"
        self._ended_at = self.clock.now()
        return [*events, Finished(completed=False)]

    def tick(self) -> list[Event]:
        """Advances through every step whose time has run out; reports what changed."""
        if self.state != "running":
            return []
        events: list[Event] = []
        now = self.clock.monotonic()
        while self.state == "running" and now - self._step_started >= self.step.duration_s:
            if self.step.phase == "done":
                break
            self._status[self.index] = "done"
            if self.step.phase in ("work", "hold"):
                self._partial_work += self.step.duration_s
            self._step_started += self.step.duration_s
            self.index += 1
            self._last_shown = None
            events.append(StepChanged(self.index, self.step, "time"))
            events += self._finish_if_done()
        if self.state == "running":
            events += self._countdown()
        return events

    # --- internals ----------------------------------------------------------------------

    def _count_work(self, seconds: float) -> None:
        if self.step.phase in ("work", "hold"):
            self._partial_work += seconds

    def _move(self, target: int, cause: Cause) -> list[Event]:
        self.index = min(target, len(self.timeline.steps) - 1)
        self._step_started = self.clock.monotonic()
        if self._paused_at is not None:
            self._paused_at = self._step_started
        self._last_shown = None
        return [StepChanged(self.index, self.step, cause), *self._settle()]

    def _settle(self) -> list[Event]:
        events = self._finish_if_done()
        if self.state in ("running", "paused"):
            events += self._countdown()
        return events

    def _finish_if_done(self) -> list[Event]:
        if self.step.phase != "done":
            return []
        self.state = "finished"
        self._paused_at = None
        self._ended_at = self.clock.now()
        return [Finished(completed=True)]

    def _countdown(self) -> list[Event]:
        shown = self.seconds_shown()
        if shown == self._last_shown:
            return []
        self._last_shown = shown
        return [Countdown(self.index, shown)]

    def log(self) -> PlayerLog:
        steps = self.timeline.steps
        done = [i for i, status in self._status.items() if status == "done"]
        exercises: dict[str, None] = {}
        for i in sorted(done):
            if steps[i].phase in ("work", "hold") and steps[i].exercise:
                exercises.setdefault(steps[i].exercise or "", None)
        return PlayerLog(
            day=self.timeline.day,
            completed=session_done(steps, done, self.state == "finished"),
            completed_steps=len(done),
            skipped_steps=sum(1 for s in self._status.values() if s == "skipped"),
            total_steps=len(steps) - 1,
            exercises=tuple(exercises),
            work_seconds=self._partial_work,
            started_at=self._started_at,
            ended_at=self._ended_at,
        )


def session_done(steps: Sequence[Step], done: Iterable[int], reached_end: bool) -> bool:
    """A session counts as done (for adherence and streaks) when it reached the end and at
    least one step of its main part (circuit or sets, not the warm-up) ran its full time:
    reaching the end by skipping is not exercise. The terminal and browser players share
    this rule."""
    return reached_end and any(
        0 <= i < len(steps)
        and steps[i].phase in ("work", "hold")
        and steps[i].kind in ("circuit", "sets")
        for i in done
    )


def counted_steps(steps: Sequence[Step], reported: Iterable[int]) -> tuple[set[int], int]:
    """The steps a player reported as run to their full time, as the terminal counts them:
    only real indices, and never the closing `done` mark (a player that reached the end
    reported it too). Returns those steps and how many steps there are to count."""
    countable = {i for i, step in enumerate(steps) if step.phase != "done"}
    return {i for i in reported if i in countable}, len(countable)


# What a coach says at each change, in English; a coach in another language passes its own
# words with the same keys and %-placeholders (name, cue, n).
CUE_WORDS: dict[str, str] = {
    "prepare": "Get ready. %(name)s.",
    "work": "%(name)s. %(cue)s",
    "rest": "Rest. Next: %(name)s.",
    "round_rest": "Rest. Round %(n)d is next.",
    "set_rest": "Rest. Set %(n)d is next.",
    "done": "Session complete. Well done.",
}


def spoken_cue(
    step: Step, library: Library, lang: str = "en", words: Mapping[str, str] | None = None
) -> str:
    """What a coach says when `step` begins (terminal or browser alike); the words about the
    exercise come from its content: its name and, while working, one of its cues in turn."""
    said = {**CUE_WORDS, **(words or {})}
    exercise = library.exercises.get(step.exercise or "")
    name = exercise.name.get(lang) if exercise else (step.exercise or "")
    if step.phase == "prepare":
        return said["prepare"] % {"name": name}
    if step.phase in ("work", "hold"):
        if exercise is None:
            return name
        cue = exercise.cues[(step.round - 1) % len(exercise.cues)].get(lang)
        return said["work"] % {"name": name, "cue": cue}
    if step.phase == "rest":
        return said["rest"] % {"name": name}
    if step.phase in ("round_rest", "set_rest"):
        return said[step.phase] % {"n": step.round}
    return said["done"]

"""`backcare session timeline|start`: a plan day as timed steps, and the terminal coach.

The coach is only the screen, the keys and the voice around `domain.player.Player`: the state
machine decides what happens when, this module draws it (Rich Live) and reads keys in cbreak
mode. It wakes when the shown second changes or a key arrives, so it idles at a fraction of a
percent of one core.
"""

from __future__ import annotations

import math
import os
import select
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.common import console, fail, library, print_json

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcare.domain.library import Library
    from backcare.domain.plans import Plan
    from backcare.domain.player import Event, Player
    from backcare.domain.ports import Speaker
    from backcare.domain.records import ExerciseFeedback

session_app = typer.Typer(
    help="Guided sessions: a plan day's timeline, and a coach that walks you through it.",
    no_args_is_help=True,
)


class TimelineFormat(StrEnum):
    text = "text"
    json = "json"


PlanOption = Annotated[
    Path | None,
    typer.Option("--plan", help="Plan JSON (from `backcare plan --save`); default: the latest."),
]
DayOption = Annotated[int, typer.Option("--day", help="Which day of the plan (1, 2, ...).")]


class SystemClock:
    """The real clock, for the coach (tests use a fake one)."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


def _load_plan(plan_file: Path | None) -> Plan:
    from backcare.services.errors import BadInput
    from backcare.services.plans import latest_plan, parse_plan, read_json_file

    try:
        if plan_file is not None:
            try:
                return parse_plan(read_json_file(plan_file, "--plan"))
            except BadInput as exc:
                if exc.key == "--plan":
                    raise
                raise BadInput("--plan", f"{plan_file}: {exc.key}: {exc.message}") from None
        from backcare.cli.data_cmds import local_store

        with local_store() as (repo, user):
            record = latest_plan(repo, user.id)
        if record is None:
            raise BadInput("--plan", "no saved plan yet: make one with `backcare plan`")
        return parse_plan({**record.plan, "id": record.id})
    except BadInput as exc:
        fail(f"{exc.key}: {exc.message}")


def _timeline(plan: Plan, day: int, lib: Library) -> Any:
    from backcare.domain.timeline import build_timeline

    if day not in {d.day for d in plan.days}:
        fail(f"--day: the plan has no day {day} (it has days {_days(plan)})")
    try:
        return build_timeline(plan, day, lib)
    except KeyError as exc:
        fail(f"--plan: {exc.args[0]} is not in the exercise library")


def _days(plan: Plan) -> str:
    return ", ".join(str(d.day) for d in plan.days) or "none"


@session_app.command("timeline")
def timeline(
    plan_file: PlanOption = None,
    day: DayOption = 1,
    fmt: Annotated[TimelineFormat, typer.Option("--format")] = TimelineFormat.text,
) -> None:
    """Print a plan day as timed steps (prepare, work, rest, ...)."""
    lib = library()
    line = _timeline(_load_plan(plan_file), day, lib)
    if fmt is TimelineFormat.json:
        print_json(line.model_dump(mode="json"))
        return
    out = console()
    out.print(f"Day {line.day}: {line.title}, {_clock(line.total_s)}")
    for step in line.steps:
        name = _name(lib, step.exercise)
        out.print(f"{_clock(step.t):>6}  {step.phase:<10} {step.duration_s:>4} s  {name}")


def _clock(seconds: float) -> str:
    whole = max(math.ceil(seconds - 1e-9), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def _name(lib: Library, exercise: str | None, lang: str = "en") -> str:
    if exercise is None:
        return ""
    found = lib.exercises.get(exercise)
    return found.name.get(lang) if found else exercise


# --- The coach -------------------------------------------------------------------------------

PHASE_LABELS = {
    "prepare": "Get ready",
    "work": "Work",
    "hold": "Hold",
    "rest": "Rest",
    "round_rest": "Rest between rounds",
    "set_rest": "Rest between sets",
    "done": "Done",
}
BLOCK_LABELS = {"warmup": "Warm-up", "circuit": "Circuit", "sets": "Sets", "cooldown": "Cool-down"}
KEYS_HELP = "space pause/resume   n or → skip   b or ← back   q quit"

# A 3 × 5 block font for the countdown: readable from a mat two metres away.
_FONT = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}


def big_digits(text: str) -> str:
    rows = ["  ".join(_FONT[ch][row] for ch in text if ch in _FONT) for row in range(5)]
    return "\n".join(rows)


def cue_text(step: Any, lib: Library, lang: str = "en") -> str:
    """What the coach says at a change; the words come from the exercise's content."""
    name = _name(lib, step.exercise, lang)
    exercise = lib.exercises.get(step.exercise or "")
    if step.phase == "prepare":
        return f"Get ready. {name}."
    if step.phase in ("work", "hold"):
        if exercise is None or not exercise.cues:
            return name
        cue = exercise.cues[(step.round - 1) % len(exercise.cues)].get(lang)
        return f"{name}. {cue}"
    if step.phase == "rest":
        return f"Rest. Next: {name}."
    if step.phase == "round_rest":
        return f"Rest. Round {step.round} is next."
    if step.phase == "set_rest":
        return f"Rest. Set {step.round} is next."
    return "Session complete. Well done."


def render_coach(player: Player, lib: Library, lang: str = "en") -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    step = player.step
    exercise = lib.exercises.get(step.exercise or "")
    head = Text()
    head.append(f"Day {player.timeline.day}: {player.timeline.title}", style="bold")
    if player.state == "paused":
        head.append("   PAUSED (space to go on)", style="bold yellow")
    now = Text()
    label = PHASE_LABELS[step.phase]
    colour = {"work": "bold green", "hold": "bold green", "prepare": "bold cyan"}.get(
        step.phase, "bold blue"
    )
    now.append(f"{label}: ", style=colour)
    if step.phase in ("rest", "round_rest", "set_rest"):
        now.append(f"next {_name(lib, step.exercise, lang)}", style="bold")
    else:
        now.append(_name(lib, step.exercise, lang), style="bold")
    seconds = player.seconds_shown()
    shown = str(seconds) if seconds < 100 else _clock(seconds)
    countdown = Text(big_digits(shown), style=colour)
    where = Text()
    if step.kind is not None and step.phase != "done":
        if step.kind == "sets":
            where.append(f"Set {step.round} of {step.rounds}")
            if step.reps:
                where.append(f" · {step.reps} reps")
        else:
            where.append(f"{BLOCK_LABELS[step.kind]} · round {step.round} of {step.rounds}")
    following = player.next_step
    if following is not None and following.exercise and following.exercise != step.exercise:
        where.append(f"   then: {_name(lib, following.exercise, lang)}", style="dim")
    how = Text()
    if exercise is not None and step.phase != "done":
        for number, line in enumerate(exercise.steps, 1):
            how.append(f"{number}. {line.get(lang)}\n")
        for cue in exercise.cues:
            how.append(f"» {cue.get(lang)}\n", style="italic")
    total = player.timeline.total_s
    bar = ProgressBar(total=max(total, 1), completed=player.elapsed_s(), width=60)
    clock = Text(f"{_clock(player.elapsed_s())} of {_clock(total)}")
    body = Group(head, Text(""), now, countdown, where, Text(""), how, bar, clock)
    return Panel(body, subtitle=KEYS_HELP, border_style="green")


class KeyReader:
    """Single key presses from a terminal in cbreak mode (restored on exit); without a
    terminal it only waits, so the session still runs on the clock."""

    def __init__(self, stream: Any) -> None:
        self.fd: int | None = None
        self._saved: Any = None
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return
        if os.isatty(fd):
            self.fd = fd

    @contextmanager
    def active(self) -> Iterator[KeyReader]:
        if self.fd is None:
            yield self
            return
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield self
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float | None) -> str | None:
        if self.fd is None:
            time.sleep(timeout if timeout is not None else 1.0)
            return None
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return None
        data = os.read(self.fd, 16).decode(errors="ignore")
        arrows = {"\x1b[C": "skip", "\x1b[D": "back"}
        return arrows.get(data, data[:1] if data else None)


def _handle_key(player: Player, key: str) -> list[Event]:
    key = key.lower()
    if key in (" ", "p"):
        return player.toggle()
    if key in ("n", "s", "skip"):
        return player.skip()
    if key in ("b", "back"):
        return player.back()
    if key in ("q", "\x1b", "\x03"):
        return player.stop()
    return []


def _speak(events: list[Event], lib: Library, speaker: Speaker, lang: str) -> None:
    from backcare.domain.player import StepChanged

    changes = [e for e in events if isinstance(e, StepChanged)]
    if changes:  # after a catch-up only the newest change is worth saying
        speaker.say(cue_text(changes[-1].step, lib, lang))


def run_coach(player: Player, lib: Library, speaker: Speaker, lang: str = "en") -> None:
    """Walks the timeline on the real clock until it ends or the person quits."""
    from rich.live import Live

    out = console()
    keys = KeyReader(sys.stdin)
    with (
        keys.active(),
        Live(render_coach(player, lib, lang), console=out, auto_refresh=False, screen=True) as live,
    ):
        try:
            _speak(player.start(), lib, speaker, lang)
            live.update(render_coach(player, lib, lang), refresh=True)
            while player.state in ("running", "paused"):
                if player.state == "running":
                    # Wake when the shown second changes (or a key comes), not before.
                    fraction = player.remaining_s() % 1.0
                    timeout: float | None = min(max(fraction, 0.01), 1.0)
                else:
                    timeout = None
                key = keys.read(timeout)
                events = _handle_key(player, key) if key else []
                events += player.tick()
                _speak(events, lib, speaker, lang)
                if events or key:
                    live.update(render_coach(player, lib, lang), refresh=True)
        except KeyboardInterrupt:
            player.stop()


def _ask_pain(question: str) -> int | None:
    from backcare.services.errors import BadInput
    from backcare.services.sessions import parse_pain

    while True:
        answer = typer.prompt(question, default="", show_default=False)
        try:
            return parse_pain(answer)
        except BadInput as exc:
            typer.echo(f"  {exc.message}", err=True)


def _ask_feedback(exercises: list[str], lib: Library, lang: str) -> list[ExerciseFeedback]:
    from backcare.domain.records import ExerciseFeedback
    from backcare.services.errors import BadInput
    from backcare.services.sessions import parse_effort

    feedback: list[ExerciseFeedback] = []
    if exercises:
        typer.echo("How did each exercise feel? 1 too easy, 2 right, 3 too hard (Enter: right)")
    for exercise in exercises:
        while True:
            answer = typer.prompt(f"  {_name(lib, exercise, lang)}", default="2")
            try:
                feedback.append(ExerciseFeedback(exercise=exercise, effort=parse_effort(answer)))
                break
            except BadInput as exc:
                typer.echo(f"  {exc.message}", err=True)
    return feedback


@session_app.command("start")
def start(
    plan_file: PlanOption = None,
    day: DayOption = 1,
    quiet: Annotated[bool, typer.Option("--quiet", help="No spoken cues or bells.")] = False,
    ask: Annotated[
        bool,
        typer.Option("--feedback/--no-feedback", help="Ask about pain and effort (default)."),
    ] = True,
    lang: Annotated[str, typer.Option(help="Language of the cues: en or zh.")] = "en",
) -> None:
    """Walk through a plan day with a countdown, spoken cues and keys to pause or skip."""
    from click.exceptions import Abort

    from backcare.cli.data_cmds import local_store
    from backcare.desktop.speech import make_speaker
    from backcare.domain.player import Player
    from backcare.services.sessions import exercises_to_rate, record_session

    lib = library()
    plan = _load_plan(plan_file)
    line = _timeline(plan, day, lib)
    player = Player(line, SystemClock())
    pain_before: int | None = None
    if ask:
        try:
            pain_before = _ask_pain("Pain right now, 0 to 10 (Enter to skip)")
        except (Abort, EOFError):
            raise typer.Exit(1) from None
    speaker = make_speaker(quiet)
    run_coach(player, lib, speaker, lang)
    log = player.log()
    pain_after: int | None = None
    feedback: list[ExerciseFeedback] = []
    done = "finished" if log.completed else "stopped"
    typer.echo(
        f"Session {done}: {log.completed_steps} of {log.total_steps} steps, "
        f"{_clock(log.work_seconds)} of work."
    )
    if ask:
        try:
            pain_after = _ask_pain("Pain now, 0 to 10 (Enter to skip)")
            feedback = _ask_feedback(exercises_to_rate(plan, day, log.exercises), lib, lang)
        except (Abort, EOFError, KeyboardInterrupt):
            typer.echo("(feedback skipped)")
    with local_store() as (repo, user):
        record = record_session(repo, user.id, plan, log, pain_before, pain_after, feedback)
    typer.echo(f"Saved session {record.id}. `backcare plan --progress` adapts the next plan.")

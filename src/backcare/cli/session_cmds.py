"""`backcare session timeline|start`: a plan day as timed steps, and the guided session.

`start` asks the pain before, runs the terminal coach (`cli.coach`) over the day's timeline,
then asks the pain after and how each exercise felt, and saves the session however far it
went, so `backcare plan --progress` can adapt the next plan.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.coach import SystemClock, clock_text, exercise_name, run_coach
from backcare.cli.common import console, fail, library, print_json

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.plans import Plan
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
    out.print(f"Day {line.day}: {line.title}, {clock_text(line.total_s)}")
    for step in line.steps:
        name = exercise_name(lib, step.exercise)
        out.print(f"{clock_text(step.t):>6}  {step.phase:<10} {step.duration_s:>4} s  {name}")


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
            answer = typer.prompt(f"  {exercise_name(lib, exercise, lang)}", default="2")
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
    from backcare.domain.records import ExerciseFeedback
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
    ratings = run_coach(player, lib, speaker, lang)
    log = player.log()
    pain_after: int | None = None
    feedback = [ExerciseFeedback(exercise=ex, effort=effort) for ex, effort in ratings.items()]
    done = "finished" if log.completed else "stopped"
    typer.echo(
        f"Session {done}: {log.completed_steps} of {log.total_steps} steps, "
        f"{clock_text(log.work_seconds)} of work."
    )
    if ask:
        try:
            pain_after = _ask_pain("Pain now, 0 to 10 (Enter to skip)")
            unrated = [e for e in exercises_to_rate(plan, day, log.exercises) if e not in ratings]
            feedback += _ask_feedback(unrated, lib, lang)
        except (Abort, EOFError, KeyboardInterrupt):
            typer.echo("(feedback skipped)")
    with local_store() as (repo, user):
        record = record_session(repo, user.id, plan, log, pain_before, pain_after, feedback)
    typer.echo(f"Saved session {record.id}. `backcare plan --progress` adapts the next plan.")

"""`backcare session timeline|start`: a plan day as timed steps, and the guided session.

`start` asks the pain before, runs the terminal coach (`cli.coach`) over the day's timeline,
then asks the pain after and how each exercise felt, and saves the session however far it
went, so `backcare plan --progress` can adapt the next plan. A session where no step ran its
full time is offered for discarding; without a terminal the day's timeline is printed instead.
Every line of the player is in the chosen language (`--lang zh`), through the catalogue.
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.coach import (
    N_,
    PHASE_LABELS,
    SystemClock,
    clock_text,
    exercise_name,
    plural,
    run_coach,
    translator,
)
from backcare.cli.common import ExitStatus, console, fail, library, print_json

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
    from backcare.errors import BadInput
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


def _prompt_suffix(lang: str) -> str:
    """What ends a question on the terminal: Chinese takes a full-width colon, no space."""
    return "：" if lang == "zh" else ": "


def _ask_pain(question: str, lang: str = "en") -> int | None:
    from backcare.errors import BadInput
    from backcare.services.sessions import parse_pain

    _ = translator(lang)
    while True:
        answer = typer.prompt(
            _(question), default="", show_default=False, prompt_suffix=_prompt_suffix(lang)
        )
        try:
            return parse_pain(answer)
        except BadInput:
            typer.echo(
                "  " + _("Please type a whole number from 0 to 10, or press Enter."), err=True
            )


def _ask_feedback(exercises: list[str], lib: Library, lang: str) -> list[ExerciseFeedback]:
    from backcare.domain.records import ExerciseFeedback
    from backcare.errors import BadInput
    from backcare.services.sessions import parse_effort

    _ = translator(lang)
    feedback: list[ExerciseFeedback] = []
    if exercises:
        typer.echo(_("How did each exercise feel? 1 too easy, 2 right, 3 too hard (Enter: right)"))
    for exercise in exercises:
        while True:
            answer = typer.prompt(
                f"  {exercise_name(lib, exercise, lang)}",
                default="2",
                prompt_suffix=_prompt_suffix(lang),
            )
            try:
                feedback.append(ExerciseFeedback(exercise=exercise, effort=parse_effort(answer)))
                break
            except BadInput:
                typer.echo("  " + _("Please type 1, 2 or 3."), err=True)
    return feedback


def _has_terminal() -> bool:
    """The coach reads single keys and redraws the screen: it needs a terminal both ways."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _print_timeline(line: Any, lib: Library, lang: str) -> None:
    _ = translator(lang)
    out = console()
    out.print(
        _("Day %(day)d: %(title)s") % {"day": line.day, "title": _(line.title)}
        + f", {clock_text(line.total_s)}",
        highlight=False,
    )
    for step in line.steps:
        name = exercise_name(lib, step.exercise, lang)
        phase = _(PHASE_LABELS[step.phase])
        out.print(f"{clock_text(step.t):>6}  {phase:<10} {step.duration_s:>4} s  {name}")


@session_app.command("start")
def start(
    plan_file: PlanOption = None,
    day: DayOption = 1,
    quiet: Annotated[bool, typer.Option("--quiet", help="No spoken cues or bells.")] = False,
    ask: Annotated[
        bool,
        typer.Option("--feedback/--no-feedback", help="Ask about pain and effort (default)."),
    ] = True,
    lang: Annotated[str, typer.Option(help="Language of the player: en or zh.")] = "en",
) -> None:
    """Walk through a plan day with a countdown, spoken cues and keys to pause or skip."""
    from click.exceptions import Abort

    from backcare.cli.data_cmds import local_store
    from backcare.desktop.speech import make_speaker
    from backcare.domain.player import Player
    from backcare.domain.records import ExerciseFeedback
    from backcare.services.sessions import exercises_to_rate, record_session

    if lang not in ("en", "zh"):
        fail(f"--lang: {lang!r} is not one of en, zh")
    _ = translator(lang)
    ngettext = plural(lang)
    lib = library()
    plan = _load_plan(plan_file)
    line = _timeline(plan, day, lib)
    if not _has_terminal():
        # Piped or scheduled: the steps on stdout, and why no session ran; never silence.
        _print_timeline(line, lib, lang)
        sys.stderr.write(
            "backcare: "
            + _(
                "the guided session needs a terminal to read keys; "
                "above is the day's timeline instead (nothing was saved)"
            )
            + "\n"
        )
        raise typer.Exit(int(ExitStatus.ERROR))
    player = Player(line, SystemClock())
    pain_before: int | None = None
    if ask:
        try:
            pain_before = _ask_pain(N_("Pain right now, 0 to 10 (Enter to skip)"), lang)
        except (Abort, EOFError):
            raise typer.Exit(1) from None
    speaker = make_speaker(quiet)
    ratings = run_coach(player, lib, speaker, lang)
    log = player.log()
    pain_after: int | None = None
    feedback = [ExerciseFeedback(exercise=ex, effort=effort) for ex, effort in ratings.items()]
    if log.completed:
        said = ngettext(
            "Session finished: %(done)d of %(total)d step, %(work)s of work.",
            "Session finished: %(done)d of %(total)d steps, %(work)s of work.",
            log.total_steps,
        )
    else:
        said = ngettext(
            "Session stopped: %(done)d of %(total)d step, %(work)s of work.",
            "Session stopped: %(done)d of %(total)d steps, %(work)s of work.",
            log.total_steps,
        )
    typer.echo(
        said
        % {
            "done": log.completed_steps,
            "total": log.total_steps,
            "work": clock_text(log.work_seconds),
        }
    )
    if log.completed_steps == 0:
        # Nothing ran its full time: offer to keep no record rather than a session that
        # never happened (it would never count as done either way).
        try:
            keep = typer.confirm(
                _("No step was finished. Keep this session in your record anyway (as not done)?"),
                default=False,
            )
        except (Abort, EOFError, KeyboardInterrupt):
            keep = False
        if not keep:
            typer.echo(_("Nothing was saved."))
            return
    if ask:
        try:
            pain_after = _ask_pain(N_("Pain now, 0 to 10 (Enter to skip)"), lang)
            unrated = [e for e in exercises_to_rate(plan, day, log.exercises) if e not in ratings]
            feedback += _ask_feedback(unrated, lib, lang)
        except (Abort, EOFError, KeyboardInterrupt):
            typer.echo(_("(feedback skipped)"))
    with local_store() as (repo, user):
        record = record_session(repo, user.id, plan, log, pain_before, pain_after, feedback)
    typer.echo(
        _("Saved session %(id)s. `backcare plan --progress` adapts the next plan.")
        % {"id": record.id}
    )

"""`backcare plan`: a week of exercise sessions from a profile (plan.md).

The command only translates: the profile is checked by `services.plans.parse_profile` (a wrong
key ends with one line naming it, exit 2), the plan comes from the pure generator, and a plan
the screening refuses ends with its reasons and exit 3.
"""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.common import ExitStatus, console, fail, library, print_json

if TYPE_CHECKING:
    from collections.abc import Mapping

    from backcare.domain.library import Library
    from backcare.domain.plans import Plan
    from backcare.domain.ports import Repository
    from backcare.domain.profile import Profile
    from backcare.domain.walking import WalkingPlan


class PlanFormat(StrEnum):
    text = "text"
    json = "json"


def write_json_file(path: Path, data: Any) -> None:
    """Writes beside the target and renames, so an existing file is never left half written."""
    import json
    import tempfile

    path = path.expanduser()
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _screening_result(path: Path) -> dict[str, Any]:
    """A screening result file, or answers that are screened now."""
    from backcare.errors import BadInput
    from backcare.services.plans import read_json_file

    data = read_json_file(path, "--screening")
    if isinstance(data, dict) and ("exercise" in data or "urgency" in data):
        return data
    from backcare.services.screening import parse_answers, run_screening

    try:
        answers = parse_answers(data)
    except BadInput as exc:
        raise BadInput("--screening", f"{exc.key}: {exc.message}") from None
    result = run_screening(answers, library())
    dumped: dict[str, Any] = result.model_dump(mode="json")
    return dumped


def _ask(question: str, default: str, lang: str = "en") -> str:
    """One answer; piped input that runs out takes the default instead of aborting, so
    `backcare plan --interactive < answers.txt` (or `< /dev/null`) never hangs or fails."""
    import sys

    # click writes all but the last character to stderr and the last one to stdout: a space,
    # so `--format json > plan.json` stays JSON.
    suffix = "： " if lang == "zh" else ": "
    try:
        return str(typer.prompt(question, default=default, err=True, prompt_suffix=suffix))
    except typer.Abort:
        if sys.stdin is not None and not sys.stdin.isatty():
            typer.echo(default, err=True)
            return default
        raise


def _ask_list(
    question: str,
    labels: Mapping[str, str],
    default: list[str],
    lang: str = "en",
    many: bool = True,
) -> list[str]:
    """Ids picked from `labels` (id -> words in `lang`). English shows and takes the ids, as
    profile files do; Chinese shows the words and takes words or ids, split at commas,
    enumeration commas or spaces."""
    import re

    from backcare.cli.coach import translator

    _ = translator(lang)
    zh = lang == "zh"
    shown = {key: (words if zh else key) for key, words in labels.items()}
    by_answer = {key.lower(): key for key in labels} | {words: key for key, words in shown.items()}
    mark, sep = (("（", "）"), "、") if zh else ((" (", ")"), ", ")
    hint = _("; comma separated") if many else ""
    while True:
        choices = sep.join(shown.values())
        answer = _ask(
            f"{question}{mark[0]}{choices}{hint}{mark[1]}",
            sep.join(shown[key] for key in default),
            lang,
        )
        picked = [part for part in re.split(r"[,，、;；\s]+", answer.strip()) if part]
        wrong = [part for part in picked if part.lower() not in by_answer and part not in by_answer]
        if not many and len(picked) > 1:
            typer.echo("  " + _("choose one"), err=True)
            continue
        if not wrong:
            return [by_answer.get(part.lower(), by_answer.get(part, part)) for part in picked]
        typer.echo(
            "  " + _("not one of the choices: %(wrong)s") % {"wrong": sep.join(wrong)}, err=True
        )


def _interactive(base: dict[str, Any], lang: str = "en") -> dict[str, Any]:
    """Asks for regions, equipment and time; answers are checked like a profile file."""
    from backcare.cli.coach import translator
    from backcare.domain.types import EQUIPMENT, LEVELS, REGIONS
    from backcare.errors import BadInput
    from backcare.labels import EQUIPMENT_LABELS, LEVEL_LABELS, REGION_LABELS
    from backcare.services.plans import parse_profile

    _ = translator(lang)

    def words(ids: tuple[str, ...], labels: Mapping[str, str]) -> dict[str, str]:
        return {key: _(labels[key]) for key in ids}

    defaults = parse_profile(base)
    data = dict(base)
    data["regions"] = _ask_list(
        _("Where does it hurt"), words(REGIONS, REGION_LABELS), list(defaults.regions), lang
    )
    data["equipment"] = _ask_list(
        _("What do you have"), words(EQUIPMENT, EQUIPMENT_LABELS), list(defaults.equipment), lang
    )
    for key, question, low, high in (
        ("minutes", N_("Minutes per session (5-90)"), 5, 90),
        ("days_per_week", N_("Days per week (1-7)"), 1, 7),
    ):
        while True:
            answer = _ask(_(question), str(getattr(defaults, key)), lang)
            try:
                data[key] = int(answer)
                parse_profile(data)
                break
            except (ValueError, BadInput) as exc:
                said = _("please type a whole number from %(low)d to %(high)d")
                typer.echo(
                    f"  {said % {'low': low, 'high': high} if lang == 'zh' else exc}", err=True
                )
    data["level"] = _ask_list(
        _("Level"), words(LEVELS, LEVEL_LABELS), [defaults.level], lang, many=False
    )[0]
    return data


def _plan_for_local_user(
    profile: Profile | None, lib: Library, progress: bool
) -> tuple[Profile, Plan]:
    """The plan the API would make for this profile: the latest saved screening applies when
    the profile carries none (services.plans.make_plan). The plan is kept for sessions and
    `--progress`; a database that cannot be read only warns, and the profile alone decides.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.services.plans import make_plan, progress_plan
    from backcare.store import open_repository

    if progress:
        from backcare.cli.data_cmds import local_store

        with local_store() as (repo, user):
            used, result = progress_plan(repo, user.id, lib, profile)
            _keep_plan(repo, user.id, used, result)
        return used, result
    assert profile is not None
    try:
        repo = open_repository()
        try:
            user_id = repo.local_user().id
            used, result = make_plan(repo, user_id, profile, lib)
        except BaseException:
            repo.close()
            raise
    except (SQLAlchemyError, OSError) as exc:
        typer.echo(
            "backcare: warning: no saved screening was read and the plan was not kept in "
            f"the database: {exc}",
            err=True,
        )
        from backcare.domain.plans import generate_plan

        return profile, generate_plan(profile, lib)
    try:
        _keep_plan(repo, user_id, used, result)
    finally:
        repo.close()
    return used, result


def _keep_plan(repo: Repository, user_id: str, profile: Profile, plan: Plan) -> None:
    """Keeps the plan; a database problem only warns. The printed plan carries no database
    id, so the same profile and seed print the same plan."""
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.services.plans import save_plan

    try:
        save_plan(repo, user_id, profile, plan)
    except (SQLAlchemyError, OSError) as exc:
        typer.echo(f"backcare: warning: the plan was not kept in the database: {exc}", err=True)


def plan(
    profile_file: Annotated[
        Path | None,
        typer.Option("--profile", help="Profile JSON (plan.md); default profile if absent."),
    ] = None,
    fmt: Annotated[PlanFormat, typer.Option("--format", help="text or json")] = PlanFormat.text,
    save: Annotated[
        Path | None, typer.Option("--save", help="Also write the plan JSON here.")
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Ask for regions, equipment and time.")
    ] = False,
    screening: Annotated[
        Path | None,
        typer.Option("--screening", help="A screening result (or answers) JSON to apply."),
    ] = None,
    progress: Annotated[
        bool,
        typer.Option("--progress", help="Adapt the latest plan to the sessions saved since."),
    ] = False,
    seed: Annotated[int | None, typer.Option("--seed", help="Same seed, same plan.")] = None,
    lang: Annotated[str, typer.Option("--lang", help="Language of the text: en or zh.")] = "en",
) -> None:
    """Make a week of exercise sessions for your regions, equipment and time."""
    from backcare.domain.plans import PlanRefused
    from backcare.errors import BadInput
    from backcare.services.plans import parse_profile, plan_json, read_json_file

    if lang not in ("en", "zh"):
        fail(f"--lang: {lang!r} is not one of en, zh")
    try:
        data: dict[str, Any] | None = None
        if profile_file is not None:
            loaded = read_json_file(profile_file, "--profile")
            if not isinstance(loaded, dict):
                raise BadInput("--profile", "must hold a JSON object")
            data = dict(loaded)
        if interactive:
            data = _interactive(data or {}, lang)
        if data is not None or not progress:
            data = data if data is not None else {}
            if screening is not None:
                data["screening"] = _screening_result(screening)
            if seed is not None:
                data["seed"] = seed
        profile = parse_profile(data) if data is not None else None
        profile, result = _plan_for_local_user(profile, library(), progress)
    except BadInput as exc:
        fail(f"{exc.key}: {exc.message}")
    except PlanRefused as exc:
        fail("no exercise plan for now: " + "; ".join(exc.reasons), ExitStatus.REFUSED)
    lib = library()
    if save is not None:
        try:
            write_json_file(save, plan_json(result))
        except OSError as exc:
            fail(f"--save: cannot write {save}: {exc.strerror or exc}")
    if fmt is PlanFormat.json:
        print_json(plan_json(result))
    else:
        console().print(render_plan(result, lib, lang))


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Marks a message for extraction; translated where it is shown."""
    return message


PART_LABEL = {
    "sets": N_("sets"),
    "circuit": N_("circuit"),
    "warmup": N_("warm-up"),
    "cooldown": N_("cool-down"),
}


def render_plan(plan: Plan, lib: Library, lang: str = "en") -> Any:
    """The plan as a person reads it: each day's blocks, the weekly walks, then what changed
    and why. Headings go through the interface catalogue, content in `lang`."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from backcare.domain.plan_notes import said_change, said_notes
    from backcare.domain.plan_safety import warning_text
    from backcare.domain.plans import SetsBlock
    from backcare.labels import CONDITION_REASONS
    from backcare.reports.printing import translations

    _ = translations(lang).gettext
    zh = lang.startswith("zh")
    colon, opening, closing = ("：", "（", "）") if zh else (": ", " (", ")")
    comma = "、" if zh else ", "

    def name(exercise_id: str) -> str:
        found = lib.exercises.get(exercise_id)
        return found.name.get("zh" if zh else "en") if found else exercise_id

    parts: list[Any] = []
    for day in plan.days:
        minutes = _("%(n)s min") % {"n": f"{day.minutes:.1f}"}
        title = f"{_('Day %(n)d') % {'n': day.day}}{colon}{_(day.title)}{opening}{minutes}{closing}"
        table = Table(title=title, expand=False)
        table.add_column(_("Part"))
        table.add_column(_("Exercises"))
        table.add_column(_("Dose"))
        for block in day.blocks:
            if isinstance(block, SetsBlock):
                dose = f"{block.sets} × {block.reps}"
                if block.per_side:
                    dose += " " + _("each side")
                if block.hold_s:
                    dose += (", " if not zh else "，") + _("hold %(s)d s") % {"s": block.hold_s}
                table.add_row(_(PART_LABEL["sets"]), name(block.exercise), dose)
            else:
                label = _(PART_LABEL.get(block.kind, block.kind))
                dose = _("%(work)d s on, %(rest)d s off × %(rounds)d") % {
                    "work": block.work_s,
                    "rest": block.rest_s,
                    "rounds": block.rounds,
                }
                table.add_row(label, comma.join(name(e) for e in block.exercises), dose)
        parts.append(table)
    if plan.walking is not None:
        parts.append(render_walking(plan.walking, lib, lang))
    flare = lib.advice.get("flare_up_plan")  # what to do when a day goes badly
    if flare is not None:
        content = "zh" if zh else "en"
        parts.append(Text(f"{flare.title.get(content)}\n", style="bold"))
        parts.append(Text(f"{flare.text.get(content)}\n"))
    notes = Text()
    for change in plan.changes:
        # English keeps the plan's own sentence; another language names the exercises in it
        changed = said_change(change, _, name if zh else None)
        notes.append(_("Changed: %(text)s") % {"text": changed} + "\n", style="cyan")
    left_out: dict[str, list[str]] = {}
    for excluded in plan.excluded:
        reasons = comma.join(
            _(CONDITION_REASONS.get(r, r.replace("_", " "))) for r in excluded.reasons
        )
        left_out.setdefault(reasons, []).append(name(excluded.exercise))
    for reasons, names in left_out.items():
        line = _("Left out (%(reasons)s): %(names)s") % {
            "reasons": reasons,
            "names": comma.join(names),
        }
        notes.append(line + "\n")
    said = said_notes(
        plan.warnings, plan.notes, _, lambda text: _(warning_text(text, lib, "zh" if zh else "en"))
    )
    for warning in said:
        notes.append(_("Note: %(warning)s") % {"warning": warning} + "\n", style="yellow")
    notes.append(_("Start a day with `backcare session start --day N`.") + "\n", style="dim")
    parts.append(notes)
    return Group(*parts)


def render_walking(walking: WalkingPlan, lib: Library, lang: str = "en") -> Any:
    """The graded walking programme: walks a week and minutes a walk, week by week."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from backcare.reports.printing import translations

    _ = translations(lang).gettext
    table = Table(title=_("Walking, week by week"), title_justify="left", expand=False)
    table.add_column(_("Week"))
    table.add_column(_("Walks"))
    table.add_column(_("Minutes each"))
    for week in walking.weeks:
        table.add_row(str(week.week), str(week.walks), str(week.minutes))
    how = lib.walking.how.get("zh" if lang.startswith("zh") else "en") if lib.walking else ""
    return Group(table, Text(how + "\n"))

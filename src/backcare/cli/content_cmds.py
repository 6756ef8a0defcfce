"""`backcare content check` and `backcare exercises list|show`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from backcare.cli.common import ExitStatus, console, fail, library, print_json

content_app = typer.Typer(help="Check the content library.", no_args_is_help=True)
exercises_app = typer.Typer(help="Browse the exercise library.", no_args_is_help=True)


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@content_app.command("check")
def check(
    path: Annotated[
        Path | None, typer.Option("--path", help="Content folder (default: the installed one).")
    ] = None,
) -> None:
    """Validate every content file: schema, unique ids, references, sources."""
    from backcare.content import check_content, content_dir

    root = path or content_dir()
    problems = check_content(root)
    for problem in problems:
        typer.echo(str(problem), err=True)
    if problems:
        typer.echo(f"{len(problems)} problem(s) in {root}", err=True)
        raise typer.Exit(int(ExitStatus.BAD_INPUT))
    lib = library() if path is None else None
    if lib is not None:
        typer.echo(
            f"content ok: {len(lib.exercises)} exercises, {len(lib.sources)} sources, "
            f"{len(lib.red_flags)} red flags, {len(lib.causes)} causes, "
            f"{len(lib.instruments)} instruments, {len(lib.advice)} advice"
        )
    else:
        typer.echo(f"content ok: {root}")


# Each content file kind and the model it is validated by; a list file gets an array schema.
# File name in content/schema/ -> (dotted model path, is the file a list of entries?).
SCHEMA_FILES: dict[str, tuple[str, bool]] = {
    "source.json": ("backcare.domain.library:Source", True),
    "exercise.json": ("backcare.domain.library:Exercise", False),
    "safety_rule.json": ("backcare.domain.library:SafetyRule", True),
    "cause.json": ("backcare.domain.library:Cause", True),
    "advice.json": ("backcare.domain.library:Advice", True),
    "red_flag.json": ("backcare.domain.library:RedFlag", True),
    "criteria.json": ("backcare.domain.library:CriteriaSet", False),
    "instrument.json": ("backcare.domain.library:Instrument", False),
    "reminders.json": ("backcare.domain.library:ReminderDefaults", False),
    "exercise_rule.json": ("backcare.domain.library:ExerciseRule", True),
    "question.json": ("backcare.domain.questions:Question", True),
    "glossary.json": ("backcare.domain.glossary:Glossary", False),
    "walking.json": ("backcare.domain.walking:WalkingRules", False),
}


def _with_shorthands(schema: dict[str, Any]) -> dict[str, Any]:
    """Also accept the short forms the loader takes, so an editor checking YAML against the
    schema agrees with `backcare content check`: `Wall angel` for `{en: Wall angel}` and
    `[2, 4]` for `{min: 2, max: 4}` (types.LocalizedText, library.IntRange)."""
    defs = schema.get("$defs", {})
    if "_LocalizedText" in defs:
        full = defs["_LocalizedText"]
        defs["_LocalizedText"] = {
            "anyOf": [{"type": "string", "minLength": 1, "description": "English only"}, full]
        }
    if "IntRange" in defs:
        pair = {"type": "array", "items": {"type": "integer", "minimum": 0}}
        defs["IntRange"] = {"anyOf": [defs["IntRange"], {**pair, "minItems": 2, "maxItems": 2}]}
    return schema


def schema_documents() -> dict[str, str]:
    """The JSON Schema text of every content model, by file name, so editors can check YAML
    as it is typed and a reviewer sees model changes as a diff."""
    import importlib
    import json

    from pydantic import TypeAdapter

    documents: dict[str, str] = {}
    for name, (dotted, is_list) in SCHEMA_FILES.items():
        module, _, attr = dotted.partition(":")
        model: Any = getattr(importlib.import_module(module), attr)
        schema = _with_shorthands(TypeAdapter(list[model] if is_list else model).json_schema())
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": f"backcare/content/schema/{name}",
            **schema,
        }
        documents[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return documents


@content_app.command("schema")
def schema(
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write into (default: the content's schema/)."),
    ] = None,
    check: Annotated[
        bool, typer.Option("--check", help="Write nothing; exit 2 if a schema file is stale.")
    ] = False,
) -> None:
    """Export the JSON Schemas of the content models to content/schema/*.json."""
    from backcare.content import content_dir

    folder = out or content_dir() / "schema"
    documents = schema_documents()
    stale = [
        name
        for name, text in documents.items()
        if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text
    ]
    if check:
        if stale:
            fail(f"stale schema(s) in {folder}: {', '.join(stale)} (run `backcare content schema`)")
        typer.echo(f"schemas current: {len(documents)} in {folder}")
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name in stale:
            (folder / name).write_text(documents[name], encoding="utf-8")
    except OSError as exc:
        fail(f"--out: cannot write to {folder}: {exc.strerror or exc}")
    typer.echo(f"wrote {len(stale)} of {len(documents)} schema(s) to {folder}")


@exercises_app.command("list")
def list_exercises(
    region: Annotated[str | None, typer.Option(help="low_back, mid_back, neck or shoulder")] = None,
    equipment: Annotated[
        str | None, typer.Option(help="Only exercises possible with this (mat, ball, band, ...)")
    ] = None,
    routine: Annotated[str | None, typer.Option(help="Only this routine")] = None,
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    lang: Annotated[str, typer.Option(help="Language: en or zh")] = "en",
) -> None:
    """List exercises, optionally by region, equipment or routine."""
    from backcare.cli.common import check_lang

    lang = check_lang(lang)
    from backcare.domain.types import EQUIPMENT, REGIONS

    if region is not None and region not in REGIONS:
        fail(f"--region: {region!r} is not one of {', '.join(REGIONS)}")
    if equipment is not None and equipment not in (*EQUIPMENT, "none"):
        fail(f"--equipment: {equipment!r} is not one of {', '.join(EQUIPMENT)}, none")
    lib = library()
    chosen = [
        ex
        for ex in lib.exercises.values()
        if (region is None or region in ex.regions)
        and (
            equipment is None
            or (equipment == "none" and not ex.equipment)
            or (equipment != "none" and set(ex.equipment) <= {equipment})
        )
        and (routine is None or routine in ex.routines)
    ]
    if fmt is OutputFormat.json:
        print_json([ex.model_dump(mode="json") for ex in chosen])
        return
    from rich.table import Table

    table = Table(title=f"{len(chosen)} exercises", show_lines=False)
    # The id is what other commands take, so it is never cut short; the other columns wrap.
    widest = max((len(ex.id) for ex in chosen), default=2)
    table.add_column("id", no_wrap=True, min_width=widest, overflow="fold")
    for column in ("name", "regions", "equipment", "routines"):
        table.add_column(column, overflow="fold")
    for ex in chosen:
        table.add_row(
            ex.id,
            ex.name.get(lang),
            ", ".join(ex.regions),
            ", ".join(ex.equipment) or "none",
            ", ".join(ex.routines),
        )
    console().print(table)


@exercises_app.command("show")
def show_exercise(
    exercise_id: Annotated[str, typer.Argument(help="Exercise id, e.g. wall_angel")],
    fmt: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.text,
    lang: Annotated[str, typer.Option(help="Language: en or zh")] = "en",
    figure: Annotated[
        Path | None, typer.Option("--figure", help="Write the exercise's animated SVG here")
    ] = None,
) -> None:
    """Show one exercise: steps, cues, mistakes, dosing, safety and sources."""
    from backcare.cli.common import check_lang

    lang = check_lang(lang)
    lib = library()
    ex = lib.exercises.get(exercise_id)
    if ex is None:
        fail(f"unknown exercise {exercise_id!r} (see `backcare exercises list`)")
    if figure is not None:
        try:
            from backcare.reports.figures import write_exercise_figure
        except ImportError:
            fail("figures are not available in this install", ExitStatus.ERROR)
        try:
            write_exercise_figure(ex, figure)
        except OSError as exc:  # a missing folder, no permission, a full disk
            fail(f"--figure: cannot write {figure}: {exc.strerror or exc}")
    if fmt is OutputFormat.json:
        print_json(ex.model_dump(mode="json"))
        return
    from backcare.cli.render import render_exercise

    console().print(render_exercise(ex, lib, lang))

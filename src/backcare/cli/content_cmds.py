"""`backcare content check` and `backcare exercises list|show`."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

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
    for column in ("id", "name", "regions", "equipment", "routines"):
        table.add_column(column)
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
    lib = library()
    ex = lib.exercises.get(exercise_id)
    if ex is None:
        fail(f"unknown exercise {exercise_id!r} (see `backcare exercises list`)")
    if figure is not None:
        try:
            from backcare.reports.figures import write_exercise_figure
        except ImportError:
            fail("figures are not available in this install", ExitStatus.ERROR)
        write_exercise_figure(ex, figure)
    if fmt is OutputFormat.json:
        print_json(ex.model_dump(mode="json"))
        return
    from backcare.cli.render import render_exercise

    console().print(render_exercise(ex, lib, lang))

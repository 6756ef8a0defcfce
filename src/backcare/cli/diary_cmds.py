"""`backcare diary add|list|edit|delete`: the pain diary on the command line.

Options arrive as text and are checked by `backcare.services.diary`, so a wrong value ends
with one line naming the option (exit 2), the same words the web app uses.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from backcare.cli.common import fail, print_json
from backcare.cli.data_cmds import (
    FromOption,
    ToOption,
    choose,
    local_store,
    parse_optional_day,
)

if TYPE_CHECKING:
    from backcare.domain.records import DiaryEntry
    from backcare.errors import BadInput

diary_app = typer.Typer(
    help="Your pain diary: how much it hurt, where, and a note.", no_args_is_help=True
)

# The option each service key comes from, so an error names what the person typed.
_OPTION_FOR = {
    "pain": "--pain",
    "date": "--date",
    "region": "--region",
    "note": "--note",
    "id": "ID",
}


class ListFormat(StrEnum):
    text = "text"
    json = "json"
    csv = "csv"


PainOption = Annotated[str | None, typer.Option("--pain", help="0 (no pain) to 10 (worst).")]
DateOption = Annotated[
    str | None, typer.Option("--date", help="YYYY-MM-DD, today or yesterday (default: today).")
]
RegionOption = Annotated[
    list[str] | None,
    typer.Option("--region", help="low_back, mid_back, neck or shoulder; repeat for more."),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", help="A few words: what helped, what not.")
]


def _bad(exc: BadInput) -> NoReturn:
    fail(f"{_OPTION_FOR.get(exc.key, exc.key)}: {exc.message}")


def _describe(entry: DiaryEntry) -> str:
    regions = ", ".join(r.replace("_", " ") for r in entry.regions) or "-"
    note = "  " + " ".join(entry.note.split()) if entry.note else ""
    return f"{entry.date}  pain {entry.pain:>2}/10  {regions:<22} id {entry.id[:8]}{note}"


def _now() -> datetime:
    return datetime.now(UTC)


@diary_app.command("add")
def add(
    pain: PainOption = None,
    region: RegionOption = None,
    note: NoteOption = None,
    day: DateOption = None,
) -> None:
    """Record how much it hurts today (or on --date)."""
    from backcare.errors import BadInput
    from backcare.services import diary

    if pain is None:
        fail("--pain: say how much it hurts, from 0 (no pain) to 10 (worst)")
    today = date.today()
    try:
        rating = diary.parse_pain(pain)
        regions = diary.parse_regions(region or [])
        when = diary.parse_day(day, today) if day is not None else None
        with local_store() as (repo, user):
            entry = diary.add_entry(
                repo,
                user.id,
                pain=rating,
                day=when,
                regions=regions,
                note=note or "",
                now=_now(),
                today=today,
            )
    except BadInput as exc:
        _bad(exc)
    typer.echo(f"Saved: {_describe(entry)}")


@diary_app.command("list")
def list_entries(
    start: FromOption = None,
    end: ToOption = None,
    fmt_text: Annotated[str, typer.Option("--format", metavar="text|json|csv")] = "text",
) -> None:
    """List diary entries, oldest first."""
    fmt = choose(ListFormat, fmt_text, "--format")
    from backcare.errors import BadInput
    from backcare.services import diary

    first = parse_optional_day(start, "--from")
    last = parse_optional_day(end, "--to")
    try:
        with local_store() as (repo, user):
            entries = diary.list_entries(repo, user.id, first, last)
    except BadInput:
        fail(f"--from: {first} comes after --to {last}")
    if fmt is ListFormat.json:
        print_json([entry.model_dump(mode="json") for entry in entries])
    elif fmt is ListFormat.csv:
        from backcare.services.export import DIARY_COLUMNS, diary_rows, to_csv

        typer.echo(to_csv(DIARY_COLUMNS, diary_rows(entries)), nl=False)
    elif not entries:
        typer.echo("No diary entries here yet. Add one with: backcare diary add --pain 3")
    else:
        for entry in entries:
            typer.echo(_describe(entry))


@diary_app.command("edit")
def edit(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The id `diary list` shows.")],
    pain: PainOption = None,
    region: RegionOption = None,
    note: NoteOption = None,
    day: DateOption = None,
) -> None:
    """Change an entry: only the options you give are changed."""
    from backcare.errors import BadInput
    from backcare.services import diary

    today = date.today()
    try:
        rating = diary.parse_pain(pain) if pain is not None else None
        regions = diary.parse_regions(region) if region else None
        when = diary.parse_day(day, today) if day is not None else None
        with local_store() as (repo, user):
            entry = diary.edit_entry(
                repo,
                user.id,
                entry_id,
                pain=rating,
                day=when,
                regions=regions,
                note=note,
                now=_now(),
                today=today,
            )
    except BadInput as exc:
        if exc.key == "edit":
            fail("nothing to change: give --pain, --date, --region or --note")
        _bad(exc)
    typer.echo(f"Updated: {_describe(entry)}")


@diary_app.command("delete")
def delete(
    entry_id: Annotated[str, typer.Argument(metavar="ID", help="The id `diary list` shows.")],
) -> None:
    """Delete one entry."""
    from backcare.errors import BadInput
    from backcare.services import diary

    try:
        with local_store() as (repo, user):
            entry = diary.delete_entry(repo, user.id, entry_id)
    except BadInput as exc:
        _bad(exc)
    typer.echo(f"Deleted: {_describe(entry)}")

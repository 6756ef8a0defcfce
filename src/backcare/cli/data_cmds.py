"""`backcare history`, `backcare export` and `backcare import`, and `local_store()`, which
every command that reads or saves records uses to reach the database."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from backcare.cli.common import ExitStatus, fail, print_json, to_stdout

if TYPE_CHECKING:
    from backcare.domain.records import ScreeningRecord, SessionRecord, User
    from backcare.services.export import CsvTable
    from backcare.store.repository import SqlRepository


def _shown(url: str) -> str:
    """The database URL without its password, for error messages."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "the database named by BACKCARE_DATABASE_URL"


@contextmanager
def local_store() -> Iterator[tuple[SqlRepository, User]]:
    """The database (migrated on open) and the command line's single user; closed after.

    A database that cannot be opened ends the command with one line, never a traceback.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.config import get_settings
    from backcare.store import open_repository
    from backcare.store.engine import SchemaTooNewError

    url = get_settings().database
    try:
        repo = open_repository(url)
        user = repo.local_user()
    except SchemaTooNewError as exc:
        fail(f"database: {exc}", ExitStatus.ERROR)
    except (SQLAlchemyError, OSError, ImportError) as exc:
        reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        fail(f"database: cannot open {_shown(url)}: {reason}", ExitStatus.ERROR)
    try:
        yield repo, user
    finally:
        repo.close()


def parse_optional_day(value: str | None, key: str) -> date | None:
    """A --from/--to/--date option, or a one-line exit 2 naming it."""
    if value is None:
        return None
    from backcare.errors import BadInput
    from backcare.services.diary import parse_day

    try:
        return parse_day(value, date.today(), key=key)
    except BadInput as exc:
        fail(str(exc))


FromOption = Annotated[
    str | None, typer.Option("--from", help="First day to include (YYYY-MM-DD).")
]
ToOption = Annotated[str | None, typer.Option("--to", help="Last day to include (YYYY-MM-DD).")]


Choice = TypeVar("Choice", bound=StrEnum)


def choose(kind: type[Choice], value: str, option: str) -> Choice:
    """An option's value among a fixed few; taken as text so a wrong one gets the same
    one-line error as any other bad input (Click's own is four lines)."""
    try:
        return kind(value.strip().lower())
    except ValueError:
        fail(f"{option}: {value!r} is not one of {', '.join(kind)}")


class HistoryFormat(StrEnum):
    text = "text"
    json = "json"


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"
    fhir = "fhir"


class CsvTableChoice(StrEnum):
    all = "all"
    diary = "diary"
    sessions = "sessions"


def _session_line(record: SessionRecord) -> str:
    when = record.started_at.astimezone().strftime("%Y-%m-%d %H:%M")
    status = "completed" if record.completed else "stopped early"
    steps = f"{record.completed_steps}/{record.total_steps}" if record.total_steps else ""
    minutes = ""
    if record.ended_at is not None:
        minutes = f", {round((record.ended_at - record.started_at).total_seconds() / 60)} min"
    pain = ""
    if record.pain_before is not None or record.pain_after is not None:
        before = "?" if record.pain_before is None else record.pain_before
        after = "?" if record.pain_after is None else record.pain_after
        pain = f", pain {before} -> {after}"
    detail = f" ({steps} steps)" if steps else ""
    return f"{when}  session   day {record.day}, {status}{detail}{minutes}{pain}"


def _screening_line(record: ScreeningRecord) -> str:
    when = record.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    result = record.result
    urgency = str(result.get("urgency", "unknown")).replace("_", " ")
    exercise = result.get("exercise") or {}
    allowed = exercise.get("allowed") if isinstance(exercise, dict) else None
    advice = ""
    if allowed is True:
        advice = "exercise allowed"
    elif allowed is False:
        advice = "exercise not advised"
    flags = result.get("red_flags") or []
    parts = [f"urgency: {urgency}"]
    if flags:
        parts.append(f"{len(flags)} red flag(s)")
    if advice:
        parts.append(advice)
    return f"{when}  screening {', '.join(parts)}"


def history(
    start: FromOption = None,
    end: ToOption = None,
    fmt_text: Annotated[str, typer.Option("--format", metavar="text|json")] = "text",
) -> None:
    """List your guided sessions and screenings, oldest first."""
    fmt = choose(HistoryFormat, fmt_text, "--format")
    from backcare import limits
    from backcare.errors import BadInput

    first = parse_optional_day(start, "--from")
    last = parse_optional_day(end, "--to")
    try:  # cut to the days a record can have: --to 9999-12-31 means "up to now"
        first, last = limits.clamp_range(first, last, limits.utc_today())
    except BadInput:
        fail(f"--from: {first} comes after --to {last}")
    with local_store() as (repo, user):
        sessions = repo.list_sessions(user.id, first, last)
        screenings = [
            s
            for s in repo.list_screenings(user.id)
            if (first is None or s.created_at.date() >= first)
            and (last is None or s.created_at.date() <= last)
        ]
    if fmt is HistoryFormat.json:
        print_json(
            {
                "sessions": [s.model_dump(mode="json") for s in sessions],
                "screenings": [s.model_dump(mode="json") for s in screenings],
            }
        )
        return
    if not sessions and not screenings:
        typer.echo("Nothing here yet. Sessions you play and screenings you take are listed here.")
        return
    lines = [(s.started_at, _session_line(s)) for s in sessions]
    lines += [(s.created_at, _screening_line(s)) for s in screenings]
    for _when, line in sorted(lines, key=lambda item: item[0]):
        typer.echo(line)


def _write(text: str, output: Path | None) -> None:
    if output is None or to_stdout(output):
        sys.stdout.write(text)
        return
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
    except OSError as exc:
        fail(f"--output: cannot write {output}: {exc.strerror or exc}")
    typer.echo(f"Wrote {output}", err=True)


def _fhir_bundle(repo: SqlRepository, user_id: str) -> dict[str, Any]:
    from backcare.cli.common import library

    try:
        from backcare.interop.fhir import build_bundle
    except ImportError:
        fail("--format: fhir export is not available in this version of backcare", ExitStatus.ERROR)
    bundle: dict[str, Any] = build_bundle(repo, user_id, library())
    return bundle


def export(
    fmt_text: Annotated[
        str,
        typer.Option("--format", metavar="json|csv|fhir", help="json (everything), csv or fhir."),
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="File to write (a folder for --format csv with --table all); "
            "default (or -): standard output.",
        ),
    ] = None,
    table_text: Annotated[
        str,
        typer.Option(
            "--table", metavar="all|diary|sessions", help="For csv: diary, sessions or all."
        ),
    ] = "all",
) -> None:
    """Export your records: JSON (everything, to import again), CSV or a FHIR R4 Bundle."""
    fmt = choose(ExportFormat, fmt_text, "--format")
    table = choose(CsvTableChoice, table_text, "--table")
    from backcare.services.export import CSV_TABLES, export_csv, export_json

    if fmt is ExportFormat.csv and table is CsvTableChoice.all:
        if output is None or to_stdout(output):
            fail(
                "--output: csv writes diary.csv and sessions.csv, so name a folder "
                "(--output DIR), or pick one with --table diary|sessions"
            )
        if output.exists() and not output.is_dir():
            fail(f"--output: {output} is a file; csv with --table all needs a folder")
    import json

    with local_store() as (repo, user):
        if fmt is ExportFormat.json:
            document = export_json(repo, user.id)
            _write(json.dumps(document, indent=2, ensure_ascii=False) + "\n", output)
        elif fmt is ExportFormat.fhir:
            bundle = _fhir_bundle(repo, user.id)
            _write(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n", output)
        elif table is CsvTableChoice.all:
            assert output is not None  # checked above
            for each in CSV_TABLES:
                _write(export_csv(repo, user.id, each), output / f"{each}.csv")
        else:
            one: CsvTable = "diary" if table is CsvTableChoice.diary else "sessions"
            _write(export_csv(repo, user.id, one), output)


def import_(
    file: Annotated[Path, typer.Argument(help="A file made by `backcare export --format json`.")],
) -> None:
    """Import a JSON export. Records you already have are skipped, so importing twice adds
    nothing; a newer or damaged file is refused and nothing is changed."""
    from backcare import limits
    from backcare.errors import BadInput
    from backcare.services.export import import_json

    try:  # bounded: `import /dev/zero` or a file nested 100 000 deep ends in one line
        document = limits.parse_json(limits.read_text_file(file, "FILE"), "FILE", str(file))
    except BadInput as exc:
        fail(str(exc))
    with local_store() as (repo, user):
        try:
            summary = import_json(repo, user.id, document)
        except BadInput as exc:
            fail(f"FILE: {file} was not imported, nothing changed: {exc}")
    added = ", ".join(f"{n} {section}" for section, n in summary.added.items() if n)
    message = f"Imported {summary.total_added} record(s)"
    message += f" ({added})" if added else ""
    if summary.total_skipped:
        message += f"; {summary.total_skipped} already saved, skipped"
    typer.echo(message + ".")

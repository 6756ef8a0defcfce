"""`backcare chart KIND --out FILE` and `backcare report --out report.pdf`: progress charts and
the printable report, from the records in the local database."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from backcare.cli.common import ExitStatus, fail, library, to_stdout
from backcare.cli.data_cmds import FromOption, ToOption, local_store, parse_optional_day

OutOption = Annotated[
    Path | None,
    typer.Option("--out", help="File to write (- for standard output).", dir_okay=False),
]
if TYPE_CHECKING:
    from datetime import date

    from backcare.domain.ports import Repository

LangOption = Annotated[
    str | None, typer.Option("--lang", help="Language of the words: en or zh (default: settings).")
]


def _lang(value: str | None) -> str:
    """en or zh; the web's zh_Hans and tags such as zh-CN or en-GB are understood too."""
    from backcare.config import get_settings

    lang = value or get_settings().lang
    if not lang.strip().lower().startswith(("en", "zh")):
        fail(f"--lang: {lang!r} is not one of en, zh")
    return lang


def _period(
    repo: Repository, user_id: str, start: str | None, end: str | None
) -> tuple[date, date]:
    """The days `--from` and `--to` ask for, as the report computes them (from the first
    record to today when not given); a bad day is one line and exit 2."""
    from backcare.errors import BadInput
    from backcare.services.progress import period

    first = parse_optional_day(start, "--from")
    last = parse_optional_day(end, "--to")
    try:
        return period(repo, user_id, first, last)
    except BadInput as exc:
        fail(str(exc))


def _write(out: Path, data: bytes, lang: str = "en") -> None:
    """Write the whole file or nothing: a half-written report must not replace a good one.
    `-` writes to standard output."""
    if to_stdout(out):
        import sys

        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    partial = out.with_name(f".{out.name}.partial")
    try:
        partial.write_bytes(data)
        partial.replace(out)
    except OSError as exc:
        with suppress(OSError):
            partial.unlink(missing_ok=True)
        fail(f"--out: cannot write {out}: {exc.strerror or exc}")
    from backcare.cli.coach import translator

    _ = translator(lang)
    typer.echo(_("Wrote %(path)s") % {"path": out}, err=True)


def chart(
    kind: Annotated[
        str, typer.Argument(help="Which chart: pain, adherence, scores or breaks (from sitting).")
    ],
    out: OutOption = None,
    start: FromOption = None,
    end: ToOption = None,
    lang: LangOption = None,
) -> None:
    """Draw one progress chart as SVG or PNG (chosen by the file's ending)."""
    from backcare.reports.charts import CHART_KINDS

    if kind not in CHART_KINDS:
        fail(f"KIND: {kind!r} is not one of {', '.join(CHART_KINDS)}")
    if out is None:
        fail("--out: give the file to write, e.g. --out pain.svg")
    fmt = "svg" if to_stdout(out) else out.suffix.lower().lstrip(".")
    if fmt not in ("svg", "png"):
        fail(f"--out: {out.name} must end in .svg or .png")
    first = parse_optional_day(start, "--from")
    last = parse_optional_day(end, "--to")
    words = _lang(lang)
    from backcare.errors import BadInput
    from backcare.services.progress import chart_image

    # A chart draws only records, so it works even while the content library is being edited.
    with local_store() as (repo, user):
        try:
            data = chart_image(repo, user.id, kind, fmt, first, last, None, words)
        except BadInput as exc:
            fail(str(exc))
    _write(out, data, words)


def report(
    out: OutOption = None,
    start: FromOption = None,
    end: ToOption = None,
    lang: LangOption = None,
) -> None:
    """Write a printable PDF progress report: summary, charts, latest screening, plan, notes."""
    if out is None:
        fail("--out: give the file to write, e.g. --out report.pdf")
    if out.suffix.lower() != ".pdf" and not to_stdout(out):
        fail(f"--out: {out.name} must end in .pdf")
    words = _lang(lang)
    from backcare.services.progress import progress_report_pdf

    with local_store() as (repo, user):
        first, last = _period(repo, user.id, start, end)
        content = library()
        try:
            data = progress_report_pdf(repo, user.id, content, first, last, words)
        except OSError as exc:  # WeasyPrint without Debian's Pango fails to load its libraries
            fail(f"report: cannot render the PDF ({exc}); install Pango", ExitStatus.ERROR)
    _write(out, data, words)


def progress(
    start: FromOption = None,
    end: ToOption = None,
    lang: LangOption = None,
    fmt_text: Annotated[str, typer.Option("--format", metavar="text|json")] = "text",
) -> None:
    """Show your progress: pain, sessions done against the plan, questionnaire scores.

    The same model, period and sentences as `backcare report` and the web progress page."""
    from backcare.cli.data_cmds import HistoryFormat, choose

    fmt = choose(HistoryFormat, fmt_text, "--format")
    words = _lang(lang)
    from backcare.services.progress import progress_summary

    with local_store() as (repo, user):
        first, last = _period(repo, user.id, start, end)
        summary = progress_summary(repo, user.id, library(), first, last, words)
    from backcare.reports.progress_text import progress_json, progress_lines

    if fmt is HistoryFormat.json:
        from backcare.cli.common import print_json

        print_json(progress_json(summary, words))
        return
    for line in progress_lines(summary, words):
        typer.echo(line)

"""`backcare handout --plan FILE --out plan.pdf`: the printable home-exercise programme."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from backcare.cli.common import ExitStatus, fail, library


class PaperSize(StrEnum):
    a4 = "a4"
    letter = "letter"


def handout(
    plan_file: Annotated[
        Path | None,
        typer.Option(
            "--plan", help="Plan JSON file (from `backcare plan --format json`).", dir_okay=False
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="PDF (or .html) file to write; - for standard output.", dir_okay=False
        ),
    ] = None,
    paper: Annotated[PaperSize, typer.Option("--paper", help="a4 or letter")] = PaperSize.a4,
    lang: Annotated[
        str | None, typer.Option("--lang", help="Language of the words: en or zh.")
    ] = None,
) -> None:
    """Write a printable home-exercise handout: a cover with goals and safety notes, then
    each day's exercises with figures, steps, dosing and tick boxes for the week."""
    from backcare.cli.report_cmds import _lang, _write

    if plan_file is None:
        fail("--plan: give the plan file, e.g. --plan plan.json")
    if out is None:
        fail("--out: give the file to write, e.g. --out plan.pdf")
    from backcare.cli.common import to_stdout

    suffix = ".pdf" if to_stdout(out) else out.suffix.lower()  # `--out -`: PDF to stdout
    if suffix not in (".pdf", ".html"):
        fail(f"--out: {out.name} must end in .pdf or .html")
    words = _lang(lang)
    from backcare.errors import BadInput
    from backcare.reports.handout import (
        Paper,
        render_handout_html,
        render_handout_pdf,
        unknown_exercises,
    )
    from backcare.services.plans import read_json_file, split_plan_file

    try:
        plan, profile = split_plan_file(read_json_file(plan_file, "--plan"))
    except BadInput as exc:
        fail(f"--plan: {exc}" if not str(exc).startswith("--plan") else str(exc))
    content = library()
    missing = unknown_exercises(plan, content)
    if missing:
        fail(f"--plan: unknown exercise id(s) {', '.join(missing)} (see `backcare exercises list`)")
    size: Paper = "letter" if paper is PaperSize.letter else "a4"
    if suffix == ".html":
        html = render_handout_html(plan, content, profile=profile, lang=words, paper=size)
        _write(out, html.encode("utf-8"), words)
        return
    try:
        data = render_handout_pdf(plan, content, profile=profile, lang=words, paper=size)
    except OSError as exc:  # WeasyPrint without Debian's Pango fails to load its libraries
        fail(f"handout: cannot render the PDF ({exc}); install Pango", ExitStatus.ERROR)
    _write(out, data, words)

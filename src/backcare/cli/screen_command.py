"""`backcare screen` as Typer shows it: its options and help. The work is
`screen_cmds.run_screen`, which the fast path (cli/fast.py) calls without loading Typer."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from backcare.cli.screen_cmds import ScreenFormat, run_screen


def screen(
    answers_file: Annotated[
        Path | None,
        typer.Option(
            "--answers",
            help="Answers as a JSON file (screening.md); '-' reads them from standard input.",
        ),
    ] = None,
    fmt: Annotated[
        ScreenFormat | None,
        typer.Option("--format", help="text (default on a terminal) or json (the contract)."),
    ] = None,
    save: Annotated[
        Path | None, typer.Option("--save", help="Also save the answers to this JSON file.")
    ] = None,
    no_input: Annotated[
        bool, typer.Option("--no-input", help="Never ask questions; needs --answers.")
    ] = False,
    no_save: Annotated[
        bool,
        typer.Option("--no-save", help="Do not keep the result (history and plans use it)."),
    ] = False,
    lang: Annotated[str, typer.Option("--lang", help="Language: en or zh.")] = "en",
) -> None:
    """Screen back, neck or shoulder pain for warning signs, patterns and exercise safety.

    With --answers, reads the answers from a file. Without it, asks the questions one by one
    (warning signs first) in a terminal; piped input is either the answers as JSON or the
    replies to the questions, one a line (end of input ends the questions).
    """
    run_screen(
        answers_file=answers_file,
        fmt=fmt,
        save=save,
        no_input=no_input,
        no_save=no_save,
        lang=lang,
    )

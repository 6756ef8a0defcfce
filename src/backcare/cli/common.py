"""What every command shares: exit statuses, one-line errors, consoles, the library."""

from __future__ import annotations

import sys
from enum import IntEnum
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from rich.console import Console

    from backcare.domain.library import Library


class ExitStatus(IntEnum):
    OK = 0
    ERROR = 1
    BAD_INPUT = 2
    REFUSED = 3  # refused for safety (e.g. no plan when exercise is not allowed)


def fail(message: str, status: ExitStatus = ExitStatus.BAD_INPUT) -> NoReturn:
    """One line on stderr naming what is wrong, then exit; never a traceback."""
    first_line = " ".join(message.strip().splitlines()) or "unknown error"
    sys.stderr.write(f"backcare: error: {first_line}\n")
    leave(int(status))


def leave(status: int) -> NoReturn:
    """Exit with `status` the way Typer's standalone mode does (`typer.Exit`). Typer is
    imported only here, when a command stops: `backcare screen`'s fast path runs without it
    (make bench: importing it was a sixth of the screen's start-up)."""
    import typer

    raise typer.Exit(status)


STDOUT = "-"  # `-o -` / `--out -`: write to standard output, as most tools do


def to_stdout(path: object) -> bool:
    """Whether an output option asks for standard output (`-`) rather than a file."""
    return path is not None and str(path) == STDOUT


LANGS = ("en", "zh")


def check_lang(value: str) -> str:
    """en or zh (tags such as zh-Hans or en-GB are understood); any other language is a
    one-line exit 2, never silently English."""
    lang = value.strip().lower().replace("_", "-")
    for known in LANGS:
        if lang == known or lang.startswith(known + "-"):
            return known
    fail(f"--lang: {value!r} is not one of {', '.join(LANGS)}")


def console() -> Console:
    from rich.console import Console

    return Console()


def err_console() -> Console:
    from rich.console import Console

    return Console(stderr=True)


def library() -> Library:
    """The content library, or a clean exit naming the first problem."""
    from backcare.content import ContentError, load_library

    try:
        return load_library()
    except ContentError as exc:
        fail(
            f"content library is broken: {exc.problems[0]} (run `backcare content check`)",
            ExitStatus.ERROR,
        )


def print_json(data: Any) -> None:
    """JSON on stdout, plain (no colour codes), so it can be piped."""
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")

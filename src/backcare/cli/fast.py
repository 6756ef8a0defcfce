"""The two invocations that must start fast (issue 17, `make bench`), answered without
building Typer's command tree for every command; anything else, and anything unusual about
these two, is left to Typer, so its messages and exit statuses stay the same.

- `backcare --help`: the text Typer renders for it, kept in the user's cache folder and keyed
  by everything that can change it (backcare's and Python's versions, the command-line
  modules, the installed Typer, the program's name and the terminal's width). A miss renders
  it with Typer, exactly as `app()` would, and keeps it.
- `backcare screen` with plain options (--answers, --format, --save, --lang, --no-input,
  --no-save, each given once or more as Typer reads them): the command's own function called
  with them, its exit statuses and interruptions handled as Typer handles them. `--help`, an
  unknown option, a missing, empty or dash-led value, or a --format Typer would reject goes
  to Typer.

Only `os` and `sys` at import, and no pathlib, hashlib or typing on the help path: this runs
before anything else is loaded, and `backcare --help` should cost little more than Python.
"""

from __future__ import annotations

import gc
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the name)

if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any, NoReturn

HELP = ("--help",)


def dispatch(args: list[str]) -> None:
    """Answers `args` and exits when it is one of the fast invocations; returns otherwise."""
    if _completion_requested():
        return  # Typer's shell completion protocol: Typer's business
    if tuple(args) == HELP:
        _print_help()
    if args[:1] == ["screen"]:
        options = screen_options(args[1:])
        if options is not None:
            _run_screen(options)


def _completion_requested() -> bool:
    return any(name.endswith("_COMPLETE") and name.startswith("_") for name in os.environ)


# --- backcare --help ---------------------------------------------------------------------------


def prog_name() -> str:
    """The program's name as Typer shows it in `Usage:` (click's _detect_program_name)."""
    path = sys.argv[0] if sys.argv else ""
    package = getattr(sys.modules.get("__main__"), "__package__", None)
    if not package:
        return os.path.basename(path)
    name = os.path.splitext(os.path.basename(path))[0]
    module = package if name == "__main__" else f"{package}.{name}"
    return f"python -m {module.lstrip('.')}"


def terminal_columns() -> int:
    """The width the help is wrapped to depends on this (shutil.get_terminal_size's rule,
    without importing shutil)."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def help_key() -> str:
    """Changes whenever the help text could: versions, CLI code, Typer, name, width. One
    line; the kept text is served only when its first line is exactly this."""
    from importlib.util import find_spec

    import backcare

    parts = [backcare.__version__, sys.version.split()[0], prog_name(), str(terminal_columns())]
    parts.append(f"TYPER_USE_RICH={os.environ.get('TYPER_USE_RICH', '')}")
    here = os.path.dirname(os.path.abspath(__file__))
    files = [os.path.join(here, name) for name in sorted(os.listdir(here)) if name.endswith(".py")]
    spec = find_spec("typer")
    if spec is not None and spec.origin is not None:
        typer_dir = os.path.dirname(spec.origin)
        files += [os.path.join(typer_dir, name) for name in ("__init__.py", "core.py", "main.py")]
    for path in files:
        try:
            stat = os.stat(path)
        except OSError:
            parts.append(f"{path}:missing")
            continue
        parts.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    return "\t".join(parts).replace("\n", " ")


def _help_file(key: str) -> str:
    import zlib

    from backcare.environment import cache_folder

    return os.path.join(cache_folder(), f"help-{zlib.crc32(key.encode()):08x}.txt")


def cached_help() -> str | None:
    """The kept `backcare --help` text for this key, or None."""
    key = help_key()
    try:
        with open(_help_file(key), encoding="utf-8") as handle:
            stored = handle.read()
    except (OSError, UnicodeDecodeError):
        return None
    first, _, text = stored.partition("\n")
    return text if first == key and text else None


def render_help() -> str:
    """What `backcare --help` prints, rendered by Typer (the --help option's own call)."""
    import typer.main

    from backcare.cli.app import app

    command = typer.main.get_command(app)
    context = command.context_class(command, info_name=prog_name(), **command.context_settings)
    with context:
        return command.get_help(context) + "\n"


KEPT_HELP_FILES = 8  # a few widths and names at once; older ones (older code) are removed


def _keep_help(text: str) -> None:
    key = help_key()
    path = _help_file(key)
    try:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        _prune(os.path.dirname(path))
        partial = f"{path}.{os.getpid()}.tmp"
        with open(partial, "w", encoding="utf-8") as handle:
            handle.write(f"{key}\n{text}")
        os.replace(partial, path)  # atomic: a reader never sees half a file
    except OSError:
        return  # no cache this time


def _prune(folder: str) -> None:
    """Removes the oldest kept help texts beyond KEPT_HELP_FILES - 1 (another process may be
    doing the same: a file already gone is fine)."""
    kept: list[tuple[float, str]] = []
    for name in os.listdir(folder):
        if name.startswith("help-") and name.endswith(".txt"):
            path = os.path.join(folder, name)
            try:
                kept.append((os.path.getmtime(path), path))
            except OSError:
                continue
    for _, stale in sorted(kept)[: max(0, len(kept) - KEPT_HELP_FILES + 1)]:
        try:
            os.remove(stale)
        except OSError:
            continue


def _print_help() -> NoReturn:
    text = cached_help()
    if text is None:
        text = render_help()
        _keep_help(text)
    try:
        sys.stdout.write(text)
        sys.stdout.flush()  # as click.echo does
    except BrokenPipeError:
        _quiet_broken_pipe()
        sys.exit(1)
    sys.exit(0)


# --- backcare screen ---------------------------------------------------------------------------

_VALUES = {"--answers": "answers_file", "--format": "fmt", "--save": "save", "--lang": "lang"}
_FLAGS = {"--no-input": "no_input", "--no-save": "no_save"}
_FORMATS = ("text", "json")


def screen_options(args: list[str]) -> dict[str, Any] | None:
    """`backcare screen`'s options as the keyword arguments Typer would pass, or None when
    anything about them is for Typer to judge or explain."""
    found: dict[str, Any] = {}
    tokens = iter(args)
    for token in tokens:
        if token in _FLAGS:
            found[_FLAGS[token]] = True
            continue
        name, equals, value = token.partition("=")
        if name not in _VALUES:
            return None  # --help, an unknown option, an argument, `--`
        if not equals:
            following = next(tokens, None)
            if following is None:
                return None  # a missing value: Typer's error message
            value = following
        if not value or (value.startswith("-") and value != "-"):
            return None
        found[_VALUES[name]] = value
    if found.get("fmt", "text") not in _FORMATS:
        return None
    from pathlib import Path

    for key in ("answers_file", "save"):
        if key in found:
            found[key] = Path(found[key])
    return found


def _run_screen(options: dict[str, Any]) -> NoReturn:
    # No cyclic garbage collection in this short-lived process: importing pydantic and the
    # domain allocates enough to set off full collections that cost ~4 % of a screening
    # (callgrind). Freed memory is still freed at once (reference counts); cycles at exit.
    gc.disable()
    try:
        _screen(options)
    finally:
        gc.freeze()  # and none at exit either: what is left is freed with the process


def _screen(options: dict[str, Any]) -> NoReturn:
    from backcare.cli.screen_cmds import ScreenFormat, run_screen

    if "fmt" in options:
        options["fmt"] = ScreenFormat(options["fmt"])
    _guarded(lambda: run_screen(**options))


def _guarded(command: Callable[[], object]) -> NoReturn:
    """Runs `command` and exits as Typer's standalone mode would after calling it.

    Typer is imported only when the command stops early: a `typer.Exit` or click error was
    raised by code that had imported it already, and an interruption is turned into one.
    """
    import errno

    try:
        command()
    except EOFError:
        sys.stderr.write("\n")
        sys.stderr.write("Aborted!\n")
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
    except OSError as exc:
        if exc.errno != errno.EPIPE:
            raise
        _quiet_broken_pipe()
        sys.exit(1)
    except Exception as exc:
        _exit_as_typer(exc)
        raise
    sys.exit(0)


def _exit_as_typer(exc: Exception) -> None:
    """Exits as Typer would for its own exceptions (`typer.Exit`, `typer.Abort`, a click
    error); returns for any other exception. Typer is loaded when one of them was raised."""
    if "typer" not in sys.modules:
        return
    import click
    import typer

    if isinstance(exc, typer.Exit | click.exceptions.Exit):
        sys.exit(exc.exit_code)
    if isinstance(exc, typer.Abort | click.exceptions.Abort):
        sys.stderr.write("Aborted!\n")
        sys.exit(1)
    if isinstance(exc, click.ClickException):
        exc.show()
        sys.exit(exc.exit_code)


def _quiet_broken_pipe() -> None:
    """A reader that went away (`backcare screen ... | head`): say nothing more, as Typer."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    for stream in (sys.stdout, sys.stderr):
        try:
            os.dup2(devnull, stream.fileno())
        except (OSError, ValueError, AttributeError):
            continue

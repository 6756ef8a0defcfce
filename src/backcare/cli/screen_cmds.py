"""`backcare screen`: answers in (a file, piped JSON, or questions asked one by one), the
screening result out (Rich text for a person, or the contract's JSON).

Only typer is imported at module level so `backcare --help` stays fast; the engine, pydantic
and Rich load inside the command.
"""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.common import ExitStatus, fail, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.library import Instrument, Library
    from backcare.domain.questions import Question


class ScreenFormat(StrEnum):
    text = "text"
    json = "json"


class _EndOfInputError(Exception):
    """The person ended the questionnaire (end of input)."""


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
    lang: Annotated[str, typer.Option("--lang", help="Language: en or zh.")] = "en",
) -> None:
    """Screen back, neck or shoulder pain for warning signs, patterns and exercise safety.

    With --answers, reads the answers from a file. Without it, asks the questions one by one
    (warning signs first) when run in a terminal, or reads JSON piped on standard input.
    """
    from backcare.services.errors import BadInput
    from backcare.services.screening import answers_to_json, run_screening

    if no_input and answers_file is None:
        fail("--answers: a file of answers is needed with --no-input")
    lib = _screening_library()
    stopped_for_emergency = False
    try:
        if answers_file is not None:
            answers = _read_answers(answers_file)
        elif not sys.stdin.isatty():
            raw = sys.stdin.read()
            if not raw.strip():
                fail("--answers: no answers given (use --answers FILE or run in a terminal)")
            answers = _parse_json(raw, "stdin")
        else:
            answers, stopped_for_emergency = _interview(lib, lang)
    except BadInput as exc:
        fail(str(exc))
    result = run_screening(answers, lib)
    if result.urgency == "emergency" and stopped_for_emergency:
        sys.stderr.write("backcare: stopped the questions: an answer needs emergency care.\n")
    if save is not None:
        _save(save, answers_to_json(answers))
    chosen = fmt or (ScreenFormat.text if sys.stdout.isatty() else ScreenFormat.json)
    if chosen is ScreenFormat.json:
        print_json(result.model_dump(mode="json"))
        return
    from backcare.cli.common import console
    from backcare.cli.screen_view import render_result

    out = console()
    for part in render_result(result, answers, lib, lang):
        out.print(part)
        out.print()


def _screening_library() -> Library:
    """The screening's part of the content library (fast to load), or a clean exit."""
    from backcare.content.loader import ContentError, load_screening_library

    try:
        return load_screening_library()
    except ContentError as exc:
        fail(
            f"content library is broken: {exc.problems[0]} (run `backcare content check`)",
            ExitStatus.ERROR,
        )


def _read_answers(path: Path) -> ScreeningAnswers:
    from backcare.services.screening import read_answers_file

    if str(path) == "-":
        return _parse_json(sys.stdin.read(), "stdin")
    return read_answers_file(path)


def _parse_json(raw: str, where: str) -> ScreeningAnswers:
    import json

    from backcare.services.errors import BadInput
    from backcare.services.screening import parse_answers

    def reject(name: str) -> float:
        raise ValueError(f"{name} is not a JSON number")

    try:
        data = json.loads(raw, parse_constant=reject)
    except ValueError as exc:
        raise BadInput("--answers", f"{where} is not valid JSON: {exc}") from None
    return parse_answers(data)


def _save(path: Path, data: dict[str, Any]) -> None:
    """Write atomically (temp file, then rename), so a failed write never leaves half a file."""
    import json

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError as exc:
        fail(f"--save: cannot write {path}: {exc.strerror or exc}", ExitStatus.ERROR)


# --- Interactive questions -------------------------------------------------------------------


def _interview(lib: Library, lang: str) -> tuple[ScreeningAnswers, bool]:
    """Ask the catalogue's questions in order; stop at once on an emergency answer."""
    from pydantic import ValidationError

    from backcare.cli.common import console
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.questions import pending
    from backcare.domain.screening import screen as run_engine

    out = console()
    out.print(
        "[bold]backcare screening[/bold]: a few questions about your pain, warning signs "
        "first. Press Enter to skip a question you cannot answer."
    )
    given: dict[str, Any] = {}
    asked: set[str] = set()
    try:
        while True:
            current = ScreeningAnswers.model_validate(given)
            question = next(
                (q for q in pending(lib.questions, current) if q.key not in asked), None
            )
            if question is None:
                break
            asked.add(question.key)
            while True:
                value = _ask(out, question, lib, lang)
                if value is None:
                    break
                try:
                    ScreeningAnswers.model_validate({**given, question.key: value})
                except ValidationError as exc:
                    out.print(f"[yellow]{exc.errors()[0]['msg']}[/yellow]")
                    continue
                given[question.key] = value
                break
            if question.group == "red_flags" and given.get(question.key) is not None:
                result = run_engine(ScreeningAnswers.model_validate(given), lib)
                if result.urgency == "emergency":
                    return ScreeningAnswers.model_validate(given), True
    except _EndOfInputError:
        out.print("\n[dim]End of input: showing the result for the answers so far.[/dim]")
    return ScreeningAnswers.model_validate(given), False


def _input(out: Console, prompt: str, style: str = "") -> str:
    """Read one reply; the prompt is plain text (no markup), so any wording is safe."""
    from rich.text import Text

    try:
        return out.input(Text(prompt, style=style))
    except EOFError:
        raise _EndOfInputError from None


def _ask(out: Console, question: Question, lib: Library, lang: str) -> Any:
    """One question, asked until the reply is valid; None when skipped."""
    from backcare.domain.questions import parse_reply

    if question.kind == "instrument":
        return _ask_instrument(out, question, lib.instruments[question.key], lang)
    text = question.text.get(lang)
    hint = ""
    if question.kind == "bool":
        hint = " (y/n)"
    elif question.kind in ("choice", "multi"):
        for number, option in enumerate(question.options, 1):
            out.print(f"  {number}. {option.label.get(lang)}", markup=False, highlight=False)
        hint = " (numbers, separated by commas)" if question.kind == "multi" else " (number)"
    elif question.unit:
        hint = f" ({question.unit})"
    while True:
        reply = _input(out, f"{text}{hint} ", "bold" if question.emergency_if_true else "")
        try:
            return parse_reply(question, reply)
        except ValueError as exc:
            out.print(f"[yellow]{exc}[/yellow]")


def _ask_instrument(out: Console, question: Question, instrument: Instrument, lang: str) -> Any:
    """Offer a questionnaire; if accepted, ask its items in the form screening.md expects."""
    from backcare.domain.questions import NO, YES

    offer = _input(out, f"Would you like to fill in the {question.text.get(lang)}? (y/N) ")
    if offer.strip().lower() not in YES:
        return None
    licence = instrument.licence
    if not licence.ships_wording and licence.official_form:
        out.print(
            f"[dim]Please read the official form ({licence.official_form}); "
            "only short labels are shown here.[/dim]"
        )
    items: list[Any] = []
    for item in instrument.items:
        label = item.label.get(lang)
        while True:
            if question.key in ("odi", "ndi"):
                reply = _input(out, f"  {item.id}. {label} (0-5, Enter if not answered) ")
                if not reply.strip():
                    items.append(None)
                    break
                if reply.strip() in {"0", "1", "2", "3", "4", "5"}:
                    items.append(int(reply.strip()))
                    break
                out.print("[yellow]please enter a number from 0 to 5[/yellow]")
            elif item.options:
                for number, option in enumerate(item.options, 1):
                    out.print(
                        f"     {number}. {option.label.get(lang)}", markup=False, highlight=False
                    )
                reply = _input(out, f"  {item.id}. {label} (number) ").strip()
                if reply.isdigit() and 1 <= int(reply) <= len(item.options):
                    items.append(item.options[int(reply) - 1].value)
                    break
                out.print(f"[yellow]please choose 1 to {len(item.options)}[/yellow]")
            else:
                blank_means_no = question.key == "rmdq"
                hint = "(y/N)" if blank_means_no else "(agree y / disagree n)"
                reply = _input(out, f"  {item.id}. {label} {hint} ").strip().lower()
                if reply in YES:
                    items.append(True)
                    break
                if reply in NO or (blank_means_no and not reply):
                    items.append(False)
                    break
                out.print("[yellow]please answer y or n[/yellow]")
    return items

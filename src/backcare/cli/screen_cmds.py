"""`backcare screen`: answers in (a file, piped JSON, or questions asked one by one), the
screening result out (Rich text for a person, or the contract's JSON).

Nothing heavy at module level: the engine, pydantic and Rich load inside the command, and
Typer not at all on the fast path (cli/fast.py calls `run_screen`; cli/screen_command.py is
the command's Typer face, with its options and help).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcare.cli.common import ExitStatus, fail, leave, print_json

if TYPE_CHECKING:
    from rich.console import Console

    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.library import Instrument, Library
    from backcare.domain.questions import Question
    from backcare.domain.screening import ScreeningResult


class ScreenFormat(StrEnum):
    text = "text"
    json = "json"


class _EndOfInputError(Exception):
    """The person ended the questionnaire (end of input)."""


def run_screen(
    answers_file: Path | None = None,
    fmt: ScreenFormat | None = None,
    save: Path | None = None,
    no_input: bool = False,
    no_save: bool = False,
    lang: str = "en",
) -> None:
    """`backcare screen` (its options and help are in cli/screen_command.py)."""
    from backcare.errors import BadInput
    from backcare.services.screening import answers_to_json, run_screening

    if lang not in ("en", "zh"):
        fail(f"--lang: {lang!r} is not one of en, zh")
    _ = _translator(lang)
    if no_input and answers_file is None:
        fail("--answers: a file of answers is needed with --no-input")
    lib = _screening_library()
    stopped_for_emergency = False
    try:
        if answers_file is not None:
            answers = _read_answers(answers_file)
        elif not _at_a_terminal():
            raw = _read_stdin()
            if not raw.strip():
                fail("--answers: no answers given (use --answers FILE or run in a terminal)")
            if raw.lstrip().startswith(("{", "[")):
                answers = _parse_json(raw, "stdin")
            else:  # replies to the questions, one a line, in the order they are asked
                answers, stopped_for_emergency = _interview(lib, lang, iter(raw.splitlines()))
        else:
            answers, stopped_for_emergency = _interview(lib, lang)
    except BadInput as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        # Ctrl-C: nothing is saved before the last question, so nothing is half-saved.
        sys.stderr.write("\nbackcare: " + _("screening stopped; nothing was saved.") + "\n")
        leave(130)
    # Kept in English, as the web keeps it (a later plan reads its words); shown in `lang`.
    result = run_screening(answers, lib)
    shown = result if lang == "en" else run_screening(answers, lib, lang)
    from backcare.content.cache import keep_compiled

    keep_compiled()  # the rules' compiled code, for the next `backcare screen`
    if result.urgency == "emergency" and stopped_for_emergency:
        stopped = _("stopped the questions: an answer needs emergency care.")
        sys.stderr.write(f"backcare: {stopped}\n")
    if save is not None:
        _save(save, answers_to_json(answers))
    if not no_save:
        keep_screening(answers, result)
    chosen = fmt or (ScreenFormat.text if sys.stdout.isatty() else ScreenFormat.json)
    if chosen is ScreenFormat.json:
        print_json(shown.model_dump(mode="json"))
        return
    from backcare.cli.common import console
    from backcare.cli.screen_view import render_result

    out = console()
    for part in render_result(shown, answers, lib, lang):
        out.print(part)
        out.print()


def keep_screening(answers: ScreeningAnswers, result: ScreeningResult) -> None:
    """Saves a screening for the command line's user, so `backcare history` lists it and
    `backcare plan` applies it. A database problem only warns: the result is still shown."""
    import sqlite3
    from datetime import UTC, datetime

    from backcare.config import get_settings
    from backcare.services.screening import save_screening, screening_record
    from backcare.store.lite import add_local_record

    now = datetime.now(UTC)
    warning = "backcare: warning: the screening was not kept in the database: {}\n"
    try:
        # Into an existing SQLite database without loading SQLAlchemy (store/lite.py).
        if add_local_record(
            get_settings().database,
            lambda user_id: screening_record(user_id, answers, result, now),
        ):
            return
    except (sqlite3.Error, OSError) as exc:
        sys.stderr.write(warning.format(exc))
        return
    from sqlalchemy.exc import SQLAlchemyError

    from backcare.store import open_repository

    try:
        repo = open_repository()
        try:
            save_screening(repo, repo.local_user().id, answers, result, now)
        finally:
            repo.close()
    except (SQLAlchemyError, OSError) as exc:
        sys.stderr.write(warning.format(exc))


def _at_a_terminal() -> bool:
    """Whether a person types the replies at prompts (else piped input is read). Tests patch
    this to walk the prompts in process."""
    return sys.stdin.isatty()


def _translator(lang: str) -> Callable[[str], str]:
    """The interface catalogue's gettext for `lang` (the one the result view uses)."""
    if lang == "en":
        return str
    from backcare.reports.printing import translations

    return translations(lang).gettext


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a constant for the catalogue; it is translated where it is shown."""
    return message


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
        return _parse_json(_read_stdin(), "stdin")
    return read_answers_file(path)


STDIN_LIMIT = 1_000_000  # characters: answers are a few kB; endless input (`yes |`) must end


def _read_stdin() -> str:
    """Piped input, read to its end but never without limit."""
    from backcare.errors import BadInput

    raw = sys.stdin.read(STDIN_LIMIT + 1)
    if len(raw) > STDIN_LIMIT:
        raise BadInput("stdin", f"more than {STDIN_LIMIT} characters of input; expected answers")
    return raw


def _parse_json(raw: str, where: str) -> ScreeningAnswers:
    from backcare.limits import parse_json
    from backcare.services.screening import parse_answers

    # parse_json: malformed, NaN or nested too deeply is BadInput, never a RecursionError.
    return parse_answers(parse_json(raw, "--answers", where))


def _save(path: Path, data: dict[str, Any]) -> None:
    """Write atomically (temp file, then rename), so a failed write never leaves half a file."""
    import json
    import tempfile

    text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temp, path)
    except OSError as exc:
        fail(f"--save: cannot write {path}: {exc.strerror or exc}", ExitStatus.ERROR)


# --- Asking the questions ----------------------------------------------------------------------


GROUP_TITLES = {
    "red_flags": N_("Warning signs"),
    "history": N_("About your pain"),
    "pattern": N_("How it behaves"),
    "lifestyle": N_("Your day"),
    "instruments": N_("Questionnaires (optional)"),
}
INTRO = N_(
    "backcare screening: a few questions about your pain, warning signs first. The "
    "warning-sign questions cannot be skipped: answer ? if you are not sure. Press Enter to "
    "skip any other question. This is not a diagnosis: if you feel very unwell, call your "
    "emergency number now."
)


class _Dialogue:
    """Where replies come from: a terminal (prompted, asked again after a bad reply) or lines
    piped on standard input (no prompts; a bad reply is BadInput naming the question)."""

    def __init__(
        self,
        out: Console,
        lines: Iterator[str] | None = None,
        translate: Callable[[str], str] = str,
    ) -> None:
        self.out = out
        self.lines = lines
        self._ = translate  # the interface catalogue's gettext for the person's language

    @property
    def piped(self) -> bool:
        return self.lines is not None

    def say(self, text: str, style: str = "") -> None:
        if not self.piped:
            self.out.print(text, style=style, markup=False, highlight=False)

    def ask(self, prompt: str, style: str = "") -> str:
        """One reply; the prompt is plain text (no markup), so any wording is safe."""
        if self.lines is not None:
            try:
                return next(self.lines)
            except StopIteration:
                raise _EndOfInputError from None
        from rich.text import Text

        try:
            return self.out.input(Text(prompt, style=style))
        except EOFError:
            raise _EndOfInputError from None

    def complain(self, key: str, message: str) -> None:
        if self.piped:
            from backcare.errors import BadInput

            raise BadInput(key, message)
        self.say(message, style="yellow")


def _interview(
    lib: Library, lang: str, lines: Iterator[str] | None = None
) -> tuple[ScreeningAnswers, bool]:
    """Ask the catalogue's questions in order; stop at once on an emergency answer.

    Returns the answers and whether an emergency answer stopped the questions.
    """
    from pydantic import ValidationError

    from backcare.cli.common import console
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.questions import pending
    from backcare.domain.screening import screen as run_engine

    talk = _Dialogue(console(), lines, _translator(lang))
    _ = talk._
    talk.say(_(INTRO))
    given: dict[str, Any] = {}
    asked: set[str] = set()
    group = ""
    try:
        while True:
            current = ScreeningAnswers.model_validate(given)
            question = next(
                (q for q in pending(lib.questions, current) if q.key not in asked), None
            )
            if question is None:
                break
            asked.add(question.key)
            if question.group != group:
                group = question.group
                talk.say(f"\n{_(GROUP_TITLES[group])}", style="bold underline")
            while True:
                value = _ask(talk, question, lib, lang)
                if value is None:
                    break
                try:
                    ScreeningAnswers.model_validate({**given, question.key: value})
                except ValidationError as exc:
                    # pydantic says why in English: other languages get a plain "try again"
                    why = str(exc.errors()[0]["msg"])
                    talk.complain(question.key, why if lang == "en" else _(INVALID))
                    continue
                given[question.key] = value
                break
            if question.group == "red_flags" and given.get(question.key) is not None:
                result = run_engine(ScreeningAnswers.model_validate(given), lib)
                if result.urgency == "emergency":
                    return ScreeningAnswers.model_validate(given), True
    except _EndOfInputError:
        if not talk.piped:
            talk.say("\n" + _("End of input: showing the result for the answers so far."), "dim")
    return ScreeningAnswers.model_validate(given), False


# Prompt hints and "ask again" messages, each said in the person's language; Chinese hints
# name the Chinese replies the questions also take (是 / 否 / 不确定, domain.questions).
HINT_YES_NO_NOT_SURE = N_("(y/n/? not sure)")
HINT_YES_NO = N_("(y/n)")
HINT_NUMBERS = N_("(numbers, separated by commas)")
HINT_NUMBER = N_("(number)")
HINT_UNIT = N_("(%(unit)s)")
HINT_NO_IF_BLANK = N_("(y/N)")
HINT_AGREE = N_("(agree y / disagree n)")
HINT_SECTION = N_("(0-5, Enter if not answered)")
GOT = N_("%(problem)s (got %(reply)s)")
INVALID = N_("this answer is not valid here: please answer again")
OFFER = N_("Would you like to fill in the %(name)s?")
OFFICIAL_FORM = N_("Please read the official form (%(form)s); only short labels are shown here.")
SECTION_RANGE = N_("please enter a number from 0 to 5")
Y_OR_N = N_("please answer y or n")
AGREE = frozenset({"同意", "agree"})
DISAGREE = frozenset({"不同意", "disagree"})


def _prompt(text: str, hint: str, lang: str) -> str:
    """A question with its hint: a full-width bracket needs no space before it."""
    gap = "" if lang == "zh" else " "
    return f"{text}{gap}{hint} " if hint else f"{text} "


def _got(talk: _Dialogue, problem: str, reply: str, lang: str) -> str:
    """The problem with what was typed, to ask again."""
    typed = reply.strip()
    return talk._(GOT) % {"problem": problem, "reply": repr(typed) if lang == "en" else typed}


def _ask(talk: _Dialogue, question: Question, lib: Library, lang: str) -> Any:
    """One question, asked until the reply is valid; None when skipped."""
    from backcare.domain.questions import ReplyError, parse_reply

    _ = talk._
    if question.kind == "instrument":
        return _ask_instrument(talk, question, lib.instruments[question.key], lang)
    text = question.text.get(lang)
    hint = ""
    if question.kind == "bool":
        hint = _(HINT_YES_NO_NOT_SURE) if question.offers_not_sure else _(HINT_YES_NO)
    elif question.kind in ("choice", "multi"):
        for number, option in enumerate(question.options, 1):
            talk.say(f"  {number}. {option.label.get(lang)}")
        hint = _(HINT_NUMBERS) if question.kind == "multi" else _(HINT_NUMBER)
    elif question.unit:
        hint = _(HINT_UNIT) % {"unit": _(question.unit)}
    while True:
        reply = talk.ask(_prompt(text, hint, lang), "bold" if question.emergency_if_true else "")
        try:
            return parse_reply(question, reply)
        except ReplyError as exc:
            talk.complain(question.key, _got(talk, exc.say(_), reply, lang))
        except ValueError as exc:
            talk.complain(question.key, _got(talk, str(exc), reply, lang))


def _ask_instrument(talk: _Dialogue, question: Question, instrument: Instrument, lang: str) -> Any:
    """Offer a questionnaire; if accepted, ask its items in the form screening.md expects."""
    from backcare.domain.questions import CHOOSE_NUMBER, NO, YES

    _ = talk._
    offer_text = _(OFFER) % {"name": question.text.get(lang)}
    offer = talk.ask(_prompt(offer_text, _(HINT_NO_IF_BLANK), lang))
    if offer.strip().lower() not in YES:
        return None
    licence = instrument.licence
    if licence.wording_note is not None and lang != "en":
        talk.say(licence.wording_note.get(lang), style="dim")  # why the items stay English
    if not licence.ships_wording and licence.official_form:
        talk.say(_(OFFICIAL_FORM) % {"form": licence.official_form}, style="dim")
    items: list[Any] = []
    for item in instrument.items:
        label = f"  {item.id}. {item.label.get(lang)}"
        where = f"{question.key} item {item.id}"
        while True:
            if question.key in ("odi", "ndi"):
                reply = talk.ask(_prompt(label, _(HINT_SECTION), lang)).strip()
                if not reply:
                    items.append(None)
                    break
                if reply in {"0", "1", "2", "3", "4", "5"}:
                    items.append(int(reply))
                    break
                talk.complain(where, _got(talk, _(SECTION_RANGE), reply, lang))
            elif item.options:
                for number, option in enumerate(item.options, 1):
                    talk.say(f"     {number}. {option.label.get(lang)}")
                reply = talk.ask(_prompt(label, _(HINT_NUMBER), lang)).strip()
                if reply.isdigit() and 1 <= int(reply) <= len(item.options):
                    items.append(item.options[int(reply) - 1].value)
                    break
                wrong = _(CHOOSE_NUMBER) % {"count": len(item.options)}
                talk.complain(where, _got(talk, wrong, reply, lang))
            else:
                blank_means_no = question.key == "rmdq"
                hint = _(HINT_NO_IF_BLANK) if blank_means_no else _(HINT_AGREE)
                reply = talk.ask(_prompt(label, hint, lang)).strip().lower()
                if reply in YES or reply in AGREE:
                    items.append(True)
                    break
                if reply in NO or reply in DISAGREE or (blank_means_no and not reply):
                    items.append(False)
                    break
                talk.complain(where, _got(talk, _(Y_OR_N), reply, lang))
    return items

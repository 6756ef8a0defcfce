"""Screening use-cases shared by the CLI and the web app: parse answers, screen, explain.

Adapters only translate: `parse_answers` turns any decoded JSON into `ScreeningAnswers` or a
`BadInput` naming the key ("odi item 3: must be at most 5"), so the CLI (exit 2) and the API
(422) report the same words.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from backcare.domain.answers import ANSWER_KEYS, SAFETY_KEYS, ScreeningAnswers
from backcare.domain.records import ScreeningRecord
from backcare.errors import BOUND_WORDS, BadInput

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.ports import Repository
    from backcare.domain.screening import ScreeningResult

ANSWERS_SCHEMA_VERSION = 1


def _describe(error: Any) -> tuple[str, str]:
    """One pydantic error as (key, plain words)."""
    loc = list(error.get("loc", ()))
    key = str(loc[0]) if loc else "answers"
    where = key
    if len(loc) > 1 and isinstance(loc[1], int):
        where = f"{key} item {loc[1] + 1}"
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(key, ANSWER_KEYS, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return key, f"{key}: unknown answer key{hint}"
    if kind in BOUND_WORDS:
        bound = next(iter(ctx.values()), "")
        return key, f"{where}: must be {BOUND_WORDS[kind]} {bound}, got {given!r}"
    if kind in ("too_short", "too_long"):
        expected = ctx.get("min_length") or ctx.get("max_length")
        actual = ctx.get("actual_length")
        return key, f"{where}: must be a list of {expected} answers, got {actual}"
    if kind == "bool_type" and key in SAFETY_KEYS and len(loc) == 2:
        return key, f'{where}: must be true, false or "not_sure", got {given!r}'
    if kind == "bool_type":
        return key, f"{where}: must be true or false, got {given!r}"
    if kind == "int_type":
        return key, f"{where}: must be a whole number, got {given!r}"
    if kind in ("float_type", "finite_number"):
        return key, f"{where}: must be a finite number, got {given!r}"
    if kind == "list_type":
        return key, f"{where}: must be a list, got {given!r}"
    if kind == "literal_error":
        return key, f"{where}: must be one of {ctx.get('expected', '')}, got {given!r}"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return key, f"{where}: {message}"


def parse_answers(data: object) -> ScreeningAnswers:
    """Validate decoded JSON as screening answers, or raise BadInput naming the first key.

    A `schema_version` key (written by `backcare screen --save`) is accepted and dropped.
    """
    if not isinstance(data, dict):
        raise BadInput("answers", f"must be a JSON object of answers, got {type(data).__name__}")
    values = dict(data)
    version = values.pop("schema_version", ANSWERS_SCHEMA_VERSION)
    if version != ANSWERS_SCHEMA_VERSION:
        raise BadInput("schema_version", f"must be {ANSWERS_SCHEMA_VERSION}, got {version!r}")
    for key in values:
        if not isinstance(key, str):
            raise BadInput(str(key), "answer keys must be strings")
    try:
        return ScreeningAnswers.model_validate(values)
    except ValidationError as exc:
        key, text = _describe(exc.errors()[0])
        raise BadInput(key, text.removeprefix(f"{key}: ")) from None


def read_answers_file(path: Path) -> ScreeningAnswers:
    """Answers from a JSON file; a missing or malformed file is BadInput naming the file."""
    from backcare import limits

    # Read bounded and parsed without recursion errors: /dev/zero or [[[[...]]]] end cleanly.
    raw = limits.read_text_file(path, "--answers", limits.MAX_ANSWERS_BYTES)
    return parse_answers(limits.parse_json(raw, "--answers", str(path)))


def _reject_constant(name: str) -> float:
    """JSON has no NaN or Infinity; Python's decoder would accept them silently."""
    raise ValueError(f"{name} is not a JSON number")


def answers_to_json(answers: ScreeningAnswers) -> dict[str, Any]:
    """Answers as a file body that `parse_answers` reads back, with its schema_version."""
    return {"schema_version": ANSWERS_SCHEMA_VERSION, **answers.model_dump(exclude_none=True)}


def run_screening(answers: ScreeningAnswers, library: Library, lang: str = "en") -> ScreeningResult:
    """The screening result for these answers (the one entry point the adapters use); the
    words a person reads (advice, reasons) in `lang` (`en`, `zh`) where the content has them."""
    from backcare.domain.screening import screen

    return screen(answers, library, lang=lang)


def save_screening(
    repo: Repository,
    user_id: str,
    answers: ScreeningAnswers,
    result: ScreeningResult,
    now: datetime,
) -> ScreeningRecord:
    """Keeps a screening, so `backcare history` lists it and a later plan made without one
    is checked against it (services.plans.with_latest_screening)."""
    return repo.add_screening(screening_record(user_id, answers, result, now))


def screening_record(
    user_id: str,
    answers: ScreeningAnswers,
    result: ScreeningResult | dict[str, Any],
    now: datetime,
) -> ScreeningRecord:
    """The record a saved screening is: the answers given and the contract's result (a
    result, or its JSON form as `domain.screening.screen_json` makes it)."""
    return ScreeningRecord(
        user_id=user_id,
        created_at=now,
        answers=answers.given(),
        result=result if isinstance(result, dict) else result.model_dump(mode="json"),
    )

"""The screening wizard's form handling: which questions one step shows, and how a step's
form fields become screening answers.

The walk itself (red flags first, relevance) is `domain.questions`; this module only turns
HTML form fields into the JSON answers of screening.md and back. Answers so far travel in
the form (a hidden field), so the wizard works without an account and without state on
the server.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from backcare.domain.answers import NOT_SURE
from backcare.domain.library import Library
from backcare.domain.questions import Question, ordered
from backcare.errors import BadInput

MAX_STATE = 20_000  # characters of carried answers; more is not a form this app made


@dataclass
class WizardState:
    """What the form carries between steps: the answers so far and the keys already asked
    (a question may be left blank on purpose; it is not asked again)."""

    answers: dict[str, Any] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)

    def dump_answers(self) -> str:
        return json.dumps(self.answers, separators=(",", ":"))

    def dump_asked(self) -> str:
        return ",".join(self.asked)


def typed_values(step: Sequence[Question], form: Mapping[str, Any], getlist: Any) -> dict[str, Any]:
    """What the person sent for one step, as sent, so a rejected step shows it again instead
    of clearing it (a number as typed; ticked boxes and chosen options by field name)."""
    typed: dict[str, Any] = {}
    names = [str(name) for name in form]
    for question in step:
        if question.kind in ("int", "number", "choice") or question.offers_not_sure:
            # a safety question's chosen radio ("yes", "no", "not_sure") as sent
            typed[question.key] = str(form.get(question.key, ""))
        elif question.kind == "multi":
            typed[question.key] = [str(v) for v in getlist(question.key)]
        elif question.kind != "bool":
            prefix = f"{question.key}_"
            for name in names:
                if name.startswith(prefix):
                    typed[name] = str(form.get(name, ""))
    return typed


def load_state(answers: str, asked: str) -> WizardState:
    """The carried state; anything malformed starts the wizard afresh (never an error)."""
    state = WizardState()
    if answers and len(answers) <= MAX_STATE:
        try:
            data = json.loads(answers)
        except ValueError:
            data = None
        if isinstance(data, dict):
            state.answers = {str(k): v for k, v in data.items()}
    if asked and len(asked) <= MAX_STATE:
        state.asked = [key for key in asked.split(",") if key]
    return state


def current_step(questions: Sequence[Question], state: WizardState) -> list[Question]:
    """The questions of the next step: the still-unasked, relevant questions of the first
    group that has any; each questionnaire is a step of its own."""
    done = set(state.asked) | set(state.answers)
    waiting = [q for q in ordered(questions) if q.key not in done and q.relevant(state.answers)]
    if not waiting:
        return []
    group = waiting[0].group
    if group == "instruments":
        return [waiting[0]]
    return [q for q in waiting if q.group == group]


def step_count(questions: Sequence[Question]) -> int:
    """How many steps a full walk may take (groups, plus one per questionnaire)."""
    groups = {q.group for q in questions if q.group != "instruments"}
    return len(groups) + sum(1 for q in questions if q.group == "instruments")


def unanswered_safety(step: Sequence[Question], found: Mapping[str, Any]) -> list[Question]:
    """The step's safety questions (the age and each warning sign, screening.md) that the
    form left without an answer: the web form cannot skip one."""
    return [q for q in step if q.safety and found.get(q.key) is None]


def choice_of(value: Any) -> str:
    """A safety answer as its radio's value: True "yes", False "no", "not_sure" as is."""
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return NOT_SURE if value == NOT_SURE else ""


def _number(question: Question, text: str) -> int | float | None:
    text = text.strip()
    if not text:
        return None
    try:
        value: int | float = int(text) if question.kind == "int" else float(text)
    except ValueError:
        kind = "a whole number" if question.kind == "int" else "a number"
        raise BadInput(question.key, f"enter {kind}, not {text!r}") from None
    if isinstance(value, float) and not math.isfinite(value):
        raise BadInput(question.key, "enter a number")
    if isinstance(value, float) and value.is_integer() and question.kind == "number":
        value = int(value)
    return value


def _instrument(question: Question, form: Mapping[str, Any], getlist: Any, library: Library) -> Any:
    """A questionnaire step's fields as the list screening.md expects, or None if skipped."""
    if form.get("skip_instrument"):
        return None
    instrument = library.instruments.get(question.key)
    if instrument is None:
        return None
    key = question.key
    count = len(instrument.items)
    if key == "startback":
        items: list[Any] = [f"{key}_{i}" in form for i in range(1, count)]
        last = str(form.get(f"{key}_{count}", ""))
        if not last and not any(items):
            return None  # nothing answered: the questionnaire is optional, so it is skipped
        if not last:
            raise BadInput(key, "choose how bothersome the pain has been (the last question)")
        return [*items, last]
    if key == "rmdq":
        return [f"{key}_{i}" in form for i in range(1, count + 1)]
    sections: list[int | None] = []
    for i in range(1, count + 1):
        text = str(form.get(f"{key}_{i}", "")).strip()
        sections.append(int(text) if text.isdigit() else None)
    if all(value is None for value in sections):
        return None
    return sections


def read_step(
    step: Sequence[Question], form: Mapping[str, Any], getlist: Any, library: Library
) -> dict[str, Any]:
    """The answers one step's form gives; blank fields stay unknown (absent)."""
    found: dict[str, Any] = {}
    for question in step:
        key = question.key
        value: Any
        if question.kind == "bool":
            choice = str(form.get(key, ""))
            value = {"yes": True, "no": False}.get(choice)
            if choice == NOT_SURE and question.offers_not_sure:
                value = NOT_SURE  # counts as yes for its red flag (screening.md)
            if choice == "on":  # a single checkbox: ticked means yes
                value = True
            if value is None and form.get("checklist") == "1" and not question.offers_not_sure:
                # a checklist step: unticked means no; never for a safety question, which
                # needs an explicit answer (screening.md)
                value = False
        elif question.kind in ("int", "number"):
            value = _number(question, str(form.get(key, "")))
        elif question.kind == "choice":
            text = str(form.get(key, ""))
            value = text if text in {o.value for o in question.options} else None
        elif question.kind == "multi":
            allowed = [o.value for o in question.options]
            picked = [str(v) for v in getlist(key)]
            value = [v for v in allowed if v in picked] or None
        else:
            value = _instrument(question, form, getlist, library)
        if value is not None:
            found[key] = value
    return found

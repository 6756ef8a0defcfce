"""The question catalogue: the screening's questions in the order a person is asked them.

Wording lives in content/questions.yaml; this module holds the model and the walk. Both the
CLI's interactive mode and the web wizard walk the same catalogue: red-flag questions first,
questions that cannot matter skipped (`relevant_when`), questionnaires offered, not forced.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from backcare.domain.answers import ANSWER_KEYS, ScreeningAnswers
from backcare.domain.conditions import Cond, Facts
from backcare.domain.types import LocalizedText

QuestionKind = Literal["bool", "int", "number", "choice", "multi", "instrument"]
Group = Literal["red_flags", "history", "pattern", "lifestyle", "instruments"]
GROUPS: tuple[Group, ...] = ("red_flags", "history", "pattern", "lifestyle", "instruments")


class QuestionOption(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    value: str
    label: LocalizedText


class Question(BaseModel):
    """One question; `key` is the answer key of screening.md it fills."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    text: LocalizedText
    help: LocalizedText | None = None
    kind: QuestionKind
    group: Group
    options: tuple[QuestionOption, ...] = ()
    min: float | None = None
    max: float | None = None
    unit: str | None = None
    relevant_when: Cond | None = None  # asked only when this holds on the answers so far
    emergency_if_true: bool = False  # a yes means: stop and go to an emergency department
    optional: bool = False  # offered, not forced (the questionnaires)

    @model_validator(mode="after")
    def _consistent(self) -> Question:
        if self.key not in ANSWER_KEYS:
            raise ValueError(f"key {self.key!r} is not an answer key of screening.md")
        if self.kind in ("choice", "multi") and not self.options:
            raise ValueError(f"a {self.kind} question needs options")
        if self.kind not in ("choice", "multi") and self.options:
            raise ValueError(f"a {self.kind} question takes no options")
        if self.emergency_if_true and self.kind != "bool":
            raise ValueError("only a yes/no question can be an emergency when true")
        return self

    def relevant(self, answers: Mapping[str, Any]) -> bool:
        """Whether asking this can matter, given what is known so far."""
        return self.relevant_when is None or self.relevant_when.holds(Facts(answers))


def ordered(questions: Iterable[Question]) -> list[Question]:
    """Questions by group (red flags first), keeping the catalogue's order within a group."""
    return sorted(questions, key=lambda q: GROUPS.index(q.group))


def pending(questions: Iterable[Question], answers: ScreeningAnswers) -> Iterator[Question]:
    """The questions still to ask, in order, skipping answered and irrelevant ones.

    Relevance is re-checked against the answers given so far, so a caller that answers
    one question at a time (the wizard) gets the right next question each time.
    """
    given = answers.given()
    for question in ordered(questions):
        if question.key not in given and question.relevant(given):
            yield question


def next_question(questions: Iterable[Question], answers: ScreeningAnswers) -> Question | None:
    """The next question to ask, or None when nothing relevant is left."""
    return next(pending(questions, answers), None)


def catalogue_keys(questions: Iterable[Question]) -> list[str]:
    return [q.key for q in questions]

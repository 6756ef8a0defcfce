"""The question catalogue: the screening's questions in the order a person is asked them.

Wording lives in content/questions.yaml; this module holds the model and the walk. Both the
CLI's interactive mode and the web wizard walk the same catalogue: red-flag questions first,
questions that cannot matter skipped (`relevant_when`), questionnaires offered, not forced.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, model_validator

from backcare.domain.answers import ANSWER_KEYS, NOT_SURE, SAFETY_KEYS, ScreeningAnswers
from backcare.domain.conditions import Cond, Facts
from backcare.domain.types import LocalizedText

QuestionKind = Literal["bool", "int", "number", "choice", "multi", "instrument"]
Group = Literal["red_flags", "history", "pattern", "lifestyle", "instruments"]
GROUPS: tuple[Group, ...] = ("red_flags", "history", "pattern", "lifestyle", "instruments")


class QuestionOption(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    value: str
    label: LocalizedText


class Question(BaseModel):
    """One question; `key` is the answer key of screening.md it fills."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

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
        if self.safety and (self.relevant_when is not None or self.optional):
            raise ValueError(f"{self.key} is a safety question: it is asked of everyone")
        if self.safety and self.group != "red_flags":
            raise ValueError(f"{self.key} is a safety question: it belongs to red_flags")
        return self

    @property
    def safety(self) -> bool:
        """A safety question (screening.md): never skipped, and "not sure" is an answer."""
        return self.key in SAFETY_KEYS or self.key == "age"

    @property
    def offers_not_sure(self) -> bool:
        return self.key in SAFETY_KEYS

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


YES = frozenset({"y", "yes", "true", "1", "是", "是的", "有", "对"})
NO = frozenset({"n", "no", "false", "0", "否", "不", "不是", "没有", "无"})
UNSURE = frozenset(
    {
        "?",
        "？",
        "not sure",
        "not_sure",
        "unsure",
        "ns",
        "dont know",
        "don't know",
        "不确定",
        "不知道",
        "不清楚",
    }
)
# Between the numbers of a multiple choice: ASCII and Chinese (full-width) separators.
SEPARATORS = (";", "，", "、", "；", " ")

# Why a reply is no answer, as message ids with values (as plan_notes does): the English
# wording is the interface catalogue's msgid (backcare.labels.REPLY_PROBLEMS marks each), so
# a prompt says it in the person's language.
SAFETY_BLANK = "this is a safety question: please answer yes, no or not sure (y/n/?)"
CANNOT_SKIP = "this question cannot be skipped: please answer it"
YES_NO_NOT_SURE = "please answer yes, no or not sure (y/n/?)"
YES_NO = "please answer yes or no (y/n), or press Enter to skip"
WHOLE_NUMBER = "please enter a whole number"
NUMBER = "please enter a number"
FINITE = "please enter a finite number"
AT_LEAST = "please enter at least %(min)s"
AT_MOST = "please enter at most %(max)s"
CHOOSE_NUMBER = "please choose one of the numbers 1 to %(count)s"
REPLY_PROBLEMS = (
    SAFETY_BLANK,
    CANNOT_SKIP,
    YES_NO_NOT_SURE,
    YES_NO,
    WHOLE_NUMBER,
    NUMBER,
    FINITE,
    AT_LEAST,
    AT_MOST,
    CHOOSE_NUMBER,
)


class ReplyError(ValueError):
    """A reply that is no answer: `message` (English, the catalogue's msgid) with `values`.

    str() is the English sentence, so callers that only print it keep working.
    """

    def __init__(self, message: str, **values: str | int) -> None:
        self.message = message
        self.values = values
        super().__init__(message % values if values else message)

    def say(self, translate: Callable[[str], str]) -> str:
        """The problem in the language `translate` (gettext) gives."""
        said = translate(self.message)
        return said % self.values if self.values else said


def parse_reply(question: Question, reply: str) -> Any:
    """A typed reply as the answer value for `question`; "" means not answered (None).

    Raises ReplyError (a ValueError) with a plain message ("answer yes or no") so a prompt can
    ask again. A safety question takes "not sure" (`?`) and cannot be skipped: "" raises too.
    Yes, no and not sure are also taken in Chinese (是 / 否 / 不确定). Instruments are entered
    item by item by the caller, not through this function.
    """
    text = reply.strip()
    lowered = " ".join(text.lower().split())
    if question.offers_not_sure:
        if not text:
            raise ReplyError(SAFETY_BLANK)
        if lowered in UNSURE:
            return NOT_SURE
    elif not text:
        if question.safety:
            raise ReplyError(CANNOT_SKIP)
        return None
    if question.kind == "bool":
        if lowered in YES:
            return True
        if lowered in NO:
            return False
        if question.offers_not_sure:
            raise ReplyError(YES_NO_NOT_SURE)
        raise ReplyError(YES_NO)
    if question.kind in ("int", "number"):
        try:
            value: float = int(text) if question.kind == "int" else float(text)
        except ValueError:
            raise ReplyError(WHOLE_NUMBER if question.kind == "int" else NUMBER) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise ReplyError(FINITE)
        if question.min is not None and value < question.min:
            raise ReplyError(AT_LEAST, min=f"{question.min:g}")
        if question.max is not None and value > question.max:
            raise ReplyError(AT_MOST, max=f"{question.max:g}")
        return value
    if question.kind == "choice":
        return _option(question, lowered)
    if question.kind == "multi":
        chosen: list[str] = []
        for separator in SEPARATORS:
            lowered = lowered.replace(separator, ",")
        for part in lowered.split(","):
            if part:
                value_ = _option(question, part)
                if value_ not in chosen:
                    chosen.append(value_)
        return chosen
    raise ValueError(f"{question.key} is a questionnaire: answer it item by item")


def _option(question: Question, text: str) -> str:
    """An option by its number (1-based), value or label (English or Chinese)."""
    options = question.options
    if text.isdigit() and 1 <= int(text) <= len(options):
        return options[int(text) - 1].value
    for option in options:
        if text in (option.value, option.label.en.lower(), option.label.get("zh")):
            return option.value
    raise ReplyError(CHOOSE_NUMBER, count=len(options))

"""The planner's own notes as message ids with their numbers, so each adapter says them in its
language (the web page, the handout, `backcare plan --lang zh`).

The domain stays pure: a note is its English wording, which is also the gettext message id in
the interface catalogue (backcare.labels.PLAN_NOTES marks each for extraction), plus the
values that fill it. `say` takes the adapter's `translate` (gettext) and defaults to English;
the plan's `warnings` stay the English sentences plan.md knows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel, ConfigDict, Field

Translate = Callable[[str], str]

# The message ids; each is repeated under N_ in backcare.labels.PLAN_NOTES for the catalogue.
GENTLE = (
    "Doses start at the gentle end of each range because %(because)s. Some soreness is "
    "normal; stop an exercise that causes real pain."
)
STARTBACK_HIGH = "your STarT Back result is high risk"
HIGH_PAIN = "your pain is %(pain)s of 10"
FLARE = "your pain went up from %(before)s to %(after)s in the last session"
AND = "%(first)s and %(second)s"  # two reasons, one after the other
LIST_SEPARATOR = ", "  # between the items of a list value (day numbers)
NO_ROOM = (
    "A full circuit needs about 15 minutes; with %(minutes)s minutes the circuit days become "
    "mobility and sets instead."
)
SHORT_DAYS = (
    "Not enough exercises fit your regions, equipment and conditions to fill %(minutes)s "
    "minutes on day(s) %(days)s; more equipment or regions give longer sessions."
)
NOTHING_FITS = (
    "No exercise in the library fits these regions, equipment and conditions; try adding "
    "equipment (a mat, a wall or a chair) or another region."
)
# What session feedback changed (Plan.changes) and why (domain.progression): `name` and
# `target` are exercises, named by the adapter in its language (PlanNote.names).
CHANGE_DOSE = "%(name)s: %(before)s → %(after)s because %(because)s"
CHANGE_SWAP = "%(name)s → %(target)s because %(because)s"
CHANGE_DROPPED = "%(name)s: swapped for another exercise because %(because)s"
EASY_TWICE = "it felt easy twice"
EASY_AGAIN = "it felt easy again"
TOO_HARD = "it felt too hard"
PAIN_ROSE = "pain went up from %(before)s to %(after)s"
SESSION_PAIN_ROSE = "pain went up from %(before)s to %(after)s in that session"


def _same(message: str) -> str:
    return message


class PlanNote(BaseModel):
    """One note of the planner: `message` (English, the catalogue's id) with `values` filled
    in; `because` holds the reasons said in turn in `%(because)s`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    message: str
    values: dict[str, int | str | list[int]] = Field(default_factory=dict)
    because: list[PlanNote] = Field(default_factory=list)
    # value keys that hold an exercise: key -> exercise id; `values` keeps the English name
    names: dict[str, str] = Field(default_factory=dict)

    def say(self, translate: Translate = _same, name: Translate | None = None) -> str:
        """The note in the language `translate` gives (English by default); `name` turns an
        exercise id into its name in that language (default: the English name in `values`)."""
        values: dict[str, Any] = {}
        for key, value in self.values.items():
            if name is not None and key in self.names:
                values[key] = name(self.names[key])
            elif isinstance(value, list):
                values[key] = translate(LIST_SEPARATOR).join(str(item) for item in value)
            else:
                values[key] = value
        if self.because:
            reasons = [reason.say(translate, name) for reason in self.because]
            joined = reasons[0]
            for reason in reasons[1:]:
                joined = translate(AND) % {"first": joined, "second": reason}
            values["because"] = joined
        return translate(self.message) % values if values else translate(self.message)


def said_notes(
    warnings: Sequence[str],
    notes: Sequence[PlanNote],
    translate: Translate,
    other: Translate | None = None,
) -> list[str]:
    """Each warning of a plan in the adapter's language: the planner's notes by their message
    ids; any other sentence (a content safety note, a fixed note) through `other` (default
    `translate`). A plan saved before notes existed has none: its warnings all go to `other`."""
    by_english: Mapping[str, PlanNote] = {note.say(): note for note in notes}
    rest = other or translate
    return [
        by_english[text].say(translate) if text in by_english else rest(text) for text in warnings
    ]


class _Change(Protocol):
    text: str
    note: PlanNote | None


def said_change(change: _Change, translate: Translate, name: Translate | None = None) -> str:
    """One of a plan's changes in the adapter's language, exercises named by `name`; a plan
    saved before changes had notes says its English `text`."""
    return change.note.say(translate, name) if change.note is not None else change.text

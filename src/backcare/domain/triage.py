"""Red flags: which fire, how urgent, and which answers fired them.

The rules are content/red_flags.yaml, evaluated in file order so a rule may depend on
flags above it ("when `malignancy` has not fired"). The overall urgency is the worst urgency
among the flags that fired, `self_care` when none did (screening.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from backcare.domain.answers import ANSWER_KEYS
from backcare.domain.conditions import Facts
from backcare.domain.library import RedFlag
from backcare.domain.types import Urgency, worst_urgency


class RedFlagHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    urgency: Urgency
    because: list[str]


def evaluate_red_flags(
    flags: Sequence[RedFlag],
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    explain: Mapping[str, Sequence[str]],
) -> tuple[list[RedFlagHit], dict[str, list[str]]]:
    """The flags that fire, in content order, and each one's answer keys (`flag:<id>`)."""
    fired: set[str] = set()
    hits: list[RedFlagHit] = []
    reasons: dict[str, list[str]] = {}
    for flag in flags:
        facts = Facts(answers, frozenset(fired), derived, {**explain, **reasons})
        if flag.when.holds(facts):
            keys = flag.when.because(facts)
            hits.append(RedFlagHit(id=flag.id, urgency=flag.urgency, because=keys))
            reasons[f"flag:{flag.id}"] = keys
            fired.add(flag.id)
    return hits, reasons


def urgency_of(hits: Iterable[RedFlagHit]) -> Urgency:
    return worst_urgency([hit.urgency for hit in hits])


def red_flag_keys(flags: Iterable[RedFlag]) -> list[str]:
    """Every answer key a red flag reads (its `asks`, else its rule), in answer-key order."""
    keys: set[str] = set()
    for flag in flags:
        keys |= set(flag.asks) if flag.asks else flag.when.keys()
    return [key for key in ANSWER_KEYS if key in keys]


def unanswered(flags: Iterable[RedFlag], answers: Mapping[str, Any]) -> list[str]:
    """Red-flag answer keys the person has not answered, so a form can ask them."""
    return [key for key in red_flag_keys(flags) if answers.get(key) is None]

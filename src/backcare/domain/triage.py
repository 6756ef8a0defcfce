"""Red flags: which fire, how urgent, and which answers fired them.

The rules are content/red_flags.yaml, evaluated in file order so a rule may depend on
flags above it ("when `malignancy` has not fired"). The overall urgency is the worst urgency
among the flags that fired, `self_care` when none did (screening.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from backcare.domain.answers import ANSWER_KEYS
from backcare.domain.conditions import Facts, kept
from backcare.domain.library import RedFlag
from backcare.domain.types import Urgency, worst_urgency


class RedFlagHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    urgency: Urgency
    because: list[str]
    # added: the keys in `because` that were answered "not sure" (counted as yes, to be safe)
    not_sure: list[str] = []
    # added: the flag's own explanation of the answers it used, in plain words (content)
    why: list[str] = []

    @model_serializer(mode="wrap")
    def _drop_empty_additions(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        """The contract's three fields always; the added ones only when they say something."""
        data: dict[str, Any] = handler(self)
        return {k: v for k, v in data.items() if v or k not in ("not_sure", "why")}


def evaluate_red_flags(
    flags: Sequence[RedFlag],
    answers: Mapping[str, Any],
    derived: Mapping[str, Any],
    explain: Mapping[str, Sequence[str]],
    *,
    unsure: Sequence[str] = (),
    lang: str = "en",
) -> tuple[list[RedFlagHit], dict[str, list[str]]]:
    """The flags that fire, in content order, and each one's answer keys (`flag:<id>`).

    `answers` are read as the safety rules read them ("not sure" already counted as yes);
    `unsure` names the keys that were really "not sure", so each flag can say so.
    """
    fired: set[str] = set()
    hits: list[RedFlagHit] = []
    reasons: dict[str, list[str]] = {}
    # One set of facts for the whole walk: `fired` and `reasons` grow as flags fire, so each
    # rule sees exactly the flags above it that fired.
    facts = Facts(answers, fired, derived, _Chain(reasons, explain))
    for flag, holds, explainer in _compiled(flags):
        if holds(facts):
            keys = list(dict.fromkeys(explainer(facts)))
            hits.append(
                RedFlagHit(
                    id=flag.id,
                    urgency=flag.urgency,
                    because=keys,
                    not_sure=[key for key in keys if key in unsure],
                    why=flag.explanations(facts, lang) if flag.notes else [],
                )
            )
            reasons[f"flag:{flag.id}"] = keys
            fired.add(flag.id)
    return hits, reasons


_Rule = tuple[RedFlag, Callable[[Facts], bool], Callable[[Facts], Sequence[str]]]


def _compiled(flags: Sequence[RedFlag]) -> tuple[_Rule, ...]:
    """Each flag with its rule and explanation as plain functions, built once per rule set."""
    return kept(
        flags, "red_flags", lambda: tuple((f, f.when.compiled(), f.when.explainer()) for f in flags)
    )


class _Chain(Mapping[str, Sequence[str]]):
    """Flags' reasons first, then the derived results' (looked up lazily)."""

    def __init__(self, first: Mapping[str, Sequence[str]], then: Mapping[str, Sequence[str]]):
        self._first = first
        self._then = then

    def __getitem__(self, key: str) -> Sequence[str]:
        if key in self._first:
            return self._first[key]
        return self._then[key]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(self._then), **dict.fromkeys(self._first)})

    def __len__(self) -> int:
        return len(set(self._first) | set(self._then))


def urgency_of(hits: Iterable[RedFlagHit]) -> Urgency:
    return worst_urgency([hit.urgency for hit in hits])


def red_flag_keys(flags: Sequence[RedFlag]) -> tuple[str, ...]:
    """Every answer key a red flag reads (its `asks`, else its rule), in answer-key order.

    Cached for the last rule set seen: walking the rules costs more than the rest of a
    screening, and the library does not change between screenings.
    """
    cached = _KEYS_CACHE.get(id(flags))
    if cached is not None and cached[0] is flags:
        return cached[1]
    keys: set[str] = set()
    for flag in flags:
        keys |= set(flag.asks) if flag.asks else flag.when.keys()
    ordered = tuple(key for key in ANSWER_KEYS if key in keys)
    _KEYS_CACHE.clear()
    _KEYS_CACHE[id(flags)] = (flags, ordered)  # holds `flags`, so the id stays unique
    return ordered


_KEYS_CACHE: dict[int, tuple[Sequence[RedFlag], tuple[str, ...]]] = {}


def unanswered(flags: Sequence[RedFlag], answers: Mapping[str, Any]) -> list[str]:
    """Red-flag answer keys the person has not answered, so a form can ask them."""
    return [key for key in red_flag_keys(flags) if answers.get(key) is None]

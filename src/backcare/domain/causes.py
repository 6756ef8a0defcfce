"""Ranking the article's causes (content.md section 1) against a person's answers.

Each cause in content/causes.yaml lists evidence: a condition, a weight and a plain "why".
A cause's score is the sum of the weights that hold; its likelihood is `high` or `moderate`
at the cause's thresholds, else `low`. Only causes with some support are listed, most
likely first. Metastatic cancer is never "reassured away": its evidence on the malignancy
flags is weighted to rank it high whenever they fire.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from backcare.domain.conditions import Cond, Facts, kept
from backcare.domain.library import Cause
from backcare.domain.types import LocalizedText

Likelihood = Literal["high", "moderate", "low"]
LIKELIHOODS: tuple[Likelihood, ...] = ("high", "moderate", "low")


class CauseHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    likelihood: Likelihood
    because: list[str]
    why: list[str]  # added: the plain-English reasons, one per piece of evidence


def ranked_causes(causes: Sequence[Cause], facts: Facts, lang: str = "en") -> list[dict[str, Any]]:
    """Causes with any support, most likely first (ties: higher score, then content order),
    each as a CauseHit's fields: domain.screening validates them with the rest of a result in
    one call (a model per hit cost 1.5 us), or sends them as they are (`screen_json`)."""
    scored: list[tuple[int, float, int, dict[str, Any]]] = []
    compiled, holds_each = _compiled(causes)
    held = iter(holds_each(facts))  # every piece of evidence of every cause, in order
    for order, (cause_id, high, moderate, evidence) in enumerate(compiled):
        score = 0.0
        keys: list[str] = []
        why: list[str] = []
        for weight, explainer, words in evidence:
            if next(held):
                score += weight
                keys.extend(explainer(facts))
                why.append(words.get(lang))
        if score <= 0:
            continue
        rank = 0 if score >= high else 1 if score >= moderate else 2
        hit = {
            "id": cause_id,
            "likelihood": LIKELIHOODS[rank],
            "because": list(dict.fromkeys(keys)),
            "why": why,
        }
        scored.append((rank, -score, order, hit))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored]


_Evidence = tuple[float, Callable[[Facts], Sequence[str]], LocalizedText]
_Cause = tuple[str, float, float, tuple[_Evidence, ...]]
_Compiled = tuple[tuple[_Cause, ...], Callable[[Facts], tuple[bool, ...]]]


def _compiled(causes: Sequence[Cause]) -> _Compiled:
    """The causes as plain values and functions (id, thresholds, each piece of evidence's
    weight, explainer and words), and every piece of evidence's condition in one function,
    built once per set of causes: a screening reads them all, and looking each one up was
    a third of ranking them."""

    def make() -> _Compiled:
        compiled = tuple(
            (
                cause.id,
                cause.thresholds["high"],
                cause.thresholds["moderate"],
                tuple((e.weight, e.when.explainer(), e.why) for e in cause.evidence),
            )
            for cause in causes
        )
        holds_each = Cond.compiled_each([e.when for cause in causes for e in cause.evidence])
        return compiled, holds_each

    return kept(causes, "causes", make)

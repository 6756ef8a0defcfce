"""Ranking the article's causes (content.md section 1) against a person's answers.

Each cause in content/causes.yaml lists evidence: a condition, a weight and a plain "why".
A cause's score is the sum of the weights that hold; its likelihood is `high` or `moderate`
at the cause's thresholds, else `low`. Only causes with some support are listed, most
likely first. Metastatic cancer is never "reassured away": its evidence on the malignancy
flags is weighted to rank it high whenever they fire.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict

from backcare.domain.conditions import Facts, kept
from backcare.domain.library import Cause, CauseEvidence

Likelihood = Literal["high", "moderate", "low"]
LIKELIHOODS: tuple[Likelihood, ...] = ("high", "moderate", "low")


class CauseHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    likelihood: Likelihood
    because: list[str]
    why: list[str]  # added: the plain-English reasons, one per piece of evidence


def rank_causes(causes: Sequence[Cause], facts: Facts, lang: str = "en") -> list[CauseHit]:
    """Causes with any support, most likely first (ties: higher score, then content order)."""
    scored: list[tuple[int, float, int, CauseHit]] = []
    for order, cause in enumerate(causes):
        score = 0.0
        keys: list[str] = []
        why: list[str] = []
        for evidence, holds, explainer in _compiled(cause):
            if holds(facts):
                score += evidence.weight
                keys.extend(explainer(facts))
                why.append(evidence.why.get(lang))
        if score <= 0:
            continue
        likelihood: Likelihood
        if score >= cause.thresholds["high"]:
            likelihood = "high"
        elif score >= cause.thresholds["moderate"]:
            likelihood = "moderate"
        else:
            likelihood = "low"
        hit = CauseHit(
            id=cause.id, likelihood=likelihood, because=list(dict.fromkeys(keys)), why=why
        )
        scored.append((LIKELIHOODS.index(likelihood), -score, order, hit))
    scored.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in scored]


_Evidence = tuple[CauseEvidence, Callable[[Facts], bool], Callable[[Facts], Sequence[str]]]


def _compiled(cause: Cause) -> tuple[_Evidence, ...]:
    """The cause's evidence with its conditions as plain functions, built once per cause."""
    return kept(
        cause,
        "evidence",
        lambda: tuple((e, e.when.compiled(), e.when.explainer()) for e in cause.evidence),
    )

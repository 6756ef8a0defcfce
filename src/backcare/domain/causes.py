"""Ranking the article's causes (content.md section 1) against a person's answers.

Each cause in content/causes.yaml lists evidence: a condition, a weight and a plain "why".
A cause's score is the sum of the weights that hold; its likelihood is `high` or `moderate`
at the cause's thresholds, else `low`. Only causes with some support are listed, most
likely first. Metastatic cancer is never "reassured away": its evidence on the malignancy
flags is weighted to rank it high whenever they fire.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from backcare.domain.conditions import Facts
from backcare.domain.library import Cause

Likelihood = Literal["high", "moderate", "low"]
LIKELIHOODS: tuple[Likelihood, ...] = ("high", "moderate", "low")


class CauseHit(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str
    likelihood: Likelihood
    because: list[str]
    why: list[str]  # added: the plain-English reasons, one per piece of evidence


def rank_causes(causes: list[Cause], facts: Facts, lang: str = "en") -> list[CauseHit]:
    """Causes with any support, most likely first (ties: higher score, then content order)."""
    scored: list[tuple[int, float, int, CauseHit]] = []
    for order, cause in enumerate(causes):
        score = 0.0
        keys: list[str] = []
        why: list[str] = []
        for evidence in cause.evidence:
            if evidence.when.holds(facts):
                score += evidence.weight
                keys.extend(evidence.when.because(facts))
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

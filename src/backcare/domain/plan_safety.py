"""What the screening and a person's conditions say about a plan, before any exercise is chosen.

Reads the few fields of a screening result the plan uses (screening.md "Result"), and decides
which conditions rule an exercise out: the exercise's own contraindications, then the content's
safety rules (content/safety_rules.yaml) by tag, region or everything. Kept as data, so a
clinician reviews the rules in YAML, not here.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from backcare.domain.library import Exercise, Library
from backcare.domain.types import CONDITIONS

# Red flags whose ids are conditions the plan applies (screening.md: `radicular`,
# `cervical_radicular`); read off the flags themselves too, so a saved or hand-built screening
# without the matching exercise rule still gets its exclusions.
FLAG_CONDITIONS: tuple[str, ...] = ("radicular", "cervical_radicular")

# Pain at or above 7 of 10 counts as severe (Serlin et al. 1995, source id `serlin_1995`).
HIGH_PAIN = 7

# Fixed plan notes; the interface catalogue translates them (backcare.labels.PLAN_NOTES).
EMPHASIS_NOTE = (
    "Your answers fit inflammatory back pain: the plan favours back extension and "
    "thoracic (mid-back) mobility. Please see a doctor about it; regular movement "
    "helps most alongside treatment."
)
MID_BACK_NOTE = "Adding mid_back to your regions adds thoracic mobility work."

INCOMPLETE_REASON = (
    "The screening is not complete: answer every safety question before starting exercise."
)

# --- Reading the screening -------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningView:
    """The few screening fields the plan uses (screening.md "Result")."""

    allowed: bool = True
    reasons: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    startback_high: bool = False
    inflammatory: bool = False
    high_pain: int | None = None


def _dig(data: Any, *path: str) -> Any:
    for part in path:
        if not isinstance(data, Mapping):
            return None
        data = data.get(part)
    return data


def _reason_text(reason: Any) -> str:
    if isinstance(reason, Mapping):
        return str(reason.get("text") or reason.get("message") or reason.get("id") or reason)
    return str(reason)


def read_screening(result: Mapping[str, Any] | None) -> ScreeningView:
    if not result:
        return ScreeningView()
    exercise = result.get("exercise") or {}
    urgency = result.get("urgency")
    allowed = bool(exercise.get("allowed", True)) and urgency not in ("emergency", "urgent")
    # `why` says each reason in words (reasons are rule ids since the amended spec; results
    # saved before carry the words in `reasons`).
    reasons = tuple(_reason_text(r) for r in exercise.get("why") or exercise.get("reasons") or ())
    if not allowed and not reasons and urgency in ("emergency", "urgent"):
        reasons = (f"the screening's urgency is {urgency}: see a doctor first",)
    # screening.md: no plan from an incomplete screening, whatever else it says. A result saved
    # before `complete` existed has no such key and is read as before.
    if result.get("complete") is False:
        allowed = False
        if not reasons:
            reasons = (INCOMPLETE_REASON,)
    conditions = [str(c) for c in exercise.get("exclude_conditions") or ()]
    answers = result.get("answers") or {}
    # Every condition can be a screening answer (or a flag on the result).
    conditions += [
        c
        for c in CONDITIONS
        if c not in FLAG_CONDITIONS and (answers.get(c) is True or result.get(c) is True)
    ]
    flags = [f.get("id") for f in result.get("red_flags") or () if isinstance(f, Mapping)]
    conditions += [str(f) for f in flags if f in FLAG_CONDITIONS]
    ibp = result.get("ibp") or {}
    inflammatory = any(
        isinstance(entry, Mapping) and (entry.get("met") is True or entry.get("refer") is True)
        for entry in ibp.values()
    )
    pains = [
        answers.get("pain_now"),
        result.get("pain_now"),
        _dig(result, "instruments", "pain_nrs", "score"),
    ]
    pain = max((p for p in pains if isinstance(p, int | float)), default=None)
    return ScreeningView(
        allowed=allowed,
        reasons=reasons,
        conditions=tuple(dict.fromkeys(conditions)),
        startback_high=_dig(result, "instruments", "startback", "risk") == "high",
        inflammatory=inflammatory,
        high_pain=int(pain) if pain is not None and pain >= HIGH_PAIN else None,
    )


# --- Safety exclusions -----------------------------------------------------------------------


def exclusion_reasons(exercise: Exercise, conditions: Sequence[str], library: Library) -> list[str]:
    """The conditions that rule `exercise` out: its own contraindications, then the content's
    safety rules (by tag, region or everything)."""
    reasons: list[str] = [c for c in conditions if c in exercise.contraindications]
    tags, regions = set(exercise.safety_tags), set(exercise.regions)
    for rule in library.safety_rules:
        if rule.condition not in conditions or rule.condition in reasons:
            continue
        if (
            rule.excludes_all
            or tags & set(rule.excludes_tags)
            or regions & set(rule.excludes_regions)
        ):
            reasons.append(rule.condition)
    return reasons


def warning_text(text: str, library: Library, lang: str) -> str:
    """A plan warning in `lang` (`en`, `zh`) when it is a safety rule's `plan_warning`: the plan
    keeps its warnings in English (plan.md), the content has them in every language."""
    for rule in library.safety_rules:
        if rule.plan_warning is not None and rule.plan_warning.en == text:
            return rule.plan_warning.get(lang)
    return text

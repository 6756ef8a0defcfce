"""Inflammatory back pain criteria: Calin 1977, ASAS 2009, Berlin 2006, NICE NG65 and the
article's seven features, each kept as data in content/criteria/<id>.yaml.

Every set is counted the same way: each item is a condition on the answers, and an
unanswered item is not met. Applicability, the count needed (`met_at`) and NG65's referral
thresholds come from the content, so the code holds no clinical numbers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict

from backcare.domain.conditions import Cond, Facts, kept
from backcare.domain.library import CriteriaSet, Library

CRITERIA_IDS = ("calin", "asas", "berlin", "ng65", "article")


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class CriteriaOutcome(_Out):
    applicable: bool
    count: int
    of: int
    met: bool


class Ng65Outcome(_Out):
    applicable: bool
    count: int
    refer: bool
    hla_b27_test: bool


class ArticleOutcome(_Out):
    count: int
    of: int
    applicable: bool  # added: the features describe back pain, like the other sets


class IbpResult(_Out):
    calin: CriteriaOutcome
    asas: CriteriaOutcome
    berlin: CriteriaOutcome
    ng65: Ng65Outcome
    article: ArticleOutcome


_Item = tuple[str, Callable[[Facts], bool], Callable[[Facts], Sequence[str]]]


def _items(criteria: CriteriaSet) -> tuple[_Item, ...]:
    """The set's items as plain functions (id, condition, explainer), built once per set."""
    return kept(
        criteria,
        "ibp",
        lambda: tuple(
            (item.id, item.when.compiled(), item.when.explainer()) for item in criteria.items
        ),
    )


def because(criteria: CriteriaSet, facts: Facts) -> list[str]:
    """The answer keys behind the items met, in item order (to explain a referral)."""
    keys: list[str] = []
    for _item_id, holds, explainer in _items(criteria):
        if holds(facts):
            keys.extend(explainer(facts))
    return list(dict.fromkeys(keys))


def evaluate_ibp(library: Library, facts: Facts) -> IbpResult:
    """All five sets; a set that does not apply is never met and never refers."""
    return IbpResult.model_validate(ibp_outcomes(library, facts))


def _every_set(library: Library) -> tuple[Callable[[Facts], tuple[bool, ...]], dict[str, int]]:
    """Every set's applicability and items (in CRITERIA_IDS order) in one generated
    function, and where each set starts in what it returns; built once per library. One
    call for the five sets, not one each: 8.7 -> 7.0 us a screening."""

    def make() -> tuple[Callable[[Facts], tuple[bool, ...]], dict[str, int]]:
        conditions: list[Cond | None] = []
        starts: dict[str, int] = {}
        for cid in CRITERIA_IDS:
            criteria = library.criteria[cid]
            starts[cid] = len(conditions)
            conditions += [criteria.applicable_when, *(item.when for item in criteria.items)]
        return Cond.compiled_each(conditions), starts

    return kept(library, "ibp-every-set", make)


def ibp_outcomes(library: Library, facts: Facts) -> dict[str, dict[str, Any]]:
    """`evaluate_ibp` as the plain dict its `model_dump()` is: the screening's rules read it
    as a derived result, so it is made once instead of dumped from the model."""
    holds_each, starts = _every_set(library)
    held = holds_each(facts)
    counted: dict[str, tuple[CriteriaSet, bool, int]] = {}
    for cid, start in starts.items():
        # Whether the set applies, and how many of its items are met (unanswered: not met).
        criteria = library.criteria[cid]
        met = held[start + 1 : start + 1 + len(criteria.items)].count(True)
        counted[cid] = (criteria, held[start], met)
    outcomes: dict[str, dict[str, Any]] = {}
    for cid in ("calin", "asas", "berlin"):
        criteria, applicable, met = counted[cid]
        need = criteria.met_at if criteria.met_at is not None else len(criteria.items)
        outcomes[cid] = {
            "applicable": applicable,
            "count": met,
            "of": len(criteria.items),
            "met": applicable and met >= need,
        }
    ng65, applicable, met = counted["ng65"]
    outcomes["ng65"] = {
        "applicable": applicable,
        "count": met,
        # NICE NG65 1.1.1: refer at 4 or more; 1.1.2: exactly 3 → HLA-B27 test first.
        "refer": applicable and met >= ng65.thresholds["refer"],
        "hla_b27_test": applicable and met == ng65.thresholds["hla_b27_test"],
    }
    article, applicable, met = counted["article"]
    outcomes["article"] = {"count": met, "of": len(article.items), "applicable": applicable}
    return outcomes


def item_states(
    library: Library, facts: Facts, lang: str = "en"
) -> dict[str, list[tuple[str, bool]]]:
    """Each set's items as (label, met), for showing which criteria were met and which not."""
    return {
        cid: [
            (item.label.get(lang), item.when.holds(facts)) for item in library.criteria[cid].items
        ]
        for cid in CRITERIA_IDS
    }

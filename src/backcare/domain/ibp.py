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


def _count(criteria: CriteriaSet, facts: Facts) -> tuple[bool, int]:
    """Whether the set applies, and how many of its items are met."""
    applicable, *met = _compiled(criteria)[0](facts)
    return applicable, met.count(True)


_Item = tuple[str, Callable[[Facts], bool], Callable[[Facts], Sequence[str]]]
# The applicability and each item's condition in one call, then each item alone.
_Compiled = tuple[Callable[[Facts], tuple[bool, ...]], tuple[_Item, ...]]


def _compiled(criteria: CriteriaSet) -> _Compiled:
    """The set's applicability and items as plain functions, built once per set."""

    def make() -> _Compiled:
        items = tuple(
            (item.id, item.when.compiled(), item.when.explainer()) for item in criteria.items
        )
        conditions = [criteria.applicable_when, *(item.when for item in criteria.items)]
        return Cond.compiled_each(conditions), items

    return kept(criteria, "ibp", make)


def because(criteria: CriteriaSet, facts: Facts) -> list[str]:
    """The answer keys behind the items met, in item order (to explain a referral)."""
    keys: list[str] = []
    for _item_id, holds, explainer in _compiled(criteria)[1]:
        if holds(facts):
            keys.extend(explainer(facts))
    return list(dict.fromkeys(keys))


def evaluate_ibp(library: Library, facts: Facts) -> IbpResult:
    """All five sets; a set that does not apply is never met and never refers."""
    return IbpResult.model_validate(ibp_outcomes(library, facts))


def ibp_outcomes(library: Library, facts: Facts) -> dict[str, dict[str, Any]]:
    """`evaluate_ibp` as the plain dict its `model_dump()` is: the screening's rules read it
    as a derived result, so it is made once instead of dumped from the model."""
    sets = library.criteria
    outcomes: dict[str, dict[str, Any]] = {}
    for cid in ("calin", "asas", "berlin"):
        criteria = sets[cid]
        applicable, met = _count(criteria, facts)
        need = criteria.met_at if criteria.met_at is not None else len(criteria.items)
        outcomes[cid] = {
            "applicable": applicable,
            "count": met,
            "of": len(criteria.items),
            "met": applicable and met >= need,
        }
    ng65 = sets["ng65"]
    applicable, met = _count(ng65, facts)
    outcomes["ng65"] = {
        "applicable": applicable,
        "count": met,
        # NICE NG65 1.1.1: refer at 4 or more; 1.1.2: exactly 3 → HLA-B27 test first.
        "refer": applicable and met >= ng65.thresholds["refer"],
        "hla_b27_test": applicable and met == ng65.thresholds["hla_b27_test"],
    }
    article = sets["article"]
    applicable, met = _count(article, facts)
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

"""The screening engine: answers → result, exactly the JSON of shared/spec/screening.md.

Order matters and mirrors the dependencies between the spec's rules: questionnaires and
inflammatory-back-pain criteria first (red flags `axial_spa` and `startback_high` read
them), then red flags in content order, then the urgency, exercise safety, causes and
advice (which may read all of the above). All rules and thresholds are content.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, SerializerFunctionWrapHandler, model_serializer

from backcare.domain.answers import ScreeningAnswers, as_safety_facts, without_not_sure
from backcare.domain.causes import CauseHit, ranked_causes
from backcare.domain.conditions import Cond, Facts, kept
from backcare.domain.ibp import IbpResult, because, ibp_outcomes
from backcare.domain.instruments import (
    NdiScore,
    NotScoredError,
    OdiScore,
    PainScore,
    RmdqScore,
    StartBackScore,
    score_ndi,
    score_odi,
    score_pain,
    score_rmdq,
    score_startback,
)
from backcare.domain.library import Advice, Cause, ExerciseRule, Library
from backcare.domain.triage import RedFlagHit, evaluate_red_flags, unanswered, urgency_of
from backcare.domain.types import Condition, Urgency

# Re-exported so callers can build on the result's parts.
__all__ = [
    "AdviceItem",
    "CauseHit",
    "ExerciseVerdict",
    "IbpResult",
    "InstrumentScores",
    "RedFlagHit",
    "ScreeningResult",
    "screen",
]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class InstrumentScores(_Out):
    """Only the questionnaires that were answered (and could be scored) appear."""

    startback: StartBackScore | None = None
    odi: OdiScore | None = None
    rmdq: RmdqScore | None = None
    ndi: NdiScore | None = None
    pain_nrs: PainScore | None = None  # added: the pain NRS, when `pain_now` is given

    @model_serializer(mode="wrap")
    def _only_given(self, handler: SerializerFunctionWrapHandler) -> dict[str, Any]:
        data: dict[str, Any] = handler(self)
        return {key: value for key, value in data.items() if value is not None}


class ExerciseVerdict(_Out):
    """Whether the exercises are safe now. `reasons` are the ids of the content's exercise
    rules that applied (`screening_incomplete`, `pregnancy`, ...), `why` the same in words."""

    allowed: bool
    reasons: list[str]
    why: list[str] = []  # added: each reason in plain words, in the screening's language
    # added: conditions whose exclusions the plan must apply (plan.md), e.g. pregnant.
    exclude_conditions: list[Condition] = []


class AdviceItem(_Out):
    id: str
    text: str


class ScreeningResult(_Out):
    """The screening result; `model_dump(mode="json")` is the contract's JSON."""

    urgency: Urgency
    red_flags: list[RedFlagHit]
    ibp: IbpResult
    causes: list[CauseHit]
    instruments: InstrumentScores
    exercise: ExerciseVerdict
    unanswered: list[str]
    complete: bool = False
    advice: list[AdviceItem]
    # added: the safety questions (and `age`) still to answer, in screening.md's order; the
    # text output opens with them when `complete` is false.
    missing: list[str] = []
    warnings: list[str] = []  # added: e.g. a questionnaire with too few answers to score


def _instruments(answers: ScreeningAnswers, library: Library) -> tuple[InstrumentScores, list[str]]:
    scores: dict[str, Any] = {}
    warnings: list[str] = []
    found = library.instruments
    if answers.startback is not None:
        scores["startback"] = score_startback(found["startback"], answers.startback)
    if answers.odi is not None:
        try:
            scores["odi"] = score_odi(found["odi"], answers.odi)
        except NotScoredError as exc:
            warnings.append(str(exc))
    if answers.rmdq is not None:
        scores["rmdq"] = score_rmdq(answers.rmdq)
    if answers.ndi is not None:
        try:
            scores["ndi"] = score_ndi(found["ndi"], answers.ndi)
        except NotScoredError as exc:
            warnings.append(str(exc))
    if answers.pain_now is not None:
        scores["pain_nrs"] = score_pain(found["pain_nrs"], answers.pain_now)
    return InstrumentScores(**scores), warnings


@dataclass(frozen=True)
class _Rules:
    """A library's screening rules with their conditions as plain functions (built once per
    library: `kept`), so a screening calls them without looking each one up."""

    exercise: tuple[ExerciseRule, ...]
    exercise_holds: Callable[[Facts], tuple[bool, ...]]  # each rule's condition, in one call
    advice: tuple[Advice, ...]
    advice_holds: Callable[[Facts], tuple[bool, ...]]
    causes: tuple[Cause, ...]
    # Each advice item as the result shows it, per language, made on first use: an
    # AdviceItem is frozen, so every result that gives the advice can hold the same one.
    advice_items: dict[str, tuple[AdviceItem, ...]] = field(default_factory=dict)

    def advice_in(self, lang: str) -> tuple[AdviceItem, ...]:
        found = self.advice_items.get(lang)
        if found is None:
            found = tuple(AdviceItem(id=item.id, text=item.text.get(lang)) for item in self.advice)
            self.advice_items[lang] = found
        return found


def _rules(library: Library) -> _Rules:
    return kept(
        library,
        "screening",
        lambda: _Rules(
            exercise=tuple(library.exercise_rules),
            exercise_holds=Cond.compiled_each([rule.when for rule in library.exercise_rules]),
            advice=tuple(library.advice.values()),
            advice_holds=Cond.compiled_each([item.when for item in library.advice.values()]),
            causes=tuple(library.causes.values()),
        ),
    )


def _exercise(rules: _Rules, facts: Facts, lang: str) -> dict[str, Any]:
    """The ExerciseVerdict's fields (validated with the rest of the result)."""
    allowed = True
    reasons: list[str] = []
    why: list[str] = []
    exclude: list[Condition] = []
    for rule, holds in zip(rules.exercise, rules.exercise_holds(facts), strict=True):
        if not holds:
            continue
        reasons.append(rule.id)
        why.append(rule.reason.get(lang))
        if rule.blocks:
            allowed = False
        if rule.exclude_condition is not None and rule.exclude_condition not in exclude:
            exclude.append(rule.exclude_condition)
    return {"allowed": allowed, "reasons": reasons, "why": why, "exclude_conditions": exclude}


# The derived results whose answer keys _LazyExplain works out: each criteria set's `met`,
# and NG65's two referral results (its items, as for `met`).
_EXPLAINED: dict[str, str] = {
    **{f"ibp.{cid}.met": cid for cid in ("calin", "asas", "berlin", "article")},
    "ibp.ng65.refer": "ng65",
    "ibp.ng65.hla_b27_test": "ng65",
}


class _LazyExplain(Mapping[str, Sequence[str]]):
    """Answer keys behind derived results, worked out on first use and then kept (most
    screenings never ask: only a rule built on such a result that holds does)."""

    def __init__(
        self, library: Library, facts: Facts, known: dict[str, Sequence[str]] | None = None
    ) -> None:
        self._library = library
        self._facts = facts
        self._known: dict[str, Sequence[str]] = dict(known or {})

    def __getitem__(self, key: str) -> Sequence[str]:
        if key not in self._known:
            if key in _EXPLAINED:
                self._known[key] = because(self._library.criteria[_EXPLAINED[key]], self._facts)
            elif key.startswith("instruments."):
                # A questionnaire's score rests on its own answer key (pain_nrs: pain_now).
                name = key.split(".")[1]
                self._known[key] = ["pain_now" if name == "pain_nrs" else name]
            else:
                raise KeyError(key)
        return self._known[key]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(_EXPLAINED), **self._known})

    def __len__(self) -> int:
        return len({**dict.fromkeys(_EXPLAINED), **self._known})

    def with_flags(self, reasons: Mapping[str, Sequence[str]]) -> _LazyExplain:
        return _LazyExplain(self._library, self._facts, {**self._known, **reasons})


@dataclass(frozen=True)
class _Screened:
    """A screening's parts, before they become a ScreeningResult (`screen`) or its JSON
    form (`screen_json`)."""

    urgency: Urgency
    hits: list[RedFlagHit]
    outcomes: dict[str, dict[str, Any]]  # IbpResult's fields
    causes: list[dict[str, Any]]  # each CauseHit's fields
    instruments: InstrumentScores
    scores: dict[str, dict[str, Any]]  # each given score's JSON form, in field order
    exercise: dict[str, Any]  # ExerciseVerdict's fields
    unanswered: list[str]
    complete: bool
    advice: list[int]  # the indexes of the advice given, in content order
    missing: list[str]
    warnings: list[str]


def screen(answers: ScreeningAnswers, library: Library, *, lang: str = "en") -> ScreeningResult:
    """Screen one set of answers against the content library.

    Red flags and exercise safety read a "not sure" safety answer as yes; the pattern rules
    (criteria, causes, advice) read it as unknown, so it never supports a diagnosis.
    """
    done = _screen(answers, library, lang)
    items = _rules(library).advice_in(lang)
    # One validation for the result and the parts made as plain values (criteria, causes,
    # exercise verdict): a model call for each part cost a third more (11 models a result).
    return ScreeningResult.model_validate(
        {
            "urgency": done.urgency,
            "red_flags": done.hits,
            "ibp": done.outcomes,
            "causes": done.causes,
            "instruments": done.instruments,
            "exercise": done.exercise,
            "unanswered": done.unanswered,
            "complete": done.complete,
            "advice": [items[index] for index in done.advice],
            "warnings": done.warnings,
            "missing": done.missing,
        }
    )


def screen_json(answers: ScreeningAnswers, library: Library, *, lang: str = "en") -> dict[str, Any]:
    """`screen(...).model_dump(mode="json")`, made without building the result's models and
    dumping them again: the web API saves and sends only this (validating the result and
    dumping it were a third of its screening). tests/domain/test_screen_json.py holds the
    two equal over any answers, in both languages, down to the order of the keys.
    """
    done = _screen(answers, library, lang)
    items = _rules(library).advice_in(lang)
    ibp = done.outcomes
    return {
        "urgency": done.urgency,
        "red_flags": [hit.model_dump(mode="json") for hit in done.hits],
        "ibp": {name: dict(ibp[name]) for name in IbpResult.model_fields},
        "causes": done.causes,
        "instruments": {name: dict(score) for name, score in done.scores.items()},
        "exercise": done.exercise,
        "unanswered": done.unanswered,
        "complete": done.complete,
        "advice": [{"id": items[index].id, "text": items[index].text} for index in done.advice],
        "missing": done.missing,
        "warnings": done.warnings,
    }


def _screen(answers: ScreeningAnswers, library: Library, lang: str) -> _Screened:
    """The screening itself, for `screen` and `screen_json` alike (one set of rules)."""
    rules = _rules(library)
    answered = answers.given()
    given = without_not_sure(answered)
    cautious = as_safety_facts(answered)
    missing = answers.missing_for_complete()
    base = Facts(given)
    outcomes = ibp_outcomes(library, base)
    instruments, warnings = _instruments(answers, library)
    scores = {
        name: score.model_dump(mode="json")
        for name in InstrumentScores.model_fields
        if (score := getattr(instruments, name)) is not None
    }
    derived: dict[str, Any] = {"ibp": outcomes, "instruments": scores, "complete": not missing}
    # What a derived result rests on, so flags built on it still name the answers; computed
    # only when a rule built on that result holds.
    explain = _LazyExplain(library, base)
    hits, flag_reasons = evaluate_red_flags(
        library.red_flags, cautious, derived, explain, unsure=answers.not_sure(), lang=lang
    )
    urgency = urgency_of(hits)
    derived["urgency"] = urgency
    fired = frozenset(hit.id for hit in hits)
    explained = explain.with_flags(flag_reasons)
    exercise = _exercise(rules, Facts(cautious, fired, derived, explained), lang)
    facts = Facts(given, fired, derived, explained)
    derived["exercise"] = {"allowed": exercise["allowed"]}
    causes = ranked_causes(rules.causes, facts, lang)
    derived["causes"] = {hit["id"]: hit["likelihood"] for hit in causes}
    advice = [index for index, holds in enumerate(rules.advice_holds(facts)) if holds]
    return _Screened(
        urgency=urgency,
        hits=hits,
        outcomes=outcomes,
        causes=causes,
        instruments=instruments,
        scores=scores,
        exercise=exercise,
        unanswered=unanswered(library.red_flags, answered),
        complete=not missing,
        advice=advice,
        missing=missing,
        warnings=warnings,
    )

"""Properties of the screening over any valid answers (Hypothesis): the urgency is the worst
flag, a red-flag "yes" never lowers it, scores stay in range, the result always validates."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.content import load_library
from backcare.domain.answers import BOTHER, COMPLETE_KEYS, SAFETY_KEYS, ScreeningAnswers
from backcare.domain.screening import ScreeningResult, screen
from backcare.domain.triage import red_flag_keys
from backcare.domain.types import REGIONS, URGENCIES

BOOL_KEYS = [
    key
    for key, field in ScreeningAnswers.model_fields.items()
    if field.annotation in (bool | None, "bool | None") or key in SAFETY_KEYS
]
SAFETY = st.sampled_from([True, False, "not_sure"])
SECTION = st.one_of(st.none(), st.integers(0, 5))

SPECIAL: dict[str, st.SearchStrategy[Any]] = {
    "age": st.integers(16, 110),
    "sex": st.sampled_from(["female", "male", "other"]),
    "regions": st.lists(st.sampled_from(REGIONS), max_size=4, unique=True),
    "pain_now": st.integers(0, 10),
    "duration_weeks": st.floats(0, 1000, allow_nan=False),
    "onset": st.sampled_from(["sudden", "gradual"]),
    "onset_age": st.integers(0, 110),
    "morning_stiffness_minutes": st.integers(0, 600),
    "sitting_hours_per_day": st.floats(0, 24, allow_nan=False),
    "startback": st.tuples(
        st.lists(st.booleans(), min_size=8, max_size=8), st.sampled_from(BOTHER)
    ).map(lambda parts: [*parts[0], parts[1]]),
    "odi": st.lists(SECTION, min_size=10, max_size=10),
    "rmdq": st.lists(st.booleans(), min_size=24, max_size=24),
    "ndi": st.lists(SECTION, min_size=10, max_size=10),
}


@st.composite
def answer_sets(draw: st.DrawFn) -> dict[str, Any]:
    """Any valid answers: each key absent or a value of its type and range."""
    chosen: dict[str, Any] = {}
    for key in ScreeningAnswers.model_fields:
        strategy = SPECIAL.get(key, SAFETY if key in SAFETY_KEYS else st.booleans())
        if draw(st.booleans()):
            chosen[key] = draw(strategy)
    return chosen


def run(answers: dict[str, Any]) -> ScreeningResult:
    return screen(ScreeningAnswers.model_validate(answers), load_library())


def test_bool_keys_cover_the_yes_no_answers() -> None:
    assert "saddle_numbness" in BOOL_KEYS
    assert "crosses_legs" in BOOL_KEYS
    assert "age" not in BOOL_KEYS


@st.composite
def missing_one(draw: st.DrawFn) -> tuple[dict[str, Any], str]:
    """Any answers, then `age` or one safety question taken away."""
    answers = draw(answer_sets())
    for key in SAFETY_KEYS:
        answers.setdefault(key, draw(SAFETY))
    answers.setdefault("age", draw(SPECIAL["age"]))
    gone = draw(st.sampled_from(COMPLETE_KEYS))
    del answers[gone]
    return answers, gone


@settings(max_examples=200, deadline=None)
@given(missing_one())
def test_any_safety_answer_missing_means_incomplete_and_no_exercise(
    case: tuple[dict[str, Any], str],
) -> None:
    answers, gone = case
    found = run(answers)
    assert found.complete is False
    assert gone in found.missing
    assert found.exercise.allowed is False
    assert "screening_incomplete" in found.exercise.reasons
    ranks = [URGENCIES.index(flag.urgency) for flag in found.red_flags]
    assert found.urgency == (URGENCIES[min(ranks)] if ranks else "self_care")


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.sampled_from(SAFETY_KEYS))
def test_not_sure_screens_like_yes(answers: dict[str, Any], key: str) -> None:
    unsure = run({**answers, key: "not_sure"})
    yes = run({**answers, key: True})
    assert unsure.urgency == yes.urgency
    assert [f.id for f in unsure.red_flags] == [f.id for f in yes.red_flags]
    assert unsure.exercise.allowed is yes.exercise.allowed
    for flag in unsure.red_flags:
        if key in flag.because:
            assert key in flag.not_sure


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_urgency_is_the_worst_of_the_flags(answers: dict[str, Any]) -> None:
    found = run(answers)
    ranks = [URGENCIES.index(flag.urgency) for flag in found.red_flags]
    expected = URGENCIES[min(ranks)] if ranks else "self_care"
    assert found.urgency == expected


@settings(max_examples=200, deadline=None)
@given(answer_sets(), st.sampled_from(sorted(set(red_flag_keys(load_library().red_flags)))))
def test_a_red_flag_yes_never_lowers_the_urgency(answers: dict[str, Any], key: str) -> None:
    if key not in BOOL_KEYS:
        return
    before = run({**answers, key: False})
    after = run({**answers, key: True})
    assert URGENCIES.index(after.urgency) <= URGENCIES.index(before.urgency)
    unknown = run({k: v for k, v in answers.items() if k != key})
    assert URGENCIES.index(after.urgency) <= URGENCIES.index(unknown.urgency)


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_scores_stay_in_range(answers: dict[str, Any]) -> None:
    found = run(answers).instruments
    if found.startback is not None:
        assert 0 <= found.startback.psychosocial <= found.startback.total <= 9
        assert found.startback.psychosocial <= 5
    if found.odi is not None:
        assert 0 <= found.odi.percent <= 100
        assert round(found.odi.percent, 1) == found.odi.percent
    if found.rmdq is not None:
        assert 0 <= found.rmdq.score <= 24
    if found.ndi is not None:
        assert 0 <= found.ndi.score <= 50
        assert found.ndi.percent == found.ndi.score * 2
    if found.pain_nrs is not None:
        assert 0 <= found.pain_nrs.score <= 10
    for name in ("startback", "rmdq", "pain_nrs"):
        key = "pain_now" if name == "pain_nrs" else name
        assert (getattr(found, name) is not None) is (key in answers)


@settings(max_examples=200, deadline=None)
@given(answer_sets())
def test_the_result_always_validates_and_is_consistent(answers: dict[str, Any]) -> None:
    found = run(answers)
    data = found.model_dump(mode="json")
    assert ScreeningResult.model_validate(data) == found
    ibp = data["ibp"]
    for cid in ("calin", "asas", "berlin"):
        assert not ibp[cid]["met"] or ibp[cid]["applicable"]
        assert 0 <= ibp[cid]["count"] <= ibp[cid]["of"]
    assert not (ibp["ng65"]["refer"] and ibp["ng65"]["hla_b27_test"])
    assert not ibp["ng65"]["refer"] or ibp["ng65"]["applicable"]
    complete = all(key in answers for key in COMPLETE_KEYS)
    assert found.complete is complete
    if (
        found.urgency in ("emergency", "urgent")
        or answers.get("unhealed_injury") is True
        or not complete
    ):
        assert found.exercise.allowed is False
    else:
        assert found.exercise.allowed is True
    for key in found.unanswered:
        assert key not in answers
    for flag in found.red_flags:
        assert set(flag.because) <= set(answers)
        assert flag.not_sure == [k for k in flag.because if answers[k] == "not_sure"]


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 120),
    st.floats(-5, 120, allow_nan=False),
    st.sampled_from(["gradual", "sudden", "male"]),
    st.lists(st.sampled_from(REGIONS), max_size=3),
)
LEAVES = st.one_of(
    st.builds(lambda: {}),
    st.builds(lambda b: {"is": b}, st.booleans()),
    st.builds(lambda v: {"eq": v}, st.sampled_from([True, 3, "gradual", "male"])),
    st.builds(lambda r: {"contains": r}, st.sampled_from(REGIONS)),
    st.builds(lambda b: {"answered": b}, st.booleans()),
    st.builds(
        lambda op, x: {op: x}, st.sampled_from(["gte", "gt", "lte", "lt"]), st.integers(-1, 60)
    ),
)


@settings(max_examples=300, deadline=None)
@given(LEAVES, VALUES)
def test_compiled_conditions_agree_with_the_reference_comparison(
    leaf: dict[str, Any], value: Any
) -> None:
    from backcare.domain.conditions import Cond, Facts

    cond = Cond.model_validate({"key": "x", **leaf})
    facts = Facts({} if value is None else {"x": value})
    assert cond.holds(facts) is cond._compare(facts.answers.get("x"))
    negated = Cond.model_validate({"not": {"key": "x", **leaf}})
    assert negated.holds(facts) is (not cond.holds(facts))

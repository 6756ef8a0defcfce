"""A nerve-root flag that changes the plan is named in `exercise.reasons` (and said in words in
`why`, in the screening's language), like pregnancy and inflammatory arthritis: screening.md
"Exercise safety: each reason is listed"; the plan's exclusions for `radicular` and
`cervical_radicular` are plan.md's."""

from __future__ import annotations

import pytest

from backcare.content import load_library
from backcare.domain.answers import ScreeningAnswers
from backcare.domain.screening import screen
from tests.answers import complete

LIB = load_library()


@pytest.mark.parametrize(
    ("answers", "reason", "en_word", "zh_word"),
    [
        ({"arm_symptoms_below_elbow": True}, "cervical_radicular", "arm", "手臂"),
        ({"leg_pain_below_knee": True}, "radicular", "knee", "膝"),
        # "not sure" counts as yes for its flag, so it changes the plan the same way
        ({"arm_symptoms_below_elbow": "not_sure"}, "cervical_radicular", "arm", "手臂"),
    ],
)
def test_a_nerve_root_flag_is_an_exercise_reason_in_words(
    answers: dict[str, object], reason: str, en_word: str, zh_word: str
) -> None:
    given = ScreeningAnswers.model_validate(complete(regions=["neck", "low_back"], **answers))
    en = screen(given, LIB, lang="en")
    assert en.exercise.allowed is True
    assert reason in en.exercise.reasons
    assert reason in en.exercise.exclude_conditions
    said = en.exercise.why[en.exercise.reasons.index(reason)]
    assert en_word in said
    zh = screen(given, LIB, lang="zh")
    assert zh_word in zh.exercise.why[zh.exercise.reasons.index(reason)]


def test_no_nerve_root_reason_without_the_symptoms() -> None:
    calm = screen(ScreeningAnswers.model_validate(complete()), LIB)
    assert not {"radicular", "cervical_radicular"} & set(calm.exercise.reasons)


def test_an_urgent_flag_above_it_leaves_it_out() -> None:
    """cervical_radicular fires only when no flag above `radicular` has (screening.md)."""
    given = complete(arm_symptoms_below_elbow=True, myelopathy_signs=True)
    result = screen(ScreeningAnswers.model_validate(given), LIB)
    assert "cervical_radicular" not in result.exercise.reasons
    assert result.exercise.allowed is False

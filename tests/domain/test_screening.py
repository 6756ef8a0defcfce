"""The whole screening result (screening.md "Result"): its shape, exercise safety, causes and
advice."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load_library
from backcare.domain.answers import ScreeningAnswers
from backcare.domain.screening import ScreeningResult, screen
from backcare.services.screening import parse_answers, run_screening
from tests.answers import NO_FLAGS, complete

CONTRACT_KEYS = {
    "urgency",
    "red_flags",
    "ibp",
    "causes",
    "instruments",
    "exercise",
    "unanswered",
    "advice",
}
CONTRACT_KEYS |= {"complete"}  # amended spec
ADDED_KEYS = {"warnings", "missing"}


def result(**answers: Any) -> dict[str, Any]:
    return run_screening(parse_answers(answers), load_library()).model_dump(mode="json")


def advice_ids(**answers: Any) -> list[str]:
    return [item["id"] for item in result(**answers)["advice"]]


def cause(found: dict[str, Any], cause_id: str) -> dict[str, Any] | None:
    return next((c for c in found["causes"] if c["id"] == cause_id), None)


# --- Shape ---------------------------------------------------------------------------------------


def test_the_result_has_the_contract_keys() -> None:
    found = result()
    assert set(found) == CONTRACT_KEYS | ADDED_KEYS
    assert found["urgency"] == "self_care"
    assert found["red_flags"] == []
    assert found["instruments"] == {}
    assert found["exercise"]["allowed"] is False  # nothing answered: not complete
    assert found["exercise"]["reasons"] == ["screening_incomplete"]
    assert found["complete"] is False
    clean = result(**NO_FLAGS)
    assert clean["urgency"] == "self_care"
    assert clean["complete"] is True
    assert clean["exercise"]["allowed"] is True
    assert clean["exercise"]["reasons"] == []


def test_screen_signature_and_round_trip() -> None:
    lib = load_library()
    answers = ScreeningAnswers(age=40, saddle_numbness=True)
    found = screen(answers, lib)
    assert isinstance(found, ScreeningResult)
    again = ScreeningResult.model_validate(found.model_dump(mode="json"))
    assert again == found


def test_the_fast_screening_library_screens_like_the_full_one() -> None:
    from backcare.content.loader import load_screening_library

    partial, full = load_screening_library(), load_library()
    assert partial.exercises == {}
    for answers in (
        ScreeningAnswers(),
        ScreeningAnswers(age=60, minor_trauma=True, crosses_legs=True, sitting_hours_per_day=8),
        ScreeningAnswers(
            regions=["neck"], fever=True, ndi=[1] * 10, startback=[True] * 8 + ["slightly"]
        ),
    ):
        assert screen(answers, partial) == screen(answers, full)


def test_entries_have_the_contract_fields() -> None:
    found = result(
        age=60,
        saddle_numbness=True,
        worse_on_rising=True,
        startback=[False] * 8 + ["slightly"],
        odi=[1] * 10,
        rmdq=[False] * 24,
        ndi=[1] * 10,
    )
    assert set(found["red_flags"][0]) == {"id", "urgency", "because"}
    assert set(found["ibp"]["calin"]) == {"applicable", "count", "of", "met"}
    assert set(found["ibp"]["ng65"]) == {"applicable", "count", "refer", "hla_b27_test"}
    assert {"count", "of"} <= set(found["ibp"]["article"])
    assert set(found["instruments"]["startback"]) == {"total", "psychosocial", "risk"}
    assert set(found["instruments"]["odi"]) == {"percent", "band"}
    assert set(found["instruments"]["rmdq"]) == {"score", "of"}
    assert set(found["instruments"]["ndi"]) == {"score", "percent", "band"}
    assert {"id", "likelihood", "because"} <= set(found["causes"][0])
    assert {"allowed", "reasons"} <= set(found["exercise"])
    assert all(set(item) == {"id", "text"} for item in found["advice"])


# --- Exercise safety ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "allowed", "reasons"),
    [
        ({}, True, 0),
        ({"bladder_change": True}, False, 1),  # emergency
        ({"cancer_history": True}, False, 1),  # urgent
        ({"unexplained_weight_loss": True}, True, 0),  # soon
        # routine; the plan leaves out loaded flexion and rotation, so that is a reason
        ({"leg_pain_below_knee": True}, True, 1),
        ({"unhealed_injury": True}, False, 1),
        ({"unhealed_injury": False}, True, 0),
        ({"pregnant": True}, True, 1),
        ({"pregnant": False}, True, 0),
        ({"inflammatory_arthritis": True}, True, 1),
        ({"major_trauma": True, "unhealed_injury": True}, False, 2),
    ],
)
def test_exercise_allowed(answers: dict[str, Any], allowed: bool, reasons: int) -> None:
    exercise = result(**complete(**answers))["exercise"]
    assert exercise["allowed"] is allowed
    assert len(exercise["reasons"]) == reasons


def test_every_reason_is_listed_with_the_conditions_the_plan_excludes() -> None:
    exercise = result(**complete(pregnant=True, inflammatory_arthritis=True, unhealed_injury=True))[
        "exercise"
    ]
    assert exercise["allowed"] is False
    assert exercise["reasons"] == ["unhealed_injury", "pregnancy", "inflammatory_arthritis_neck"]
    assert exercise["exclude_conditions"] == [
        "unhealed_injury",
        "pregnant",
        "inflammatory_arthritis",
    ]
    pregnant = result(**complete(pregnant=True))["exercise"]
    assert pregnant == {
        "allowed": True,
        "reasons": ["pregnancy"],
        "why": [pregnant["why"][0]],
        "exclude_conditions": ["pregnant"],
    }
    assert "lying on your back" in pregnant["why"][0]
    neck = result(**complete(inflammatory_arthritis=True))["exercise"]
    assert neck["exclude_conditions"] == ["inflammatory_arthritis"]
    assert "neck" in neck["why"][0]


# --- Complete (amended): age and every safety question, else no exercise -------------------

SPEC_SAFETY_QUESTIONS = [
    "saddle_numbness",
    "bladder_change",
    "bowel_incontinence",
    "sexual_dysfunction_new",
    "bilateral_leg_symptoms",
    "progressive_leg_weakness",
    "neck_vascular_signs",
    "myelopathy_signs",
    "meningism_signs",
    "arm_symptoms_below_elbow",
    "progressive_arm_weakness",
    "cancer_history",
    "unexplained_weight_loss",
    "night_pain_constant",
    "fever",
    "infection_risk",
    "long_term_steroids",
    "osteoporosis",
    "major_trauma",
    "minor_trauma",
    "recent_spinal_surgery",
    "leg_pain_below_knee",
]


def test_the_safety_questions_are_exactly_the_spec_list() -> None:
    from backcare.domain.answers import SAFETY_KEYS

    assert list(SAFETY_KEYS) == SPEC_SAFETY_QUESTIONS


@pytest.mark.parametrize("key", ["age", *SPEC_SAFETY_QUESTIONS])
def test_any_one_safety_answer_missing_makes_it_incomplete(key: str) -> None:
    answers = {k: v for k, v in NO_FLAGS.items() if k != key}
    found = result(**answers)
    assert found["complete"] is False
    assert found["missing"] == [key]
    assert found["exercise"]["allowed"] is False
    assert found["exercise"]["reasons"] == ["screening_incomplete"]
    assert found["urgency"] == "self_care"  # no flag, yet no exercise either


def test_not_sure_answers_count_as_answered() -> None:
    found = result(**complete(osteoporosis="not_sure"))
    assert found["complete"] is True
    assert found["missing"] == []


def test_the_pattern_questions_are_not_needed_for_complete() -> None:
    found = result(**NO_FLAGS)
    assert found["complete"] is True
    assert "onset" in found["unanswered"]  # still asked about, as a red-flag item
    assert found["exercise"]["allowed"] is True


def test_incomplete_and_an_emergency_lists_both_reasons() -> None:
    found = result(saddle_numbness=True)
    assert found["exercise"]["reasons"] == ["screening_incomplete", "emergency_first"]
    assert found["urgency"] == "emergency"
    assert len(found["exercise"]["why"]) == 2


# --- Causes ---------------------------------------------------------------------------------------


def test_inflammatory_pattern_ranks_ankylosing_spondylitis_first() -> None:
    found = result(
        age=28,
        sex="male",
        onset_age=22,
        duration_weeks=40,
        onset="gradual",
        morning_stiffness_minutes=60,
        improves_with_activity=True,
        improves_with_rest=False,
        night_pain=True,
        wakes_second_half_night=True,
    )
    first = found["causes"][0]
    assert first["id"] == "ankylosing_spondylitis"
    assert first["likelihood"] == "high"
    assert {"onset_age", "morning_stiffness_minutes", "improves_with_activity"} <= set(
        first["because"]
    )
    assert all(isinstance(text, str) and text for text in first["why"])


def test_the_articles_bone_spur_pattern() -> None:
    # content.md 1: worst on getting up, eases with light activity, back after ~2 h of work.
    found = result(age=52, worse_on_rising=True, worse_after_long_work=True, osteoporosis=False)
    degenerative = cause(found, "degenerative_bone")
    assert degenerative is not None
    assert degenerative["likelihood"] == "high"
    assert degenerative["because"] == ["age", "worse_on_rising", "worse_after_long_work"]


def test_likelihood_bands_follow_the_score() -> None:
    low = cause(result(improves_with_rest=True), "strain_circulation")
    moderate = cause(
        result(heavy_physical_work=True, improves_with_rest=True), "strain_circulation"
    )
    assert low is not None
    assert low["likelihood"] == "low"
    assert moderate is not None
    assert moderate["likelihood"] == "moderate"


def test_causes_without_support_are_not_listed() -> None:
    assert result()["causes"] == []


@pytest.mark.parametrize(
    "answers",
    [
        {"cancer_history": True},
        {"age": 70, "unexplained_weight_loss": True},
        {"night_pain_constant": True},
        {"age": 60, "onset": "gradual", "duration_weeks": 8},
    ],
)
def test_cancer_is_never_reassured_away(answers: dict[str, Any]) -> None:
    # Even with a pattern that strongly fits a harmless cause, malignancy flags put cancer
    # first and high, and the text sends the person to a doctor.
    found = result(
        **answers,
        heavy_physical_work=True,
        worse_with_fatigue=True,
        minor_trauma=False,
        crosses_legs=True,
        sitting_hours_per_day=10,
    )
    first = found["causes"][0]
    assert first["id"] == "metastatic_cancer"
    assert first["likelihood"] == "high"
    assert any("doctor" in text for text in first["why"])
    assert first["because"]


# --- Advice ---------------------------------------------------------------------------------------


def test_sitting_nine_hours_gets_the_ten_minute_break() -> None:
    assert "sitting_break" in advice_ids(sitting_hours_per_day=9)
    assert "sitting_break" not in advice_ids(sitting_hours_per_day=3)


def test_crossing_legs_gets_dont_cross_your_legs() -> None:
    assert "dont_cross_legs" in advice_ids(crosses_legs=True)
    assert "dont_cross_legs" not in advice_ids(crosses_legs=False)


def test_inflammatory_pattern_gets_early_rheumatology_review() -> None:
    answers = {
        "age": 30,
        "onset_age": 30,
        "duration_weeks": 20,
        "wakes_second_half_night": True,
        "improves_with_activity": True,
        "family_history_spa": True,
    }
    assert "early_rheumatology_review" in advice_ids(**answers)
    assert "early_rheumatology_review" not in advice_ids(age=30)


@pytest.mark.parametrize(
    ("answers", "expected", "absent"),
    [
        ({}, "self_care_ok", "see_doctor_emergency"),
        ({"saddle_numbness": True}, "see_doctor_emergency", "keep_active"),
        ({"fever": True}, "see_doctor_urgent", "keep_active"),
        ({"infection_risk": True}, "see_doctor_soon", "self_care_ok"),
        ({"age": 18}, "see_doctor_routine", "self_care_ok"),
        ({}, "keep_active", "see_doctor_urgent"),
    ],
)
def test_where_to_go_advice_follows_the_urgency(
    answers: dict[str, Any], expected: str, absent: str
) -> None:
    ids = advice_ids(**complete(**answers))
    assert expected in ids
    assert absent not in ids


def test_an_incomplete_screening_never_says_there_are_no_warning_signs() -> None:
    ids = advice_ids(age=40, pain_now=3)
    assert "self_care_ok" not in ids
    assert "keep_active" not in ids  # exercise is not allowed yet


def test_advice_texts_come_from_content() -> None:
    lib = load_library()
    for item in result(crosses_legs=True, sitting_hours_per_day=9)["advice"]:
        assert item["text"] == lib.advice[item["id"]].text.en


def test_at_least_six_posture_or_desk_tips_for_the_reminders() -> None:
    lib = load_library()
    tips = [a for a in lib.advice.values() if {"posture", "desk"} & set(a.tags)]
    assert len(tips) >= 6

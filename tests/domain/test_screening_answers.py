"""Answers (screening.md "Answers"): strict types, ranges, list lengths, unknown keys.

Bad input is BadInput naming the key in one line, never a silent default.
"""

from __future__ import annotations

from typing import Any

import pytest

from backcare.domain.answers import ANSWER_KEYS, ScreeningAnswers
from backcare.errors import BadInput
from backcare.services.screening import answers_to_json, parse_answers

SPEC_KEYS = [
    "age",
    "sex",
    "regions",
    "pain_now",
    "duration_weeks",
    "onset",
    "onset_age",
    "morning_stiffness_minutes",
    "worse_on_rising",
    "worse_after_long_work",
    "worse_with_cold",
    "worse_with_fatigue",
    "improves_with_activity",
    "improves_with_rest",
    "night_pain",
    "wakes_second_half_night",
    "night_pain_constant",
    "buttock_pain",
    "alternating_buttock_pain",
    "nsaid_response_48h",
    "family_history_spa",
    "arthritis_history",
    "enthesitis_history",
    "psoriasis_history",
    "leg_pain_below_knee",
    "bilateral_leg_symptoms",
    "progressive_leg_weakness",
    "saddle_numbness",
    "bladder_change",
    "bowel_incontinence",
    "sexual_dysfunction_new",
    "cancer_history",
    "unexplained_weight_loss",
    "fever",
    "infection_risk",
    "long_term_steroids",
    "osteoporosis",
    "major_trauma",
    "recent_spinal_surgery",
    "minor_trauma",
    "myelopathy_signs",
    "arm_symptoms_below_elbow",
    "progressive_arm_weakness",
    "meningism_signs",
    "neck_vascular_signs",
    "heavy_physical_work",
    "sitting_hours_per_day",
    "crosses_legs",
    "pregnant",
    "unhealed_injury",
    "inflammatory_arthritis",
    "startback",
    "odi",
    "rmdq",
    "ndi",
]

STARTBACK = [True, False, True, False, True, False, True, False, "slightly"]


def test_every_spec_key_is_an_answer_and_nothing_else() -> None:
    assert list(ANSWER_KEYS) == SPEC_KEYS


def test_empty_answers_are_valid_and_all_unknown() -> None:
    assert parse_answers({}).given() == {}


def test_a_full_valid_set_round_trips_through_a_saved_file() -> None:
    data: dict[str, Any] = {
        "age": 34,
        "sex": "male",
        "regions": ["low_back", "neck"],
        "pain_now": 0,
        "duration_weeks": 12.5,
        "onset": "gradual",
        "onset_age": 30,
        "morning_stiffness_minutes": 0,
        "sitting_hours_per_day": 24,
        "startback": STARTBACK,
        "odi": [0, 5, None, 1, 2, 3, 4, 5, 0, None],
        "rmdq": [True] * 12 + [False] * 12,
        "ndi": [None] * 2 + [5] * 8,
        "fever": False,
    }
    answers = parse_answers(data)
    saved = answers_to_json(answers)
    assert saved["schema_version"] == 1
    assert parse_answers(saved) == answers
    assert answers.given()["fever"] is False  # an explicit "no" is kept, not dropped


def test_not_sure_is_an_answer_to_each_safety_question() -> None:
    from backcare.domain.answers import SAFETY_KEYS

    answers = parse_answers(dict.fromkeys(SAFETY_KEYS, "not_sure"))
    assert answers.not_sure() == list(SAFETY_KEYS)
    assert answers.missing_for_complete() == ["age"]
    assert parse_answers(answers_to_json(answers)) == answers


def test_explicit_null_means_unknown() -> None:
    assert parse_answers({"fever": None}).fever is None


@pytest.mark.parametrize(
    ("data", "key", "words"),
    [
        ({"fevr": True}, "fevr", "unknown answer key (did you mean 'fever'?)"),
        ({"age": "50"}, "age", "must be a whole number"),
        ({"age": 50.0}, "age", "must be a whole number"),
        ({"age": True}, "age", "must be a whole number"),
        ({"age": 15}, "age", "must be at least 16"),
        ({"age": 111}, "age", "must be at most 110"),
        # safety questions also take "not_sure" (amended spec), and say so
        ({"fever": "yes"}, "fever", 'must be true, false or "not_sure"'),
        ({"fever": 1}, "fever", 'must be true, false or "not_sure"'),
        ({"saddle_numbness": "Not sure"}, "saddle_numbness", 'true, false or "not_sure"'),
        ({"crosses_legs": "not_sure"}, "crosses_legs", "must be true or false"),
        ({"pregnant": "not_sure"}, "pregnant", "must be true or false"),
        ({"pain_now": 11}, "pain_now", "must be at most 10"),
        ({"pain_now": -1}, "pain_now", "must be at least 0"),
        ({"duration_weeks": -0.5}, "duration_weeks", "must be at least 0"),
        ({"duration_weeks": "13"}, "duration_weeks", "must be a finite number"),
        ({"duration_weeks": float("nan")}, "duration_weeks", "finite number"),
        ({"sitting_hours_per_day": 24.5}, "sitting_hours_per_day", "must be at most 24"),
        ({"morning_stiffness_minutes": -1}, "morning_stiffness_minutes", "at least 0"),
        ({"sex": "f"}, "sex", "must be one of"),
        ({"onset": "slow"}, "onset", "must be one of"),
        ({"regions": ["leg"]}, "regions", "regions item 1: must be one of"),
        ({"regions": "neck"}, "regions", "must be a list"),
        ({"startback": STARTBACK[:8]}, "startback", "must be a list of 9 answers, got 8"),
        ({"startback": ["yes", *STARTBACK[1:]]}, "startback", "item 1 must be true or false"),
        ({"startback": [*STARTBACK[:8], "very"]}, "startback", "item 9 must be one of"),
        ({"startback": [*STARTBACK[:8], True]}, "startback", "item 9 must be one of"),
        ({"odi": [0] * 9}, "odi", "must be a list of 10 answers, got 9"),
        ({"odi": [0] * 11}, "odi", "must be a list of 10 answers, got 11"),
        ({"odi": [6] + [0] * 9}, "odi", "odi item 1: must be at most 5"),
        ({"odi": [0, -1] + [0] * 8}, "odi", "odi item 2: must be at least 0"),
        ({"ndi": [0] * 9 + ["2"]}, "ndi", "ndi item 10: must be a whole number"),
        ({"rmdq": [True] * 23}, "rmdq", "must be a list of 24 answers, got 23"),
        ({"rmdq": [1] * 24}, "rmdq", "rmdq item 1: must be true or false"),
    ],
)
def test_bad_input_names_the_key_in_one_line(data: dict[str, Any], key: str, words: str) -> None:
    with pytest.raises(BadInput) as caught:
        parse_answers(data)
    error = caught.value
    assert error.key == key
    assert str(error).startswith(f"{key}")
    assert words in str(error)
    assert "\n" not in str(error)


@pytest.mark.parametrize("data", [[], "x", 3, None])
def test_answers_must_be_an_object(data: object) -> None:
    with pytest.raises(BadInput, match="answers: must be a JSON object"):
        parse_answers(data)


def test_unknown_schema_version_is_rejected() -> None:
    with pytest.raises(BadInput, match="schema_version"):
        parse_answers({"schema_version": 2})


def test_the_model_is_strict_itself() -> None:
    """Adapters that bypass parse_answers still get no coercion."""
    with pytest.raises(ValueError, match="bool"):
        ScreeningAnswers.model_validate({"fever": "true"})

"""Red flags (screening.md "Red flags"): every rule fires on its case and not just past it.

Each case lists the answers and whether the flag is expected; the overall urgency is the
worst urgency of the flags that fired.
"""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load_library
from backcare.domain.screening import screen
from backcare.domain.types import URGENCIES
from backcare.services.screening import parse_answers, run_screening

SB_HIGH = [False, False, False, False, True, True, True, False, "very_much"]  # subscale 4
SB_NOT_HIGH = [True, True, True, True, True, True, True, False, "moderately"]  # subscale 3
# NG65 in a 42-year-old whose back pain began at 40 (not < 35: no feature) 20 weeks ago:
NG65_BASE: dict[str, Any] = {"age": 42, "onset_age": 40, "duration_weeks": 20}
NG65_FOUR = {
    "wakes_second_half_night": True,
    "buttock_pain": True,
    "improves_with_activity": True,
    "psoriasis_history": True,
}


def result(**answers: Any) -> dict[str, Any]:
    return run_screening(parse_answers(answers), load_library()).model_dump(mode="json")


def flags(**answers: Any) -> dict[str, dict[str, Any]]:
    return {flag["id"]: flag for flag in result(**answers)["red_flags"]}


CASES: list[tuple[str, dict[str, Any], bool]] = [
    # cauda_equina: any of five answers
    ("cauda_equina", {"saddle_numbness": True}, True),
    ("cauda_equina", {"bladder_change": True}, True),
    ("cauda_equina", {"bowel_incontinence": True}, True),
    ("cauda_equina", {"sexual_dysfunction_new": True}, True),
    ("cauda_equina", {"bilateral_leg_symptoms": True}, True),
    (
        "cauda_equina",
        {
            "saddle_numbness": False,
            "bladder_change": False,
            "bowel_incontinence": False,
            "sexual_dysfunction_new": False,
            "bilateral_leg_symptoms": False,
            "leg_pain_below_knee": True,
        },
        False,
    ),
    ("progressive_neuro_deficit", {"progressive_leg_weakness": True}, True),
    ("progressive_neuro_deficit", {"progressive_leg_weakness": False}, False),
    ("neck_vascular", {"neck_vascular_signs": True}, True),
    ("neck_vascular", {"neck_vascular_signs": False, "regions": ["neck"]}, False),
    # meningism (amended): fever with meningism signs; neck pain alone is not enough
    ("meningism", {"fever": True, "meningism_signs": True}, True),
    ("meningism", {"fever": True, "meningism_signs": True, "regions": ["low_back"]}, True),
    ("meningism", {"fever": True, "regions": ["neck"]}, False),
    ("meningism", {"fever": True, "meningism_signs": False, "regions": ["neck"]}, False),
    ("meningism", {"fever": False, "meningism_signs": True}, False),
    ("meningism", {"meningism_signs": True}, False),  # fever unknown: not present
    ("myelopathy", {"myelopathy_signs": True}, True),
    ("myelopathy", {"myelopathy_signs": False}, False),
    # progressive_arm_weakness (new, urgent)
    ("progressive_arm_weakness", {"progressive_arm_weakness": True}, True),
    ("progressive_arm_weakness", {"progressive_arm_weakness": False}, False),
    ("progressive_arm_weakness", {"arm_symptoms_below_elbow": True}, False),
    # malignancy: cancer history; or age >= 50 with weight loss or constant night pain
    ("malignancy", {"cancer_history": True}, True),
    ("malignancy", {"age": 50, "unexplained_weight_loss": True}, True),
    ("malignancy", {"age": 49, "unexplained_weight_loss": True}, False),
    ("malignancy", {"age": 50, "night_pain_constant": True}, True),
    ("malignancy", {"age": 49, "night_pain_constant": True}, False),
    ("malignancy", {"unexplained_weight_loss": True}, False),  # age unknown
    ("malignancy", {"age": 80, "cancer_history": False}, False),
    # malignancy_possible
    ("malignancy_possible", {"age": 49, "unexplained_weight_loss": True}, True),
    ("malignancy_possible", {"night_pain_constant": True}, True),
    ("malignancy_possible", {"age": 50, "unexplained_weight_loss": True}, False),
    ("malignancy_possible", {"cancer_history": True, "night_pain_constant": True}, False),
    ("malignancy_possible", {"age": 50, "onset": "gradual", "duration_weeks": 4}, True),
    ("malignancy_possible", {"age": 49, "onset": "gradual", "duration_weeks": 4}, False),
    ("malignancy_possible", {"age": 50, "onset": "gradual", "duration_weeks": 3.9}, False),
    ("malignancy_possible", {"age": 50, "onset": "sudden", "duration_weeks": 20}, False),
    (
        "malignancy_possible",
        {"age": 50, "onset": "gradual", "duration_weeks": 4, "minor_trauma": True},
        False,
    ),
    (
        "malignancy_possible",
        {"age": 50, "onset": "gradual", "duration_weeks": 4, "major_trauma": True},
        False,
    ),
    (
        "malignancy_possible",
        {"age": 50, "onset": "gradual", "duration_weeks": 4, "minor_trauma": False},
        True,
    ),
    # infection
    ("infection", {"fever": True}, True),
    ("infection", {"fever": True, "regions": ["low_back"]}, True),
    # amended: fever with neck pain alone is an infection (urgent), as for the back
    ("infection", {"fever": True, "regions": ["neck"]}, True),
    ("infection", {"fever": True, "regions": ["neck"], "meningism_signs": False}, True),
    ("infection", {"fever": True, "meningism_signs": True}, False),  # meningism fired instead
    ("infection", {"infection_risk": True, "night_pain_constant": True}, True),
    ("infection", {"infection_risk": True, "night_pain_constant": False}, False),
    ("infection", {"recent_spinal_surgery": True}, True),
    ("infection", {"recent_spinal_surgery": False, "fever": False}, False),
    ("infection_possible", {"infection_risk": True}, True),
    ("infection_possible", {"infection_risk": True, "fever": True}, False),
    ("infection_possible", {"infection_risk": False}, False),
    ("major_trauma", {"major_trauma": True}, True),
    ("major_trauma", {"major_trauma": False, "minor_trauma": True}, False),
    # fracture
    ("fracture", {"minor_trauma": True, "age": 50}, True),
    ("fracture", {"minor_trauma": True, "age": 49}, False),
    ("fracture", {"minor_trauma": True, "osteoporosis": True}, True),
    ("fracture", {"minor_trauma": True, "long_term_steroids": True}, True),
    ("fracture", {"minor_trauma": False, "age": 70, "long_term_steroids": True}, False),
    ("fracture", {"osteoporosis": True, "onset": "sudden"}, True),
    ("fracture", {"osteoporosis": True, "onset": "gradual"}, False),
    # amended: sudden onset with no trauma at all, when the bones may be fragile
    ("fracture", {"long_term_steroids": True, "onset": "sudden"}, True),
    ("fracture", {"long_term_steroids": True, "onset": "gradual"}, False),
    ("fracture", {"long_term_steroids": False, "onset": "sudden", "age": 69}, False),
    ("fracture", {"age": 70, "onset": "sudden"}, True),
    ("fracture", {"age": 69, "onset": "sudden"}, False),
    ("fracture", {"age": 70, "onset": "gradual"}, False),
    ("fracture", {"age": 70}, False),  # onset unknown
    (
        "fracture",
        {"age": 70, "onset": "sudden", "minor_trauma": False, "major_trauma": False},
        True,
    ),
    # axial_spa: NG65 refer (4 features) or HLA-B27 test (exactly 3)
    ("axial_spa", {**NG65_BASE, **NG65_FOUR}, True),
    ("axial_spa", {**NG65_BASE, **dict(list(NG65_FOUR.items())[:3])}, True),
    ("axial_spa", {**NG65_BASE, **dict(list(NG65_FOUR.items())[:2])}, False),
    ("axial_spa", {**NG65_BASE, **NG65_FOUR, "onset_age": 45}, False),
    ("young_onset", {"age": 19}, True),
    ("young_onset", {"age": 20}, False),
    # radicular: only when no flag above has fired
    ("radicular", {"leg_pain_below_knee": True}, True),
    ("radicular", {"leg_pain_below_knee": True, "cancer_history": True}, False),
    ("radicular", {"leg_pain_below_knee": True, "age": 18}, False),
    ("radicular", {"leg_pain_below_knee": False}, False),
    ("radicular", {"leg_pain_below_knee": True, "arm_symptoms_below_elbow": True}, True),
    # cervical_radicular (new): arm symptoms when no flag above `radicular` has fired
    ("cervical_radicular", {"arm_symptoms_below_elbow": True}, True),
    ("cervical_radicular", {"arm_symptoms_below_elbow": False}, False),
    ("cervical_radicular", {"arm_symptoms_below_elbow": True, "age": 19}, False),
    ("cervical_radicular", {"arm_symptoms_below_elbow": True, "age": 20}, True),
    ("cervical_radicular", {"arm_symptoms_below_elbow": True, "myelopathy_signs": True}, False),
    (
        "cervical_radicular",
        {"arm_symptoms_below_elbow": True, "progressive_arm_weakness": True},
        False,
    ),
    (
        "cervical_radicular",
        {"arm_symptoms_below_elbow": True, "leg_pain_below_knee": True},
        True,
    ),  # radicular itself does not count
    (
        "cervical_radicular",
        {"arm_symptoms_below_elbow": True, "startback": SB_HIGH},
        True,
    ),  # startback_high comes after it
    ("startback_high", {"startback": SB_HIGH}, True),
    ("startback_high", {"startback": SB_NOT_HIGH}, False),
]


@pytest.mark.parametrize(
    ("flag", "answers", "fires"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_red_flag_rule(flag: str, answers: dict[str, Any], fires: bool) -> None:
    assert (flag in flags(**answers)) is fires


@pytest.mark.parametrize(
    ("answers", "urgency"),
    [
        ({}, "self_care"),
        ({"saddle_numbness": True}, "emergency"),
        ({"progressive_leg_weakness": True}, "emergency"),
        ({"neck_vascular_signs": True}, "emergency"),
        ({"fever": True, "meningism_signs": True}, "emergency"),
        ({"fever": True, "regions": ["neck"]}, "urgent"),
        ({"progressive_arm_weakness": True}, "urgent"),
        ({"age": 74, "long_term_steroids": True, "onset": "sudden"}, "urgent"),
        ({"arm_symptoms_below_elbow": True}, "routine"),
        ({"major_trauma": True}, "emergency"),
        ({"myelopathy_signs": True}, "urgent"),
        ({"cancer_history": True}, "urgent"),
        ({"fever": True}, "urgent"),
        ({"minor_trauma": True, "age": 65}, "urgent"),
        ({"unexplained_weight_loss": True}, "soon"),
        ({"infection_risk": True}, "soon"),
        ({"age": 19}, "routine"),
        ({"leg_pain_below_knee": True}, "routine"),
        ({"startback": SB_HIGH}, "routine"),
        ({"cancer_history": True, "bladder_change": True, "age": 19}, "emergency"),
    ],
)
def test_urgency_is_the_worst_flag(answers: dict[str, Any], urgency: str) -> None:
    found = result(**answers)
    assert found["urgency"] == urgency
    worst = min((f["urgency"] for f in found["red_flags"]), key=URGENCIES.index, default=None)
    assert (worst or "self_care") == urgency


def test_because_names_the_answers_that_fired_each_flag() -> None:
    found = flags(saddle_numbness=True, bladder_change=False, age=62, unexplained_weight_loss=True)
    assert found["cauda_equina"] == {
        "id": "cauda_equina",
        "urgency": "emergency",
        "because": ["saddle_numbness"],
    }
    assert found["malignancy"]["because"] == ["age", "unexplained_weight_loss"]
    assert found["malignancy"]["urgency"] == "urgent"


def test_axial_spa_names_the_ng65_features_behind_it() -> None:
    found = flags(**NG65_BASE, **NG65_FOUR)
    assert found["axial_spa"]["urgency"] == "routine"
    assert set(found["axial_spa"]["because"]) == {
        "wakes_second_half_night",
        "buttock_pain",
        "improves_with_activity",
        "psoriasis_history",
    }


def test_unanswered_lists_unknown_red_flag_items_and_only_those() -> None:
    everything = result()["unanswered"]
    for key in ("saddle_numbness", "fever", "cancer_history", "major_trauma", "age"):
        assert key in everything
    assert "crosses_legs" not in everything  # not a red-flag item
    answered = result(fever=False, saddle_numbness=True, age=40)["unanswered"]
    assert "fever" not in answered
    assert "saddle_numbness" not in answered
    assert "age" not in answered
    assert "bladder_change" in answered


def test_flags_on_derived_results_name_the_answers_behind_them() -> None:
    assert flags(startback=SB_HIGH)["startback_high"]["because"] == ["startback"]
    assert flags(age=18)["young_onset"]["because"] == ["age"]
    assert flags(fever=True, meningism_signs=True)["meningism"]["because"] == [
        "fever",
        "meningism_signs",
    ]


# --- "Not sure" (amended): counts as yes for the flag it feeds, and the flag says so ---------


@pytest.mark.parametrize(
    ("key", "flag", "urgency"),
    [
        ("saddle_numbness", "cauda_equina", "emergency"),
        ("sexual_dysfunction_new", "cauda_equina", "emergency"),
        ("progressive_leg_weakness", "progressive_neuro_deficit", "emergency"),
        ("myelopathy_signs", "myelopathy", "urgent"),
        ("progressive_arm_weakness", "progressive_arm_weakness", "urgent"),
        ("cancer_history", "malignancy", "urgent"),
        ("recent_spinal_surgery", "infection", "urgent"),
        ("arm_symptoms_below_elbow", "cervical_radicular", "routine"),
        ("leg_pain_below_knee", "radicular", "routine"),
    ],
)
def test_not_sure_counts_as_yes_and_says_so(key: str, flag: str, urgency: str) -> None:
    found = result(**{key: "not_sure"})
    hit = next(f for f in found["red_flags"] if f["id"] == flag)
    assert hit["urgency"] == urgency
    assert hit["because"] == [key]
    assert hit["not_sure"] == [key]
    assert key not in found["unanswered"]  # "not sure" is an answer


def test_not_sure_feeds_the_flag_with_its_partner_answers() -> None:
    hit = flags(fever=True, meningism_signs="not_sure")["meningism"]
    assert hit["because"] == ["fever", "meningism_signs"]
    assert hit["not_sure"] == ["meningism_signs"]
    fracture = flags(age=74, long_term_steroids="not_sure", onset="sudden")["fracture"]
    # age 74 alone would fire it; the "not sure" steroids still count and are named
    assert fracture["because"] == ["onset", "long_term_steroids", "age"]
    assert fracture["not_sure"] == ["long_term_steroids"]
    osteo = flags(age=60, osteoporosis="not_sure", onset="sudden")["fracture"]
    assert osteo["not_sure"] == ["osteoporosis"]


def test_a_plain_yes_or_no_carries_no_not_sure_field() -> None:
    assert "not_sure" not in flags(saddle_numbness=True)["cauda_equina"]


def test_not_sure_never_supports_a_cause() -> None:
    found = result(age=60, long_term_steroids="not_sure", osteoporosis="not_sure")
    for hit in found["causes"]:
        assert "long_term_steroids" not in hit["because"]
        assert "osteoporosis" not in hit["because"]


# --- Flags with many parts say which answers fired them (amended) --------------------------


def test_the_slow_onset_rule_explains_itself_with_the_answers_it_used() -> None:
    hit = flags(age=62, onset="gradual", duration_weeks=6.0, minor_trauma=False)[
        "malignancy_possible"
    ]
    assert hit["because"] == ["age", "onset", "duration_weeks"]
    [why] = hit["why"]
    assert "62" in why
    assert "6 weeks" in why
    assert "gradually" in why


def test_the_weight_loss_branch_explains_only_itself() -> None:
    hit = flags(age=45, unexplained_weight_loss=True)["malignancy_possible"]
    assert hit["why"] == ["You have lost weight without trying."]


def test_fracture_without_trauma_says_why() -> None:
    hit = flags(age=74, long_term_steroids=True, onset="sudden")["fracture"]
    assert len(hit["why"]) == 1
    assert "suddenly" in hit["why"][0]
    assert "without any fall" in hit["why"][0]


def test_notes_follow_the_language() -> None:
    found = screen(
        parse_answers({"age": 62, "onset": "gradual", "duration_weeks": 8}),
        load_library(),
        lang="zh",
    ).model_dump(mode="json")
    hit = next(f for f in found["red_flags"] if f["id"] == "malignancy_possible")
    assert "62 岁" in hit["why"][0]
    assert "8 周" in hit["why"][0]

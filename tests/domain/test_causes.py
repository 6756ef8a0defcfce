"""Causes named by what the answers support (issue 12): no disc label for simple back pain, no
wear-and-tear or thinning bones for a young person."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load_library
from backcare.services.screening import parse_answers, run_screening

# A desk worker whose back is stiff in the morning, aches after long work, in the cold and
# when tired: every pattern answer the wear-and-tear causes read, and no leg symptoms.
PATTERN = {
    "worse_on_rising": True,
    "worse_after_long_work": True,
    "worse_with_cold": True,
    "worse_with_fatigue": True,
    "heavy_physical_work": True,
    "improves_with_activity": True,
    "sitting_hours_per_day": 9,
    "crosses_legs": True,
    "leg_pain_below_knee": False,
}
AGE_BOUND = ("degenerative_bone", "hypertrophic_spondylitis")


def causes(**answers: Any) -> dict[str, dict[str, Any]]:
    result = run_screening(parse_answers(answers), load_library()).model_dump(mode="json")
    return {c["id"]: c for c in result["causes"]}


def test_a_24_year_old_gets_no_wear_and_tear_or_thin_bones() -> None:
    found = causes(age=24, **PATTERN)
    for cause_id in AGE_BOUND:
        assert cause_id not in found, cause_id
    assert "strain_circulation" in found  # the pattern still points somewhere


@pytest.mark.parametrize(("age", "listed"), [(44, False), (45, True)])
def test_the_morning_pattern_counts_for_bone_from_45(age: int, listed: bool) -> None:
    found = causes(age=age, worse_on_rising=True)
    assert ("degenerative_bone" in found) is listed


@pytest.mark.parametrize(("age", "listed"), [(39, False), (40, True)])
def test_cold_and_fatigue_count_for_spondylitis_from_40(age: int, listed: bool) -> None:
    found = causes(age=age, worse_with_cold=True, worse_with_fatigue=True)
    assert ("hypertrophic_spondylitis" in found) is listed


def test_without_an_age_the_pattern_alone_names_no_age_bound_cause() -> None:
    found = causes(**PATTERN)
    for cause_id in AGE_BOUND:
        assert cause_id not in found, cause_id


def test_known_osteoporosis_is_named_whatever_the_age() -> None:
    found = causes(age=24, osteoporosis=True)
    assert "osteoporosis" in found["degenerative_bone"]["because"]


def test_simple_back_pain_is_not_called_a_disc_problem() -> None:
    library = load_library()
    posture = library.causes["posture_disc"]
    for text in (posture.name.en, posture.summary.en, posture.what_to_do.en):
        assert "disc" not in text.lower(), text
    assert "椎间盘" not in (posture.name.zh or "")
    found = causes(age=35, sitting_hours_per_day=9, crosses_legs=True, leg_pain_below_knee=False)
    hit = found["posture_disc"]
    assert hit["because"] == ["crosses_legs", "sitting_hours_per_day"]
    assert not [why for why in hit["why"] if "disc" in why.lower()]


def test_leg_pain_below_the_knee_is_what_brings_a_nerve_or_disc_into_it() -> None:
    found = causes(age=35, sitting_hours_per_day=9, leg_pain_below_knee=True)
    why = " ".join(found["posture_disc"]["why"])
    assert "nerve" in why
    assert "disc" in why

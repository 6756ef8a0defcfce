"""Inflammatory back pain (screening.md): Calin, ASAS, Berlin, NICE NG65 and the article's
seven features; counts, thresholds (each with the case just past it) and applicability."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.content import load_library
from backcare.services.screening import parse_answers, run_screening

# Everything Calin counts, in a 32-year-old man whose pain began at 25, 20 weeks ago.
CALIN_ALL: dict[str, Any] = {
    "age": 32,
    "onset_age": 25,
    "duration_weeks": 20,
    "onset": "gradual",
    "morning_stiffness_minutes": 45,
    "improves_with_activity": True,
}


def ibp(**answers: Any) -> dict[str, Any]:
    found = run_screening(parse_answers(answers), load_library()).model_dump(mode="json")
    return dict(found["ibp"])


def without(data: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in keys}


# --- Calin 1977: 4 of 5 ----------------------------------------------------------------------


def test_calin_all_five() -> None:
    assert ibp(**CALIN_ALL)["calin"] == {"applicable": True, "count": 5, "of": 5, "met": True}


def test_calin_met_at_four_not_at_three() -> None:
    four = without(CALIN_ALL, "improves_with_activity")
    three = without(four, "morning_stiffness_minutes")
    assert ibp(**four)["calin"]["met"] is True
    assert ibp(**three)["calin"] == {"applicable": True, "count": 3, "of": 5, "met": False}


@pytest.mark.parametrize(
    ("change", "count"),
    [
        ({"onset_age": 39}, 5),
        ({"onset_age": 40}, 4),
        ({"duration_weeks": 13}, 5),
        ({"duration_weeks": 12}, 4),
        ({"duration_weeks": 12.9}, 4),
        ({"onset": "sudden"}, 4),
        ({"morning_stiffness_minutes": 1}, 5),
        ({"morning_stiffness_minutes": 0}, 4),
        ({"improves_with_activity": False}, 4),
    ],
)
def test_calin_item_thresholds(change: dict[str, Any], count: int) -> None:
    assert ibp(**{**CALIN_ALL, **change})["calin"]["count"] == count


def test_criteria_do_not_apply_to_neck_or_shoulder_pain_only() -> None:
    found = ibp(**CALIN_ALL, regions=["neck", "shoulder"])
    for cid in ("calin", "asas", "berlin"):
        assert found[cid]["applicable"] is False
        assert found[cid]["met"] is False
    assert found["ng65"]["applicable"] is False
    assert found["ng65"]["refer"] is False
    assert found["ng65"]["hla_b27_test"] is False
    assert found["article"]["applicable"] is False
    # counted all the same, so a form can show what was present
    assert found["calin"]["count"] == 5


@pytest.mark.parametrize("regions", [["low_back"], ["mid_back"], ["neck", "mid_back"]])
def test_criteria_apply_to_back_pain(regions: list[str]) -> None:
    assert ibp(**CALIN_ALL, regions=regions)["calin"]["met"] is True


# --- ASAS 2009: 4 of 5, chronic back pain ----------------------------------------------------

ASAS_ALL: dict[str, Any] = {
    "age": 30,
    "onset_age": 28,
    "duration_weeks": 13,
    "onset": "gradual",
    "improves_with_activity": True,
    "improves_with_rest": False,
    "night_pain": True,
}


def test_asas_all_five_and_thresholds() -> None:
    assert ibp(**ASAS_ALL)["asas"] == {"applicable": True, "count": 5, "of": 5, "met": True}
    four = without(ASAS_ALL, "night_pain")
    three = without(four, "onset")
    assert ibp(**four)["asas"]["met"] is True
    assert ibp(**three)["asas"] == {"applicable": True, "count": 3, "of": 5, "met": False}


def test_asas_needs_an_explicit_no_to_relief_by_rest() -> None:
    assert ibp(**without(ASAS_ALL, "improves_with_rest"))["asas"]["count"] == 4
    assert ibp(**{**ASAS_ALL, "improves_with_rest": True})["asas"]["count"] == 4


def test_asas_applies_from_13_weeks() -> None:
    assert ibp(**{**ASAS_ALL, "duration_weeks": 12})["asas"]["applicable"] is False
    assert ibp(**{**ASAS_ALL, "duration_weeks": 12})["asas"]["met"] is False
    assert ibp(**without(ASAS_ALL, "duration_weeks"))["asas"]["applicable"] is False


# --- Berlin 2006: 2 of 4, under 50, chronic ---------------------------------------------------

BERLIN_TWO: dict[str, Any] = {
    "age": 49,
    "duration_weeks": 13,
    "morning_stiffness_minutes": 31,
    "alternating_buttock_pain": True,
}


def test_berlin_met_at_two_not_one() -> None:
    assert ibp(**BERLIN_TWO)["berlin"] == {"applicable": True, "count": 2, "of": 4, "met": True}
    one = without(BERLIN_TWO, "alternating_buttock_pain")
    assert ibp(**one)["berlin"] == {"applicable": True, "count": 1, "of": 4, "met": False}


def test_berlin_morning_stiffness_is_more_than_30_minutes() -> None:
    assert ibp(**{**BERLIN_TWO, "morning_stiffness_minutes": 30})["berlin"]["count"] == 1


def test_berlin_exercise_item_needs_both_parts() -> None:
    base = {"age": 30, "duration_weeks": 20}
    both = ibp(**base, improves_with_activity=True, improves_with_rest=False)
    assert both["berlin"]["count"] == 1
    assert ibp(**base, improves_with_activity=True)["berlin"]["count"] == 0
    assert ibp(**base, wakes_second_half_night=True)["berlin"]["count"] == 1


def test_berlin_applies_under_50_only() -> None:
    assert ibp(**{**BERLIN_TWO, "age": 50})["berlin"] == {
        "applicable": False,
        "count": 2,
        "of": 4,
        "met": False,
    }
    assert ibp(**{**BERLIN_TWO, "duration_weeks": 12})["berlin"]["applicable"] is False


# --- NICE NG65 -------------------------------------------------------------------------------

NG65_BASE: dict[str, Any] = {"age": 44, "onset_age": 44, "duration_weeks": 13}
FEATURES: list[tuple[str, Any]] = [
    ("wakes_second_half_night", True),
    ("buttock_pain", True),
    ("improves_with_activity", True),
    ("nsaid_response_48h", True),
    ("family_history_spa", True),
    ("arthritis_history", True),
    ("enthesitis_history", True),
    ("psoriasis_history", True),
]


@pytest.mark.parametrize(
    ("n", "refer", "hla"),
    [(0, False, False), (2, False, False), (3, False, True), (4, True, False)],
)
def test_ng65_refer_at_four_hla_b27_at_exactly_three(n: int, refer: bool, hla: bool) -> None:
    found = ibp(**NG65_BASE, **dict(FEATURES[:n]))["ng65"]
    assert found == {"applicable": True, "count": n, "refer": refer, "hla_b27_test": hla}


def test_ng65_counts_all_nine_features() -> None:
    found = ibp(**{**NG65_BASE, "onset_age": 34}, **dict(FEATURES))["ng65"]
    assert found == {"applicable": True, "count": 9, "refer": True, "hla_b27_test": False}


def test_ng65_onset_before_35_is_a_feature() -> None:
    assert ibp(**{**NG65_BASE, "onset_age": 34})["ng65"]["count"] == 1
    assert ibp(**{**NG65_BASE, "onset_age": 35})["ng65"]["count"] == 0


def test_ng65_buttock_pain_counts_once_either_way() -> None:
    assert ibp(**NG65_BASE, alternating_buttock_pain=True)["ng65"]["count"] == 1
    both = ibp(**NG65_BASE, buttock_pain=True, alternating_buttock_pain=True)
    assert both["ng65"]["count"] == 1


@pytest.mark.parametrize(
    ("change", "applicable"),
    [
        ({}, True),
        ({"onset_age": 45}, False),
        ({"duration_weeks": 12}, False),
        ({"duration_weeks": 12.99}, False),
        ({"onset_age": None}, False),
    ],
)
def test_ng65_applies_to_onset_before_45_lasting_3_months(
    change: dict[str, Any], applicable: bool
) -> None:
    answers = {**NG65_BASE, **dict(FEATURES[:4]), **change}
    found = ibp(**{k: v for k, v in answers.items() if v is not None})["ng65"]
    assert found["applicable"] is applicable
    assert found["refer"] is applicable


# --- The article's seven features -------------------------------------------------------------


def test_article_counts_calin_items_sex_and_family() -> None:
    assert ibp(**CALIN_ALL)["article"] == {"count": 5, "of": 7, "applicable": True}
    full = ibp(**CALIN_ALL, sex="male", family_history_spa=True)["article"]
    assert full == {"count": 7, "of": 7, "applicable": True}
    assert ibp(**CALIN_ALL, sex="female")["article"]["count"] == 5


def test_every_entry_is_present_with_nothing_answered() -> None:
    found = ibp()
    assert set(found) == {"calin", "asas", "berlin", "ng65", "article"}
    assert found["calin"] == {"applicable": True, "count": 0, "of": 5, "met": False}
    assert found["asas"]["applicable"] is False
    assert found["ng65"] == {"applicable": False, "count": 0, "refer": False, "hla_b27_test": False}

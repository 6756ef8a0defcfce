"""The advice a person in pain asks about (issue 13): each topic exists in English and
Chinese, cites the sources that say it, and reaches the screening result of the people it is
for, and only them where it is specific."""

from __future__ import annotations

import re
from typing import Any

import pytest

from backcare.domain.library import Library
from backcare.services.screening import parse_answers, run_screening
from tests.answers import complete

# topic -> (sources it must cite, answers that must show it, answers that must not or None)
TOPICS: dict[str, tuple[set[str], dict[str, Any], dict[str, Any] | None]] = {
    "flare_up_plan": ({"nice_ng59"}, {"regions": ["low_back"]}, {"saddle_numbness": True}),
    "pain_education": (
        {"nice_ng59", "moseley_butler_2015"},
        {"regions": ["low_back"]},
        {"saddle_numbness": True},
    ),
    "sciatica": (
        {"nice_ng59", "may_aina_2012", "greenhalgh_2018"},
        {"regions": ["low_back"], "leg_pain_below_knee": True},
        {"regions": ["low_back"], "leg_pain_below_knee": False},
    ),
    "return_to_work": ({"nice_ng59"}, {"heavy_physical_work": True}, {"saddle_numbness": True}),
    "medicines": (
        {"nice_ng59"},
        {"regions": ["low_back"]},
        {"regions": ["neck"]},
    ),
    "sleep_and_getting_up": ({"mayo_sleep_positions", "healthwise_sleeping"}, {}, None),
    "falls_and_balance": (
        {"giangregorio_2014", "sherrington_2019"},
        {"osteoporosis": True},
        {"osteoporosis": False},
    ),
    "pelvic_girdle_pain": (
        {"vleeming_2008", "acog_2020"},
        {"pregnant": True},
        {"pregnant": False, "sex": "male"},
    ),
    "breathing_chest_expansion": (
        {"ramiro_2023", "dagfinrud_2008"},
        {
            "age": 30,
            "onset_age": 30,
            "duration_weeks": 20,
            "wakes_second_half_night": True,
            "improves_with_activity": True,
            "family_history_spa": True,
        },
        {"age": 30},
    ),
}


def advice_ids(library: Library, **answers: Any) -> list[str]:
    """Advice for a complete screening (amended spec: an incomplete one allows no exercise,
    so advice that goes with exercising would not show)."""
    result = run_screening(parse_answers(complete(**answers)), library)
    return [item.id for item in result.advice]


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_is_sourced_in_both_languages(library: Library, topic: str) -> None:
    advice = library.advice.get(topic)
    assert advice is not None, f"no advice {topic!r}"
    sources, _, _ = TOPICS[topic]
    assert sources <= set(advice.sources), sorted(sources - set(advice.sources))
    assert advice.title.zh
    assert advice.text.zh


@pytest.mark.parametrize("topic", sorted(TOPICS))
def test_each_topic_reaches_the_people_it_is_for(library: Library, topic: str) -> None:
    _, shown_for, hidden_for = TOPICS[topic]
    assert topic in advice_ids(library, **shown_for)
    if hidden_for is not None:
        assert topic not in advice_ids(library, **hidden_for)


def test_medicines_follow_nice_and_never_prescribe_a_dose(library: Library) -> None:
    text = library.advice["medicines"].text
    en = text.en.lower()
    for named in ("anti-inflammator", "paracetamol on its own", "opioid", "gabapentin"):
        assert named in en, named
    assert "pregabalin" in en
    assert "sciatica" in en
    for lang in (text.en, text.get("zh")):
        assert not re.search(r"\d\s*(mg|g|ml|毫克|克)\b|\d+\s*(times|次)", lang), lang
    assert "pharmacist" in en or "doctor" in en


def test_sciatica_explains_spreading_and_centralising_and_when_to_call(library: Library) -> None:
    en = library.advice["sciatica"].text.en.lower()
    assert "spread" in en
    assert "centralis" in en
    assert "emergency" in en
    assert "weakness" in en


def test_the_flare_up_plan_covers_the_first_48_hours_stopping_and_restarting(
    library: Library,
) -> None:
    en = library.advice["flare_up_plan"].text.en.lower()
    assert "48 hours" in en
    assert "stop" in en
    assert "restart" in en

"""`screen_json` is the screening's JSON form made without its models (the web API's fast
path saves and sends it): over any valid answers, in both languages, it is exactly what
`screen(...).model_dump(mode="json")` gives, down to the order of the keys and the bytes
of the JSON written from it."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import to_json

from backcare.content import load_library
from backcare.domain.answers import ScreeningAnswers
from backcare.domain.screening import ScreeningResult, screen, screen_json
from tests.domain.test_screening_properties import answer_sets


def both(answers: dict[str, Any], lang: str) -> tuple[dict[str, Any], dict[str, Any]]:
    parsed = ScreeningAnswers.model_validate(answers)
    library = load_library()
    return screen_json(parsed, library, lang=lang), screen(parsed, library, lang=lang).model_dump(
        mode="json"
    )


@settings(max_examples=300, deadline=None)
@given(answer_sets(), st.sampled_from(["en", "zh"]))
def test_the_json_form_is_the_models_dump(answers: dict[str, Any], lang: str) -> None:
    made, dumped = both(answers, lang)
    assert to_json(made) == to_json(dumped)  # the same keys, values and order
    assert ScreeningResult.model_validate(made).model_dump(mode="json") == made


def test_red_flags_advice_and_every_questionnaire_appear_alike() -> None:
    answers = {
        "age": 58,
        "regions": ["low_back", "neck"],
        "pain_now": 8,
        "fever": "not_sure",
        "saddle_numbness": True,
        "unexplained_weight_loss": True,
        "morning_stiffness_minutes": 45,
        "startback": [True] * 8 + ["extremely"],
        "odi": [3] * 10,
        "rmdq": [True] * 12 + [False] * 12,
        "ndi": [2] * 9 + [None],
    }
    for lang in ("en", "zh"):
        made, dumped = both(answers, lang)
        assert made["red_flags"]
        assert made["advice"]
        assert len(made["instruments"]) == 5
        assert to_json(made) == to_json(dumped)


def test_each_result_has_its_own_lists() -> None:
    """The parts kept between screenings (the advice per language) are not handed out: a
    caller changing one result changes no other."""
    first, _ = both({"age": 40, "regions": ["low_back"]}, "en")
    first["advice"][0]["text"] = "changed"
    first["advice"].clear()
    second, dumped = both({"age": 40, "regions": ["low_back"]}, "en")
    assert second == dumped

"""The question catalogue: every answer key asked once, warning signs first, questions that
cannot matter skipped, replies parsed strictly."""

from __future__ import annotations

import typing
from typing import Any

import pytest

from backcare.content import load_library
from backcare.domain.answers import ANSWER_KEYS, ScreeningAnswers
from backcare.domain.questions import GROUPS, Question, next_question, parse_reply, pending


def questions() -> tuple[Question, ...]:
    return load_library().questions


def by_key() -> dict[str, Question]:
    return {q.key: q for q in questions()}


def keys_asked(answers: dict[str, Any]) -> list[str]:
    return [q.key for q in pending(questions(), ScreeningAnswers.model_validate(answers))]


def test_every_answer_key_has_exactly_one_question() -> None:
    keys = [q.key for q in questions()]
    assert sorted(keys) == sorted(ANSWER_KEYS)
    assert len(keys) == len(set(keys))


def test_red_flag_questions_come_first_and_groups_are_in_order() -> None:
    groups = [q.group for q in questions()]
    assert groups == sorted(groups, key=GROUPS.index)
    assert groups[0] == "red_flags"
    emergency = [i for i, q in enumerate(questions()) if q.emergency_if_true]
    assert emergency
    assert max(emergency) < min(i for i, q in enumerate(questions()) if q.group != "red_flags")


def test_emergency_markers_match_the_emergency_flags() -> None:
    lib = load_library()
    emergency_keys = set()
    for flag in lib.red_flags:
        if flag.urgency == "emergency":
            emergency_keys |= flag.when.keys()
    marked = {q.key for q in questions() if q.emergency_if_true}
    # Every marked question fires an emergency flag on its own; fever and meningism signs
    # only together (amended spec).
    assert marked == emergency_keys - {"fever", "meningism_signs"}


def test_choice_options_are_the_answer_values() -> None:
    found = by_key()
    hints = typing.get_type_hints(ScreeningAnswers)
    for key in ("sex", "onset"):
        allowed = typing.get_args(typing.get_args(hints[key])[0])
        assert [o.value for o in found[key].options] == list(allowed)
    assert [o.value for o in found["regions"].options] == [
        "low_back",
        "mid_back",
        "neck",
        "shoulder",
    ]


def test_ndi_is_skipped_when_the_neck_is_not_involved() -> None:
    assert "ndi" not in keys_asked({"regions": ["low_back"]})
    assert "ndi" in keys_asked({"regions": ["low_back", "neck"]})
    assert "odi" not in keys_asked({"regions": ["neck"]})
    assert "odi" in keys_asked({})


def test_follow_up_questions_only_when_they_can_matter() -> None:
    assert "alternating_buttock_pain" not in keys_asked({"buttock_pain": False})
    assert "alternating_buttock_pain" in keys_asked({"buttock_pain": True})
    assert "pregnant" not in keys_asked({"sex": "male"})
    assert "pregnant" in keys_asked({"sex": "female"})
    # a safety question is asked of everyone (amended spec), whatever hurts
    assert "neck_vascular_signs" in keys_asked({"regions": ["low_back"]})
    assert "neck_vascular_signs" in keys_asked({})


def test_every_safety_question_is_asked_of_everyone() -> None:
    from backcare.domain.answers import COMPLETE_KEYS

    for answers in ({}, {"regions": ["low_back"]}, {"regions": ["neck"], "sex": "male"}):
        asked = keys_asked(answers)
        assert set(COMPLETE_KEYS) <= set(asked)
    safety = [q for q in questions() if q.safety]
    assert {q.key for q in safety} == set(COMPLETE_KEYS)
    assert all(q.relevant_when is None and not q.optional for q in safety)


def test_a_safety_question_cannot_be_made_skippable() -> None:
    with pytest.raises(ValueError, match="safety question"):
        Question.model_validate(
            {
                "key": "fever",
                "group": "red_flags",
                "kind": "bool",
                "text": "x",
                "relevant_when": {"key": "regions", "contains": "neck"},
            }
        )


def test_next_question_walks_in_order_and_skips_answered() -> None:
    first = next_question(questions(), ScreeningAnswers())
    assert first is not None
    assert first.key == "regions"
    after = next_question(questions(), ScreeningAnswers(regions=["neck"], age=40))
    assert after is not None
    assert after.key == "saddle_numbness"
    answered = {q.key: False for q in questions() if q.kind == "bool"}
    left = keys_asked({**answered, "regions": ["low_back"], "age": 40})
    assert "saddle_numbness" not in left
    assert left[0] == "sex"


def test_questionnaires_are_optional() -> None:
    for question in questions():
        assert question.optional is (question.kind == "instrument")


@pytest.mark.parametrize(
    ("key", "reply", "value"),
    [
        ("fever", "y", True),
        ("fever", "No", False),
        ("fever", "?", "not_sure"),
        ("fever", "Not  sure", "not_sure"),
        ("fever", "不确定", "not_sure"),
        ("crosses_legs", "", None),  # not a safety question: Enter skips it
        ("age", " 50 ", 50),
        ("duration_weeks", "12.5", 12.5),
        ("sex", "2", "male"),
        ("sex", "female", "female"),
        ("regions", "1,3", ["low_back", "neck"]),
        ("regions", "neck low_back neck", ["neck", "low_back"]),
    ],
)
def test_parse_reply(key: str, reply: str, value: Any) -> None:
    assert parse_reply(by_key()[key], reply) == value


@pytest.mark.parametrize(
    ("key", "reply", "words"),
    [
        ("fever", "maybe", "yes, no or not sure"),
        ("fever", "", "safety question"),  # no skipping a safety question
        ("age", "", "cannot be skipped"),
        ("crosses_legs", "?", "yes or no"),  # "not sure" only where it is a safety answer
        ("age", "fifty", "whole number"),
        ("age", "15", "at least 16"),
        ("pain_now", "11", "at most 10"),
        ("duration_weeks", "nan", "finite"),
        ("sex", "9", "choose one of"),
        ("regions", "1,leg", "choose one of"),
    ],
)
def test_parse_reply_rejects_with_a_plain_message(key: str, reply: str, words: str) -> None:
    with pytest.raises(ValueError, match=words):
        parse_reply(by_key()[key], reply)


def test_a_question_must_fill_a_real_answer_key() -> None:
    with pytest.raises(ValueError, match="not an answer key"):
        Question.model_validate({"key": "fevr", "group": "red_flags", "kind": "bool", "text": "x"})


def test_number_questions_use_the_answer_ranges() -> None:
    for question in questions():
        if question.kind not in ("int", "number"):
            continue
        field = ScreeningAnswers.model_fields[question.key]
        bounds = {type(m).__name__: m for m in field.metadata}
        low = getattr(bounds.get("Ge"), "ge", None)
        high = getattr(bounds.get("Le"), "le", None)
        assert question.min == low, question.key
        assert question.max == high, question.key

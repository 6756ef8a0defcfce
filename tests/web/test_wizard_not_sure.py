"""The wizard's server side reads "not sure" for a safety question (screening.md), and only
there: a pattern question has no such answer."""

from __future__ import annotations

from backcare.content import load_library
from backcare.web.wizard import read_step


def test_not_sure_is_read_for_a_safety_question_only() -> None:
    lib = load_library()
    by_key = {q.key: q for q in lib.questions}
    step = [by_key["saddle_numbness"], by_key["crosses_legs"]]
    form = {"saddle_numbness": "not_sure", "crosses_legs": "not_sure"}
    found = read_step(step, form, lambda key: [], lib)
    assert found == {"saddle_numbness": "not_sure"}

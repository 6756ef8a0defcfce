"""One h1 per state of the screening page, however htmx swapped the wizard in (#wizard,
outerHTML): a step, the result. Focus lands on the new state's heading, so a
screen reader hears where it is."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.steps import answer_warning_signs, until, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.slow]

FOCUSED_ID = "document.activeElement && document.activeElement.id"


def _h1s(page: Any) -> list[str]:
    return [text.strip() for text in page.locator("h1").all_inner_texts()]


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_a_step_and_the_result_each_have_one_h1(chromium: Any, live_server: str, lang: str) -> None:
    context = chromium.new_context()
    page = context.new_page()
    problems = watch_console(page)
    page.goto(f"{live_server}/screening?lang={lang}")
    assert len(_h1s(page)) == 1
    page.locator("#q-age").fill("45")
    answer_warning_signs(page, "no")
    page.locator("button[name=next]").click()
    page.locator("#q-pain_now").wait_for()  # the next step, swapped in
    assert len(_h1s(page)) == 1, _h1s(page)
    until(lambda: page.evaluate(FOCUSED_ID) == "step-title")
    page.locator("button[name=finish]").click()
    until(lambda: page.locator("form[hx-post='/screening']").count() == 0)  # the result
    assert len(_h1s(page)) == 1, _h1s(page)
    until(lambda: page.evaluate(FOCUSED_ID) == "step-title")
    assert problems == []
    context.close()

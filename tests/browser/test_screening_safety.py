"""The screening's warning-sign questions on a phone: each an explicit Yes / No / Not sure in
its own fieldset (legend = the question), targets at least 48 px tall, and the form does not go
on while one is left out: the step comes back with that question marked and the other answers
kept (screening.md: the web form cannot skip a safety question). "Not sure" is sent as
"not_sure" and, on an emergency question, counts as yes at once."""

from __future__ import annotations

from typing import Any

import pytest

from backcare.domain.answers import SAFETY_KEYS
from tests.browser.steps import PHONE, answer_warning_signs, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.slow]

LABELS = {"en": ("Yes", "No", "Not sure"), "zh_Hans": ("是", "否", "不确定")}


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_each_warning_sign_is_a_yes_no_not_sure_choice_on_a_phone(
    chromium: Any, live_server: str, lang: str, shoot: Any
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    problems = watch_console(page)
    page.goto(f"{live_server}/screening?lang={lang}")
    groups = page.locator("#wizard fieldset.safety-question")
    assert groups.count() == len(SAFETY_KEYS)
    for key in SAFETY_KEYS:
        group = page.locator(f"#f-{key}")
        assert group.locator("legend").inner_text().strip(), key
        radios = group.get_by_role("radio")
        assert radios.count() == 3, key
        # each is named by its visible label, in the page's language
        for label in LABELS[lang]:
            assert group.get_by_role("radio", name=label, exact=True).count() == 1, (key, label)
        for choice in group.locator("label.choice").all():
            box = choice.bounding_box()
            assert box["height"] >= 48, (key, box)
            assert box["x"] + box["width"] <= PHONE["width"], (key, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    shoot(page, f"screening-safety-{lang}-phone", full_page=False)
    assert problems == []
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_the_form_does_not_go_on_until_each_is_answered(
    chromium: Any, live_server: str, lang: str, shoot: Any
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    problems = watch_console(page)
    page.goto(f"{live_server}/screening?lang={lang}")
    page.locator("#q-age").fill("52")
    answer_warning_signs(page, "no", skip=("osteoporosis", "fever"))
    page.locator("#q-long_term_steroids-not_sure").check()
    page.locator("button[name=next]").click()
    page.locator(".error-summary").wait_for()
    # still the first step, the two left out marked, the rest kept
    assert page.locator("#f-osteoporosis .choice input[aria-invalid=true]").count() == 3
    assert page.locator("#f-fever .choice input[aria-invalid=true]").count() == 3
    assert page.locator("#e-osteoporosis").is_visible()
    assert page.locator("#f-saddle_numbness input[aria-invalid=true]").count() == 0
    assert page.locator("#q-long_term_steroids-not_sure").is_checked()
    assert page.locator("#q-saddle_numbness-no").is_checked()
    assert page.locator("#q-age").input_value() == "52"
    described = page.locator("#f-osteoporosis").get_attribute("aria-describedby")
    assert described == "e-osteoporosis"
    if lang == "zh_Hans":
        assert "不确定" in page.locator("#e-osteoporosis").inner_text()
    shoot(page, f"screening-safety-missing-{lang}-phone", full_page=False)
    # the summary links to the questions left out
    page.locator(".error-summary a[href='#f-fever']").click()
    page.locator("#q-fever-no").check()
    page.locator("#q-osteoporosis-not_sure").check()
    page.locator("button[name=next]").click()
    page.locator("#q-pain_now").wait_for()  # the next step
    carried = page.locator("input[name=answers]").input_value()
    assert '"osteoporosis":"not_sure"' in carried
    assert '"long_term_steroids":"not_sure"' in carried
    assert '"fever":false' in carried
    # the refused step is a 422 on purpose (the browser logs it); nothing else went wrong
    assert [p for p in problems if "status of 422" not in p] == []
    context.close()


def test_not_sure_on_an_emergency_question_shows_the_emergency_at_once(
    chromium: Any, live_server: str
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(f"{live_server}/screening")
    page.locator("#q-bladder_change-not_sure").check()
    dialog = page.locator(".emergency")
    dialog.wait_for(state="visible")
    dialog.locator("button[data-dismiss-emergency]").click()
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "q-bladder_change-not_sure"
    page.locator("#q-bladder_change-no").check()
    assert page.locator(".emergency").count() == 0
    context.close()

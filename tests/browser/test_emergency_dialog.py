"""The emergency overlay is a modal dialog on a phone: labelled, focus kept inside it, the
call to action first, and Esc does not wave an emergency away."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.steps import PHONE, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.slow]

INSIDE = "document.activeElement && !!document.activeElement.closest('.emergency')"


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_the_overlay_traps_focus_and_keeps_the_call_to_action(
    chromium: Any, live_server: str, lang: str
) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    problems = watch_console(page)
    page.goto(f"{live_server}/screening?lang={lang}")
    page.locator("#q-saddle_numbness-yes").check()
    dialog = page.locator(".emergency")
    dialog.wait_for(state="visible")
    assert dialog.get_attribute("role") == "dialog"
    assert dialog.get_attribute("aria-modal") == "true"
    title_id = dialog.get_attribute("aria-labelledby")
    assert page.locator(f"#{title_id}").inner_text().strip()
    # The call to action is what the dialog says first, before any button.
    described = page.locator(f"#{dialog.get_attribute('aria-describedby')}")
    assert described.is_visible()
    first_button = dialog.locator("button").first.bounding_box()
    assert described.bounding_box()["y"] < first_button["y"]
    assert page.evaluate(INSIDE), "focus did not move into the dialog"
    assert page.evaluate("document.activeElement.id") == title_id
    for key in ["Tab"] * 4 + ["Shift+Tab"] * 4:
        page.keyboard.press(key)
        assert page.evaluate(INSIDE), f"focus escaped the dialog after {key}"
    # Esc: the emergency stays, and focus goes back to its title and call to action.
    page.keyboard.press("Escape")
    assert dialog.is_visible()
    assert page.evaluate("document.activeElement.id") == title_id
    # The form behind cannot be reached while it shows.
    assert page.evaluate(
        "document.querySelector('#wizard form button[name=next]').closest('[inert]') !== null"
    )
    dialog.locator("button[data-dismiss-emergency]").click()
    dialog.wait_for(state="detached")
    assert page.evaluate("document.activeElement.id") == "q-saddle_numbness-yes"
    assert page.evaluate("document.querySelector('[inert]') === null")
    assert problems == []
    context.close()

"""Steps a person takes in the browser tests, shared by the test files: sign up, build a
plan, find a session, wait for something (polled from Python: the pages' CSP forbids the
eval that Playwright's wait_for_function needs)."""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import count
from typing import Any

PHONE = {"width": 390, "height": 844}
PHONE_LANDSCAPE = {"width": 844, "height": 390}
NARROW = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
PASSWORD = "a long enough password"
_people = count(1)


def until(check: Callable[[], bool], seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def watch_console(page: Any) -> list[str]:
    """Collects CSP violations and script errors, which must not happen."""
    problems: list[str] = []
    page.on(
        "console",
        lambda message: (
            problems.append(message.text)
            if message.type == "error" and "favicon" not in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    return problems


def sign_up(page: Any, base: str, lang: str = "en") -> str:
    """A new account, signed in; its email. The form is filled by its field ids, so the
    same step works on the Chinese pages."""
    email = f"phone{next(_people)}@example.org"
    page.goto(f"{base}/signup?lang={lang}")
    page.locator("#email").fill(email)
    page.locator("#password").fill(PASSWORD)
    page.locator("form[action='/signup'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/signup" not in url)
    return email


def build_plan(page: Any, base: str) -> str:
    """A plan with the builder's defaults; the plan page's URL."""
    page.goto(f"{base}/plans")
    page.locator("form[action='/plans'] button[type=submit]").click()
    page.wait_for_url(f"{base}/plans/*")
    return str(page.url)


def in_viewport(page: Any, selector: str) -> bool:
    """Whether the element's whole box is inside the visible window."""
    box = page.locator(selector).bounding_box()
    size = page.viewport_size
    if box is None:
        return False
    return (
        box["x"] >= 0
        and box["y"] >= 0
        and box["x"] + box["width"] <= size["width"] + 0.5
        and box["y"] + box["height"] <= size["height"] + 0.5
    )


def answer_warning_signs(page: Any, value: str = "no", skip: tuple[str, ...] = ()) -> None:
    """Chooses `value` (yes, no, not_sure) for every warning-sign question on the screening's
    first step, except the keys in `skip` (the form cannot skip one, screening.md)."""
    for radio in page.locator(f"#wizard .safety-question input[type=radio][value={value}]").all():
        if radio.get_attribute("name") not in skip:
            radio.check()

"""The guided player on a phone, lying down: it fits one screen in portrait and landscape,
its buttons are big enough to tap and look disabled when they are, the clock reads at arm's
length, the screen is kept awake, and a whole session runs by touch and by keyboard."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.steps import (
    DESKTOP,
    PHONE,
    PHONE_LANDSCAPE,
    build_plan,
    in_viewport,
    sign_up,
    until,
    watch_console,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Counts the screen wake-lock requests the player makes (headless Chromium has no screen to
# keep awake, so the API is replaced by one that records and grants).
WAKE_LOCK_PROBE = """
window.__wakeLocks = [];
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {
  request: function (type) {
    window.__wakeLocks.push(type);
    return Promise.resolve({release: function () { window.__wakeLocks.push('released');
      return Promise.resolve(); }, addEventListener: function () {}});
  }}});
"""
CONTROLS = ("#player-back", "#player-pause", "#player-skip", "#player-stop")
MIN_TARGET_PX = 48  # the brief for the player: at least 48 px to tap
ARM_LENGTH_PX = 48  # the clock's text height: about 1 cm on a phone, read from 60 cm


@dataclass(frozen=True)
class Person:
    """Someone signed in with a plan: their browser state and their day-1 session."""

    storage: dict[str, Any]
    session_path: str


@pytest.fixture(scope="module")
def person(chromium: Any, live_server: str) -> Person:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    sign_up(page, live_server)
    build_plan(page, live_server)
    path = page.locator("a[href$='/days/1/session']").first.get_attribute("href")
    storage = context.storage_state()
    context.close()
    return Person(storage, str(path))


def _open(
    chromium: Any,
    live_server: str,
    person: Person,
    viewport: dict[str, int],
    lang: str,
    touch: bool = False,
    speed: int = 1,
) -> tuple[Any, Any]:
    context = chromium.new_context(
        viewport=viewport, has_touch=touch, is_mobile=touch, storage_state=person.storage
    )
    context.add_init_script(WAKE_LOCK_PROBE)
    page = context.new_page()
    page.goto(f"{live_server}{person.session_path}?speed={speed}&lang={lang}")
    return context, page


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
@pytest.mark.parametrize("viewport", [PHONE, PHONE_LANDSCAPE], ids=["portrait", "landscape"])
def test_the_player_fits_one_phone_screen(
    chromium: Any,
    live_server: str,
    person: Person,
    viewport: dict[str, int],
    lang: str,
    shoot: Any,
) -> None:
    context, page = _open(chromium, live_server, person, viewport, lang, touch=True)
    problems = watch_console(page)
    shape = "portrait" if viewport is PHONE else "landscape"
    # Before the start: Start and the clock on the first screen; nothing to resume yet.
    assert in_viewport(page, "#player-start"), "Start is below the fold"
    assert in_viewport(page, "#player-count"), "the clock is off-screen"
    for selector in CONTROLS:
        assert not page.locator(selector).is_visible(), f"{selector} shows before Start"
    assert page.get_by_role("button", name="Resume").count() == 0
    shoot(page, f"player-{shape}-{lang}-ready", full_page=False)

    page.locator("#player-start").tap()
    page.locator("#player-pause").wait_for(state="visible")
    # Running: the clock, the figure and every control on the screen, each big enough to tap.
    for selector in ("#player-count", "#player-figure", *CONTROLS):
        assert in_viewport(page, selector), f"{selector} is off-screen while running"
    for selector in CONTROLS:
        box = page.locator(selector).bounding_box()
        assert min(box["height"], box["width"]) >= MIN_TARGET_PX, (selector, box)
    clock_px = page.evaluate(
        "parseFloat(getComputedStyle(document.getElementById('player-count')).fontSize)"
    )
    assert clock_px >= ARM_LENGTH_PX, clock_px
    until(lambda: "screen" in page.evaluate("window.__wakeLocks"))
    shoot(page, f"player-{shape}-{lang}-running", full_page=False)

    # Back is disabled on the first step, and it must look different from an enabled button.
    assert page.locator("#player-back").is_disabled()
    look = (
        "(id) => { const s = getComputedStyle(document.getElementById(id));"
        " return [s.backgroundColor, s.color, s.borderStyle].join(' '); }"
    )
    assert page.evaluate(look, "player-back") != page.evaluate(look, "player-skip")
    page.locator("#player-pause").tap()
    until(lambda: "released" in page.evaluate("window.__wakeLocks"))
    assert problems == []
    context.close()


def _finished(page: Any) -> bool:
    return bool(page.locator("#feedback").is_visible())


def test_a_whole_session_runs_by_touch(chromium: Any, live_server: str, person: Person) -> None:
    context, page = _open(chromium, live_server, person, PHONE, "en", touch=True, speed=200)
    problems = watch_console(page)
    page.locator("#player-start").tap()
    page.locator("#player-pause").tap()  # pause
    assert page.locator("#player-pause").inner_text() == "Resume"
    page.locator("#player-skip").tap()
    page.locator("#player-pause").tap()  # resume; the rest runs on its own
    until(lambda: _finished(page), seconds=60)
    assert page.locator("#player").get_attribute("data-phase") == "done"
    assert (
        page.locator("#fb-completed").input_value()
        == page.locator("input[name=total_steps]").input_value()
    )
    page.locator("#feedback fieldset:visible input[value=right]").first.tap()
    page.locator("#feedback button[type=submit]").tap()
    page.get_by_role("heading", name="Session saved").wait_for()
    assert problems == []
    context.close()


def test_a_whole_session_runs_by_keyboard(chromium: Any, live_server: str, person: Person) -> None:
    context, page = _open(chromium, live_server, person, DESKTOP, "en", speed=200)
    problems = watch_console(page)
    # Tab from the top of the page to Start (no mouse anywhere).
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "player-start":
            break
    assert page.evaluate("document.activeElement.id") == "player-start"
    page.keyboard.press("Enter")
    page.locator("#player-pause").wait_for(state="visible")
    page.keyboard.press("ArrowRight")  # skip
    page.keyboard.press("Space")  # the focused Pause button pauses
    assert page.locator("#player-pause").inner_text() == "Resume"
    page.keyboard.press("Space")  # and resumes
    until(lambda: _finished(page), seconds=60)
    # The feedback form, by keyboard: focus is on its title; Tab to the first answer.
    assert page.evaluate("document.activeElement.id") == "feedback-title"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SELECT"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    for _ in range(80):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.type") == "submit":
            break
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Session saved").wait_for()
    assert problems == []
    context.close()

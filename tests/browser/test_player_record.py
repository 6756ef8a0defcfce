"""The browser player records what happened (issue 14), as the terminal player does: it asks
the pain before, and after the session how it felt (effort and pain 0 to 10), which is saved
with the session and feeds the next plan; a session with no finished step is offered for
discarding and nothing claims it happened; every word of the player is Chinese on zh pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import pytest

from tests.browser.steps import PHONE, build_plan, sign_up, until, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Records what the player says instead of speaking (headless Chromium has no voice), so the
# spoken cues can be read too; and a wake lock that grants (no screen to keep awake).
SPEECH_PROBE = """
window.__said = [];
window.SpeechSynthesisUtterance = function (text) { this.text = text; this.lang = ''; };
Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
  speak: function (u) { window.__said.push(u.text); },
  cancel: function () {}, getVoices: function () { return []; }}});
Object.defineProperty(navigator, 'wakeLock', {configurable: true, value: {
  request: function () { return Promise.resolve({release: function () {
    return Promise.resolve(); }, addEventListener: function () {}}); }}});
"""

# Every text a person can see or hear on the page: visible text, text kept for screen readers
# (visually hidden live regions), aria-labels, alternative texts, titles, the options of a
# visible list, the window title. Parts marked lang="en" (the language switcher's "English")
# are in English on purpose.
PAGE_WORDS = """() => {
  const out = [document.title];
  const english = (el) => el.closest('[lang^="en"]') && document.documentElement.lang !== 'en';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim() || el.closest('script, style') || english(el)) continue;
    if (el.tagName === 'OPTION') {
      const list = el.closest('select');
      if (list && list.checkVisibility()) out.push(n.textContent.trim());
      continue;
    }
    if (el.checkVisibility()) out.push(n.textContent.trim());
  }
  for (const el of document.querySelectorAll('[aria-label], [alt], [title], [placeholder]')) {
    if (english(el) || !el.checkVisibility()) continue;
    for (const name of ['aria-label', 'alt', 'title', 'placeholder']) {
      const value = el.getAttribute(name);
      if (value && value.trim()) out.push(value.trim());
    }
  }
  return out.concat(window.__said || []);
}"""

# Latin letters a Chinese page may show: the product's name, and the key printed on a
# keyboard's Escape key.
ALLOWED_LATIN = {"backcare", "Esc"}


def _latin(texts: set[str]) -> dict[str, set[str]]:
    """Each text with Latin words that are not allowed, and those words."""
    found: dict[str, set[str]] = {}
    for text in texts:
        words = set(re.findall(r"[A-Za-z]+", text)) - ALLOWED_LATIN
        if words:
            found[text] = words
    return found


# ASCII punctuation between Chinese characters (a half-width colon or full stop in a zh
# sentence): the catalogue's words should carry full-width marks.
# (or a space after a full-width mark: Chinese sentences follow each other with none).
HALF_WIDTH_IN_ZH = re.compile(
    r"[\u4e00-\u9fff][:;,.?!]|[:;,.?!] ?[\u4e00-\u9fff]|[。，：；？！] [\u4e00-\u9fff]"
)


@dataclass(frozen=True)
class Person:
    storage: dict[str, Any]
    session_path: str


def _person(chromium: Any, base: str, lang: str) -> Person:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    sign_up(page, base, lang)
    build_plan(page, base)
    path = page.locator("a[href$='/days/1/session']").first.get_attribute("href")
    storage = context.storage_state()
    context.close()
    return Person(storage, str(path))


@pytest.fixture(scope="module")
def english(chromium: Any, live_server: str) -> Person:
    return _person(chromium, live_server, "en")


def _open(chromium: Any, base: str, person: Person, lang: str, speed: int = 200) -> Any:
    context = chromium.new_context(
        viewport=PHONE, has_touch=True, is_mobile=True, storage_state=person.storage
    )
    context.add_init_script(SPEECH_PROBE)
    page = context.new_page()
    page.goto(f"{base}{person.session_path}?speed={speed}&lang={lang}")
    return page


def _sessions(page: Any, base: str) -> list[dict[str, Any]]:
    response = page.request.get(f"{base}/account/export.json")
    assert response.ok
    return list(response.json()["sessions"])


def test_every_word_of_the_chinese_player_is_chinese(chromium: Any, live_server: str) -> None:
    """Load the zh session page, run a whole session at ?speed=200 (pausing once), collect
    every text and aria-label at each moment, then the discard offer and the feedback form:
    none has Latin letters (but the brand and the Esc key) or half-width marks in Chinese."""
    person = _person(chromium, live_server, "zh_Hans")
    page = _open(chromium, live_server, person, "zh_Hans")
    problems = watch_console(page)
    seen: set[str] = set(page.evaluate(PAGE_WORDS))
    page.locator("#player-start").tap()
    page.locator("#player-pause").tap()
    seen |= set(page.evaluate(PAGE_WORDS))
    page.locator("#player-pause").tap()
    while not page.locator("#feedback").is_visible():
        seen |= set(page.evaluate(PAGE_WORDS))
        assert len(seen) < 5000
    seen |= set(page.evaluate(PAGE_WORDS))
    page.locator("#feedback button[type=submit]").tap()
    page.locator("h1").wait_for()
    seen |= set(page.evaluate(PAGE_WORDS))
    assert _latin(seen) == {}

    # Stopped at once: the offer to discard, then kept, its form.
    page = _open(chromium, live_server, person, "zh_Hans", speed=1)
    page.locator("#player-start").tap()
    page.locator("#player-stop").tap()
    page.locator("#discard-offer").wait_for(state="visible")
    seen |= set(page.evaluate(PAGE_WORDS))
    page.locator("#discard-yes").tap()
    seen |= set(page.evaluate(PAGE_WORDS))

    assert _latin(seen) == {}
    assert sorted(t for t in seen if HALF_WIDTH_IN_ZH.search(t)) == []
    assert problems == []


def test_pain_and_effort_are_saved_with_the_session(
    chromium: Any, live_server: str, english: Person
) -> None:
    """The pain before (asked before Start, not asked again), how it felt, and the pain now
    are saved in the session's own fields, as the terminal player saves them."""
    page = _open(chromium, live_server, english, "en")
    problems = watch_console(page)
    before = len(_sessions(page, live_server))
    asked = page.get_by_label("Your pain right now")
    assert asked.bounding_box()["height"] >= 48
    asked.select_option("2")
    page.locator("#player-start").tap()
    assert not page.locator("#player-pain-before").is_visible()
    until(lambda: page.locator("#feedback").is_visible(), seconds=60)
    assert not page.locator("#fb-pain-before").is_visible()  # asked already
    page.get_by_label("Now (0 none, 10 worst)", exact=True).select_option("5")
    rated = page.locator("#feedback fieldset[data-exercise]:visible").first
    exercise = rated.get_attribute("data-exercise")
    rated.locator("input[value=too_hard]").check()
    page.locator("#feedback button[type=submit]").tap()
    page.get_by_role("heading", name="Session saved").wait_for()
    sessions = _sessions(page, live_server)
    assert len(sessions) == before + 1
    saved = max(sessions, key=lambda s: s["ended_at"])
    assert (saved["pain_before"], saved["pain_after"], saved["completed"]) == (2, 5, True)
    assert {"exercise": exercise, "pain": None, "effort": "too_hard"} in saved["feedback"]
    assert saved["completed_steps"] == saved["total_steps"]
    assert problems == []
    page.context.close()


def test_a_session_with_no_finished_step_is_offered_for_discarding(
    chromium: Any, live_server: str, english: Person
) -> None:
    page = _open(chromium, live_server, english, "en", speed=1)
    problems = watch_console(page)
    before = len(_sessions(page, live_server))
    page.locator("#player-start").tap()
    page.locator("#player-stop").tap()
    offer = page.locator("#discard-offer")
    offer.wait_for(state="visible")
    assert not page.locator("#feedback").is_visible()
    assert page.evaluate("document.activeElement.id") == "discard-title"
    assert "before any step was finished" in page.locator("#player-phase").inner_text()
    for button in offer.locator("button").all():
        box = button.bounding_box()
        assert box["height"] >= 48, box
    page.get_by_role("button", name="No, leave it out").tap()
    page.get_by_role("status").filter(has_text="Nothing was saved.").wait_for()
    assert page.get_by_role("link", name="Back to the plan").is_visible()
    assert not page.locator("#feedback").is_visible()
    assert len(_sessions(page, live_server)) == before

    # Kept, it is saved as an attempt that was not done, with how it felt.
    page.goto(page.url)
    page.locator("#player-start").tap()
    page.locator("#player-stop").tap()
    page.get_by_role("button", name="Yes, keep it (as not done)").tap()
    page.locator("#feedback").wait_for(state="visible")
    page.get_by_label("Before the session (0 none, 10 worst)").select_option("3")
    page.get_by_label("Now (0 none, 10 worst)", exact=True).select_option("6")
    page.locator("#feedback button[type=submit]").tap()
    page.get_by_role("heading", name="Session saved").wait_for()
    assert "Well done" not in page.locator("main").inner_text()
    sessions = _sessions(page, live_server)
    assert len(sessions) == before + 1
    saved = max(sessions, key=lambda s: s["ended_at"])
    assert (saved["completed"], saved["completed_steps"]) == (False, 0)
    assert (saved["pain_before"], saved["pain_after"]) == (3, 6)
    assert problems == []
    page.context.close()


def test_the_end_of_a_session_is_big_enough_to_tap_on_a_phone(
    chromium: Any, live_server: str, english: Person
) -> None:
    page = _open(chromium, live_server, english, "en")
    page.locator("#player-start").tap()
    until(lambda: page.locator("#feedback").is_visible(), seconds=60)
    targets = page.locator(
        "#feedback select:visible, #feedback .choice:visible, #feedback button:visible"
    ).all()
    assert targets
    for target in targets:
        box = target.bounding_box()
        assert box["height"] >= 48, (target.evaluate("e => e.outerHTML.slice(0, 80)"), box)
        assert box["x"] + box["width"] <= PHONE["width"], box
    page.context.close()


QUEUE = "() => JSON.parse(localStorage.getItem('backcare-unsent-sessions') || '[]').length"


def test_a_result_saved_offline_is_sent_when_back_online(
    chromium: Any, live_server: str, english: Person
) -> None:
    """The phone lost its network during the session: the result is kept on the phone, said
    so, and sent when the network is back, with the time the session ended."""
    page = _open(chromium, live_server, english, "en")
    problems = watch_console(page)
    before = len(_sessions(page, live_server))
    page.locator("#player-start").tap()
    until(lambda: page.locator("#feedback").is_visible(), seconds=60)
    page.get_by_label("Now (0 none, 10 worst)", exact=True).select_option("1")
    page.context.set_offline(True)
    page.locator("#feedback button[type=submit]").tap()
    page.get_by_role("status").filter(has_text="kept on this device").wait_for()
    assert page.evaluate(QUEUE) == 1
    ended = page.locator("#fb-ended-at").input_value()
    page.wait_for_timeout(1500)
    page.context.set_offline(False)
    until(lambda: page.evaluate(QUEUE) == 0, seconds=15)
    page.get_by_role("status").filter(has_text="sent").wait_for()
    sessions = _sessions(page, live_server)
    assert len(sessions) == before + 1
    saved = max(sessions, key=lambda s: s["ended_at"])
    assert saved["pain_after"] == 1
    # The time it ended on the phone, not the time it arrived (1.5 s later).
    assert saved["ended_at"][:19] == ended[:19]
    assert [p for p in problems if "Failed to load resource" not in p] == []
    page.context.close()

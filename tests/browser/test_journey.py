"""A person's journey in a real browser: sign up, screen (an emergency answer, then
normally), build a plan, run two steps of the guided session with a fast clock, keep a
diary, see the chart and download the report. Screenshots land in artifacts/screenshots/."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from itertools import count
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.steps import answer_warning_signs

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
_people = count(1)


def _watch_console(page: Any) -> list[str]:
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


def _until(check: Callable[[], bool], seconds: float = 10) -> None:
    """Polls from Python: the pages' CSP (rightly) forbids the eval that wait_for_function uses."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def _sign_up(page: Any, base: str) -> None:
    page.goto(f"{base}/signup")
    page.get_by_label("Email").fill(f"walker{next(_people)}@example.org")
    page.get_by_label("Password").fill("a long enough password")
    page.get_by_role("button", name="Create account").click()
    page.wait_for_url(f"{base}/")


def test_an_emergency_answer_takes_over_the_screen_at_once(
    chromium: Any, live_server: str, shoot: Any
) -> None:
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    problems = _watch_console(page)
    page.goto(live_server)
    shoot(page, "01-landing-phone")
    page.get_by_role("link", name="Start the screening").first.click()
    page.wait_for_url(f"{live_server}/screening")
    shoot(page, "02-screening-red-flags-phone")
    page.locator("#q-saddle_numbness-yes").check()
    overlay = page.locator(".emergency")
    overlay.wait_for(state="visible", timeout=10_000)
    assert "Get medical help now" in overlay.inner_text()
    shoot(page, "03-emergency-phone", full_page=False)
    # A mistaken tick can be taken back.
    page.get_by_role("button", name="I chose this by mistake: go back").click()
    overlay.wait_for(state="detached")
    assert problems == []
    context.close()


def test_the_whole_journey(chromium: Any, live_server: str, shoot: Any, tmp_path: Any) -> None:
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB", accept_downloads=True)
    page = context.new_page()
    problems = _watch_console(page)
    _sign_up(page, live_server)

    # Screen normally: red flags, then each step, questionnaires skipped.
    page.goto(f"{live_server}/screening")
    page.locator("#q-regions-low_back").check()
    page.locator("#q-age").fill("42")
    answer_warning_signs(page)
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="About you and your pain").wait_for()
    page.locator("#q-pain_now").fill("4")
    page.locator("#q-duration_weeks").fill("3")
    shoot(page, "04-screening-history")
    page.get_by_role("button", name="Next").click()
    page.get_by_role("heading", name="How your pain behaves").wait_for()
    page.get_by_role("button", name="Show my result now").click()
    page.wait_for_url(f"{live_server}/screenings/*")
    assert "Self-care" in page.locator(".banner").inner_text()
    shoot(page, "05-screening-result")

    # Build a plan: regions, equipment as pictures, time and days.
    page.goto(f"{live_server}/plans")
    page.get_by_label("Exercise ball").check()
    page.get_by_label("Minutes per session").fill("15")
    page.get_by_label("Days per week").select_option("3")
    shoot(page, "06-plan-builder")
    page.get_by_role("button", name="Build my plan").click()
    page.wait_for_url(f"{live_server}/plans/*")
    assert page.locator("h2", has_text="Day 1").count() == 1
    shoot(page, "07-plan-week")
    plan_url = page.url

    # The printable handout, downloaded from the plan page (Letter here; A4 is the other).
    with page.expect_download() as handout_info:
        page.get_by_role(
            "link", name=re.compile(r"Download the handout \(PDF\): US Letter")
        ).click()
    handout = tmp_path / "handout.pdf"
    handout_info.value.save_as(handout)
    assert handout.read_bytes().startswith(b"%PDF")
    assert handout_info.value.suggested_filename == "backcare-plan-letter.pdf"
    page.goto(plan_url)

    # The guided session with a fast test clock: two steps go by on their own.
    session_url = page.get_by_role("link", name="Start this session").first.get_attribute("href")
    page.goto(f"{live_server}{session_url}?speed=40")
    page.get_by_role("button", name="Start").click()
    player = page.locator("#player")
    expect(player).to_have_attribute("data-step", re.compile(r"^([2-9]|\d{2,})$"), timeout=15_000)
    assert player.get_attribute("data-phase") in {
        "work",
        "rest",
        "hold",
        "prepare",
        "round_rest",
        "set_rest",
    }
    page.get_by_role("button", name="Pause").click()
    shoot(page, "08-session-player", full_page=False)
    page.keyboard.press("ArrowRight")  # skip by keyboard
    page.get_by_role("button", name="Stop").click()
    feedback = page.locator("#feedback")
    feedback.wait_for(state="visible")
    feedback.locator("input[value=right]").first.check()
    feedback.locator("select").first.select_option("2")
    shoot(page, "09-session-feedback")
    page.get_by_role("button", name="Save this session").click()
    page.get_by_role("heading", name="Session saved").wait_for()

    # The diary: two taps each, then the chart.
    page.goto(f"{live_server}/diary")
    page.get_by_role("button", name="Pain 6 out of 10").click()
    page.get_by_text("Saved. Thank you.").wait_for()
    page.get_by_role("button", name="Pain 3 out of 10").click()
    page.locator(".entry-list li", has_text="3/10").wait_for()
    chart = page.locator("img.chart")
    chart.wait_for()
    _until(lambda: page.evaluate("document.querySelector('img.chart').naturalWidth") > 0)
    shoot(page, "10-diary")

    # Progress: charts and the PDF report download.
    page.goto(f"{live_server}/progress")
    shoot(page, "11-progress")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF report").click()
    path = tmp_path / "report.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")

    page.goto(f"{live_server}/account")
    shoot(page, "12-account")
    assert problems == []
    context.close()


def test_pages_fit_a_phone_screen(chromium: Any, live_server: str, shoot: Any) -> None:
    context = chromium.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    _sign_up(page, live_server)
    for url, name in (("/plans", "13-plans-phone"), ("/diary", "14-diary-phone")):
        page.goto(f"{live_server}{url}")
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= PHONE["width"], (url, wide)
        shoot(page, name)
    page.goto(f"{live_server}/screening?lang=zh_Hans")
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    shoot(page, "15-screening-zh-phone", full_page=False)
    context.close()


UNLABELLED = """() => Array.from(document.querySelectorAll(
    'input:not([type=hidden]), select, textarea, button'))
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                && !(el.tagName === 'BUTTON' && el.textContent.trim()))
  .map(el => el.outerHTML.slice(0, 80))"""
NO_ALT = "() => Array.from(document.querySelectorAll('img:not([alt])')).map(i => i.src)"


def test_basic_accessibility_of_the_main_pages(chromium: Any, live_server: str) -> None:
    """Every control has a name, every image an alt text, one h1 per page, and focus can
    reach the main content first (the skip link)."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    _sign_up(page, live_server)
    page.goto(f"{live_server}/plans")
    page.get_by_role("button", name="Build my plan").click()
    page.wait_for_url(f"{live_server}/plans/*")
    plan_url = page.url
    for url in (
        "/",
        "/screening",
        "/plans",
        plan_url,
        f"{plan_url}/days/1/session",
        "/diary",
        "/progress",
        "/account",
    ):
        page.goto(url if url.startswith("http") else f"{live_server}{url}")
        assert page.evaluate(UNLABELLED) == [], url
        assert page.evaluate(NO_ALT) == [], url
        assert page.locator("h1").count() == 1, url
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip", url
    context.close()

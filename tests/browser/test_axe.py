"""axe-core finds no accessibility violations on any page state, in both languages, on a phone
and on a desktop. Each state is also photographed (artifacts/screenshots/axe-*.png) for a
person to look over."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.steps import DESKTOP, PHONE, answer_warning_signs, build_plan, sign_up, until

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
RUN_AXE = """() => axe.run(document, {resultTypes: ['violations']}).then(r =>
  r.violations.map(v => v.id + ' (' + v.impact + '): ' +
    v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')))"""


def _violations(page: Any) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found: list[str] = page.evaluate(RUN_AXE)
    return found


class Tour:
    """Visits every page state one person sees and checks each with axe."""

    def __init__(self, page: Any, base: str, lang: str, size: str, shoot: Any) -> None:
        self.page, self.base, self.lang, self.size, self.shoot = page, base, lang, size, shoot
        self.failures: dict[str, list[str]] = {}

    def check(self, name: str) -> None:
        self.shoot(self.page, f"axe-{self.size}-{self.lang}-{name}")
        found = _violations(self.page)
        if found:
            self.failures[name] = found

    def visit(self, name: str, path: str, then: Callable[[], None] | None = None) -> None:
        url = path if path.startswith("http") else f"{self.base}{path}"
        sep = "&" if "?" in url else "?"
        self.page.goto(f"{url}{sep}lang={self.lang}")
        if then is not None:
            then()
        self.check(name)


@pytest.fixture
def tour_page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    viewport = request.param
    # axe is injected as a script tag; the pages' CSP (rightly) allows only their own scripts.
    context = chromium.new_context(viewport=viewport, bypass_csp=True)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
@pytest.mark.parametrize("tour_page", [PHONE, DESKTOP], ids=["phone", "desktop"], indirect=True)
def test_no_accessibility_violations_on_any_page_state(
    tour_page: Any, live_server: str, lang: str, shoot: Any
) -> None:
    page = tour_page
    size = "phone" if page.viewport_size["width"] < 500 else "desktop"
    tour = Tour(page, live_server, lang, size, shoot)

    # A visitor.
    tour.visit("landing", "/")
    tour.visit("screening-red-flags", "/screening")

    def tick_emergency() -> None:
        page.locator("#q-saddle_numbness-yes").check()
        page.locator(".emergency").wait_for(state="visible")

    tour.visit("screening-emergency", "/screening", tick_emergency)

    def to_history() -> None:
        page.locator("#q-regions-low_back").check()
        page.locator("#q-age").fill("42")
        answer_warning_signs(page)
        page.locator("button[name=next]").click()
        page.locator("#q-pain_now").wait_for()

    tour.visit("screening-history", "/screening", to_history)

    def bad_number() -> None:
        to_history()
        page.locator("#q-pain_now").fill("14")
        page.locator("button[name=next]").click()
        page.locator(".error-text").first.wait_for()

    tour.visit("screening-error", "/screening", bad_number)

    def to_result() -> None:
        to_history()
        page.locator("button[name=finish]").click()
        page.locator(".banner").wait_for()

    tour.visit("screening-result", "/screening", to_result)
    tour.visit("signin", "/signin")
    tour.visit("missing", "/no-such-page")

    # Someone with an account and a plan.
    sign_up(page, live_server, lang)
    tour.check("welcome")
    plan_url = build_plan(page, live_server)
    tour.visit("plans", "/plans")
    tour.visit("plan", plan_url)
    tour.visit("session-ready", f"{plan_url}/days/1/session")

    def running() -> None:
        page.locator("#player-start").click()
        page.locator("#player-pause").wait_for(state="visible")

    tour.visit("session-running", f"{plan_url}/days/1/session", running)

    def stopped() -> None:
        running()
        page.locator("#player-stop").click()
        page.locator("#discard-offer").wait_for(state="visible")

    tour.visit("session-discard", f"{plan_url}/days/1/session", stopped)

    def kept() -> None:
        stopped()
        page.locator("#discard-no").click()
        page.locator("#feedback").wait_for(state="visible")

    tour.visit("session-feedback", f"{plan_url}/days/1/session", kept)

    def rated() -> None:
        page.locator(".pain-scale button.p3").click()
        page.locator(".notice.ok").wait_for()
        until(lambda: page.evaluate("document.querySelector('img.chart').complete"))

    tour.visit("diary", "/diary", rated)
    tour.visit("progress", "/progress")
    tour.visit("account", "/account")
    tour.visit("screenings", "/screenings")
    assert tour.failures == {}


def test_the_axe_check_can_fail(chromium: Any, live_server: str) -> None:
    """The harness itself: a page spoiled on purpose (no language, an image with no text
    alternative) is caught."""
    context = chromium.new_context(viewport=PHONE, bypass_csp=True)
    page = context.new_page()
    page.goto(live_server)
    page.evaluate(
        "() => { document.documentElement.removeAttribute('lang');"
        " const img = document.createElement('img'); img.src = '/static/favicon.svg';"
        " document.querySelector('main').appendChild(img); }"
    )
    found = " ".join(_violations(page))
    assert "html-has-lang" in found
    assert "image-alt" in found
    context.close()

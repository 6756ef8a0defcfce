"""The frame of every page on a phone: the header is one row, the focus ring stands out
(3:1 at least against what is around it) and every scrollable region can be reached and
scrolled by keyboard."""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.steps import DESKTOP, NARROW, PHONE, build_plan, sign_up

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def _luminance(rgb: str) -> float:
    """Relative luminance (WCAG 2) of a computed `rgb(r, g, b)` colour."""
    parts = [float(x) for x in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in parts)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: str, two: str) -> float:
    high, low = sorted((_luminance(one), _luminance(two)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_the_wcag_formula() -> None:
    assert round(contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)"), 1) == 21.0
    assert round(contrast("rgb(242, 183, 5)", "rgb(255, 255, 255)"), 1) == 1.8  # the old ring


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_the_phone_header_is_one_row(chromium: Any, live_server: str, lang: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    for signed_in in (False, True):
        if signed_in:
            sign_up(page, live_server, lang)
        page.goto(
            f"{live_server}/diary?lang={lang}" if signed_in else f"{live_server}/?lang={lang}"
        )
        tops = page.evaluate(
            "Array.from(document.querySelectorAll('.site-header .bar > *, .site-nav > *'))"
            ".map(el => Math.round(el.getBoundingClientRect().top))"
        )
        header = page.locator(".site-header").bounding_box()
        assert header["height"] <= 64, header
        assert max(tops) - min(tops) <= 12, tops  # all on one line
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    context.close()


def test_the_focus_ring_stands_out(chromium: Any, live_server: str) -> None:
    context = chromium.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.goto(live_server)
    ring = (
        "(sel) => { const el = document.querySelector(sel); const s = getComputedStyle(el);"
        " return [s.outlineColor, s.outlineStyle, s.outlineWidth]; }"
    )
    # A link in the page, on white/wash, and a link in the blue header.
    for selector, background in (
        ("main a.button", "rgb(243, 245, 249)"),
        (".site-nav a", "rgb(31, 95, 139)"),
    ):
        page.focus(selector)
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focus by keyboard, so :focus-visible applies
        colour, style, width = page.evaluate(ring, selector)
        assert style == "solid", (selector, style)
        assert float(width.removesuffix("px")) >= 2
        assert contrast(colour, background) >= 3, (selector, colour)
    context.close()


SCROLLERS = """() => Array.from(document.querySelectorAll('body *')).filter(el => {
  const s = getComputedStyle(el);
  return /(auto|scroll)/.test(s.overflowX + s.overflowY) &&
    (el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1);
}).filter(el => el.tabIndex < 0 && !el.querySelector('a[href], button, input, select, textarea'))
  .map(el => el.outerHTML.slice(0, 80))"""


def test_every_scrollable_region_takes_keyboard_focus(chromium: Any, live_server: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    sign_up(page, live_server)
    plan_url = build_plan(page, live_server)
    page.goto(f"{plan_url}/days/1/session")
    page.evaluate("document.documentElement.classList.remove('has-js')")  # the no-JS table
    assert page.evaluate(SCROLLERS) == []
    for url in ("/", "/plans", plan_url, "/diary", "/progress", "/account"):
        page.goto(url if url.startswith("http") else f"{live_server}{url}")
        assert page.evaluate(SCROLLERS) == [], url
    context.close()


@pytest.mark.parametrize(("lang", "year_word"), [("en", "20"), ("zh_Hans", "年")])
def test_chart_numbers_read_on_a_narrow_phone(
    chromium: Any, live_server: str, lang: str, year_word: str, shoot: Any
) -> None:
    context = chromium.new_context(viewport=NARROW)
    page = context.new_page()
    sign_up(page, live_server, lang)
    page.goto(f"{live_server}/diary?lang={lang}")
    page.locator(".pain-scale button.p4").click()
    page.locator(".notice.ok").wait_for()
    page.goto(f"{live_server}/progress?lang={lang}")
    table = page.locator(".chart-table table").first
    table.wait_for()
    cells = table.locator("td")
    assert cells.nth(1).inner_text() == "4"
    assert year_word in cells.nth(0).inner_text()
    smallest = page.evaluate(
        "() => Math.min(...Array.from(document.querySelectorAll("
        "'.chart-table td, .chart-table th')).map(el => parseFloat(getComputedStyle(el).fontSize)))"
    )
    assert smallest >= 12
    assert page.evaluate("document.documentElement.scrollWidth") <= NARROW["width"]
    shoot(page, f"progress-narrow-{lang}")
    context.close()

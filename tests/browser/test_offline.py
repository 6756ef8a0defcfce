"""Works offline once loaded, and installs as an app: a service worker keeps the plan, its
sessions and their figures, so a session runs with the phone in airplane mode; the manifest
has a name, icons, a start URL and standalone display."""

from __future__ import annotations

import json
import urllib.request
from typing import Any

import pytest

from tests.browser.steps import PHONE, build_plan, sign_up, until, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CONTROLLED = "() => !!(navigator.serviceWorker && navigator.serviceWorker.controller)"
# Every figure the page shows (plan) or will show (player), all kept by the worker.
ALL_FIGURES_KEPT = """() => {
  const wanted = new Set(Array.from(document.querySelectorAll("img[src^='/figures/']"),
                                    (img) => img.getAttribute("src")));
  const data = document.getElementById("player-data");
  if (data) {
    const exercises = JSON.parse(data.textContent || "{}").exercises || {};
    Object.values(exercises).forEach((e) => { if (e.figure) wanted.add(e.figure); });
  }
  return caches.open("backcare-v1").then((cache) => cache.keys()).then((keys) => {
    const kept = new Set(keys.map((r) => new URL(r.url).pathname + new URL(r.url).search));
    return Array.from(wanted).every((src) => kept.has(src));
  });
}"""
FIRST_FIGURE_DRAWN = (
    "() => { const f = document.querySelector(\"img[src^='/figures/']\");"
    " return !!f && f.complete && f.naturalWidth > 0; }"
)
FIGURE_SHOWN = (
    "() => { const f = document.getElementById('player-figure');"
    " return f.complete && f.naturalWidth > 0 && !f.src.endsWith('favicon.svg'); }"
)


def test_a_session_runs_in_airplane_mode(chromium: Any, live_server: str) -> None:
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True)
    page = context.new_page()
    errors = watch_console(page)
    sign_up(page, live_server)
    plan_url = build_plan(page, live_server)
    session = f"{plan_url}/days/1/session"
    until(lambda: bool(page.evaluate(CONTROLLED)), seconds=15)
    page.goto(plan_url)
    page.wait_for_load_state("networkidle")
    until(lambda: bool(page.evaluate(ALL_FIGURES_KEPT)), seconds=30)
    page.goto(f"{session}?speed=200")
    page.wait_for_load_state("networkidle")
    until(lambda: bool(page.evaluate(ALL_FIGURES_KEPT)), seconds=30)

    context.set_offline(True)
    offline_failures: list[str] = []
    # A request the page itself dropped by moving on (net::ERR_ABORTED: a lazy figure or a
    # prefetch still in flight when the next page opens) is not a failure to work offline.
    page.on(
        "requestfailed",
        lambda request: (
            None if request.failure == "net::ERR_ABORTED" else offline_failures.append(request.url)
        ),
    )
    # Opened again with no network: the plan and the session come from the phone.
    page.goto(plan_url)
    assert page.locator("a[href$='/days/1/session']").count() >= 1
    until(lambda: bool(page.evaluate(FIRST_FIGURE_DRAWN)), seconds=10)
    page.goto(f"{session}?speed=200")
    page.locator("#player-start").tap()
    until(lambda: bool(page.evaluate(FIGURE_SHOWN)), seconds=10)
    until(lambda: page.locator("#feedback").is_visible(), seconds=60)
    assert page.locator("#player").get_attribute("data-phase") == "done"
    context.set_offline(False)
    assert offline_failures == []
    assert [e for e in errors if "Failed to load resource" not in e] == []  # no script error
    context.close()


def test_signing_out_forgets_the_offline_copies(chromium: Any, live_server: str) -> None:
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    sign_up(page, live_server)
    plan_url = build_plan(page, live_server)
    until(lambda: bool(page.evaluate(CONTROLLED)), seconds=15)
    page.goto(plan_url)
    cached = (
        "() => caches.keys().then(k => Promise.all(k.map(n => caches.open(n)"
        ".then(c => c.keys())))).then(all => all.flat().map(r => r.url))"
    )
    until(lambda: any("/plans/" in url for url in page.evaluate(cached)))
    page.locator("form[action='/signout'] button").click()
    page.wait_for_url(f"{live_server}/")
    until(lambda: not any("/plans/" in url for url in page.evaluate(cached)))
    context.close()


def test_the_app_can_be_installed(live_server: str, chromium: Any) -> None:
    with urllib.request.urlopen(f"{live_server}/static/manifest.webmanifest") as response:
        manifest = json.load(response)
    assert manifest["display"] == "standalone"
    assert manifest["start_url"] == "/"
    sizes = {icon["sizes"] for icon in manifest["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        with urllib.request.urlopen(f"{live_server}{icon['src']}") as response:
            assert response.status == 200
    with urllib.request.urlopen(f"{live_server}/sw.js") as response:
        assert response.headers["content-type"].startswith("text/javascript")
    context = chromium.new_context(viewport=PHONE)
    page = context.new_page()
    page.goto(live_server)
    assert (
        page.locator("link[rel=manifest]").get_attribute("href") == "/static/manifest.webmanifest"
    )
    until(
        lambda: (
            bool(page.evaluate(CONTROLLED))
            or bool(
                page.evaluate(
                    "() => navigator.serviceWorker.getRegistration().then(r => !!(r && r.active))"
                )
            )
        ),
        seconds=15,
    )
    context.close()

"""Issue 14 on the web progress page: the same model, period and sentences as the report.

The charts' images are asked for the model's own axis (from the first day with data, not a
fixed four weeks back), the tables under them are the model's chart series, an empty chart is
one sentence, and, whatever the store holds, the page never claims a session count, a plan or
a change the store does not hold. Checked three ways: anonymous, owner, another user."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from tests.reports.store_cases import (
    Store,
    add_plan,
    add_session,
    check_claims,
    stores,
    visible_text,
)
from tests.web.conftest import PASSWORD, csrf

PERIOD = "start=2025-03-01&end=2025-03-23"


def _repo_and_id(browser: TestClient):  # type: ignore[no-untyped-def]
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
    user_id = str(browser.get("/account/export.json").json()["user"]["id"])
    return repo, user_id


def _plan_and_sessions(browser: TestClient) -> None:
    """A plan made on Wednesday 5 March 2025, three sessions a week; six done, one left."""
    repo, user_id = _repo_and_id(browser)
    add_plan(repo, date(2025, 3, 5), 3, user_id)
    for day in (5, 7, 10, 12, 14, 19):
        add_session(repo, date(2025, 3, day), True, user_id)
    add_session(repo, date(2025, 3, 21), False, user_id)


def test_the_page_shows_the_models_weeks_from_the_plan(browser: TestClient) -> None:
    _plan_and_sessions(browser)
    page = browser.get(f"/progress?{PERIOD}").text
    # Every chart is asked for the model's axis: from the plan (5 March), not 1 March.
    assert "/progress/chart/adherence.svg?from=2025-03-05&amp;to=2025-03-23" in page
    rows = re.findall(r"<tr><td>([^<]+)</td><td>(\d+ of \d+)</td></tr>", page)
    assert rows == [("3 Mar 2025", "2 of 2"), ("10 Mar 2025", "3 of 3"), ("17 Mar 2025", "1 of 3")]
    text = visible_text(page)
    assert "6 of 8 planned sessions done (75%)." in text
    assert "0 of 0" not in text
    # No ratings: one sentence, no image of empty axes.
    assert "/progress/chart/pain.svg" not in page
    assert "No pain ratings in this period yet." in text
    svg = browser.get("/progress/chart/adherence.svg?from=2025-03-05&to=2025-03-23").text
    texts = re.findall(r">([^<>]+)</text>", svg)
    assert [t for t in texts if t.endswith("Mar")] == ["3 Mar", "10 Mar", "17 Mar"]
    assert "Sessions per week" in texts


def test_the_page_in_chinese(browser: TestClient) -> None:
    _plan_and_sessions(browser)
    page = browser.get(f"/progress?{PERIOD}&lang=zh_Hans").text
    assert "计划锻炼 8 次，完成 6 次（75%）。" in page
    assert "这段时间还没有疼痛记录。" in page


def test_without_dates_the_page_covers_what_the_report_covers(browser: TestClient) -> None:
    _plan_and_sessions(browser)
    page = browser.get("/progress").text
    # From the first record (the plan, March 2025) to today: the sessions are all counted.
    assert "6 of " in visible_text(page)
    assert "/progress/chart/adherence.svg?from=2025-03-05&amp;to=" in page


def test_the_page_needs_sign_in_and_shows_only_the_owners_records(
    client: TestClient, browser: TestClient, stranger: TestClient
) -> None:
    response = client.get(f"/progress?{PERIOD}", follow_redirects=False)
    assert response.status_code == 303
    _plan_and_sessions(browser)
    assert "6 of 8 planned sessions done" in browser.get(f"/progress?{PERIOD}").text
    other = visible_text(stranger.get(f"/progress?{PERIOD}").text)
    assert "No sessions planned or done in this period yet." in other
    assert "6 of 8" not in other


def signed_up(app: FastAPI) -> TestClient:
    """A new person, signed up through the pages (an email of their own, never reused)."""
    import uuid

    browser = TestClient(app)
    browser.__enter__()
    token = csrf(browser.get("/signup").text)
    response = browser.post(
        "/signup",
        data={
            "email": f"p14-{uuid.uuid4().hex}@example.org",
            "password": PASSWORD,
            "csrf_token": token,
            "next": "/",
        },
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


@pytest.fixture(scope="module")
def shared_app() -> FastAPI:
    from backcare.web.app import create_app

    return create_app()


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(store=stores(first=date(2025, 1, 6)))
def test_the_page_claims_only_what_the_store_holds(shared_app: FastAPI, store: Store) -> None:
    browser = signed_up(shared_app)  # a new person for each store
    try:
        repo, user_id = _repo_and_id(browser)
        store.fill(repo, user_id)
        query = f"start={store.first.isoformat()}&end={store.end.isoformat()}"
        page = browser.get(f"/progress?{query}").text
        # The recent-sessions list names every session ever saved, not the period's: left out.
        glance = page[: page.index("<h2>Download</h2>")] if "<h2>Download</h2>" in page else page
        text = visible_text(glance)
        check_claims(text, store)
        done = [int(n) for n in re.findall(r"<td>(\d+) of \d+</td>", glance)]
        if done:
            assert sum(done) == store.done
    finally:
        browser.__exit__(None, None, None)


def test_a_phone_gets_a_narrow_chart_so_its_words_stay_readable(browser: TestClient) -> None:
    # A 7.5-inch chart shrunk onto a 390-pixel screen prints its labels at about 5 px: a phone
    # is offered a narrow drawing of the same series (same words, fewer inches).
    _plan_and_sessions(browser)
    page = browser.get(f"/progress?{PERIOD}").text
    narrow_url = "/progress/chart/adherence.svg?from=2025-03-05&amp;to=2025-03-23&amp;w=narrow"
    assert f'<source media="(max-width: 600px)" srcset="{narrow_url}">' in page

    def inches(svg: str) -> float:
        found = re.search(r'<svg[^>]* width="([\d.]+)pt"', svg)
        assert found, svg[:300]
        return float(found.group(1)) / 72

    query = "from=2025-03-05&to=2025-03-23"
    wide = browser.get(f"/progress/chart/adherence.svg?{query}").text
    narrow = browser.get(f"/progress/chart/adherence.svg?{query}&w=narrow").text
    assert inches(wide) == pytest.approx(7.5, abs=0.05)
    assert inches(narrow) == pytest.approx(4.2, abs=0.05)
    words = re.findall(r">([^<>]+)</text>", narrow)
    assert [t for t in words if t.endswith("Mar")] == ["3 Mar", "10 Mar", "17 Mar"]
    assert "Sessions" in words  # the axis still says what it counts
    # The page's heading names the chart on a phone: no title to collide with the legend.
    assert "Sessions per week" in re.findall(r">([^<>]+)</text>", wide)
    assert "Sessions per week" not in words

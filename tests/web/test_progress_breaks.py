"""Breaks from sitting on the progress page: the chart kinds come from the progress
service, and the breaks chart shows once the reminder has recorded events."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient

from backcare.domain.records import ReminderEvent
from backcare.reports.charts import CHART_KINDS

BREAKS_IMG = "/progress/chart/breaks.svg"


def _user_id(browser: TestClient) -> str:
    return str(browser.get("/account/export.json").json()["user"]["id"])


def _add_breaks(browser: TestClient, at: datetime) -> None:
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
    user_id = _user_id(browser)
    for minutes, action in ((0, "done"), (50, "snoozed"), (100, "skipped"), (150, "done")):
        repo.add_reminder_event(
            ReminderEvent(
                user_id=user_id,
                at=at + timedelta(minutes=minutes),
                kind="micro",
                action=action,
                exercise="chin_tuck" if action == "done" else None,
            )
        )


def test_every_chart_kind_of_the_service_is_served(browser: TestClient) -> None:
    assert "breaks" in CHART_KINDS
    for kind in CHART_KINDS:
        chart = browser.get(f"/progress/chart/{kind}.svg")
        assert chart.status_code == 200, kind
        assert chart.headers["content-type"].startswith("image/svg+xml")
        assert "<svg" in chart.text


def test_the_breaks_chart_shows_only_with_break_events(browser: TestClient) -> None:
    page = browser.get("/progress").text
    assert BREAKS_IMG not in page
    # Nothing recorded: each chart is one sentence, no image of empty axes (issue 14).
    assert "/progress/chart/pain.svg" not in page
    assert "No pain ratings in this period yet." in page

    _add_breaks(browser, datetime.now(UTC).replace(microsecond=0) - timedelta(days=2))
    page = browser.get("/progress").text
    assert BREAKS_IMG in page
    assert "Breaks from sitting" in page
    chart = browser.get(BREAKS_IMG)
    assert chart.status_code == 200
    assert "<svg" in chart.text


def test_breaks_outside_the_period_shown_leave_the_chart_out(browser: TestClient) -> None:
    _add_breaks(browser, datetime(2025, 3, 3, 9, 0, tzinfo=UTC))
    # As the report, the page covers everything so far unless told otherwise (issue 14).
    assert BREAKS_IMG in browser.get("/progress").text
    assert BREAKS_IMG not in browser.get("/progress?start=2025-04-01&end=2025-04-30").text
    inside = browser.get("/progress?start=2025-03-01&end=2025-03-31").text
    assert BREAKS_IMG in inside


def test_another_users_breaks_are_not_shown(browser: TestClient, stranger: TestClient) -> None:
    _add_breaks(browser, datetime.now(UTC).replace(microsecond=0) - timedelta(days=1))
    assert BREAKS_IMG not in stranger.get("/progress").text


def test_the_breaks_chart_needs_sign_in(client: TestClient) -> None:
    response = client.get(BREAKS_IMG, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")

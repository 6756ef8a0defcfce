"""The browser session's end (issue 14): what the player sends is saved the way the terminal
player saves it (pain before and after, effort per exercise, steps that ran their full time),
feeds the next plan the same way, and a session with no finished step is saved only when the
person chose to keep it."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient

from backcare.domain.player import Player
from backcare.domain.timeline import Timeline
from tests.web.conftest import csrf
from tests.web.test_pages import PLAN_FORM


def _make_plan(browser: TestClient) -> str:
    page = browser.get("/plans")
    response = browser.post(
        "/plans", data={**PLAN_FORM, "csrf_token": csrf(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


def _player(browser: TestClient, plan_url: str) -> tuple[str, dict[str, Any]]:
    page = browser.get(f"{plan_url}/days/1/session").text
    data = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page, re.S)
    assert data
    return page, json.loads(data.group(1))


def _sessions(browser: TestClient) -> list[Any]:
    user_id = browser.get("/account/export.json").json()["user"]["id"]
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
    return sorted(repo.list_sessions(user_id), key=lambda s: s.ended_at)


def _whole_session(page: str, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """What the player sends when every step ran its full time."""
    return {
        "csrf_token": csrf(page),
        "elapsed_s": "600",
        "completed_steps": str(len(steps)),
        "total_steps": str(len(steps)),
        "done_steps": ",".join(str(i) for i, s in enumerate(steps) if s["phase"] != "done"),
        "reached_end": "1",
    }


def _main_exercise(steps: list[dict[str, Any]]) -> str:
    return str(
        next(
            s["exercise"]
            for s in steps
            if s["phase"] in ("work", "hold") and s["kind"] in ("circuit", "sets")
        )
    )


def test_pain_before_and_after_and_effort_are_saved_in_the_terminals_fields(
    browser: TestClient,
) -> None:
    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    steps = data["timeline"]["steps"]
    exercise = _main_exercise(steps)
    response = browser.post(
        f"{plan_url}/days/1/session",
        data={
            **_whole_session(page, steps),
            "pain_before": "2",
            "pain_after": "3",
            "exercise": [exercise],
            f"pain_{exercise}": "3",
            f"effort_{exercise}": "too_easy",
        },
    )
    assert response.status_code == 200
    [saved] = _sessions(browser)
    assert (saved.pain_before, saved.pain_after) == (2, 3)
    assert [(f.exercise, f.pain, f.effort) for f in saved.feedback] == [(exercise, 3, "too_easy")]
    assert saved.completed is True
    # Counted as the terminal counts: the closing "done" mark is not a step of the session.
    timeline = Timeline.model_validate(data["timeline"])
    total = Player(timeline, _NoClock()).log().total_steps
    assert (saved.completed_steps, saved.total_steps) == (total, total)


class _NoClock:
    def monotonic(self) -> float:
        return 0.0

    def now(self) -> Any:
        from datetime import UTC, datetime

        return datetime(2026, 1, 1, tzinfo=UTC)


def test_a_pain_rating_outside_0_to_10_saves_nothing(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    form = _whole_session(page, data["timeline"]["steps"])
    for field, value in (("pain_before", "11"), ("pain_after", "-1"), ("pain_after", "a lot")):
        response = browser.post(f"{plan_url}/days/1/session", data={**form, field: value})
        assert response.status_code == 422, (field, value)
    assert _sessions(browser) == []


def test_a_session_with_no_finished_step_is_saved_only_when_kept(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    stopped_at_once = {
        "csrf_token": csrf(page),
        "elapsed_s": "4",
        "completed_steps": "0",
        "total_steps": str(len(data["timeline"]["steps"])),
        "done_steps": "",
        "reached_end": "0",
        "pain_after": "2",
    }
    response = browser.post(f"{plan_url}/days/1/session", data=stopped_at_once)
    assert response.status_code == 200
    assert "Nothing was saved." in response.text
    assert "Session saved" not in response.text
    assert _sessions(browser) == []

    kept = browser.post(
        f"{plan_url}/days/1/session", data={**stopped_at_once, "keep_unfinished": "1"}
    )
    assert kept.status_code == 200
    assert "Session saved" in kept.text
    assert "Well done" not in kept.text
    [saved] = _sessions(browser)
    assert (saved.completed, saved.completed_steps, saved.pain_after) == (False, 0, 2)


def test_browser_feedback_adapts_the_next_plan_as_the_terminals_does(
    browser: TestClient,
) -> None:
    """Pain up by 2 or more from before the session makes the next plan gentle; too easy
    twice makes an exercise harder: the same fold (domain.progression) over the same fields
    the terminal fills."""
    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    steps = data["timeline"]["steps"]
    exercise = _main_exercise(steps)
    main = list(
        dict.fromkeys(
            s["exercise"]
            for s in steps
            if s["phase"] in ("work", "hold") and s["kind"] in ("circuit", "sets")
        )
    )
    sore = {
        **_whole_session(page, steps),
        "pain_before": "1",
        "pain_after": "4",
        "exercise": [exercise],
        f"pain_{exercise}": "4",
        f"effort_{exercise}": "right",
    }
    assert browser.post(f"{plan_url}/days/1/session", data=sore).status_code == 200
    assert _plan(browser, plan_url)["gentle"] is False
    gentler = _plan(browser, _make_plan(browser))
    assert gentler["gentle"] is True
    flare = "your pain went up from 1 to 4 in the last session"
    assert any(flare in warning for warning in gentler["warnings"])

    easy: dict[str, Any] = {
        **_whole_session(page, steps),
        "pain_before": "2",
        "pain_after": "2",
        "exercise": main,
        **{f"effort_{ex}": "too_easy" for ex in main},
    }
    for _ in range(2):
        assert browser.post(f"{plan_url}/days/1/session", data=easy).status_code == 200
    # Harder where the exercise has a harder rung or a harder version that fits the profile.
    harder = _changes(browser, _make_plan(browser))
    assert harder
    assert {c["because"] for c in harder.values()} == {"it felt easy twice"}
    assert {c["direction"] for c in harder.values()} <= {"progress", "swap"}


def _plan(browser: TestClient, plan_url: str) -> dict[str, Any]:
    plan_id = plan_url.rsplit("/", 1)[-1]
    export = browser.get("/account/export.json").json()
    [plan] = [p for p in export["plans"] if p["id"] == plan_id]
    return dict(plan["plan"])


def _changes(browser: TestClient, plan_url: str) -> dict[str, dict[str, Any]]:
    return {c["exercise"]: c for c in _plan(browser, plan_url)["changes"]}


def test_logging_a_session_three_ways(
    client: TestClient, browser: TestClient, stranger: TestClient
) -> None:
    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    form = {**_whole_session(page, data["timeline"]["steps"]), "pain_before": "3"}
    url = f"{plan_url}/days/1/session"
    anonymous = client.post(url, data=form, follow_redirects=False)
    assert anonymous.status_code in (303, 403)
    stranger_form = {**form, "csrf_token": csrf(stranger.get("/diary").text)}
    assert stranger.post(url, data=stranger_form).status_code == 404
    no_token = {k: v for k, v in form.items() if k != "csrf_token"}
    assert browser.post(url, data=no_token).status_code == 403
    assert _sessions(browser) == []
    assert browser.post(url, data=form).status_code == 200
    assert len(_sessions(browser)) == 1


def test_a_session_sent_later_keeps_the_time_it_ended(browser: TestClient) -> None:
    """A result kept on the phone while offline is sent later with the time the session
    ended (api.md's `ended_at`); a time in the future or long ago is not believed."""
    from datetime import UTC, datetime, timedelta

    plan_url = _make_plan(browser)
    page, data = _player(browser, plan_url)
    form = _whole_session(page, data["timeline"]["steps"])
    ended = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=3)
    sent = {**form, "elapsed_s": "600", "ended_at": ended.isoformat()}
    assert browser.post(f"{plan_url}/days/1/session", data=sent).status_code == 200
    [saved] = _sessions(browser)
    assert saved.ended_at == ended
    assert saved.started_at == ended - timedelta(seconds=600)

    for wrong in ("tomorrow", (datetime.now(UTC) + timedelta(days=1)).isoformat(), "1999-01-01"):
        before = datetime.now(UTC)
        response = browser.post(f"{plan_url}/days/1/session", data={**form, "ended_at": wrong})
        assert response.status_code == 200
        latest = _sessions(browser)[-1]
        assert latest.ended_at is not None
        assert latest.ended_at >= before, wrong

"""Pages: the screening wizard without an account, sign-up carrying a result, plans, the
session log, the diary and progress, and every owned page checked three ways."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient

from backcare.services import accounts
from backcare.web import usecases
from tests.web.conftest import PASSWORD, SAFETY_NO, csrf, new_email

# Issue 15: a new password must not be easy to guess ("y" * 12 used to be accepted).
NEW_PASSWORD = "violet kettle on the stairs"

PLAN_FORM = {
    "regions": ["low_back"],
    "equipment": ["mat", "wall", "chair"],
    "minutes": "20",
    "days_per_week": "3",
    "level": "beginner",
}


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def _walk(
    client: TestClient,
    html: str,
    extra: dict[str, object],
    limit: int = 15,
    headers: dict[str, str] | None = None,
) -> object:
    """Sends wizard steps with `extra` answers until something other than a step comes."""
    response = None
    for _ in range(limit):
        data = {
            "csrf_token": csrf(html),
            "answers": _hidden(html, "answers"),
            "asked": _hidden(html, "asked"),
            "checklist": "1",
            "skip_instrument": "1",
            **SAFETY_NO,
            **extra,
        }
        response = client.post("/screening", data=data, headers=headers, follow_redirects=False)
        if response.status_code != 200 or 'name="asked"' not in response.text:
            return response
        html = response.text
    raise AssertionError("the wizard never ended")


def _make_plan(browser: TestClient) -> str:
    page = browser.get("/plans")
    response = browser.post(
        "/plans", data={**PLAN_FORM, "csrf_token": csrf(page.text)}, follow_redirects=False
    )
    assert response.status_code == 303, response.text
    return str(response.headers["location"])


# -- public pages -------------------------------------------------------------------------


def test_landing_says_what_it_does_and_does_not(client: TestClient) -> None:
    html = client.get("/").text
    assert "Start the screening" in html
    assert "does not diagnose" in html
    assert "emergency" in html


def test_red_flag_questions_come_first(client: TestClient) -> None:
    html = client.get("/screening").text
    assert "First, warning signs" in html
    assert 'name="saddle_numbness"' in html
    assert 'name="onset"' not in html  # the history comes after the red flags


def _tick_saddle_numbness(client: TestClient, headers: dict[str, str] | None = None) -> Any:
    """The wizard's first step with one emergency box ticked."""
    html = client.get("/screening").text
    return client.post(
        "/screening",
        data={
            "csrf_token": csrf(html),
            "answers": "{}",
            "asked": "",
            "checklist": "1",
            "saddle_numbness": "on",
        },
        headers=headers or {},
    )


def test_an_emergency_answer_shows_the_emergency_screen_at_once(client: TestClient) -> None:
    response = _tick_saddle_numbness(client)
    assert response.status_code == 200
    assert "Get medical help now" in response.text
    assert 'class="emergency"' in response.text
    assert 'name="asked"' not in response.text  # no further questions


def test_ticking_an_emergency_box_is_checked_by_htmx(client: TestClient) -> None:
    html = client.get("/screening").text
    base = {"csrf_token": csrf(html), "answers": "{}", "asked": ""}
    urgent = client.post(
        "/screening/check", data={**base, "bladder_change": "on"}, headers={"HX-Request": "true"}
    )
    assert "Get medical help now" in urgent.text
    calm = client.post("/screening/check", data=base, headers={"HX-Request": "true"})
    assert "Get medical help now" not in calm.text


def test_htmx_steps_answer_only_the_wizard_fragment(client: TestClient) -> None:
    html = client.get("/screening").text
    response = client.post(
        "/screening",
        data={
            "csrf_token": csrf(html),
            "answers": "{}",
            "asked": "",
            "checklist": "1",
            "age": "40",
            **SAFETY_NO,
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="wizard">')
    assert "<html" not in response.text
    assert "About you and your pain" in response.text


def _is_fragment(html: str) -> bool:
    return (
        html.lstrip().startswith('<div id="wizard">')
        and "<header" not in html
        and ("<html" not in html)
    )


def test_htmx_last_step_answers_the_result_fragment(client: TestClient) -> None:
    """htmx swaps the answer into #wizard, so the result must not bring a second header."""
    answers = {"age": "40", "regions": "low_back", "pain_now": "4"}
    html = client.get("/screening").text
    swapped = _walk(client, html, answers, headers={"HX-Request": "true"})
    assert swapped.status_code == 200  # type: ignore[attr-defined]
    text = swapped.text  # type: ignore[attr-defined]
    assert "Your screening result" in text
    assert _is_fragment(text)
    full = _walk(client, html, answers).text  # type: ignore[attr-defined]
    assert "Your screening result" in full
    assert "<header" in full
    assert "<html" in full


@pytest.mark.parametrize("htmx", [True, False])
def test_the_emergency_screen_is_a_fragment_only_for_htmx(client: TestClient, htmx: bool) -> None:
    response = _tick_saddle_numbness(client, {"HX-Request": "true"} if htmx else None)
    assert response.status_code == 200
    assert 'class="emergency"' in response.text
    assert _is_fragment(response.text) is htmx
    assert ("<header" in response.text) is not htmx


def test_a_calm_walk_ends_on_the_result_without_an_account(client: TestClient) -> None:
    html = client.get("/screening").text
    result = _walk(client, html, {"age": "40", "regions": "low_back", "pain_now": "4"})
    assert result.status_code == 200  # type: ignore[attr-defined]
    text = result.text  # type: ignore[attr-defined]
    assert "Your screening result" in text
    assert "Create an account to save this" in text
    assert "Inflammatory back pain criteria" in text


def test_a_wrong_number_is_named_and_the_step_is_asked_again(client: TestClient) -> None:
    html = client.get("/screening").text
    bad = client.post(
        "/screening",
        data={"csrf_token": csrf(html), "answers": "{}", "asked": "", "age": "7"},
    )
    assert bad.status_code == 422
    assert 'aria-invalid="true"' in bad.text
    assert "First, warning signs" in bad.text


def test_tampered_wizard_state_starts_afresh(client: TestClient) -> None:
    html = client.get("/screening").text
    response = client.post(
        "/screening",
        data={"csrf_token": csrf(html), "answers": "{not json", "asked": "x" * 30000},
    )
    assert response.status_code in (200, 422)


def test_signing_up_from_a_result_saves_it(client: TestClient) -> None:
    html = client.get("/screening").text
    result = _walk(client, html, {"age": "40", "regions": "low_back"})
    answers = _hidden(result.text, "answers")  # type: ignore[attr-defined]
    # The result page posts them (never in a URL: issue 16).
    form = client.post(
        "/signup",
        data={"csrf_token": csrf(result.text), "carry": "1", "answers": answers},  # type: ignore[attr-defined]
    ).text
    assert "will be saved" in form
    response = client.post(
        "/signup",
        data={
            "csrf_token": csrf(form),
            "email": new_email(),
            "password": PASSWORD,
            "answers": _hidden(form, "answers"),
        },
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"].startswith("/screenings/")
    saved = client.get(response.headers["location"])
    assert saved.status_code == 200
    assert json.loads(answers)["age"] == 40


# -- accounts -------------------------------------------------------------------------------


def test_sign_up_errors_are_shown_next_to_the_field(client: TestClient) -> None:
    form = client.get("/signup").text
    response = client.post(
        "/signup", data={"csrf_token": csrf(form), "email": "nope", "password": "short"}
    )
    assert response.status_code == 422
    assert 'id="email-error"' in response.text


def test_sign_in_sign_out_and_throttling(client: TestClient, browser: TestClient) -> None:
    email = new_email()
    form = client.get("/signup").text
    client.post("/signup", data={"csrf_token": csrf(form), "email": email, "password": PASSWORD})
    client.post("/signout", data={"csrf_token": csrf(client.get("/account").text)})
    assert client.get("/account", follow_redirects=False).status_code == 303
    page = client.get("/signin").text
    wrong = client.post(
        "/signin", data={"csrf_token": csrf(page), "email": email, "password": "bad guess"}
    )
    assert wrong.status_code == 401
    for _ in range(accounts.MAX_FAILURES):
        last = client.post(
            "/signin", data={"csrf_token": csrf(page), "email": email, "password": "bad guess"}
        )
    assert last.status_code == 429
    assert "Too many failed tries" in last.text


def test_sign_in_goes_back_to_the_page_asked_for(client: TestClient) -> None:
    email = new_email()
    client.post("/api/v1/users", json={"email": email, "password": PASSWORD})
    redirect = client.get("/diary", follow_redirects=False)
    assert redirect.headers["location"] == "/signin?next=/diary"
    page = client.get(redirect.headers["location"]).text
    response = client.post(
        "/signin",
        data={"csrf_token": csrf(page), "email": email, "password": PASSWORD, "next": "/diary"},
        follow_redirects=False,
    )
    assert response.headers["location"] == "/diary"
    evil = client.post(
        "/signin",
        data={
            "csrf_token": csrf(client.get("/signin").text),
            "email": email,
            "password": PASSWORD,
            "next": "//evil.example/",
        },
        follow_redirects=False,
    )
    assert evil.headers["location"] == "/"


def test_password_change_and_account_deletion(browser: TestClient) -> None:
    page = browser.get("/account").text
    wrong = browser.post(
        "/account/password",
        data={"csrf_token": csrf(page), "current_password": "nope", "new_password": "x" * 12},
    )
    assert wrong.status_code == 422
    changed = browser.post(
        "/account/password",
        data={"csrf_token": csrf(page), "current_password": PASSWORD, "new_password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert changed.status_code == 303
    page = browser.get("/account").text  # still signed in on this browser
    assert "Delete my account" in page
    kept = browser.post("/account/delete", data={"csrf_token": csrf(page), "password": "nope"})
    assert kept.status_code == 422
    gone = browser.post(
        "/account/delete",
        data={"csrf_token": csrf(page), "password": NEW_PASSWORD},
        follow_redirects=False,
    )
    assert gone.status_code == 303
    assert browser.get("/account", follow_redirects=False).status_code == 303


def test_exports_from_the_account_page(browser: TestClient) -> None:
    document = browser.get("/account/export.json")
    assert document.status_code == 200
    assert document.json()["schema_version"] >= 1
    assert browser.get("/account/export/fhir.json").json()["resourceType"] == "Bundle"


# -- owned pages, three ways ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/plans",
        "/diary",
        "/progress",
        "/account",
        "/screenings",
        "/progress/report.pdf",
        "/progress/chart/pain.svg",
        "/account/export.json",
    ],
)
def test_owned_pages_send_anonymous_visitors_to_sign_in(client: TestClient, url: str) -> None:
    response = client.get(url, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin?next=")


def test_plan_pages_three_ways(
    client: TestClient, browser: TestClient, stranger: TestClient
) -> None:
    plan_url = _make_plan(browser)
    session_url = f"{plan_url}/days/1/session"
    for url in (plan_url, session_url):
        assert client.get(url, follow_redirects=False).status_code == 303
        assert browser.get(url).status_code == 200
        assert stranger.get(url).status_code == 404
    html = browser.get(plan_url).text
    assert "Left out, and why" in html or "excluded" not in html
    assert "/figures/" in html
    assert "Start this session" in html
    # A stranger cannot log a session against this plan.
    token = csrf(stranger.get("/diary").text)
    refused = stranger.post(session_url, data={"csrf_token": token, "completed_steps": "3"})
    assert refused.status_code == 404


def test_the_session_page_carries_the_timeline_as_data(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    html = browser.get(f"{plan_url}/days/1/session?speed=20").text
    data = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', html, re.S)
    assert data
    player = json.loads(data.group(1))
    assert player["timeline"]["steps"][0]["t"] == 0
    assert set(player["exercises"]) >= {
        s["exercise"] for s in player["timeline"]["steps"] if s["exercise"]
    }
    assert 'data-speed="20.0"' in html


def test_logging_a_session_with_feedback(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    page = browser.get(f"{plan_url}/days/1/session").text
    exercise = re.search(r'name="exercise" value="([a-z_]+)"', page).group(1)  # type: ignore[union-attr]
    response = browser.post(
        f"{plan_url}/days/1/session",
        data={
            "csrf_token": csrf(page),
            "elapsed_s": "300",
            "completed_steps": "6",
            "total_steps": "40",
            "exercise": [exercise],
            f"pain_{exercise}": "3",
            f"effort_{exercise}": "too_hard",
        },
    )
    assert response.status_code == 200
    assert "Session saved" in response.text
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
    sessions = repo.list_sessions(_user_id(browser))
    assert len(sessions) == 1
    assert sessions[0].plan_id == plan_url.split("/")[-1]
    assert sessions[0].feedback[0].effort == "too_hard"
    assert sessions[0].completed is False


def test_a_tampered_session_form_saves_nothing_it_did_not_offer(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    page = browser.get(f"{plan_url}/days/1/session").text
    exercise = re.search(r'name="exercise" value="([a-z_]+)"', page).group(1)  # type: ignore[union-attr]
    form = {"csrf_token": csrf(page), "elapsed_s": "60", "completed_steps": "2"}
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]

    refused = browser.post(
        f"{plan_url}/days/1/session",
        data={**form, "exercise": [exercise], f"pain_{exercise}": "12"},
    )
    assert refused.status_code == 422
    assert repo.list_sessions(_user_id(browser)) == []

    # An exercise that is not part of the day gets no rating in the saved session.
    saved = browser.post(
        f"{plan_url}/days/1/session",
        data={
            **form,
            "exercise": [exercise, "not_today"],
            f"pain_{exercise}": "2",
            "pain_not_today": "9",
        },
    )
    assert saved.status_code == 200
    [session] = repo.list_sessions(_user_id(browser))
    assert [f.exercise for f in session.feedback] == [exercise]


def _user_id(browser: TestClient) -> str:
    return str(browser.get("/account/export.json").json()["user"]["id"])


def test_a_refused_plan_shows_the_reasons(browser: TestClient) -> None:
    # The wizard stops at the emergency screen without saving, so save an emergency
    # screening the way the API does.
    runtime = browser.app.state.runtime  # type: ignore[attr-defined]
    usecases.save_screening(
        runtime.repo,
        _user_id(browser),
        {"saddle_numbness": True},
        runtime.library,
        datetime.now(UTC),
    )
    page = browser.get("/plans").text
    refused = browser.post("/plans", data={**PLAN_FORM, "csrf_token": csrf(page)})
    assert refused.status_code == 409
    assert "No plan for now" in refused.text


def test_a_plan_after_an_incomplete_screening_sends_the_person_back_to_the_questions(
    browser: TestClient,
) -> None:
    runtime = browser.app.state.runtime  # type: ignore[attr-defined]
    usecases.save_screening(
        runtime.repo,
        _user_id(browser),
        {"age": 40, "pain_now": 3},
        runtime.library,
        datetime.now(UTC),
    )
    page = browser.get("/plans").text
    refused = browser.post("/plans", data={**PLAN_FORM, "csrf_token": csrf(page)})
    assert refused.status_code == 409
    assert "safety questions" in refused.text
    assert 'href="/screening"' in refused.text


def test_the_result_page_says_each_exercise_reason_in_words(browser: TestClient) -> None:
    runtime = browser.app.state.runtime  # type: ignore[attr-defined]
    record = usecases.save_screening(
        runtime.repo,
        _user_id(browser),
        {"age": 40, "pain_now": 3},
        runtime.library,
        datetime.now(UTC),
    )
    page = browser.get(f"/screenings/{record.id}")
    assert page.status_code == 200
    assert "Some safety questions are not answered yet" in page.text
    assert "screening_incomplete" not in page.text
    opening = page.text[: page.text.index("Please do not start the exercises yet")]
    assert "numbness around your back passage" in opening  # the unanswered questions first
    assert 'href="/screening"' in opening


def test_diary_in_two_taps_then_edit_and_delete(browser: TestClient, stranger: TestClient) -> None:
    page = browser.get("/diary").text
    added = browser.post("/diary", data={"csrf_token": csrf(page), "pain": "6"})
    assert added.status_code == 200
    html = browser.get("/diary").text
    assert "6/10" in html
    entry_id = re.search(r"/diary/([0-9a-f]{32})/edit", html).group(1)  # type: ignore[union-attr]
    edit_url = f"/diary/{entry_id}/edit"
    assert stranger.get(edit_url).status_code == 404
    token = csrf(stranger.get("/diary").text)
    assert (
        stranger.post(
            f"/diary/{entry_id}", data={"csrf_token": token, "pain": "1", "date": "2026-01-01"}
        ).status_code
        == 404
    )
    assert stranger.post(f"/diary/{entry_id}/delete", data={"csrf_token": token}).status_code == 404
    form = browser.get(edit_url).text
    saved = browser.post(
        f"/diary/{entry_id}",
        data={"csrf_token": csrf(form), "pain": "2", "date": "2026-01-02", "regions": ["neck"]},
        follow_redirects=False,
    )
    assert saved.status_code == 303
    html = browser.get("/diary").text
    assert "2/10" in html
    assert "6/10" not in html
    browser.post(f"/diary/{entry_id}/delete", data={"csrf_token": csrf(html)})
    assert "2/10" not in browser.get("/diary").text


def test_diary_htmx_answers_the_fragment(browser: TestClient) -> None:
    page = browser.get("/diary").text
    response = browser.post(
        "/diary", data={"csrf_token": csrf(page), "pain": "3"}, headers={"HX-Request": "true"}
    )
    assert response.text.lstrip().startswith('<div id="diary-body">')
    assert "3/10" in response.text


def test_progress_charts_and_report(browser: TestClient) -> None:
    page = browser.get("/diary").text
    browser.post("/diary", data={"csrf_token": csrf(page), "pain": "5"})
    html = browser.get("/progress").text
    assert "/progress/report.pdf" in html
    chart = browser.get("/progress/chart/pain.svg")
    assert chart.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in chart.text
    assert browser.get("/progress/chart/nonsense.svg").status_code == 404
    report = browser.get("/progress/report.pdf")
    assert report.content.startswith(b"%PDF")


def test_figures_are_public_svg(client: TestClient) -> None:
    figure = client.get("/figures/bird_dog.svg?kind=animated")
    assert figure.status_code == 200
    assert figure.headers["content-type"].startswith("image/svg+xml")
    assert client.get("/figures/no_such_move.svg").status_code == 404


def test_unknown_pages_are_a_kind_404(client: TestClient) -> None:
    response = client.get("/no/such/page")
    assert response.status_code == 404
    assert "Page not found" in response.text


def test_the_interface_speaks_chinese_when_asked(client: TestClient) -> None:
    html = client.get("/", headers={"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}).text
    assert 'lang="zh-Hans"' in html
    assert "开始筛查" in html
    chosen = client.get("/?lang=en", headers={"Accept-Language": "zh-CN"})
    assert "Start the screening" in chosen.text
    # The choice is remembered.
    assert "Start the screening" in client.get("/", headers={"Accept-Language": "zh-CN"}).text


def test_htmx_errors_answer_the_fragment_too(browser: TestClient) -> None:
    page = browser.get("/diary").text
    response = browser.post(
        "/diary", data={"csrf_token": csrf(page), "pain": "11"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 422
    assert response.text.lstrip().startswith('<div id="diary-body">')
    assert "error-text" in response.text


def test_signing_in_from_a_result_saves_it(client: TestClient) -> None:
    email = new_email()
    client.post("/api/v1/users", json={"email": email, "password": PASSWORD})
    html = client.get("/screening").text
    result = _walk(client, html, {"age": "52", "regions": "neck"})
    answers = _hidden(result.text, "answers")  # type: ignore[attr-defined]
    form = client.post(
        "/signin",
        data={"csrf_token": csrf(result.text), "carry": "1", "answers": answers},  # type: ignore[attr-defined]
    ).text
    assert "will be saved to your account" in form
    response = client.post(
        "/signin",
        data={
            "csrf_token": csrf(form),
            "email": email,
            "password": PASSWORD,
            "answers": _hidden(form, "answers"),
        },
        follow_redirects=False,
    )
    assert response.headers["location"].startswith("/screenings/")


def test_a_browser_session_skipped_through_to_the_end_is_not_done(browser: TestClient) -> None:
    """Issue 14: the browser player counted skipped steps as finished, so skipping to the
    end saved a done session. It now says which steps ran their full time; the server applies
    the terminal player's rule (domain.player.session_done)."""
    plan_url = _make_plan(browser)
    page = browser.get(f"{plan_url}/days/1/session").text
    data = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page, re.S)
    assert data
    steps = json.loads(data.group(1))["timeline"]["steps"]
    main = next(
        i for i, s in enumerate(steps) if s["phase"] == "work" and s["kind"] in ("circuit", "sets")
    )
    warmup = next(i for i, s in enumerate(steps) if s["phase"] == "work" and s["kind"] == "warmup")
    form = {
        "csrf_token": csrf(page),
        "elapsed_s": "30",
        "completed_steps": str(len(steps)),
        "total_steps": str(len(steps)),
        "reached_end": "1",
        # With no step finished the session is kept only when the person says so.
        "keep_unfinished": "1",
    }
    repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
    for done_steps, expected in (("", False), (f"0,{warmup}", False), (f"0,{main}", True)):
        response = browser.post(
            f"{plan_url}/days/1/session", data={**form, "done_steps": done_steps}
        )
        assert response.status_code == 200
        saved = max(repo.list_sessions(_user_id(browser)), key=lambda s: s.ended_at)
        assert saved.completed is expected, done_steps
        assert saved.completed_steps == len([p for p in done_steps.split(",") if p])


def test_the_diary_chart_has_a_narrow_drawing_for_a_phone(browser: TestClient) -> None:
    page = browser.get("/diary").text
    browser.post("/diary", data={"csrf_token": csrf(page), "pain": "4"})
    html = browser.get("/diary").text
    wide = re.search(r'<img class="chart" src="(/progress/chart/pain\.svg\?[^"]+)"', html)
    narrow = re.search(r'<source media="\(max-width: 600px\)" srcset="([^"]+)">', html)
    assert wide, html
    assert narrow, html
    assert narrow.group(1) == wide.group(1) + "&amp;w=narrow"
    svg = browser.get(narrow.group(1).replace("&amp;", "&")).text
    assert svg.lstrip().startswith("<?xml")

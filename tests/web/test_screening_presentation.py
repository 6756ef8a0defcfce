"""What the screening pages show a person, and what they never do: the result says what was
found in the person's own answers (each reason traceable to one), the urgency line follows
the flag that set it, answers never travel in a URL, an optional questionnaire can be left,
a rejected value is kept and explained in the page's language, and sign-up confirms."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

from fastapi.testclient import TestClient

from tests.answers import complete
from tests.web.conftest import PASSWORD, csrf, new_email

# A 24-year-old with the inflammatory pattern NICE NG65 refers on (a routine axial_spa flag);
# every safety question answered (the form cannot skip one).
INFLAMMATORY = complete(
    **{
        "age": 24,
        "regions": ["low_back"],
        "duration_weeks": 20,
        "onset": "gradual",
        "onset_age": 22,
        "morning_stiffness_minutes": 45,
        "improves_with_activity": True,
        "improves_with_rest": False,
        "night_pain": True,
        "wakes_second_half_night": True,
        "buttock_pain": True,
        "alternating_buttock_pain": True,
    }
)


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def _result(client: TestClient, answers: dict[str, object], lang: str = "en") -> str:
    """The result page for `answers`, as the wizard's "Show my result now" gives it."""
    page = client.get(f"/screening?lang={lang}").text
    response = client.post(
        "/screening",
        data={"csrf_token": csrf(page), "answers": json.dumps(answers), "asked": "", "finish": "1"},
    )
    assert response.status_code == 200, response.text
    assert "step-title" in response.text
    return response.text


def _banner(html: str) -> str:
    found = re.search(r'<div class="banner[^>]*>(.*?)</div>\s*</div>', html, re.S)
    assert found
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1)))


def test_the_inflammatory_pattern_names_the_referral_not_a_wait(client: TestClient) -> None:
    html = _result(client, INFLAMMATORY)
    banner = _banner(html)
    assert "rheumatologist" in banner
    assert "4 to 6 weeks" not in banner
    # Routine care with no flag keeps the general wording (a complete screening: an
    # incomplete one opens with its unanswered questions instead, issue 12).
    calm = _banner(_result(client, complete(regions=["low_back"], duration_weeks=20)))
    assert "rheumatologist" not in calm


def test_reasons_show_the_persons_answers_each_traceable(client: TestClient) -> None:
    html = _result(client, INFLAMMATORY)
    because = re.search(r'<ul class="because[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    assert because, "the reasons are listed"
    items = re.findall(r'<li data-answer="([^"]+)">(.*?)</li>', because.group(1), re.S)
    keys = [key for key, _ in items]
    assert set(keys) <= set(INFLAMMATORY)  # each line names the answer it comes from
    text = {key: re.sub(r"<[^>]+>", "", body) for key, body in items}
    assert "22 years" in text["onset_age"]
    assert "Yes" in text["buttock_pain"]
    zh = _result(client, INFLAMMATORY, lang="zh_Hans")
    assert "22 岁" in zh
    assert "是" in re.search(r'<ul class="because[^"]*"[^>]*>(.*?)</ul>', zh, re.S).group(1)  # type: ignore[union-attr]


def test_answers_never_travel_in_a_url(client: TestClient) -> None:
    html = _result(client, complete(regions=["low_back"]))
    forms = re.findall(r"<form[^>]*>.*?</form>", html, re.S)
    carrying = [f for f in forms if 'name="answers"' in f]
    assert carrying
    assert all('method="post"' in f for f in carrying)
    assert "answers=" not in html  # no link with them either
    # The sign-up form comes from a POST and carries them in its own body.
    form = client.post(
        "/signup",
        data={"csrf_token": csrf(html), "carry": "1", "answers": _hidden(html, "answers")},
    )
    assert form.status_code == 200
    assert "will be saved" in form.text
    assert json.loads(_hidden(form.text, "answers"))["age"] == 40
    assert 'id="email-error"' not in form.text  # nothing was tried yet
    signin = client.post(
        "/signin",
        data={"csrf_token": csrf(html), "carry": "1", "answers": _hidden(html, "answers")},
    )
    assert signin.status_code == 200
    assert "answers=" not in signin.text
    assert "will be saved to your account" in signin.text
    # Answers put in a URL by hand are not taken.
    assert "will be saved" not in client.get("/signup", params={"answers": '{"age": 40}'}).text
    assert "will be saved" not in client.get("/signin", params={"answers": '{"age": 40}'}).text


def _asked_all_but_startback() -> str:
    """Every question asked except the last lifestyle one and STarT Back: sending that one
    lifestyle step brings up the STarT Back step."""
    keys = re.findall(r"- key: (\w+)", Path("content/questions.yaml").read_text(encoding="utf-8"))
    return ",".join(key for key in keys if key not in ("startback", "crosses_legs"))


def test_the_optional_startback_step_does_not_block_next(client: TestClient) -> None:
    answers = {"age": 40, "regions": ["low_back"], "pain_now": 4, "duration_weeks": 3}
    page = client.get("/screening").text
    asked = _asked_all_but_startback()
    step = client.post(
        "/screening",
        data={"csrf_token": csrf(page), "answers": json.dumps(answers), "asked": asked},
    )
    assert "startback_9" in step.text  # the STarT Back step
    nothing = client.post(
        "/screening",
        data={
            "csrf_token": csrf(page),
            "answers": _hidden(step.text, "answers"),
            "asked": _hidden(step.text, "asked"),
            "next": "1",
        },
    )
    assert nothing.status_code == 200, nothing.text
    assert "Your screening result" in nothing.text


def test_a_half_answered_startback_keeps_the_ticks_and_says_why(client: TestClient) -> None:
    answers = {"age": 40, "regions": ["low_back"], "pain_now": 4, "duration_weeks": 3}
    page = client.get("/screening?lang=zh_Hans").text
    asked = _asked_all_but_startback()
    step = client.post(
        "/screening",
        data={"csrf_token": csrf(page), "answers": json.dumps(answers), "asked": asked},
    )
    half = client.post(
        "/screening",
        data={
            "csrf_token": csrf(page),
            "answers": _hidden(step.text, "answers"),
            "asked": _hidden(step.text, "asked"),
            "startback_2": "on",
            "next": "1",
        },
    )
    assert half.status_code == 422
    assert re.search(r'id="startback_2"[^>]*checked', half.text)
    error = re.search(r'class="error-text" id="e-startback">([^<]*)<', half.text)
    assert error
    assert not re.search(r"[A-Za-z]{3,}", error.group(1)), error.group(1)  # Chinese, not English


def test_a_rejected_number_is_kept_and_explained_in_chinese(client: TestClient) -> None:
    page = client.get("/screening?lang=zh_Hans").text
    bad = client.post(
        "/screening",
        data={"csrf_token": csrf(page), "answers": "{}", "asked": "", "age": "7"},
    )
    assert bad.status_code == 422
    assert re.search(r'id="q-age"[^>]*value="7"', bad.text, re.S), "the typed 7 was cleared"
    error = re.search(r'class="error-text" id="e-age">([^<]*)<', bad.text)
    assert error
    assert "16" in error.group(1)  # says what is allowed
    assert not re.search(r"[A-Za-z]{3,}", error.group(1)), error.group(1)


def test_sign_up_confirms_the_new_account(client: TestClient) -> None:
    form = client.get("/signup").text
    response = client.post(
        "/signup",
        data={"csrf_token": csrf(form), "email": new_email(), "password": PASSWORD, "next": "/"},
    )
    assert response.status_code == 200
    assert 'role="status"' in response.text
    assert "Your account is ready" in response.text
    # Shown once.
    assert "Your account is ready" not in client.get("/").text

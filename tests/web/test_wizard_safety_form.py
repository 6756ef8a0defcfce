"""The web screening's first step asks every safety question as an explicit choice, Yes / No /
Not sure, and the age (screening.md: "the web form cannot skip a safety question"; "not sure"
counts as yes for its flag). A step sent with one left out comes back marked, with what was
chosen kept and the message in the page's language; "not sure" is shown in plain words on the
result."""

from __future__ import annotations

import re
from html import unescape

import pytest
from fastapi.testclient import TestClient

from backcare.domain.answers import SAFETY_KEYS
from tests.web.conftest import ApiUser, csrf

ALL_NO = dict.fromkeys(SAFETY_KEYS, "no")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def _first_step(client: TestClient, fields: dict[str, str], lang: str = "en") -> object:
    page = client.get(f"/screening?lang={lang}").text
    return client.post(
        "/screening",
        # the form's own hidden field: other yes/no boxes left unticked mean no
        data={"csrf_token": csrf(page), "answers": "{}", "asked": "", "checklist": "1", **fields},
    )


def _checked(tag: str) -> bool:
    return re.search(r"\schecked[\s>=]", tag) is not None


def _radios(html: str, key: str) -> dict[str, str]:
    """value -> the input tag, for the radio group of `key`."""
    tags = re.findall(rf'<input[^>]*type="radio"[^>]*name="{key}"[^>]*>', html, re.S)
    found = {}
    for tag in tags:
        value = re.search(r'value="([^"]+)"', tag)
        assert value
        found[value.group(1)] = tag
    return found


def test_each_safety_question_is_a_yes_no_not_sure_group_with_a_legend(client: TestClient) -> None:
    html = client.get("/screening").text
    for key in SAFETY_KEYS:
        radios = _radios(html, key)
        assert set(radios) == {"yes", "no", "not_sure"}, key
        assert all(" required" in tag and not _checked(tag) for tag in radios.values()), key
        # one fieldset per question, its legend the question
        assert re.search(rf'<fieldset[^>]*id="f-{key}"[^>]*>\s*<legend[^>]*>[^<]+', html), key
    assert 'type="checkbox" id="q-saddle_numbness"' not in html  # no silent "unticked = no"
    for label in ("Yes", "No", "Not sure"):
        assert f"<span>{label}</span>" in html


def test_the_chinese_form_says_yes_no_not_sure_in_chinese(client: TestClient) -> None:
    html = client.get("/screening?lang=zh_Hans").text
    for label in ("是", "否", "不确定"):
        assert f"<span>{label}</span>" in html


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_a_step_with_a_safety_question_left_out_is_refused_and_keeps_the_choices(
    client: TestClient, lang: str
) -> None:
    fields = {**ALL_NO, "age": "44", "regions": "neck", "fever": "not_sure"}
    del fields["osteoporosis"]
    bad = _first_step(client, fields, lang)
    assert bad.status_code == 422  # type: ignore[attr-defined]
    html = bad.text  # type: ignore[attr-defined]
    assert "First, warning signs" in html or "警示" in html or "危险" in html
    # the one left out is marked, with its message tied to its group
    assert re.search(
        r'<fieldset[^>]*id="f-osteoporosis"[^>]*aria-describedby="e-osteoporosis"', html
    )
    error = re.search(r'class="error-text" id="e-osteoporosis">([^<]*)<', html)
    assert error
    assert error.group(1).strip()
    if lang == "zh_Hans":
        assert CJK.search(error.group(1))
        assert not re.search(r"[A-Za-z]{3,}", error.group(1))
    else:
        assert "not sure" in error.group(1)
    # only that one is marked
    assert len(re.findall(r'class="error-text" id="e-', html)) == 1
    # what was chosen is kept
    assert _checked(_radios(html, "fever")["not_sure"])
    assert _checked(_radios(html, "saddle_numbness")["no"])
    assert re.search(r'id="q-age"[^>]*value="44"', html, re.S)
    assert re.search(r'id="q-regions-neck"[^>]*checked', html, re.S)
    assert not any(_checked(tag) for tag in _radios(html, "osteoporosis").values())
    # nothing was carried on as answered
    assert _hidden(html, "asked") == ""


@pytest.mark.parametrize("lang", ["en", "zh_Hans"])
def test_a_step_without_the_age_is_refused_server_side(client: TestClient, lang: str) -> None:
    bad = _first_step(client, {**ALL_NO, "age": ""}, lang)
    assert bad.status_code == 422  # type: ignore[attr-defined]
    html = bad.text  # type: ignore[attr-defined]
    assert re.search(r'id="q-age"[^>]*aria-invalid="true"', html, re.S)
    error = re.search(r'class="error-text" id="e-age">([^<]*)<', html)
    assert error
    assert error.group(1).strip()
    if lang == "zh_Hans":
        assert CJK.search(error.group(1))
        assert not re.search(r"[A-Za-z]{3,}", error.group(1))
    else:
        assert "age" in error.group(1)
    assert _checked(_radios(html, "fever")["no"])  # the other answers kept


def test_every_safety_question_answered_goes_on_and_not_sure_is_sent_as_not_sure(
    client: TestClient,
) -> None:
    fields = {**ALL_NO, "age": "44", "fever": "not_sure", "osteoporosis": "yes"}
    ok = _first_step(client, fields)
    assert ok.status_code == 200, ok.text  # type: ignore[attr-defined]
    html = ok.text  # type: ignore[attr-defined]
    assert "About you and your pain" in html
    import json

    carried = json.loads(_hidden(html, "answers"))
    assert carried["fever"] == "not_sure"
    assert carried["osteoporosis"] is True
    assert carried["saddle_numbness"] is False
    assert carried["age"] == 44


def test_an_emergency_answer_still_stops_at_once_with_others_unanswered(
    client: TestClient,
) -> None:
    """An emergency is never held back by "please answer the other questions"."""
    for value in ("yes", "not_sure"):
        response = _first_step(client, {"saddle_numbness": value})
        assert response.status_code == 200  # type: ignore[attr-defined]
        assert "Get medical help now" in response.text  # type: ignore[attr-defined]


def test_htmx_check_reads_yes_and_not_sure(client: TestClient) -> None:
    page = client.get("/screening").text
    base = {"csrf_token": csrf(page), "answers": "{}", "asked": ""}
    for value, urgent in (("yes", True), ("not_sure", True), ("no", False)):
        response = client.post(
            "/screening/check",
            data={**base, "bladder_change": value},
            headers={"HX-Request": "true"},
        )
        assert ("Get medical help now" in response.text) is urgent, value


# --- The result page says "not sure" in words ------------------------------------------------


def _result(client: TestClient, answers: dict[str, object], lang: str) -> str:
    import json

    page = client.get(f"/screening?lang={lang}").text
    response = client.post(
        "/screening",
        data={"csrf_token": csrf(page), "answers": json.dumps(answers), "asked": "", "finish": "1"},
    )
    assert response.status_code == 200, response.text
    return response.text


@pytest.mark.parametrize(
    ("lang", "intro", "answer"),
    [("en", "You were not sure about", "Not sure"), ("zh_Hans", "您不确定", "不确定")],
)
def test_the_result_names_the_not_sure_answers_in_plain_words(
    client: TestClient, lang: str, intro: str, answer: str
) -> None:
    from tests.answers import complete

    html = _result(client, complete(regions=["low_back"], cancer_history="not_sure", age=45), lang)
    assert "not_sure" not in re.sub(r'name="answers" value="[^"]*"', "", html)
    block = re.search(r'id="not-sure-malignancy"[^>]*>(.*?)</(?:div|p|ul)>', html, re.S)
    assert block, "the flag says which answers were 'not sure'"
    assert intro in html
    line = re.search(r'<li data-answer="cancer_history">(.*?)</li>', html, re.S)
    assert line
    assert answer in line.group(1)


def test_the_api_takes_a_screening_without_age_as_incomplete_not_an_error(
    client: TestClient, owner: ApiUser
) -> None:
    """screening.md: every key is optional; `complete` is false without the age (the page
    asks for it; the API reports it)."""
    answers = dict.fromkeys(SAFETY_KEYS, False)
    response = client.post("/api/v1/screenings", json=answers, headers=owner.headers)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["complete"] is False
    assert body["exercise"]["allowed"] is False
    assert "screening_incomplete" in body["exercise"]["reasons"]
    assert body["missing"] == ["age"]

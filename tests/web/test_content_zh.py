"""Chinese pages carry the content in Chinese, and say why where they cannot (issue 13)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import SAFETY_NO, csrf
from tests.web.test_pages import _hidden

RMDQ_NOTE_ZH = "授权"  # the note names the missing licensed translation


def _step_until(client: TestClient, lang: str, marker: str, extra: dict[str, object]) -> str:
    """Sends wizard steps in `lang` with `extra` answers until a step shows `marker`."""
    html = client.get(f"/screening?lang={lang}").text
    for _ in range(20):
        if marker in html:
            return html
        data = {
            "csrf_token": csrf(html),
            "answers": _hidden(html, "answers"),
            "asked": _hidden(html, "asked"),
            "checklist": "1",
            "skip_instrument": "1",
            **SAFETY_NO,
            **extra,
        }
        response = client.post("/screening", data=data, follow_redirects=False)
        assert response.status_code == 200, response.text[:300]
        html = response.text
    raise AssertionError(f"no step showed {marker!r}")


def test_the_chinese_rmdq_step_says_why_its_statements_are_english(client: TestClient) -> None:
    html = _step_until(client, "zh", "RMDQ", {"age": "40", "regions": "low_back", "pain_now": "4"})
    assert "I stay at home most of the time because of my back." in html  # the authors' words
    assert RMDQ_NOTE_ZH in html
    assert "英文原文" in html


def test_the_english_rmdq_step_needs_no_note(client: TestClient) -> None:
    html = _step_until(client, "en", "RMDQ", {"age": "40", "regions": "low_back", "pain_now": "4"})
    assert RMDQ_NOTE_ZH not in html


def test_the_plan_page_shows_the_weekly_walks_and_the_flare_up_plan(browser: TestClient) -> None:
    from backcare.content import load_library
    from tests.web.test_pages import _make_plan

    where = _make_plan(browser)
    library = load_library()
    english = browser.get(f"{where}?lang=en").text
    assert "Walking, week by week" in english
    assert library.advice["flare_up_plan"].title.en in english
    chinese = browser.get(f"{where}?lang=zh").text
    assert "每周步行计划" in chinese
    assert library.walking is not None
    assert library.walking.how.get("zh") in chinese
    assert library.advice["flare_up_plan"].title.get("zh") in chinese


def _shown(html: str) -> str:
    from tests.content.test_translations import _visible_text

    return _visible_text(html)


def test_the_chinese_screening_result_page_has_no_english(client: TestClient) -> None:
    from tests.content.test_no_english_on_zh import english_words, half_width
    from tests.web.test_pages import _walk

    html = client.get("/screening?lang=zh").text
    answers = {"age": "58", "regions": "low_back", "pain_now": "6", "osteoporosis": "on"}
    result = _walk(client, html, answers)
    shown = _shown(result.text)  # type: ignore[attr-defined]
    assert "建议" in shown
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]


def test_the_chinese_plan_page_has_no_english(browser: TestClient) -> None:
    from tests.content.test_no_english_on_zh import english_words, half_width
    from tests.web.test_pages import _make_plan

    where = _make_plan(browser)
    shown = _shown(browser.get(f"{where}?lang=zh").text)
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]

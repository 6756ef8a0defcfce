"""The planner's own notes (gentle doses and why, short sessions, days that cannot be filled)
reach a Chinese reader in Chinese, with their numbers: `backcare plan --lang zh`, the zh
handout and the zh plan page. The plan's JSON `warnings` stay English (plan.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from backcare.domain.plan_notes import GENTLE, PlanNote
from backcare.domain.planner import build_plan
from backcare.domain.profile import Profile
from tests.content.test_no_english_on_zh import english_words, half_width

SCREENING: dict[str, Any] = {
    "urgency": "self_care",
    "red_flags": [],
    "ibp": {},
    "instruments": {"startback": {"total": 7, "psychosocial": 5, "risk": "high"}},
    "exercise": {"allowed": True, "reasons": []},
    "complete": True,
    "answers": {"pain_now": 8},
}
# Gentle (STarT Back high and pain 8), too short for a circuit; and days that cannot be filled.
SHORT = {"minutes": 10, "regions": ["low_back"], "seed": 1, "screening": SCREENING}
UNFILLED = {"minutes": 90, "equipment": ["chair"], "regions": ["low_back"], "seed": 1}
NOTE_STARTS = ("Doses start", "A full circuit", "Not enough exercises", "STarT Back result")


def _plan_out(tmp_path: Path, profile: dict[str, Any], lang: str) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(profile), encoding="utf-8")
    result = CliRunner().invoke(
        app, ["plan", "--profile", str(path), "--lang", lang, "--format", "text"]
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_note_is_its_message_id_with_numbers() -> None:
    plan = build_plan(Profile.model_validate(SHORT), load_library())
    gentle = next(note for note in plan.notes if note.message == GENTLE)
    assert gentle.say() in plan.warnings  # the English sentence plan.md knows
    assert "8 of 10" in gentle.say()
    marked = gentle.say(lambda text: f"[{text}]")  # each piece goes through the translator
    assert "[your pain is 8 of 10]" in marked
    assert marked.startswith("[Doses start")
    assert PlanNote.model_validate(gentle.model_dump(mode="json")) == gentle
    assert json.loads(plan.model_dump_json())["notes"]  # an added key


@pytest.mark.parametrize("profile", [SHORT, UNFILLED], ids=["short", "unfilled"])
def test_the_chinese_terminal_plan_says_the_notes_in_chinese(
    tmp_path: Path, profile: dict[str, Any]
) -> None:
    english = _plan_out(tmp_path, profile, "en")
    assert any(start in english for start in NOTE_STARTS)
    chinese = _plan_out(tmp_path, profile, "zh")
    notes = [line for line in chinese.splitlines() if line.strip().startswith(("注意", "注："))]
    assert notes, chinese
    for start in NOTE_STARTS:
        assert start not in chinese
    if profile is SHORT:
        assert "8" in chinese
        assert "10" in chinese
    else:
        assert "1、2、3" in chinese


@pytest.mark.parametrize("profile", [SHORT, UNFILLED], ids=["short", "unfilled"])
def test_the_chinese_handout_says_the_notes_in_chinese(profile: dict[str, Any]) -> None:
    import re

    from backcare.reports.handout import render_handout_html

    library = load_library()
    plan = build_plan(Profile.model_validate(profile), library)
    html = render_handout_html(plan, library, lang="zh")
    for warning in plan.warnings:
        assert warning not in html
    listed = re.search(r'<ul class="safety-notes">(.*?)</ul>', html, re.S)
    assert listed, "the notes are listed"
    text = re.sub(r"<[^>]+>", " ", listed.group(1))
    assert not english_words(text), english_words(text)
    assert not half_width(text), half_width(text)[:5]


def test_the_catalogue_marks_every_note_id() -> None:
    from backcare.domain import plan_notes
    from backcare.labels import PLAN_NOTE_IDS

    ids = (
        plan_notes.GENTLE,
        plan_notes.STARTBACK_HIGH,
        plan_notes.HIGH_PAIN,
        plan_notes.FLARE,
        plan_notes.AND,
        plan_notes.LIST_SEPARATOR,
        plan_notes.NO_ROOM,
        plan_notes.SHORT_DAYS,
        plan_notes.NOTHING_FITS,
    )
    assert ids == PLAN_NOTE_IDS


def test_the_chinese_plan_page_says_the_notes_in_chinese() -> None:
    from fastapi.testclient import TestClient

    from backcare.web.app import create_app
    from tests.web.conftest import csrf, page_client
    from tests.web.test_pages import PLAN_FORM

    with TestClient(create_app()) as anonymous:
        browser = page_client(anonymous.app)  # type: ignore[arg-type]
        page = browser.get("/plans")
        made = browser.post(
            "/plans",
            data={**PLAN_FORM, "minutes": "10", "csrf_token": csrf(page.text)},
            follow_redirects=False,
        )
        assert made.status_code == 303, made.text
        where = made.headers["location"]
        english = browser.get(f"{where}?lang=en").text
        assert "A full circuit needs about 15 minutes; with 10 minutes" in english
        chinese = browser.get(f"{where}?lang=zh").text
        assert "A full circuit" not in chinese
        assert "完整的循环训练大约需要 15 分钟；您每次只有 10 分钟" in chinese
        browser.__exit__(None, None, None)

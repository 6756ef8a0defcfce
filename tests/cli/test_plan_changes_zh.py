"""What session feedback changed in a plan ("wall angel: 3 × 8 → 3 × 10 because it felt easy
twice") reaches a Chinese reader in Chinese, exercise names included: `backcare plan --lang zh`
and the zh plan page. The plan's JSON `changes[].text` stays English (plan.md); each change
also carries its `note` (message id, numbers, exercise ids), as the planner's notes do."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from rich.console import Console

from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.plan_model import Plan
from backcare.domain.plan_notes import CHANGE_DOSE, CHANGE_SWAP, PlanNote
from backcare.domain.plans import generate_plan
from backcare.domain.profile import Profile
from backcare.domain.records import Effort, ExerciseFeedback, SessionRecord
from backcare.domain.types import EQUIPMENT
from tests.content.test_no_english_on_zh import english_words, half_width

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
NECK = {
    "regions": ["shoulder", "mid_back"],
    "equipment": list(EQUIPMENT),
    "level": "intermediate",
    "days_per_week": 7,
    "minutes": 30,
}
ENGLISH = ("because", "felt easy", "too hard", "went up", "swapped")


@pytest.fixture(scope="module")
def library() -> Library:
    return load_library()


def _history(effort: Effort, times: int = 2, user: str = "u") -> list[SessionRecord]:
    return [
        SessionRecord(
            user_id=user,
            day=1,
            started_at=START + timedelta(days=n),
            feedback=(ExerciseFeedback(exercise="wall_angel", effort=effort),),
        )
        for n in range(times)
    ]


def _plan(library: Library, effort: Effort, level: str = "intermediate") -> Plan:
    profile = Profile.model_validate({**NECK, "level": level})
    return generate_plan(profile, library, _history(effort))


def test_a_change_is_its_message_id_with_numbers_and_exercise_ids(library: Library) -> None:
    plan = _plan(library, "too_easy")
    change = next(c for c in plan.changes if c.exercise == "wall_angel")
    assert change.note is not None
    assert change.note.message == CHANGE_DOSE
    assert change.note.say() == change.text  # the English sentence plan.md knows
    assert change.text == "wall angel: 3 × 8 → 3 × 10 because it felt easy twice"
    assert change.note.names == {"name": "wall_angel"}
    marked = change.note.say(lambda text: f"[{text}]", lambda key: f"<{key}>")
    # the message, the exercise's name and the reason each go through the adapter
    assert marked == "[<wall_angel>: 3 × 8 → 3 × 10 because [it felt easy twice]]"
    assert PlanNote.model_validate(change.note.model_dump(mode="json")) == change.note
    assert json.loads(plan.model_dump_json())["changes"][0]["note"]  # an added key


def test_a_swap_names_both_exercises(library: Library) -> None:
    plan = _plan(library, "too_hard", level="beginner")
    change = next(c for c in plan.changes if c.exercise == "wall_angel")
    assert change.note is not None
    assert change.note.message == CHANGE_SWAP
    assert change.note.names == {"name": "wall_angel", "target": "floor_angel"}
    assert change.note.say() == change.text == "wall angel → floor angel because it felt too hard"


def test_a_plan_saved_before_changes_had_notes_still_reads(library: Library) -> None:
    from backcare.domain.plan_notes import said_change

    plan = _plan(library, "too_easy")
    data = json.loads(plan.model_dump_json())
    for change in data["changes"]:
        del change["note"]
    old = Plan.model_validate(data)
    assert said_change(old.changes[0], lambda text: "译") == old.changes[0].text


@pytest.mark.parametrize("effort", ["too_easy", "too_hard"])
def test_the_chinese_terminal_plan_says_the_changes_in_chinese(
    library: Library, effort: Effort
) -> None:
    from backcare.cli.plan_cmds import render_plan

    plan = _plan(library, effort, level="beginner" if effort == "too_hard" else "intermediate")
    assert plan.changes
    out = Console(width=300, record=True, color_system=None)
    out.print(render_plan(plan, library, "zh"))
    text = out.export_text()
    changed = [line for line in text.splitlines() if "→" in line]
    assert changed, text
    for line in changed:
        assert not english_words(line), line
        assert not half_width(line), line
    angel = library.exercises["wall_angel"].name.zh
    assert angel is not None
    assert angel in changed[0]
    for words in ENGLISH:
        assert words not in text


def test_the_chinese_plan_page_says_the_changes_in_chinese() -> None:
    from fastapi.testclient import TestClient

    from backcare.web.app import create_app
    from tests.web.conftest import csrf, page_client

    with TestClient(create_app()) as anonymous:
        browser = page_client(anonymous.app)  # type: ignore[arg-type]
        user = browser.get("/account/export.json").json()["user"]["id"]
        repo = browser.app.state.runtime.repo  # type: ignore[attr-defined]
        for record in _history("too_easy", user=user):
            repo.add_session(record)
        page = browser.get("/plans")
        form = {**NECK, "minutes": "30", "days_per_week": "7", "csrf_token": csrf(page.text)}
        made = browser.post("/plans", data=form, follow_redirects=False)
        assert made.status_code == 303, made.text
        where = made.headers["location"]
        english = browser.get(f"{where}?lang=en").text
        assert "wall angel: 3 × 8 → 3 × 10 because it felt easy twice" in english
        chinese = browser.get(f"{where}?lang=zh").text
        assert "because" not in chinese
        assert "3 × 8 → 3 × 10" in chinese
        browser.__exit__(None, None, None)


def test_the_catalogue_marks_every_change_id() -> None:
    from backcare.domain import plan_notes
    from backcare.labels import PLAN_CHANGE_IDS

    ids = (
        plan_notes.CHANGE_DOSE,
        plan_notes.CHANGE_SWAP,
        plan_notes.CHANGE_DROPPED,
        plan_notes.EASY_TWICE,
        plan_notes.EASY_AGAIN,
        plan_notes.TOO_HARD,
        plan_notes.PAIN_ROSE,
        plan_notes.SESSION_PAIN_ROSE,
    )
    assert ids == PLAN_CHANGE_IDS

"""`backcare screen` keeps its result (unless --no-save), `backcare history` lists it, and
`backcare plan` without a screening of its own is checked against it, as the API does."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.store import open_repository
from tests.answers import complete

# Complete screenings (amended spec: an incomplete one refuses any plan, see test_screen.py).
EMERGENCY: dict[str, Any] = complete(saddle_numbness=True)
ORDINARY: dict[str, Any] = complete(regions=["low_back"], pain_now=3)


def run(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def screen(tmp_path: Path, answers: dict[str, Any], *extra: str) -> Result:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return run("screen", "--answers", str(path), "--format", "json", *extra)


def saved_screenings() -> list[dict[str, Any]]:
    with open_repository() as repo:
        return [s.result for s in repo.list_screenings(repo.local_user().id)]


def test_screen_keeps_the_result_and_history_lists_it(tmp_path: Path) -> None:
    result = screen(tmp_path, ORDINARY)
    assert result.exit_code == 0, result.stderr
    assert saved_screenings() == [json.loads(result.stdout)]
    listed = run("history", "--format", "json")
    assert listed.exit_code == 0, listed.stderr
    assert [s["result"] for s in json.loads(listed.stdout)["screenings"]] == saved_screenings()


def test_no_save_keeps_nothing(tmp_path: Path) -> None:
    result = screen(tmp_path, ORDINARY, "--no-save")
    assert result.exit_code == 0, result.stderr
    assert saved_screenings() == []


def test_plan_is_refused_after_a_saved_emergency_screening(tmp_path: Path) -> None:
    assert screen(tmp_path, EMERGENCY).exit_code == 0
    refused = run("plan", "--format", "json")
    assert refused.exit_code == 3
    assert "no exercise plan for now: A warning sign needs emergency care" in refused.stderr
    assert refused.stdout == ""


def test_plan_is_made_when_the_emergency_screening_was_not_saved(tmp_path: Path) -> None:
    assert screen(tmp_path, EMERGENCY, "--no-save").exit_code == 0
    made = run("plan", "--format", "json")
    assert made.exit_code == 0, made.stderr
    assert json.loads(made.stdout)["days"]


def test_a_newer_screening_lets_the_plan_through_and_is_kept_with_it(tmp_path: Path) -> None:
    assert screen(tmp_path, EMERGENCY).exit_code == 0
    assert screen(tmp_path, ORDINARY).exit_code == 0
    made = run("plan", "--format", "json")
    assert made.exit_code == 0, made.stderr
    with open_repository() as repo:
        plans = repo.list_plans(repo.local_user().id)
    assert [p.profile["screening"] for p in plans] == [saved_screenings()[-1]]


def test_a_screening_into_an_existing_database_leaves_sqlalchemy_unloaded(
    tmp_path: Path,
) -> None:
    """Once the database exists and is current, `backcare screen` saves with sqlite3 alone
    (store/lite.py): SQLAlchemy and Alembic took most of its start-up time."""
    from tests.fresh_imports import packages_loaded_by

    assert screen(tmp_path, ORDINARY).exit_code == 0  # the first one creates the database
    answers = tmp_path / "answers.json"
    loaded = packages_loaded_by(
        "from backcare.cli.main import app\n"
        f"app(['screen', '--answers', {str(answers)!r}, '--format', 'json'],"
        " standalone_mode=False)"
    )
    assert not (loaded & {"sqlalchemy", "alembic"}), sorted(loaded)
    assert len(saved_screenings()) == 2


def test_the_first_screening_creates_the_database(tmp_path: Path) -> None:
    """No database yet: the full store makes it, migrates it and keeps the screening."""
    from backcare.config import get_settings

    assert not (get_settings().data_dir / "backcare.db").exists()
    result = screen(tmp_path, ORDINARY)
    assert result.exit_code == 0, result.stderr
    assert saved_screenings() == [json.loads(result.stdout)]


def test_a_partial_answer_file_opens_with_the_unanswered_questions_and_gives_no_plan(
    tmp_path: Path,
) -> None:
    """Clinician's case (issue 12): a partial file piped to `backcare screen` once gave
    self-care, exercise allowed and no warning."""
    partial = {"age": 52, "regions": ["low_back"], "pain_now": 5, "duration_weeks": 3}
    path = tmp_path / "partial.json"
    path.write_text(json.dumps(partial), encoding="utf-8")
    shown = run("screen", "--answers", str(path), "--format", "text")
    assert shown.exit_code == 0, shown.stderr
    first = shown.stdout.lstrip().splitlines()[0]
    assert first.startswith("Some safety questions are not answered yet")
    opening = shown.stdout[: shown.stdout.index("Exercise:")]
    assert "numbness around your back passage" in opening
    assert "no warning signs" not in shown.stdout.lower()
    assert "Nothing you told us needs a doctor" not in shown.stdout
    as_json = json.loads(run("screen", "--answers", str(path), "--format", "json").stdout)
    assert as_json["complete"] is False
    assert as_json["exercise"] == {
        "allowed": False,
        "reasons": ["screening_incomplete"],
        "why": as_json["exercise"]["why"],
        "exclude_conditions": [],
    }
    refused = run("plan", "--format", "json")
    assert refused.exit_code == 3
    assert "safety questions" in refused.stderr
    assert refused.stdout == ""

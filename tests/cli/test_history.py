"""`backcare history`: the sessions the player saved and the screenings taken, oldest first."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.domain.records import ExerciseFeedback, ScreeningRecord, SessionRecord
from backcare.store import open_repository

T0 = datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def save_history() -> None:
    with open_repository() as repo:
        user = repo.local_user()
        repo.add_screening(
            ScreeningRecord(
                user_id=user.id,
                created_at=T0 - timedelta(days=1),
                answers={"age": 40},
                result={"urgency": "self_care", "red_flags": [], "exercise": {"allowed": True}},
            )
        )
        repo.add_session(
            SessionRecord(
                user_id=user.id,
                day=2,
                started_at=T0,
                ended_at=T0 + timedelta(minutes=20),
                completed_steps=9,
                total_steps=14,
                pain_before=5,
                pain_after=4,
                feedback=(ExerciseFeedback(exercise="bird_dog", pain=3, effort="too_hard"),),
            )
        )
        repo.add_session(
            SessionRecord(
                user_id=user.id,
                day=3,
                started_at=T0 + timedelta(days=5),
                ended_at=T0 + timedelta(days=5, minutes=22),
                completed_steps=14,
                total_steps=14,
                completed=True,
            )
        )


def test_history_lists_screenings_and_sessions_in_order() -> None:
    save_history()
    result = backcare("history")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 3
    assert "screening" in lines[0]
    assert "urgency: self care" in lines[0]
    assert "exercise allowed" in lines[0]
    assert "day 2, stopped early (9/14 steps), 20 min, pain 5 -> 4" in lines[1]
    assert "day 3, completed (14/14 steps), 22 min" in lines[2]


def test_history_as_json_within_dates() -> None:
    save_history()
    result = backcare("history", "--format", "json", "--from", "2026-11-02", "--to", "2026-11-03")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert [s["day"] for s in data["sessions"]] == [2]
    assert data["sessions"][0]["feedback"] == [
        {"exercise": "bird_dog", "pain": 3, "effort": "too_hard"}
    ]
    assert data["screenings"] == []


def test_history_when_empty_and_with_bad_dates() -> None:
    empty = backcare("history")
    assert empty.exit_code == 0
    assert "Nothing here yet" in empty.stdout
    bad = backcare("history", "--from", "yesterday-ish")
    assert bad.exit_code == 2
    assert bad.stderr.startswith("backcare: error: --from: ")
    assert bad.stderr.count("\n") == 1


def test_loading_the_cli_leaves_the_database_libraries_unloaded() -> None:
    """`backcare --help` stays fast: SQLAlchemy and Alembic load only when a command needs
    the database."""
    from tests.fresh_imports import packages_loaded_by

    loaded = packages_loaded_by("import backcare.cli.main")
    assert not (loaded & {"sqlalchemy", "alembic", "psycopg"}), loaded

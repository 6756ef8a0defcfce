"""`backcare diary add|list|edit|delete`, run in process against a private BACKCARE_HOME."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.store import open_repository


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def entries() -> list[dict[str, object]]:
    result = backcare("diary", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data: list[dict[str, object]] = json.loads(result.stdout)
    return data


def test_add_saves_an_entry_that_list_shows() -> None:
    result = backcare(
        "diary", "add", "--pain", "4", "--region", "neck", "--region", "low-back",
        "--note", "Stiff after a long day at the desk", "--date", "2026-11-20",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "pain  4/10" in result.stdout
    (entry,) = entries()
    assert entry["date"] == "2026-11-20"
    assert entry["pain"] == 4
    assert entry["regions"] == ["neck", "low_back"]
    assert entry["note"] == "Stiff after a long day at the desk"

    listed = backcare("diary", "list")
    assert "2026-11-20" in listed.stdout
    assert str(entry["id"])[:8] in listed.stdout
    assert "Stiff after a long day" in listed.stdout


def test_the_date_defaults_to_today_and_entries_persist() -> None:
    assert backcare("diary", "add", "--pain", "0").exit_code == 0
    with open_repository() as repo:
        (saved,) = repo.list_diary(repo.local_user().id)
    assert saved.date == date.today()
    assert saved.pain == 0


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["--pain", "11"], "--pain"),
        (["--pain", "-1"], "--pain"),
        (["--pain", "four"], "--pain"),
        (["--pain", "4.5"], "--pain"),
        ([], "--pain"),
        (["--pain", "3", "--date", "2026-13-01"], "--date"),
        (["--pain", "3", "--date", "20/11/2026"], "--date"),
        (["--pain", "3", "--date", (date.today() + timedelta(days=1)).isoformat()], "--date"),
        (["--pain", "3", "--region", "knee"], "--region"),
        (["--pain", "3", "--note", "x" * 2001], "--note"),
    ],
)
def test_bad_input_is_one_line_naming_the_option_and_saves_nothing(
    args: list[str], option: str
) -> None:
    result = backcare("diary", "add", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"backcare: error: {option}: ")
    assert "Traceback" not in result.stderr
    assert entries() == []


def test_list_filters_by_dates_and_speaks_csv() -> None:
    for day, pain in (("2026-11-01", 6), ("2026-11-10", 4), ("2026-11-20", 2)):
        assert backcare("diary", "add", "--pain", str(pain), "--date", day).exit_code == 0
    result = backcare("diary", "list", "--from", "2026-11-05", "--to", "2026-11-20")
    assert "2026-11-01" not in result.stdout
    assert "2026-11-10" in result.stdout
    assert "2026-11-20" in result.stdout

    as_csv = backcare("diary", "list", "--format", "csv", "--to", "2026-11-10").stdout
    rows = list(csv.DictReader(io.StringIO(as_csv)))
    assert [(r["date"], r["pain"]) for r in rows] == [("2026-11-01", "6"), ("2026-11-10", "4")]


def test_list_refuses_a_backwards_range() -> None:
    result = backcare("diary", "list", "--from", "2026-11-20", "--to", "2026-11-01")
    assert result.exit_code == 2
    assert result.stderr.startswith("backcare: error: --from: ")


def test_list_says_how_to_start_when_empty() -> None:
    result = backcare("diary", "list")
    assert result.exit_code == 0
    assert "backcare diary add" in result.stdout


def test_edit_changes_only_what_is_given() -> None:
    backcare("diary", "add", "--pain", "7", "--region", "neck", "--note", "bad night")
    (entry,) = entries()
    short_id = str(entry["id"])[:8]
    result = backcare("diary", "edit", short_id, "--pain", "5")
    assert result.exit_code == 0, result.stderr
    (edited,) = entries()
    assert edited["pain"] == 5
    assert edited["regions"] == ["neck"]
    assert edited["note"] == "bad night"
    assert edited["created_at"] == entry["created_at"]
    assert edited["updated_at"] >= str(entry["updated_at"])

    assert backcare("diary", "edit", str(entry["id"]), "--note", "").exit_code == 0
    assert entries()[0]["note"] == ""


def test_edit_needs_something_to_change_and_a_known_id() -> None:
    backcare("diary", "add", "--pain", "3")
    (entry,) = entries()
    nothing = backcare("diary", "edit", str(entry["id"]))
    assert nothing.exit_code == 2
    assert "nothing to change" in nothing.stderr
    unknown = backcare("diary", "edit", "ffffffff", "--pain", "2")
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("backcare: error: ID: no diary entry 'ffffffff'")
    bad = backcare("diary", "edit", str(entry["id"]), "--pain", "12")
    assert bad.exit_code == 2
    assert entries()[0]["pain"] == 3


def test_delete_removes_one_entry() -> None:
    backcare("diary", "add", "--pain", "3", "--date", "2026-11-01")
    backcare("diary", "add", "--pain", "5", "--date", "2026-11-02")
    first, second = entries()
    result = backcare("diary", "delete", str(first["id"]))
    assert result.exit_code == 0, result.stderr
    assert entries() == [second]
    again = backcare("diary", "delete", str(first["id"]))
    assert again.exit_code == 2
    assert again.stderr.count("\n") == 1


def test_a_database_that_cannot_be_opened_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.config import get_settings

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BACKCARE_DATABASE_URL", f"sqlite:///{blocker}/backcare.db")
    get_settings.cache_clear()
    result = backcare("diary", "add", "--pain", "3")
    assert result.exit_code == 1
    assert result.stderr.startswith("backcare: error: database: cannot open sqlite:///")
    assert result.stderr.count("\n") == 1


def test_a_database_from_a_newer_backcare_is_refused_in_one_line() -> None:
    from backcare.store import open_repository

    with open_repository() as repo, repo.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE alembic_version SET version_num = '9999_future'")
    result = backcare("diary", "list")
    assert result.exit_code == 1
    assert "newer backcare" in result.stderr
    assert result.stderr.count("\n") == 1

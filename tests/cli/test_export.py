"""`backcare export` and `backcare import`: JSON (everything), CSV (diary and sessions),
FHIR; import is idempotent and refuses a newer or damaged file, changing nothing."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app

FIXTURE_V1 = Path(__file__).parents[1] / "store" / "fixtures" / "export_v1.json"


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def diary_count() -> int:
    return len(json.loads(backcare("diary", "list", "--format", "json").stdout))


def test_json_export_has_everything_and_a_schema_version(tmp_path: Path) -> None:
    backcare("diary", "add", "--pain", "4", "--date", "2026-11-20", "--note", "tight")
    result = backcare("export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["schema_version"] == 1
    assert set(document) >= {"screenings", "plans", "sessions", "diary", "reminder_events"}
    assert [e["note"] for e in document["diary"]] == ["tight"]

    target = tmp_path / "out" / "backcare.json"
    assert backcare("export", "--output", str(target)).exit_code == 0
    assert json.loads(target.read_text())["diary"][0]["note"] == "tight"


def test_import_adds_records_once(tmp_path: Path) -> None:
    first = backcare("import", str(FIXTURE_V1))
    assert first.exit_code == 0, first.stderr
    assert "Imported 6 record(s)" in first.stdout
    assert diary_count() == 2
    second = backcare("import", str(FIXTURE_V1))
    assert second.exit_code == 0
    assert "Imported 0 record(s); 6 already saved, skipped." in second.stdout
    assert diary_count() == 2
    history = backcare("history")
    assert "day 1, completed" in history.stdout


def test_export_then_import_elsewhere_round_trips(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.config import get_settings

    backcare("import", str(FIXTURE_V1))
    backcare("diary", "add", "--pain", "2", "--region", "shoulder")
    exported = tmp_path / "mine.json"
    backcare("export", "-o", str(exported))

    monkeypatch.setenv("BACKCARE_HOME", str(tmp_path / "new-laptop"))
    get_settings.cache_clear()
    assert diary_count() == 0
    assert backcare("import", str(exported)).exit_code == 0
    again = json.loads(backcare("export").stdout)
    assert [e["id"] for e in again["diary"]] == [
        e["id"] for e in json.loads(exported.read_text())["diary"]
    ]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "is not valid JSON"),
        (json.dumps({"schema_version": 99, "diary": []}), "schema_version: is 99"),
        (json.dumps([1, 2]), "document: is not a backcare export"),
        ("BAD_PAIN", "diary[1].pain"),
    ],
)
def test_import_refuses_a_bad_file_in_one_line_and_changes_nothing(
    tmp_path: Path, content: str, expected: str
) -> None:
    backcare("diary", "add", "--pain", "1")
    if content == "BAD_PAIN":
        document: dict[str, Any] = json.loads(FIXTURE_V1.read_text())
        document["diary"][1]["pain"] = 42
        content = json.dumps(document)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    result = backcare("import", str(bad))
    assert result.exit_code == 2
    assert expected in result.stderr
    assert result.stderr.count("\n") == 1
    assert diary_count() == 1


def test_import_of_a_missing_file() -> None:
    result = backcare("import", "/nonexistent/backcare.json")
    assert result.exit_code == 2
    assert result.stderr.startswith("backcare: error: FILE: cannot read")


def test_csv_export_writes_diary_and_sessions(tmp_path: Path) -> None:
    backcare("import", str(FIXTURE_V1))
    result = backcare("export", "--format", "csv", "--output", str(tmp_path / "csv"))
    assert result.exit_code == 0, result.stderr
    with (tmp_path / "csv" / "diary.csv").open() as handle:
        assert [row["pain"] for row in csv.DictReader(handle)] == ["4", "3"]
    with (tmp_path / "csv" / "sessions.csv").open() as handle:
        (session,) = csv.DictReader(handle)
    assert session["completed"] == "yes"
    assert session["feedback"] == "bird_dog:2:right"

    one = backcare("export", "--format", "csv", "--table", "sessions")
    assert one.stdout.startswith("id,plan_id,day,")


def test_csv_export_of_both_tables_needs_a_folder() -> None:
    result = backcare("export", "--format", "csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("backcare: error: --output: ")


def test_fhir_export_uses_the_interop_bundle(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def build_bundle(repo: object, user_id: str, library: object) -> dict[str, Any]:
        calls.append(user_id)
        return {"resourceType": "Bundle", "type": "collection", "entry": []}

    fake = ModuleType("backcare.interop.fhir")
    fake.build_bundle = build_bundle  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "backcare.interop.fhir", fake)
    monkeypatch.setattr("backcare.cli.common.library", lambda: object())
    result = backcare("export", "--format", "fhir")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["resourceType"] == "Bundle"
    assert len(calls) == 1


def test_fhir_export_says_so_when_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "backcare.interop.fhir", None)
    result = backcare("export", "--format", "fhir")
    assert result.exit_code == 1
    assert result.stderr.count("\n") == 1
    assert "fhir export is not available" in result.stderr


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["export", "--format", "xml"], "--format"),
        (["export", "--format", "csv", "--table", "plans"], "--table"),
        (["history", "--format", "yaml"], "--format"),
        (["diary", "list", "--format", "pdf"], "--format"),
    ],
)
def test_an_unknown_choice_is_one_line(args: list[str], option: str) -> None:
    result = backcare(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"backcare: error: {option}: ")
    assert result.stderr.count("\n") == 1

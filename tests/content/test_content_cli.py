"""`backcare content check|schema` and `backcare exercises list|show`, run in process."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from backcare.cli.main import app

from .conftest import CONTENT


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_passes_on_the_real_library() -> None:
    status, out, err = run("content", "check", "--path", str(CONTENT))
    assert (status, err) == (0, "")
    assert "content ok" in out


def test_check_names_each_problem_on_its_own_line(content_copy: Path) -> None:
    path = content_copy / "exercises" / "wall_angel.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["regression"] = "missing_one"
    data["sources"] = ["article", "made_up"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    status, _, err = run("content", "check", "--path", str(content_copy))
    assert status == 2
    lines = err.strip().splitlines()
    assert "content/exercises/wall_angel.yaml: regression: unknown exercise id 'missing_one'" in (
        lines
    )
    assert any(line.startswith("content/exercises/wall_angel.yaml: sources:") for line in lines)
    assert lines[-1].startswith("2 problem(s)")
    assert "Traceback" not in err


def test_list_by_region_as_json() -> None:
    status, out, _ = run("exercises", "list", "--region", "neck", "--format", "json")
    assert status == 0
    found = json.loads(out)
    ids = {ex["id"] for ex in found}
    assert {"four_direction_nods", "chin_tuck", "wall_angel"} <= ids
    assert all("neck" in ex["regions"] for ex in found)


def test_list_with_no_equipment_lists_only_bare_exercises() -> None:
    status, out, _ = run("exercises", "list", "--equipment", "none", "--format", "json")
    assert status == 0
    assert all(ex["equipment"] == [] for ex in json.loads(out))


def test_list_rejects_an_unknown_region() -> None:
    status, _, err = run("exercises", "list", "--region", "knee")
    assert status == 2
    assert "--region" in err


def test_show_wall_angel() -> None:
    status, out, _ = run("exercises", "show", "wall_angel")
    assert status == 0
    assert "Wall angel" in out
    assert "2–4 sets of 6–10" in out


def test_show_in_chinese_as_json() -> None:
    status, out, _ = run("exercises", "show", "lucky_cat", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["dosing"]["sets"]["hold_s"] == 2
    assert data["name"]["zh"]


def test_show_unknown_exercise() -> None:
    status, out, err = run("exercises", "show", "moon_walk")
    assert status == 2
    assert out == ""
    assert "moon_walk" in err
    assert len(err.strip().splitlines()) == 1


def test_schema_check_passes_and_export_writes_files(tmp_path: Path) -> None:
    status, out, _ = run("content", "schema", "--check", "--out", str(CONTENT / "schema"))
    assert status == 0, out
    status, out, _ = run("content", "schema", "--out", str(tmp_path))
    assert status == 0
    assert (tmp_path / "exercise.json").is_file()
    assert "wrote" in out
    status, _, err = run("content", "schema", "--check", "--out", str(tmp_path / "empty"))
    assert status == 2
    assert "stale" in err

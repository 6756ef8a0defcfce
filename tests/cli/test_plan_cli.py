"""`backcare plan`, in process: profiles in, plan JSON out, one-line errors, exit statuses."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from backcare.domain.records import ExerciseFeedback, SessionRecord
from backcare.domain.timeline import build_timeline
from backcare.services.plans import parse_plan


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


def write(tmp_path: Path, name: str, data: Any) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data) if not isinstance(data, str) else data, encoding="utf-8")
    return path


def test_plan_json_follows_the_contract(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.json", {"regions": ["low_back", "neck"], "minutes": 25})
    result = run("plan", "--profile", str(profile), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema_version"] == 1
    assert {"days", "excluded", "warnings"} <= set(data)
    assert len(data["days"]) == 3
    lib = load_library()
    plan = parse_plan(data)
    for day in data["days"]:
        assert {"day", "title", "minutes", "blocks"} <= set(day)
        assert day["minutes"] <= 25
        assert build_timeline(plan, day["day"], lib).total_s == day["minutes"] * 60
        for block in day["blocks"]:
            assert block["kind"] in ("circuit", "sets", "warmup", "cooldown")


def test_save_writes_the_plan_with_its_schema_version(tmp_path: Path) -> None:
    target = tmp_path / "out" / "plan.json"
    result = run("plan", "--save", str(target), "--format", "json", "--seed", "4")
    assert result.exit_code == 0, result.stderr
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved == json.loads(result.stdout)
    assert saved["schema_version"] == 1


def test_same_profile_and_seed_give_the_same_plan(tmp_path: Path) -> None:
    profile = write(tmp_path, "p.json", {"seed": 7, "equipment": ["mat", "ball", "band"]})
    first = run("plan", "--profile", str(profile), "--format", "json")
    second = run("plan", "--profile", str(profile), "--format", "json")
    assert first.exit_code == 0, first.stderr
    assert first.stdout == second.stdout


def test_text_output_names_the_days_and_exercises() -> None:
    result = run("plan")
    assert result.exit_code == 0, result.stderr
    assert "Day 1" in result.stdout
    assert "warm-up" in result.stdout


@pytest.mark.parametrize(
    ("profile", "key"),
    [
        ({"minutes": 100}, "minutes"),
        ({"minutes": "lots"}, "minutes"),
        ({"minutes": "20"}, "minutes"),
        ({"minutes": 20.5}, "minutes"),
        ({"days_per_week": True}, "days_per_week"),
        ({"regions": "neck"}, "regions"),
        ({"screening": [1]}, "screening"),
        ({"minuts": 10}, "minuts"),
        ({"regions": ["knee"]}, "regions[0]"),
        ({"regions": []}, "regions"),
        ({"days_per_week": 0}, "days_per_week"),
        ({"level": "expert"}, "level"),
        ({"conditions": ["flu"]}, "conditions[0]"),
        ([1, 2], "--profile"),
    ],
)
def test_bad_profile_is_one_line_naming_the_key(tmp_path: Path, profile: Any, key: str) -> None:
    path = write(tmp_path, "bad.json", profile)
    result = run("plan", "--profile", str(path))
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"backcare: error: {key}: ")
    assert "Traceback" not in result.output


def test_unreadable_profile_file_names_the_option(tmp_path: Path) -> None:
    missing = run("plan", "--profile", str(tmp_path / "none.json"))
    assert missing.exit_code == 2
    assert missing.stderr.startswith("backcare: error: --profile:")
    broken = run("plan", "--profile", str(write(tmp_path, "b.json", "{nope")))
    assert broken.exit_code == 2
    assert "not valid JSON" in broken.stderr


def test_a_screening_that_forbids_exercise_exits_3_with_the_reasons(tmp_path: Path) -> None:
    answers = write(tmp_path, "answers.json", {"saddle_numbness": True, "regions": ["low_back"]})
    result = run("plan", "--screening", str(answers), "--format", "json")
    assert result.exit_code == 3
    assert result.stdout == ""
    assert "no exercise plan" in result.stderr
    refused = run(
        "plan", "--profile", str(write(tmp_path, "p.json", {"conditions": ["unhealed_injury"]}))
    )
    assert refused.exit_code == 3


def test_a_screening_result_file_applies(tmp_path: Path) -> None:
    result_file = write(
        tmp_path,
        "result.json",
        {
            "urgency": "self_care",
            "exercise": {"allowed": True, "reasons": [], "exclude_conditions": ["pregnant"]},
        },
    )
    result = run("plan", "--screening", str(result_file), "--format", "json")
    assert result.exit_code == 0, result.stderr
    excluded = {e["exercise"]: e["reasons"] for e in json.loads(result.stdout)["excluded"]}
    assert excluded["back_extension"] == ["pregnant"]


def typed_answers_removed(stdout: str) -> str:
    """CliRunner echoes what was typed into stdout (a terminal shows it on screen instead)."""
    return stdout[stdout.index("{") :]


def test_interactive_asks_regions_equipment_and_time() -> None:
    answers = "neck, shoulder\nwall, bottle\n15\n2\nbeginner\n"
    result = run("plan", "--interactive", "--format", "json", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "Minutes per session" in result.stderr  # questions go to stderr: stdout is the JSON
    data = json.loads(typed_answers_removed(result.stdout))
    assert len(data["days"]) == 2
    lib = load_library()
    for day in data["days"]:
        assert day["minutes"] <= 15
    for exercise_id in parse_plan(data).exercise_ids():
        exercise = lib.exercise(exercise_id)
        assert set(exercise.equipment) <= {"wall", "bottle"}
        assert set(exercise.regions) & {"neck", "shoulder"}


def test_interactive_asks_again_after_a_wrong_answer() -> None:
    answers = "knee\nneck\n\n200\n10\n\n\n"
    result = run("plan", "--interactive", "--format", "json", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "not one of the choices: knee" in result.stderr
    data = json.loads(typed_answers_removed(result.stdout))
    assert max(day["minutes"] for day in data["days"]) <= 10


def test_interactive_takes_the_defaults_when_piped_input_runs_out() -> None:
    # Only the regions are given; every later question meets the end of the input.
    result = run("plan", "--interactive", "--format", "json", input="neck\n")
    assert result.exit_code == 0, result.stderr
    assert "Aborted" not in result.stderr
    data = json.loads(typed_answers_removed(result.stdout))
    assert len(data["days"]) == 3  # the profile's default days per week
    lib = load_library()
    for exercise_id in parse_plan(data).exercise_ids():
        assert set(lib.exercise(exercise_id).equipment) <= {"mat", "wall", "chair"}


def test_interactive_level_takes_one_choice() -> None:
    answers = "neck\n\n\n\nbeginner, advanced\nadvanced\n"
    result = run("plan", "--interactive", "--format", "json", input=answers)
    assert result.exit_code == 0, result.stderr
    assert "choose one" in result.stderr
    assert json.loads(typed_answers_removed(result.stdout))["days"]


def test_progress_adapts_the_latest_plan_to_saved_feedback(tmp_path: Path) -> None:
    from backcare.store import open_repository

    profile = write(
        tmp_path,
        "p.json",
        {"regions": ["shoulder", "mid_back"], "level": "intermediate", "days_per_week": 7},
    )
    first = run("plan", "--profile", str(profile), "--format", "json")
    assert first.exit_code == 0, first.stderr
    repo = open_repository()
    try:
        user = repo.local_user()
        for day in (1, 2):
            repo.add_session(
                SessionRecord(
                    user_id=user.id,
                    day=day,
                    started_at=datetime(2026, 3, day, 8, tzinfo=UTC),
                    feedback=(ExerciseFeedback(exercise="wall_angel", effort="too_easy"),),
                )
            )
    finally:
        repo.close()
    result = run("plan", "--progress", "--format", "json")
    assert result.exit_code == 0, result.stderr
    changes = [c["text"] for c in json.loads(result.stdout)["changes"]]
    assert "wall angel: 3 × 8 → 3 × 10 because it felt easy twice" in changes
    text = run("plan", "--progress")
    assert "because it felt easy twice" in text.stdout


def test_progress_without_a_saved_plan_says_so() -> None:
    result = run("plan", "--progress")
    assert result.exit_code == 2
    assert "--progress: no saved plan yet" in result.stderr

"""check_content names the file and key of each kind of broken content, so an author knows
exactly what to fix. Each test breaks a private copy of the real library in one way."""

from __future__ import annotations

from pathlib import Path

import yaml

from backcare.content import Problem, check_content


def edit_exercise(content: Path, exercise_id: str, **changes: object) -> None:
    path = content / "exercises" / f"{exercise_id}.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def first(problems: list[Problem], file: str) -> Problem:
    """The problem in `file` itself. An exercise that fails validation is left out of the
    library, so links to it from other files are reported too (as unknown ids)."""
    own = [p for p in problems if p.file == file]
    assert len(own) == 1, [str(p) for p in problems]
    others = [p for p in problems if p.file != file]
    assert all("unknown exercise id" in p.message for p in others), [str(p) for p in others]
    return own[0]


def test_the_unbroken_copy_is_clean(content_copy: Path) -> None:
    assert check_content(content_copy) == []


def test_regression_to_a_missing_exercise(content_copy: Path) -> None:
    edit_exercise(content_copy, "wall_angel", regression="wall_angel_on_the_moon")
    problem = only(check_content(content_copy))
    assert problem.file == "content/exercises/wall_angel.yaml"
    assert problem.key == "regression"
    assert "wall_angel_on_the_moon" in problem.message


def test_unknown_source_id(content_copy: Path) -> None:
    edit_exercise(content_copy, "bird_dog", sources=["mcgill_1998", "no_such_paper"])
    problem = only(check_content(content_copy))
    assert (problem.file, problem.key) == ("content/exercises/bird_dog.yaml", "sources")
    assert "no_such_paper" in problem.message


def test_unknown_source_in_dosing(content_copy: Path) -> None:
    edit_exercise(content_copy, "dead_bug", dosing={"circuit": {"work_s": 30, "source": "rumour"}})
    problem = only(check_content(content_copy))
    assert (problem.file, problem.key) == ("content/exercises/dead_bug.yaml", "dosing")


def test_missing_sources(content_copy: Path) -> None:
    edit_exercise(content_copy, "glute_bridge", sources=[])
    problem = first(check_content(content_copy), "content/exercises/glute_bridge.yaml")
    assert (problem.file, problem.key) == ("content/exercises/glute_bridge.yaml", "sources")


def test_unknown_equipment(content_copy: Path) -> None:
    edit_exercise(content_copy, "banded_row", equipment=["band", "rowing_machine"])
    problem = only(check_content(content_copy))
    assert problem.file == "content/exercises/banded_row.yaml"
    assert problem.key == "equipment.1"


def test_duplicate_id(content_copy: Path) -> None:
    original = content_copy / "exercises" / "side_plank.yaml"
    (content_copy / "exercises" / "side_plank_again.yaml").write_text(
        original.read_text(encoding="utf-8"), encoding="utf-8"
    )
    problems = check_content(content_copy)
    keys = {(p.file, p.key) for p in problems}
    assert ("content/exercises/side_plank_again.yaml", "id") in keys  # names the file
    assert any(p.key == "side_plank" and "duplicate" in p.message for p in problems)


def test_duplicate_source_id(content_copy: Path) -> None:
    with (content_copy / "sources.yaml").open("a", encoding="utf-8") as handle:
        handle.write("\n- {id: mcgill_1998, kind: article, title: Copied twice}\n")
    problem = only(check_content(content_copy))
    assert (problem.file, problem.key) == ("content/sources.yaml", "mcgill_1998")
    assert "duplicate" in problem.message


def test_id_not_matching_the_file_name(content_copy: Path) -> None:
    edit_exercise(content_copy, "cat_cow", id="cow_cat")
    problem = only(check_content(content_copy))
    assert (problem.file, problem.key) == ("content/exercises/cat_cow.yaml", "id")


def test_invalid_yaml(content_copy: Path) -> None:
    path = content_copy / "exercises" / "lucky_cat.yaml"
    path.write_text("id: lucky_cat\nname: {en: [unclosed\n", encoding="utf-8")
    problem = first(check_content(content_copy), "content/exercises/lucky_cat.yaml")
    assert problem.key == ""
    assert "not valid YAML" in problem.message


def test_dose_outside_the_articles_range(content_copy: Path) -> None:
    path = content_copy / "exercises" / "butterfly.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["dosing"]["levels"]["advanced"]["reps"] = 20
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    problem = first(check_content(content_copy), "content/exercises/butterfly.yaml")
    assert problem.key == "dosing"
    assert "20 reps" in problem.message

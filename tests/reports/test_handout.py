"""The home-exercise handout: `backcare handout --plan FILE --out plan.pdf` renders every
exercise of the plan with its figure, steps, cues, dosing and tick boxes, on A4 or Letter."""

from __future__ import annotations

import base64
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from pypdf import PdfReader
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.plans import Plan, generate_plan
from backcare.domain.profile import Profile
from backcare.reports.figures import exercise_svg
from backcare.reports.handout import TICK_WEEKS, render_handout_html, render_handout_pdf
from backcare.services.plans import split_plan_file
from tests.reports.expect import one_line_error

LIBRARY: Library = load_library()


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def plan_in_spec_shape() -> dict[str, Any]:
    """A plan as shared/spec/plan.md shows it, with the keys a saved file may add."""
    circuit = [e.id for e in LIBRARY.routine("back_core_hip_circuit")][:6]
    neck = [e.id for e in LIBRARY.routine("neck_shoulder") if e.dosing.sets is not None]
    return {
        "schema_version": 1,
        "profile": {"regions": ["low_back", "neck"], "minutes": 20, "days_per_week": 3},
        "days": [
            {
                "day": 1,
                "title": "Back, core and hips",
                "minutes": 19.5,
                "blocks": [
                    {
                        "kind": "warmup",
                        "work_s": 30,
                        "rest_s": 5,
                        "rounds": 1,
                        "exercises": ["cat_cow"],
                    },
                    {
                        "kind": "circuit",
                        "work_s": 30,
                        "rest_s": 10,
                        "rounds": 3,
                        "round_rest_s": 60,
                        "exercises": circuit,
                    },
                ],
            },
            {
                "day": 2,
                "title": "Neck and shoulders",
                "minutes": 15,
                "blocks": [
                    {
                        "kind": "sets",
                        "exercise": ex,
                        "sets": 3,
                        "reps": 8,
                        "hold_s": 2,
                        "rest_s": 30,
                    }
                    for ex in neck[:3]
                ],
            },
        ],
        "excluded": [{"exercise": "ball_pike", "reasons": ["pregnant"]}],
        "warnings": [],
    }


def names_in_plan(plan: Plan) -> set[str]:
    return {LIBRARY.exercises[e].name.get("en") for e in plan.exercise_ids()}


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    return reader, re.sub(r"\s+", " ", text)


def test_the_handout_shows_every_exercise_with_steps_dosing_and_ticks() -> None:
    plan, profile = split_plan_file(plan_in_spec_shape())
    html = render_handout_html(plan, LIBRARY, profile=profile)
    for exercise_id in plan.exercise_ids():
        exercise = LIBRARY.exercises[exercise_id]
        assert exercise.name.get("en") in html
        assert exercise.steps[0].get("en").replace("'", "&#39;") in html
    assert html.count('class="exercise"') == sum(len(d.exercises()) for d in plan.days)
    # Each exercise's figure strip, the same SVG the web app shows.
    images = {
        base64.b64decode(src).decode("utf-8")
        for src in re.findall(r'class="strip" src="data:image/svg\+xml;base64,([^"]+)"', html)
    }
    assert images == {exercise_svg(e, LIBRARY, "strip") for e in plan.exercise_ids()}
    assert "30 s work, 10 s rest, 3 round(s), 60 s rest between rounds" in html
    assert "3 sets × 8 reps, hold 2 s at the end of each rep, rest 30 s between sets" in html
    # Since issue 14: one row of week ticks per plan day, not seven boxes per exercise.
    assert html.count("&#9744;") == TICK_WEEKS * len(plan.days)
    assert "low back, neck" in html  # the person's goals, from the profile
    assert "Stop and see a doctor" in html
    assert "size: A4" in html


def test_the_cover_lists_when_to_see_a_doctor_from_the_red_flags() -> None:
    plan, profile = split_plan_file(plan_in_spec_shape())
    html = render_handout_html(plan, LIBRARY, profile=profile)
    urgent = [f for f in LIBRARY.red_flags if f.urgency in ("emergency", "urgent")]
    assert urgent
    for flag in urgent:
        assert flag.title.get("en").replace("'", "&#39;") in html


@pytest.mark.parametrize(("paper", "size"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_the_pdf_has_every_exercise_on_the_chosen_paper(paper: str, size: tuple[int, int]) -> None:
    plan, profile = split_plan_file(plan_in_spec_shape())
    data = render_handout_pdf(plan, LIBRARY, profile=profile, paper=paper)  # type: ignore[arg-type]
    reader, text = pdf_text(data)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == size
    for name in names_in_plan(plan):
        assert name in text, name
    assert len(reader.pages) >= 3  # a cover, then the days


def test_a_generated_plan_renders_with_all_its_exercises(tmp_path: Path) -> None:
    plan = generate_plan(Profile(equipment=["mat", "ball", "band", "wall", "chair"]), LIBRARY)
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan.model_dump(mode="json")), encoding="utf-8")
    out = tmp_path / "plan.pdf"
    result = backcare("handout", "--plan", str(path), "--out", str(out), "--paper", "letter")
    assert result.exit_code == 0, result.stderr
    _, text = pdf_text(out.read_bytes())
    for name in names_in_plan(plan):
        assert name in text, name


def test_the_handout_can_be_written_as_html(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(json.dumps(plan_in_spec_shape()), encoding="utf-8")
    out = tmp_path / "plan.html"
    result = backcare("handout", "--plan", str(path), "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")


def test_bad_input_is_one_line_naming_what_is_wrong(tmp_path: Path) -> None:
    out = str(tmp_path / "plan.pdf")
    one_line_error(backcare("handout", "--out", out), "--plan")
    one_line_error(
        backcare("handout", "--plan", str(tmp_path / "missing.json"), "--out", out), "--plan"
    )
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    one_line_error(backcare("handout", "--plan", str(broken), "--out", out), "not valid JSON")
    wrong = tmp_path / "wrong.json"
    data = plan_in_spec_shape()
    data["days"][0]["blocks"][1]["rounds"] = 9
    wrong.write_text(json.dumps(data), encoding="utf-8")
    one_line_error(backcare("handout", "--plan", str(wrong), "--out", out), "rounds")
    ghost = tmp_path / "ghost.json"
    data = plan_in_spec_shape()
    data["days"][0]["blocks"][0]["exercises"] = ["ghost_walk"]
    ghost.write_text(json.dumps(data), encoding="utf-8")
    one_line_error(backcare("handout", "--plan", str(ghost), "--out", out), "ghost_walk")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(plan_in_spec_shape()), encoding="utf-8")
    one_line_error(
        backcare("handout", "--plan", str(good), "--out", str(tmp_path / "x.doc")), "--out"
    )
    assert not (tmp_path / "plan.pdf").exists()


def test_the_handout_uses_the_content_language() -> None:
    plan, profile = split_plan_file(plan_in_spec_shape())
    html = render_handout_html(plan, LIBRARY, profile=profile, lang="zh")
    assert '<html lang="zh">' in html
    for exercise_id in plan.exercise_ids():
        name = LIBRARY.exercises[exercise_id].name
        assert (name.zh or name.en) in html


def test_a_three_day_plan_prints_in_few_pages() -> None:
    """Issue 14: a 3-day plan made 13 A4 pages (a page per day, a figure above the words and
    seven tick boxes under every exercise); the figure now sits beside the words."""
    plan = generate_plan(Profile(), LIBRARY)
    assert len(plan.days) == 3
    reader, _ = pdf_text(render_handout_pdf(plan, LIBRARY))
    assert len(reader.pages) <= 9
    html = render_handout_html(plan, LIBRARY)
    assert html.count('class="ticks"') == len(plan.days)

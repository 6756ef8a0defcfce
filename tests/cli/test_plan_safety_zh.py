"""A plan's safety notes and exclusion reasons in Chinese (issue 12): the warnings a condition
or screening flag adds come from the content in the person's language, and the reasons for
leaving exercises out are words, not ids."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from tests.content.test_no_english_on_zh import english_words, half_width

PROFILE = {
    "conditions": ["pregnant", "disc_herniation", "ankylosing_spondylitis"],
    "equipment": ["mat", "ball", "band", "wall", "chair", "bottle"],
    "regions": ["low_back", "mid_back", "neck", "shoulder"],
    "minutes": 30,
    "seed": 1,
    "screening": {
        "urgency": "routine",
        "red_flags": [
            {"id": "radicular", "urgency": "routine", "because": []},
            {"id": "cervical_radicular", "urgency": "routine", "because": []},
        ],
        "ibp": {},
        "instruments": {},
        "exercise": {"allowed": True, "reasons": []},
        "complete": True,
    },
}


def plan_text(tmp_path: Path, lang: str) -> str:
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(PROFILE), encoding="utf-8")
    result = CliRunner().invoke(app, ["plan", "--profile", str(path), "--lang", lang])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_the_chinese_plan_shows_each_safety_note_and_reason_in_chinese(tmp_path: Path) -> None:
    library = load_library()
    out = plan_text(tmp_path, "zh")
    flat = "".join(out.split())
    for rule in library.safety_rules:
        if rule.condition in ("disc_herniation", "cervical_radicular", "ankylosing_spondylitis"):
            assert rule.plan_warning is not None
            assert "".join((rule.plan_warning.zh or "").split()) in flat, rule.condition
    assert "疼痛放射到膝盖以下" in flat
    assert "颈部神经引起的手臂症状" in flat
    shown = out.replace("backcare session start --day N", "")
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]


def test_the_english_plan_keeps_the_english_notes(tmp_path: Path) -> None:
    out = " ".join(plan_text(tmp_path, "en").split())
    assert "spreads further down a leg" in out
    assert "spreads further down an arm" in out
    assert "pain spreading below the knee" in out


def test_the_chinese_handout_carries_the_notes_and_reasons_in_chinese() -> None:
    from backcare.domain.plans import generate_plan
    from backcare.domain.profile import Profile
    from backcare.reports.handout import render_handout_html

    library = load_library()
    plan = generate_plan(Profile.model_validate(PROFILE), library)
    html = render_handout_html(plan, library, lang="zh")
    for rule in library.safety_rules:
        if rule.condition in ("disc_herniation", "cervical_radicular"):
            assert rule.plan_warning is not None
            assert rule.plan_warning.zh in html
            assert rule.plan_warning.en not in html
    assert "疼痛放射到膝盖以下" in html
    assert ">radicular<" not in html

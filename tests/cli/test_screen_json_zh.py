"""`backcare screen --lang zh --format json`: the contract's JSON with the words a person reads
(advice, each flag's and each exercise reason's words) in Chinese where the content has them;
ids and keys stay as screening.md names them. The saved screening keeps English words, as the
web saves it, so a later English plan refusal reads in English."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from tests.answers import complete
from tests.content.test_no_english_on_zh import english_words

# A pregnant person with leg pain below the knee and constant night pain: advice, a flag with
# its own words, and exercise reasons with theirs.
ANSWERS = complete(
    age=55,
    regions=["low_back"],
    pain_now=6,
    duration_weeks=8,
    onset="gradual",
    pregnant=True,
    leg_pain_below_knee=True,
    night_pain_constant="not_sure",
)


def screen_json(tmp_path: Path, *extra: str) -> dict[str, object]:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(ANSWERS), encoding="utf-8")
    result = CliRunner().invoke(app, ["screen", "--answers", str(path), "--format", "json", *extra])
    assert result.exit_code == 0, result.output
    found: dict[str, object] = json.loads(result.stdout)
    return found


def test_zh_json_gives_the_contents_chinese_advice_and_reasons(tmp_path: Path) -> None:
    library = load_library()
    zh = screen_json(tmp_path, "--lang", "zh")
    advice = zh["advice"]
    assert isinstance(advice, list)
    assert advice
    for item in advice:
        assert item["text"] == library.advice[item["id"]].text.get("zh")
        assert not english_words(item["text"]), item
    exercise = zh["exercise"]
    assert isinstance(exercise, dict)
    assert exercise["why"]
    assert all(not english_words(w) for w in exercise["why"])
    en = screen_json(tmp_path)
    # the same result otherwise: the ids, levels and keys do not change with the language
    assert [a["id"] for a in en["advice"]] == [a["id"] for a in advice]  # type: ignore[union-attr,index]
    assert en["urgency"] == zh["urgency"]
    assert en["exercise"]["reasons"] == exercise["reasons"]  # type: ignore[index]
    assert all(a["text"] == library.advice[a["id"]].text.en for a in en["advice"])  # type: ignore[union-attr,index]


def test_the_saved_screening_keeps_english_words(tmp_path: Path) -> None:
    from backcare.store import open_repository

    screen_json(tmp_path, "--lang", "zh")
    with open_repository() as repo:
        records = repo.list_screenings(repo.local_user().id)
    assert records
    saved = records[-1].result
    assert all(not any("\u4e00" <= ch <= "\u9fff" for ch in a["text"]) for a in saved["advice"])

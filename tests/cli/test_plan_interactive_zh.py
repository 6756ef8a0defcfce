"""`backcare plan --interactive --lang zh` asks in Chinese: the questions, the choices (by
their Chinese names, with the ids still accepted) and the ask-again lines."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from backcare.cli.main import app

LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _run(replies: str, lang: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        app, ["plan", "--interactive", "--lang", lang, "--format", "json"], input=replies
    )
    return result.exit_code, result.stdout, result.stderr


def test_the_questions_are_chinese_and_chinese_names_are_answers() -> None:
    # regions: two Chinese names with a full-width comma; equipment: an id and a name;
    # minutes: out of range, then 20; days: default; level: a Chinese name.
    replies = "颈部，肩部\nmat，一面墙\n200\n20\n\n中级\n"
    status, out, err = _run(replies, "zh")
    assert status == 0, err
    asked = "\n".join(line for line in err.splitlines() if line.strip())
    assert "哪里" in asked
    assert LATIN_WORD.findall(asked) == [], asked
    assert ":" not in asked  # prompts end in a full-width colon
    import json

    json.loads(out[out.index("{") :])  # the test runner echoes the replies first
    from backcare.store import open_repository

    repo = open_repository()
    try:
        profile = repo.list_plans(repo.local_user().id)[-1].profile
    finally:
        repo.close()
    assert profile["regions"] == ["neck", "shoulder"]
    assert profile["equipment"] == ["mat", "wall"]
    assert profile["minutes"] == 20
    assert profile["days_per_week"] == 3
    assert profile["level"] == "intermediate"


def test_english_stays_as_it_was() -> None:
    status, _, err = _run("low_back\nmat\n20\n3\nbeginner\n", "en")
    assert status == 0, err
    assert "Where does it hurt" in err

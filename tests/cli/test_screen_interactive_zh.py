"""`backcare screen --lang zh` asking its questions one by one speaks Chinese on every line it
prints: the intro, the group titles, the answer hints, the "please answer again" messages and
the end-of-input line. Replies in Chinese (是 / 否 / 不确定, full-width ？ and commas) are
answers, as y / n / ? are.

In process (the CLI test helper), with the terminal check patched so the replies fed on
standard input are typed at prompts rather than read as piped replies.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from backcare.cli import screen_cmds
from tests.cli.test_screen import cli
from tests.content.test_no_english_on_zh import english_words, half_width

URL = re.compile(r"https?://\S+")  # an official form's address is not a word to translate

# Low back, an age out of range then a good one, a reply that is no answer, then the warning
# signs in Chinese words and letters; the other questions skipped (Enter) up to the
# questionnaires: STarT Back declined, the ODI filled in, the rest declined.
SAFETY_REPLIES = ["否"] * 6 + ["n", "没有", "否", "不"] + ["否"] * 11
REPLIES = [
    "1，2",  # low back and mid back, full-width comma
    "200",  # out of range: asked again
    "40",
    "x",  # no answer: asked again
    *SAFETY_REPLIES,
    "不确定",  # leg pain below the knee: not sure
]


def _walk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lang: str, tail: list[str]) -> str:
    monkeypatch.setattr(screen_cmds, "_at_a_terminal", lambda: True)
    monkeypatch.setenv("COLUMNS", "400")  # one line a prompt, for the phrases looked for
    target = tmp_path / "answers.json"
    replies = "\n".join([*REPLIES, *tail]) + "\n"
    status, out, err = cli(
        "screen", "--lang", lang, "--no-save", "--save", str(target), "--format", "text",
        stdin=replies,
    )  # fmt: skip
    assert status == 0, out + err
    assert err == "", err
    return out


def _questionnaire_tail() -> list[str]:
    """Enter for each question after the warning signs, then the questionnaire offers."""
    from backcare.content import load_library
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.questions import pending

    library = load_library()
    answers = ScreeningAnswers.model_validate({"regions": ["low_back", "mid_back"], "age": 40})
    later = [q for q in pending(library.questions, answers) if q.group != "red_flags"]
    tail: list[str] = []
    for question in later:
        if question.key == "odi":
            tail += ["是", "3", "", "2", "1", "0", "2", "3", "", "1", "2"]
        elif question.kind == "instrument":
            tail.append("否")
        else:
            tail.append("")
    return tail


def test_every_line_of_the_chinese_questions_is_chinese(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = _walk(monkeypatch, tmp_path, "zh", _questionnaire_tail())
    assert "\n危险信号\n" in out  # the first group's title
    assert "关于您的疼痛" in out
    assert "问卷（可选）" in out
    assert "（是 y／否 n／不确定 ？）" in out  # the hint names the Chinese answers
    assert "（填编号，用逗号分隔）" in out
    assert "请输入不大于 110 的数" in out  # the age out of range, said in Chinese
    assert "请回答是、否或不确定" in out  # the reply that was no answer
    assert "是否填写问卷：Oswestry 功能障碍指数（10 个部分" in out
    assert "（0–5，不答请按回车）" in out
    text = URL.sub("", out)
    assert not english_words(text), english_words(text)
    assert not half_width(text), half_width(text)[:5]


def test_chinese_replies_are_answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _walk(monkeypatch, tmp_path, "zh", _questionnaire_tail())
    saved = json.loads((tmp_path / "answers.json").read_text(encoding="utf-8"))
    assert saved["regions"] == ["low_back", "mid_back"]
    assert saved["age"] == 40
    assert saved["saddle_numbness"] is False
    assert saved["major_trauma"] is False  # "n"
    assert saved["neck_vascular_signs"] is False  # 没有
    assert saved["meningism_signs"] is False  # 不
    assert saved["leg_pain_below_knee"] == "not_sure"  # 不确定
    assert saved["odi"] == [3, None, 2, 1, 0, 2, 3, None, 1, 2]


def test_end_of_input_is_said_in_chinese(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(screen_cmds, "_at_a_terminal", lambda: True)
    status, out, _ = cli("screen", "--lang", "zh", "--no-save", "--format", "text", stdin="1\n")
    assert status == 0
    assert "输入已结束：按目前的回答显示结果。" in out
    assert "End of input" not in out


def test_the_english_questions_keep_their_words(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    out = _walk(monkeypatch, tmp_path, "en", _questionnaire_tail())
    assert "Warning signs" in out
    assert "(y/n/? not sure)" in out
    assert "please enter at most 110" in out
    assert "please answer yes, no or not sure (y/n/?)" in out


def test_the_catalogue_marks_every_reply_problem() -> None:
    from backcare.domain.questions import REPLY_PROBLEMS
    from backcare.labels import REPLY_PROBLEM_IDS

    assert REPLY_PROBLEMS == REPLY_PROBLEM_IDS

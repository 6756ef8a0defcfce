"""`backcare screen` in process (exit statuses, stdout, stderr) and, for the interactive
questions, through a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import load_library
from backcare.services.screening import parse_answers, run_screening

ANSWERS: dict[str, Any] = {
    "age": 58,
    "regions": ["low_back"],
    "pain_now": 6,
    "duration_weeks": 6,
    "onset": "gradual",
    "worse_on_rising": True,
    "sitting_hours_per_day": 9,
    "crosses_legs": True,
    "odi": [2, 2, 1, 2, 3, 2, 1, None, 2, 1],
}


def cli(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """Run `backcare ARGS` in process: (exit status, stdout, stderr)."""
    result = CliRunner().invoke(app, list(args), input=stdin)
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def write(tmp_path: Path, data: Any, name: str = "answers.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def test_json_output_is_exactly_the_engines_result(tmp_path: Path) -> None:
    status, out, err = cli("screen", "--answers", str(write(tmp_path, ANSWERS)), "--format", "json")
    assert status == 0, err
    expected = run_screening(parse_answers(ANSWERS), load_library()).model_dump(mode="json")
    assert json.loads(out) == expected
    assert json.loads(out)["urgency"] == "soon"


def test_json_is_the_default_when_piped(tmp_path: Path) -> None:
    status, out, _ = cli("screen", "--answers", str(write(tmp_path, ANSWERS)))
    assert status == 0
    assert json.loads(out)["instruments"]["odi"] == {"percent": 35.6, "band": "moderate"}


def test_text_output_reads_for_a_person(tmp_path: Path) -> None:
    status, out, _ = cli("screen", "--answers", str(write(tmp_path, ANSWERS)), "--format", "text")
    assert status == 0
    for words in (
        "SOON: see a doctor within about two weeks",
        "Warning signs",
        "Inflammatory back pain criteria",
        "Oswestry Disability Index",
        "35.6 %",
        "What may be behind it",
        "Do not cross your legs",
        "Get up and move for 10 minutes",
    ):
        assert words in out
    assert "{" not in out.splitlines()[0]


def test_emergency_text_says_what_to_do_now(tmp_path: Path) -> None:
    path = write(tmp_path, {"saddle_numbness": True})
    status, out, _ = cli("screen", "--answers", str(path), "--format", "text")
    assert status == 0
    assert "EMERGENCY" in out
    assert "Go to an emergency department now" in out
    assert "please do not start the exercises yet" in out


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"age": "50"}, "age: must be a whole number, got '50'"),
        ({"fevr": True}, "fevr: unknown answer key (did you mean 'fever'?)"),
        ({"pain_now": 12}, "pain_now: must be at most 10, got 12"),
        ({"odi": [1] * 9}, "odi: must be a list of 10 answers, got 9"),
        ({"startback": [True] * 9}, "startback: item 9 must be one of"),
        ([1, 2], "answers: must be a JSON object"),
        ("{not json", "--answers: "),
        ('{"duration_weeks": NaN}', "--answers: "),
    ],
)
def test_bad_input_is_one_line_on_stderr_and_exit_2(
    tmp_path: Path, data: Any, message: str
) -> None:
    status, out, err = cli("screen", "--answers", str(write(tmp_path, data)), "--format", "json")
    assert status == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert message in err
    assert "Traceback" not in err


def test_missing_file_names_the_option(tmp_path: Path) -> None:
    status, _, err = cli("screen", "--answers", str(tmp_path / "nope.json"))
    assert status == 2
    assert err.startswith("backcare: error: --answers: cannot read")


def test_no_input_without_answers_never_asks() -> None:
    status, out, err = cli("screen", "--no-input")
    assert status == 2
    assert out == ""
    assert "--answers" in err


def test_piped_answers_are_read_from_stdin() -> None:
    status, out, _ = cli("screen", stdin=json.dumps({"bladder_change": True}))
    assert status == 0
    assert json.loads(out)["urgency"] == "emergency"
    status, out, _ = cli("screen", "--answers", "-", stdin=json.dumps({"fever": True}))
    assert status == 0
    assert json.loads(out)["urgency"] == "urgent"


def test_piped_replies_walk_the_questions_and_stop_at_an_emergency() -> None:
    # regions: lower back; age 40; numbness in the saddle area: yes -> stop at once.
    status, out, err = cli("screen", stdin="1\n40\ny\nthese lines are never read\n")
    assert status == 0, err
    found = json.loads(out)
    assert found["urgency"] == "emergency"
    assert found["red_flags"][0]["because"] == ["saddle_numbness"]
    assert "stopped the questions" in err


def test_piped_replies_end_at_end_of_input() -> None:
    status, out, _ = cli("screen", stdin="3\n35\nn\n")
    assert status == 0
    found = json.loads(out)
    assert found["urgency"] == "self_care"
    assert "saddle_numbness" not in found["unanswered"]
    assert "bladder_change" in found["unanswered"]
    assert found["ibp"]["calin"]["applicable"] is False  # neck only


def test_not_sure_to_a_warning_sign_counts_as_yes_and_says_so() -> None:
    status, out, err = cli("screen", stdin="1\n40\n?\nnever read\n")
    assert status == 0, err
    found = json.loads(out)
    assert found["urgency"] == "emergency"
    hit = found["red_flags"][0]
    assert (hit["because"], hit["not_sure"]) == (["saddle_numbness"], ["saddle_numbness"])


def test_a_blank_reply_to_a_warning_sign_is_not_a_skip() -> None:
    status, out, err = cli("screen", stdin="1\n40\n\n")
    assert status == 2
    assert out == ""
    assert "saddle_numbness" in err
    assert "not sure" in err


def test_a_bad_piped_reply_names_the_question() -> None:
    status, out, err = cli("screen", stdin="1\n40\nmaybe\n")
    assert status == 2
    assert out == ""
    assert err.startswith("backcare: error: saddle_numbness: please answer yes, no or not sure")


def test_endless_piped_input_ends() -> None:
    status, _, err = cli("screen", stdin="y\n" * 600_000)
    assert status == 2
    assert "stdin: more than" in err


def test_empty_piped_input_fails_instead_of_hanging() -> None:
    status, _, err = cli("screen", stdin="")
    assert status == 2
    assert "no answers given" in err


def test_save_writes_answers_that_read_back(tmp_path: Path) -> None:
    target = tmp_path / "out" / "saved.json"
    status, _, _ = cli("screen", "--answers", str(write(tmp_path, ANSWERS)), "--save", str(target))
    assert status == 0
    saved = json.loads(target.read_text(encoding="utf-8"))
    assert saved["schema_version"] == 1
    assert parse_answers(saved) == parse_answers(ANSWERS)
    again, out, _ = cli("screen", "--answers", str(target))
    assert again == 0
    assert json.loads(out)["urgency"] == "soon"
    assert not list(target.parent.glob("*.tmp"))


def test_help_lists_screen() -> None:
    status, out, _ = cli("--help")
    assert status == 0
    assert "screen" in out


# --- Interactive, through a pseudo-terminal ------------------------------------------------------


EOT = "\x04"
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def drive(
    args: list[str], reply: Callable[[str], str | None], timeout: float = 60.0
) -> tuple[int, str]:
    """Run `backcare ARGS` on a pty; answer each prompt with reply(text since last reply)."""
    master, slave = pty.openpty()
    env = {**os.environ, "COLUMNS": "200", "TERM": "xterm", "NO_COLOR": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", "from backcare.cli.main import run; run()", *args],
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=env,
        close_fds=True,
    )
    os.close(slave)
    output = b""
    answered_at = 0
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:  # the child closed the terminal
                    break
                if not chunk:
                    break
                output += chunk
            elif proc.poll() is not None:
                break
            text = ANSI.sub("", output.decode("utf-8", "replace"))
            last = text[answered_at:]  # everything since the last reply: the whole question
            if last.endswith(("? ", ") ")):
                answer = reply(last)
                if answer is None:
                    os.close(master)
                    master = -1
                    break
                answered_at = len(text)
                # Ctrl-D alone is end of input at the prompt; anything else is a line.
                os.write(master, (answer if answer == EOT else answer + "\n").encode())
        proc.wait(timeout=max(1.0, deadline - time.monotonic()))
    finally:
        if proc.poll() is None:
            proc.kill()
        if master >= 0:
            os.close(master)
    return proc.returncode, ANSI.sub("", output.decode("utf-8", "replace")).replace("\r\n", "\n")


def test_interactive_emergency_answer_stops_at_once() -> None:
    asked: list[str] = []

    def reply(prompt: str) -> str:
        asked.append(prompt)
        if "Where do you have pain" in prompt:
            return "1"
        if "How old" in prompt:
            return "40"
        if "numbness around your back passage" in prompt:
            return "y"
        return "n"

    status, out = drive(["screen"], reply)
    assert status == 0, out
    assert len(asked) == 3  # nothing after the emergency answer
    assert "EMERGENCY" in out
    assert "Go to an emergency department now" in out


def test_interactive_walk_skips_the_ndi_without_neck_pain_and_saves(tmp_path: Path) -> None:
    asked: list[str] = []
    target = tmp_path / "answers.json"

    def reply(prompt: str) -> str:
        asked.append(prompt)
        if "Where do you have pain" in prompt:
            return "1"
        if "How old" in prompt or "first began" in prompt:
            return "45"
        if "What is your sex" in prompt:
            return "1"
        if "How did it begin" in prompt:
            return "2"
        if "How many" in prompt or "How bad" in prompt:
            return "3"
        if "Would you like to fill in the Roland" in prompt:
            return "y"
        if "Would you like" in prompt:
            return "n"
        return "n"

    status, out = drive(["screen", "--save", str(target)], reply)
    assert status == 0, out
    assert not any("Neck Disability" in prompt for prompt in asked)
    assert any("Oswestry" in prompt for prompt in asked)
    assert any("With your neck pain" in prompt for prompt in asked) is False
    saved = parse_answers(json.loads(target.read_text(encoding="utf-8")))
    assert saved.regions == ["low_back"]
    assert saved.age == 45
    assert saved.rmdq == [False] * 24
    assert saved.odi is None
    assert saved.ndi is None
    assert saved.fever is False
    assert "SELF-CARE" in out or "ROUTINE" in out


def test_interactive_end_of_input_shows_the_result_so_far() -> None:
    def reply(prompt: str) -> str:
        if "Where do you have pain" in prompt:
            return "3"
        if "How old" in prompt:
            return "33"
        return EOT  # Ctrl-D: the person stops answering

    status, out = drive(["screen"], reply, timeout=30)
    assert status == 0, out
    assert "End of input" in out
    assert "Not answered yet" in out
    # amended spec: an incomplete screening opens with the safety questions it still needs
    # and never says "self-care: no warning signs"
    assert "Some safety questions are not answered yet" in out
    assert "SELF-CARE" not in out


def test_broken_content_is_one_line_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.config import get_settings

    content = tmp_path / "content"
    content.mkdir()
    (content / "sources.yaml").write_text("- {id: article, kind: article, title: x}\n")
    (content / "red_flags.yaml").write_text("- {id: oops, urgency: soonish}\n")
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(content))
    get_settings.cache_clear()
    status, out, err = cli("screen", "--answers", str(write(tmp_path, {})))
    assert status == 1
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "content/red_flags.yaml" in err


def test_unknown_language_is_bad_input(tmp_path: Path) -> None:
    status, _, err = cli("screen", "--answers", str(write(tmp_path, {})), "--lang", "fr")
    assert status == 2
    assert "--lang: 'fr' is not one of en, zh" in err


def test_chinese_text_where_the_content_has_it(tmp_path: Path) -> None:
    path = write(tmp_path, {"minor_trauma": True, "age": 70})
    status, out, _ = cli("screen", "--answers", str(path), "--format", "text", "--lang", "zh")
    assert status == 0
    assert "椎骨可能骨折" in out


def test_answers_saved_by_schema_version_1_still_read() -> None:
    """A file written by `--save` (schema_version 1) is read back unchanged."""
    fixture = Path(__file__).parent / "fixtures" / "screening_answers_v1.json"
    status, out, err = cli("screen", "--answers", str(fixture), "--format", "json")
    assert status == 0, err
    found = json.loads(out)
    # NDI: 9 sections answered, sum 8 -> 8 / 45 x 50 = 8.9 -> 9 of 50, mild.
    assert found["instruments"]["ndi"] == {"score": 9, "percent": 18.0, "band": "mild"}
    # STarT Back: items 2 and 6 agreed, item 9 "moderately" scores 0 -> total 2, low.
    assert found["instruments"]["startback"] == {"total": 2, "psychosocial": 1, "risk": "low"}
    assert found["ibp"]["calin"] == {"applicable": True, "count": 5, "of": 5, "met": True}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_incomplete_screening_with_an_urgent_flag_says_so_before_the_questions(
    tmp_path: Path, lang: str
) -> None:
    # A 74-year-old on steroids with sudden pain, nothing else answered: the text still opens
    # with the unanswered safety questions (screening.md), but the urgency found so far is
    # said in the opening lines, not after twenty-two questions.
    answers = {"age": 74, "onset": "sudden", "long_term_steroids": True, "pain_now": 8}
    path = write(tmp_path, answers)
    args = ["screen", "--answers", str(path), "--format", "text", "--no-save", "--lang", lang]
    status, out, _ = cli(*args)
    assert status == 0
    lines = [line for line in out.splitlines() if line.strip()]
    opening = " ".join(lines[:4])
    intro = "Some safety questions" if lang == "en" else "还有一些安全问题"
    urgent = "URGENT" if lang == "en" else "24–48 小时"
    assert intro in lines[0] + lines[1]
    assert urgent in opening

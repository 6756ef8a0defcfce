"""`backcare session timeline|start`: timelines in process, and one real coach run in tmux."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.coach import big_digits, handle_key, render_coach, split_keys
from backcare.cli.main import app
from backcare.content import load_library
from backcare.domain.player import Player, spoken_cue
from backcare.domain.records import ExerciseFeedback
from backcare.services.plans import parse_plan
from backcare.services.sessions import exercises_to_rate, record_session


def run(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=input)


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    path = tmp_path / "plan.json"
    result = run("plan", "--save", str(path), "--format", "json", "--seed", "3")
    assert result.exit_code == 0, result.stderr
    return path


def test_timeline_json_is_contiguous_and_as_long_as_the_day(plan_file: Path) -> None:
    plan = json.loads(plan_file.read_text(encoding="utf-8"))
    for day in plan["days"]:
        result = run(
            "session",
            "timeline",
            "--plan",
            str(plan_file),
            "--day",
            str(day["day"]),
            "--format",
            "json",
        )
        assert result.exit_code == 0, result.stderr
        line = json.loads(result.stdout)
        assert line["day"] == day["day"]
        assert line["total_s"] == day["minutes"] * 60
        t = 0
        for step in line["steps"]:
            assert step["t"] == t
            assert step["phase"] in (
                "prepare",
                "work",
                "hold",
                "rest",
                "round_rest",
                "set_rest",
                "done",
            )
            assert {"t", "phase", "duration_s", "exercise", "round"} <= set(step)
            t += step["duration_s"]
        assert t == line["total_s"]


def test_a_plan_from_the_api_with_extra_keys_is_read(plan_file: Path, tmp_path: Path) -> None:
    data = json.loads(plan_file.read_text(encoding="utf-8"))
    api_copy = tmp_path / "api.json"
    api_copy.write_text(
        json.dumps({**data, "id": "abc", "created_at": "2026-01-01T00:00:00Z"}), encoding="utf-8"
    )
    result = run("session", "timeline", "--plan", str(api_copy), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_s"] == data["days"][0]["minutes"] * 60


def test_timeline_text_lists_the_steps(plan_file: Path) -> None:
    result = run("session", "timeline", "--plan", str(plan_file), "--day", "2")
    assert result.exit_code == 0, result.stderr
    assert "prepare" in result.stdout
    assert "work" in result.stdout


def test_timeline_without_a_plan_file_uses_the_latest_saved_plan(plan_file: Path) -> None:
    result = run("session", "timeline", "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["day"] == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--day", "9"], "--day: the plan has no day 9"),
        (["--day", "0"], "--day: the plan has no day 0"),
    ],
)
def test_bad_day_is_one_line(plan_file: Path, args: list[str], message: str) -> None:
    result = run("session", "timeline", "--plan", str(plan_file), *args)
    assert result.exit_code == 2
    assert result.stderr.strip() == f"backcare: error: {message} (it has days 1, 2, 3)"


def test_bad_plan_file_names_the_option(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"days": [{"day": 1}]}), encoding="utf-8")
    result = run("session", "timeline", "--plan", str(bad))
    assert result.exit_code == 2
    assert result.stderr.startswith("backcare: error: --plan: ")
    assert len(result.stderr.strip().splitlines()) == 1
    unknown = tmp_path / "unknown.json"
    unknown.write_text(
        json.dumps(
            {
                "days": [
                    {
                        "day": 1,
                        "title": "x",
                        "minutes": 1,
                        "blocks": [{"kind": "warmup", "exercises": ["moonwalk"]}],
                    }
                ]
            }
        ),
        encoding="utf-8",
    )
    result = run("session", "start", "--plan", str(unknown), "--no-feedback")
    assert result.exit_code == 2
    assert "moonwalk" in result.stderr


def test_no_saved_plan_is_one_line() -> None:
    result = run("session", "start")
    assert result.exit_code == 2
    assert "no saved plan yet" in result.stderr


class StepClock:
    def __init__(self) -> None:
        self.t = 0.0

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return datetime(2026, 4, 1, 7, tzinfo=UTC) + timedelta(seconds=self.t)


def test_the_coach_screen_shows_exercise_countdown_and_round(plan_file: Path) -> None:
    from rich.console import Console

    lib = load_library()
    plan = parse_plan(json.loads(plan_file.read_text(encoding="utf-8")))
    from backcare.domain.timeline import build_timeline

    clock = StepClock()
    line = build_timeline(plan, 1, lib)
    player = Player(line, clock)
    player.start()
    clock.t = next(s.t for s in line.steps if s.phase == "work") + 2.0
    player.tick()
    assert player.step.phase == "work"
    console = Console(width=100, record=True)
    console.print(render_coach(player, lib))
    screen = console.export_text()
    step = player.step
    assert lib.exercise(step.exercise or "").name.en in screen
    assert big_digits(str(player.seconds_shown())).splitlines()[0] in screen
    assert f"round {step.round} of {step.rounds}" in screen
    assert lib.exercise(step.exercise or "").cues[0].en in screen
    # The spoken cue comes from the exercise's content.
    assert lib.exercise(step.exercise or "").cues[0].en in spoken_cue(step, lib)


def test_rating_keys_rate_the_main_exercise_being_done(plan_file: Path) -> None:
    from rich.console import Console

    from backcare.domain.records import Effort
    from backcare.domain.timeline import build_timeline

    lib = load_library()
    plan = parse_plan(json.loads(plan_file.read_text(encoding="utf-8")))
    line = build_timeline(plan, 1, lib)
    clock = StepClock()
    player = Player(line, clock)
    player.start()
    ratings: dict[str, Effort] = {}
    assert handle_key(player, "3", ratings) == []
    assert ratings == {}, "nothing to rate during the warm-up"
    first_main = next(s for s in line.steps if s.phase == "work" and s.kind == "circuit")
    clock.t = first_main.t + 1
    player.tick()
    handle_key(player, "3", ratings)
    assert ratings == {first_main.exercise: "too_hard"}
    clock.t = first_main.t + first_main.duration_s + 1  # the rest after it: still rates it
    player.tick()
    handle_key(player, "1", ratings)
    assert ratings == {first_main.exercise: "too_easy"}
    console = Console(width=120, record=True)
    console.print(render_coach(player, lib, ratings=ratings))
    assert "(you said: too easy)" in console.export_text()


def test_a_stopped_session_is_saved_as_far_as_it_went(plan_file: Path) -> None:
    from backcare.domain.timeline import build_timeline
    from backcare.store import open_repository

    lib = load_library()
    plan = parse_plan(json.loads(plan_file.read_text(encoding="utf-8")))
    clock = StepClock()
    player = Player(build_timeline(plan, 1, lib), clock)
    player.start()
    clock.t = 400
    player.tick()
    player.stop()
    log = player.log()
    rated = exercises_to_rate(plan, 1, log.exercises)
    assert rated
    assert set(rated) <= set(log.exercises)
    repo = open_repository()
    try:
        user = repo.local_user()
        feedback = [ExerciseFeedback(exercise=rated[0], effort="too_hard")]
        record_session(repo, user.id, plan, log, 2, 4, feedback)
        (saved,) = repo.list_sessions(user.id)
        assert saved.completed is False
        assert saved.completed_steps == log.completed_steps > 0
        assert saved.total_steps == log.total_steps
        assert (saved.pain_before, saved.pain_after) == (2, 4)
        (kept,) = repo.list_plans(user.id)  # the plan `backcare plan` kept, not a copy
        assert saved.plan_id == kept.id
        assert saved.feedback[0].effort == "too_hard"
    finally:
        repo.close()


# --- One real run in a terminal ---------------------------------------------------------------


@pytest.fixture
def tmux(tmp_path: Path) -> Iterator[Callable[..., str]]:
    """A private tmux server (its own socket), killed afterwards."""
    if shutil.which("tmux") is None:
        pytest.skip("tmux is not installed")
    socket = f"backcare-{uuid.uuid4().hex[:8]}"

    def call(*args: str) -> str:
        return subprocess.run(
            ["tmux", "-L", socket, *args], check=True, capture_output=True, text=True
        ).stdout

    yield call
    path = subprocess.run(
        ["tmux", "-L", socket, "display-message", "-p", "#{socket_path}"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)
    if path:
        Path(path).unlink(missing_ok=True)


def wait_for(screen: Callable[[], str], text: str, timeout: float = 30.0) -> str:
    deadline = time.monotonic() + timeout
    shown = ""
    while time.monotonic() < deadline:
        shown = screen()
        if text in shown:
            return shown
        time.sleep(0.1)
    raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")


def test_the_coach_runs_in_a_terminal_and_reacts_to_keys(
    plan_file: Path, tmux: Callable[..., str], isolated_home: Path
) -> None:
    env = {
        "BACKCARE_HOME": str(isolated_home),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    if os.environ.get("BACKCARE_CONTENT_DIR"):
        env["BACKCARE_CONTENT_DIR"] = os.environ["BACKCARE_CONTENT_DIR"]
    command = [
        sys.executable,
        "-c",
        "from backcare.cli.main import run; run()",
        "session",
        "start",
        "--plan",
        str(plan_file),
        "--day",
        "1",
        "--quiet",
    ]
    shell = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    shell += " " + " ".join(shlex.quote(part) for part in command) + "; sleep 30"
    tmux("new-session", "-d", "-s", "coach", "-x", "100", "-y", "40", shell)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "coach")

    wait_for(screen, "Pain right now")
    tmux("send-keys", "-t", "coach", "1", "Enter")
    shown = wait_for(screen, "Get ready")
    assert "███" in shown  # the big countdown
    assert "of " in shown  # elapsed of total, under the progress bar
    tmux("send-keys", "-t", "coach", " ")
    wait_for(screen, "PAUSED")
    tmux("send-keys", "-t", "coach", " ")
    tmux("send-keys", "-t", "coach", "n")
    wait_for(screen, "Work:")
    tmux("send-keys", "-t", "coach", "q")
    # Quit in the warm-up with no step run in full: the coach offers to keep no record.
    wait_for(screen, "No step was finished")
    tmux("send-keys", "-t", "coach", "y", "Enter")
    wait_for(screen, "Pain now")
    tmux("send-keys", "-t", "coach", "3", "Enter")
    shown = wait_for(screen, "Saved session")
    assert "Session stopped" in shown

    from backcare.store import open_repository

    repo = open_repository()
    try:
        (saved,) = repo.list_sessions(repo.local_user().id)
    finally:
        repo.close()
    assert saved.completed is False
    assert (saved.pain_before, saved.pain_after) == (1, 3)


def test_keys_arriving_together_are_all_kept() -> None:
    assert split_keys(" n") == [" ", "n"]
    assert split_keys("\x1b[Cq") == ["skip", "q"]
    assert split_keys("\x1b[D\x1b[A") == ["back"]


def test_pain_and_effort_answers_are_checked() -> None:
    from backcare.errors import BadInput
    from backcare.services.sessions import parse_effort, parse_pain

    assert parse_pain("") is None
    assert parse_pain(" 7 ") == 7
    assert [parse_effort(a) for a in ("1", "right", "too hard")] == [
        "too_easy",
        "right",
        "too_hard",
    ]
    with pytest.raises(BadInput, match="from 0 to 10"):
        parse_pain("11")
    with pytest.raises(BadInput, match="too_easy, right or too_hard"):
        parse_effort("")  # unanswered is not "right"


# --- Issue 14: what the coach shows is what it does, in the chosen language ----------------

ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def _screen(player: Player, lib: Any, lang: str, ratings: dict[str, Any] | None = None) -> str:
    from rich.console import Console

    console = Console(width=140, record=True)
    console.print(render_coach(player, lib, lang, ratings))
    return console.export_text()


def test_zh_coach_screen_has_no_english_line(plan_file: Path) -> None:
    from backcare.domain.timeline import build_timeline

    lib = load_library()
    plan = parse_plan(json.loads(plan_file.read_text(encoding="utf-8")))
    line = build_timeline(plan, 1, lib)
    clock = StepClock()
    player = Player(line, clock)
    player.start()
    screens = [_screen(player, lib, "zh")]  # get ready, warm-up
    first_main = next(s for s in line.steps if s.phase == "work" and s.kind == "circuit")
    clock.t = first_main.t + first_main.duration_s + 1  # the rest after the first main one
    player.tick()
    screens.append(_screen(player, lib, "zh", {first_main.exercise or "": "too_easy"}))
    player.toggle()  # paused
    screens.append(_screen(player, lib, "zh"))
    for screen in screens:
        for shown in screen.splitlines():
            assert not ENGLISH_WORD.search(shown), shown
    assert "太容易" in screens[1]


def test_rating_keys_are_offered_only_when_they_rate_something(plan_file: Path) -> None:
    from backcare.domain.records import Effort
    from backcare.domain.timeline import build_timeline

    lib = load_library()
    plan = parse_plan(json.loads(plan_file.read_text(encoding="utf-8")))
    line = build_timeline(plan, 1, lib)
    clock = StepClock()
    player = Player(line, clock)
    player.start()
    assert "1/2/3" not in _screen(player, lib, "en"), "nothing to rate in the warm-up"
    first_main = next(s for s in line.steps if s.phase == "work" and s.kind == "circuit")
    clock.t = first_main.t + 1
    player.tick()
    assert "1/2/3 rate" in _screen(player, lib, "en")
    ratings: dict[str, Effort] = {}
    handle_key(player, "2", ratings)
    assert ratings == {first_main.exercise: "right"}


def test_without_a_terminal_the_timeline_is_printed_and_nothing_saved(plan_file: Path) -> None:
    result = run("session", "start", "--plan", str(plan_file), "--quiet")
    assert result.exit_code == 1
    assert "Get ready" in result.stdout
    assert "0:00" in result.stdout
    assert result.stderr.startswith("backcare: the guided session needs a terminal")
    assert len(result.stderr.strip().splitlines()) == 1
    from backcare.store import open_repository

    repo = open_repository()
    try:
        assert repo.list_sessions(repo.local_user().id) == []
    finally:
        repo.close()


def test_without_a_terminal_in_chinese_the_timeline_is_chinese(plan_file: Path) -> None:
    result = run("session", "start", "--plan", str(plan_file), "--lang", "zh")
    assert result.exit_code == 1
    assert "准备" in result.stdout
    assert "需要" in result.stderr


def test_an_unknown_player_language_is_one_line(plan_file: Path) -> None:
    result = run("session", "start", "--plan", str(plan_file), "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr.strip() == "backcare: error: --lang: 'fr' is not one of en, zh"


def test_the_zh_coach_quit_at_once_offers_to_discard_in_chinese(
    plan_file: Path, tmux: Callable[..., str], isolated_home: Path
) -> None:
    env = {
        "BACKCARE_HOME": str(isolated_home),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    if os.environ.get("BACKCARE_CONTENT_DIR"):
        env["BACKCARE_CONTENT_DIR"] = os.environ["BACKCARE_CONTENT_DIR"]
    command = [
        sys.executable,
        "-c",
        "from backcare.cli.main import run; run()",
        *("session", "start", "--plan", str(plan_file), "--quiet", "--lang", "zh"),
    ]
    shell = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
    shell += " " + " ".join(shlex.quote(part) for part in command) + "; sleep 30"
    tmux("new-session", "-d", "-s", "coach", "-x", "100", "-y", "40", shell)

    def screen() -> str:
        return tmux("capture-pane", "-p", "-t", "coach")

    # The terminal may show the prompt before its suffix has arrived (CI once captured
    # it between the two): wait for either colon, then check which one it is.
    deadline = time.monotonic() + 30.0
    prompt = ""
    while time.monotonic() < deadline:
        lines = [line for line in screen().splitlines() if "现在的疼痛" in line]
        prompt = lines[0].rstrip() if lines else ""
        if prompt.endswith(("：", ":")):
            break
        time.sleep(0.1)
    assert prompt.endswith("）："), prompt  # a Chinese prompt ends in a full-width colon
    tmux("send-keys", "-t", "coach", "Enter")
    shown = wait_for(screen, "准备")
    assert "空格" in shown  # the keys, in Chinese
    tmux("send-keys", "-t", "coach", "q")
    wait_for(screen, "没有完成任何一步")
    tmux("send-keys", "-t", "coach", "Enter")  # the default: keep nothing
    wait_for(screen, "没有保存任何记录")

    from backcare.store import open_repository

    repo = open_repository()
    try:
        assert repo.list_sessions(repo.local_user().id) == []
    finally:
        repo.close()

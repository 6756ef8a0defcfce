"""`backcare --help` and a plain `backcare screen` are answered before Typer builds its
command tree (cli/fast.py, issue 17): what a person sees and the exit status must be exactly
what Typer gives, and anything unusual must still reach Typer."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from backcare.cli import fast
from tests.answers import complete

BACKCARE = str(Path(sys.executable).with_name("backcare"))  # the console script: run()
TYPER_ONLY = [  # the same program without the fast paths: the Typer app alone
    sys.executable,
    "-c",
    "import sys; sys.argv[0] = 'backcare'\nfrom backcare.cli.app import app\napp()",
]


def run(argv: list[str], home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "BACKCARE_HOME": str(home), "COLUMNS": "100", **env}
    environment.pop("BACKCARE_DATABASE_URL", None)
    return subprocess.run(argv, capture_output=True, text=True, env=environment, check=False)


def same(a: subprocess.CompletedProcess[str], b: subprocess.CompletedProcess[str]) -> None:
    assert (a.returncode, a.stdout, a.stderr) == (b.returncode, b.stdout, b.stderr)


def help_files(home: Path) -> list[Path]:
    return sorted((home / "cache").glob("help-*.txt"))


def test_help_is_typers_text_when_rendered_and_when_kept(isolated_home: Path) -> None:
    typer_help = run([*TYPER_ONLY, "--help"], isolated_home)
    assert typer_help.returncode == 0
    assert "Commands:" in typer_help.stdout
    first = run([BACKCARE, "--help"], isolated_home)  # rendered, then kept
    assert help_files(isolated_home)
    second = run([BACKCARE, "--help"], isolated_home)  # read back
    same(first, typer_help)
    same(second, typer_help)


def test_help_follows_the_terminal_width(isolated_home: Path) -> None:
    run([BACKCARE, "--help"], isolated_home)
    narrow = run([BACKCARE, "--help"], isolated_home, COLUMNS="60")
    same(narrow, run([*TYPER_ONLY, "--help"], isolated_home, COLUMNS="60"))
    assert len(help_files(isolated_home)) == 2


def test_a_damaged_or_stale_help_file_is_not_served(isolated_home: Path) -> None:
    typer_help = run([*TYPER_ONLY, "--help"], isolated_home)
    run([BACKCARE, "--help"], isolated_home)
    (kept,) = help_files(isolated_home)
    key, _, _ = kept.read_text(encoding="utf-8").partition("\n")
    kept.write_text(f"{key}-old\nUsage: an older backcare\n", encoding="utf-8")
    same(run([BACKCARE, "--help"], isolated_home), typer_help)
    kept.write_bytes(b"\xff\xfe not text")
    same(run([BACKCARE, "--help"], isolated_home), typer_help)


def test_the_help_key_changes_with_the_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    wide = fast.help_key()
    monkeypatch.setenv("COLUMNS", "60")
    assert fast.help_key() != wide


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--answers", "a.json"], {"answers_file": Path("a.json")}),
        (["--answers=a.json", "--format", "json"], {"answers_file": Path("a.json"), "fmt": "json"}),
        (
            ["--answers", "-", "--no-save", "--lang=zh"],
            {"answers_file": Path("-"), "no_save": True, "lang": "zh"},
        ),
        (["--no-input", "--save", "out.json"], {"no_input": True, "save": Path("out.json")}),
        (["--lang", "en", "--lang", "zh"], {"lang": "zh"}),  # the last one wins, as in click
        ([], {}),
    ],
)
def test_plain_screen_options_are_read_as_typer_would(
    args: list[str], expected: dict[str, object]
) -> None:
    assert fast.screen_options(args) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["--help"],
        ["--answers"],  # a missing value
        ["--answers="],
        ["--answers", "--no-save"],  # an option where a value should be
        ["--format", "xml"],
        ["--answer", "a.json"],  # unknown (click does not guess)
        ["--no-save=yes"],
        ["a.json"],
        ["--", "--answers", "a.json"],
    ],
)
def test_anything_else_is_left_to_typer(args: list[str]) -> None:
    assert fast.screen_options(args) is None


def answers_file(folder: Path, answers: dict[str, object], name: str = "answers") -> str:
    path = folder / f"{name}.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    "case",
    ["complete", "missing file", "bad answers", "bad language", "no input", "bad format"],
)
def test_screen_prints_and_exits_as_typer_does(
    isolated_home: Path, tmp_path: Path, case: str
) -> None:
    good = answers_file(tmp_path, complete(regions=["low_back"], pain_now=4))
    argv = {
        "complete": ["screen", "--answers", good, "--format", "json"],
        "missing file": ["screen", "--answers", str(tmp_path / "none.json")],
        "bad answers": ["screen", "--answers", answers_file(tmp_path, {"age": "old"}, "bad")],
        "bad language": ["screen", "--answers", good, "--lang", "fr"],
        "no input": ["screen", "--no-input"],
        "bad format": ["screen", "--answers", good, "--format", "xml"],
    }[case]
    ours = run([BACKCARE, *argv], isolated_home)
    theirs = run([*TYPER_ONLY, *argv], isolated_home)
    same(ours, theirs)
    assert ours.returncode == (0 if case == "complete" else 2)


def test_the_fast_screen_keeps_the_screening_like_typer(
    isolated_home: Path, tmp_path: Path
) -> None:
    good = answers_file(tmp_path, complete(regions=["low_back"], pain_now=4))
    for argv in ([*TYPER_ONLY, "screen"], [BACKCARE, "screen"]):  # first one makes the database
        assert run([*argv, "--answers", good], isolated_home).returncode == 0
    history = run([BACKCARE, "history", "--format", "json"], isolated_home)
    assert history.returncode == 0
    assert len(json.loads(history.stdout)["screenings"]) == 2


def test_only_a_few_help_texts_are_kept(isolated_home: Path) -> None:
    for columns in range(60, 60 + fast.KEPT_HELP_FILES + 3):
        assert run([BACKCARE, "--help"], isolated_home, COLUMNS=str(columns)).returncode == 0
    assert len(help_files(isolated_home)) == fast.KEPT_HELP_FILES


def test_the_fast_path_knows_only_options_the_screen_command_has() -> None:
    """An option renamed or dropped in screen_cmds must not be passed by the fast path (an
    option it does not know goes to Typer, which is always safe)."""
    import typer.main

    from backcare.cli.app import app

    command = typer.main.get_command(app).commands["screen"]  # type: ignore[attr-defined]
    declared = {opt: param.name for param in command.params for opt in param.opts}
    assert {**fast._VALUES, **fast._FLAGS}.items() <= declared.items()


def test_the_fast_path_calls_what_the_typer_command_calls() -> None:
    """The fast path calls `run_screen` itself: its parameters are the Typer command's."""
    import inspect

    from backcare.cli.screen_cmds import run_screen
    from backcare.cli.screen_command import screen

    typer_face = inspect.signature(screen).parameters
    work = inspect.signature(run_screen).parameters
    assert list(typer_face) == list(work)
    assert [p.default for p in work.values()] == [None, None, None, False, False, "en"]

"""Issue 15 on the command line: every bad date, file or option is one line and exit 2 (never
a traceback, never a hang), and the papercuts the outside test found stay fixed."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.store import open_repository


def backcare(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(app, list(args), input=stdin)


def one_line_error(result: Result, option: str) -> None:
    assert result.exit_code == 2, (result.exit_code, result.stdout, result.stderr)
    assert result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith(f"backcare: error: {option}"), result.stderr
    assert "Traceback" not in result.stderr


def saved_counts() -> dict[str, int]:
    with open_repository() as repo:
        user = repo.local_user()
        return {
            "diary": len(repo.list_diary(user.id)),
            "sessions": len(repo.list_sessions(user.id)),
            "screenings": len(repo.list_screenings(user.id)),
        }


def nested(depth: int) -> str:
    return '{"diary": ' + "[" * depth + "]" * depth + "}"


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day", ["0001-01-01", "1000-01-01", "1969-12-31", "20260105", "2026-W02-1", "2026-01-05T08"]
)
def test_diary_add_refuses_dates_its_help_does_not_offer(day: str) -> None:
    one_line_error(backcare("diary", "add", "--pain", "3", "--date", day), "--date: ")
    assert saved_counts()["diary"] == 0


def test_diary_keeps_1970_and_yesterday() -> None:
    for day in ("1970-01-01", "yesterday", (date.today() - timedelta(days=3)).isoformat()):
        assert backcare("diary", "add", "--pain", "3", "--date", day).exit_code == 0
    assert saved_counts()["diary"] == 3


@pytest.mark.parametrize(
    "command",
    [["diary", "list"], ["history"], ["export", "--format", "csv", "--table", "sessions"]],
)
def test_far_ranges_read_as_every_day_a_record_can_have(command: list[str]) -> None:
    assert backcare("diary", "add", "--pain", "3").exit_code == 0
    result = backcare(*command, "--from", "0001-01-01", "--to", "9999-12-31")
    if command[0] == "export":  # export has no range: the options are refused cleanly
        assert result.exit_code == 2
        return
    assert result.exit_code == 0, result.stderr
    if command == ["diary", "list"]:
        assert "pain  3/10" in result.stdout


def test_a_chart_of_a_far_range_is_quick(tmp_path: Path) -> None:
    assert backcare("diary", "add", "--pain", "3").exit_code == 0
    began = time.monotonic()
    out = tmp_path / "pain.svg"
    result = backcare("chart", "pain", "--out", str(out), "--from", "0001-01-01")
    assert result.exit_code == 0, result.stderr
    assert time.monotonic() - began < 20
    assert out.read_text(encoding="utf-8").lstrip().startswith("<")


# -- files ----------------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [100, 5000, 200_000])
def test_import_of_deeply_nested_json_is_one_line(tmp_path: Path, depth: int) -> None:
    file = tmp_path / "deep.json"
    file.write_text(nested(depth), encoding="utf-8")
    one_line_error(backcare("import", str(file)), "FILE: ")


@pytest.mark.parametrize("depth", [100, 200_000])
def test_screen_of_deeply_nested_json_is_one_line(tmp_path: Path, depth: int) -> None:
    file = tmp_path / "deep.json"
    file.write_text(nested(depth), encoding="utf-8")
    one_line_error(backcare("screen", "--answers", str(file), "--no-save"), "--answers: ")
    one_line_error(
        backcare("screen", "--answers", "-", "--no-save", stdin=nested(depth)), "--answers: "
    )


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.timeout(60)
def test_import_of_an_endless_file_ends(tmp_path: Path) -> None:
    began = time.monotonic()
    one_line_error(backcare("import", "/dev/zero"), "FILE: ")
    one_line_error(backcare("screen", "--answers", "/dev/zero", "--no-save"), "--answers: ")
    assert time.monotonic() - began < 30


def _export(tmp_path: Path) -> dict[str, object]:
    assert backcare("diary", "add", "--pain", "3", "--date", "2026-01-05").exit_code == 0
    out = tmp_path / "export.json"
    assert backcare("export", "-o", str(out)).exit_code == 0
    document: dict[str, object] = json.loads(out.read_text(encoding="utf-8"))
    return document


def _import_into_fresh_home(
    tmp_path: Path, document: object, monkeypatch: pytest.MonkeyPatch
) -> Result:
    from backcare.config import get_settings

    home = tmp_path / "other-home"
    home.mkdir()
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    get_settings.cache_clear()
    file = tmp_path / "document.json"
    file.write_text(json.dumps(document), encoding="utf-8")
    return backcare("import", str(file))


def test_import_refuses_duplicate_ids_and_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _export(tmp_path)
    diary = document["diary"]
    assert isinstance(diary, list)
    twin = {**diary[0], "pain": 9}
    document["diary"] = [diary[0], twin]
    result = _import_into_fresh_home(tmp_path, document, monkeypatch)
    one_line_error(result, "FILE: ")
    assert "diary[1].id" in result.stderr
    assert saved_counts()["diary"] == 0


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("id", "x" * 33, "diary[0].id"),
        ("id", "a\u0000b", "diary[0]"),
        ("date", "0001-01-01", "diary[0].date"),
        ("date", "9999-12-31", "diary[0].date"),
        ("created_at", "1000-01-01T00:00:00Z", "diary[0].created_at"),
    ],
)
def test_import_refuses_what_one_database_could_not_keep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, field: str, value: str, where: str
) -> None:
    document = _export(tmp_path)
    diary = document["diary"]
    assert isinstance(diary, list)
    diary[0] = {**diary[0], field: value}
    result = _import_into_fresh_home(tmp_path, document, monkeypatch)
    one_line_error(result, "FILE: ")
    assert where in result.stderr
    assert saved_counts()["diary"] == 0


# -- papercuts ------------------------------------------------------------------------------


def test_figure_into_a_missing_folder_is_one_line() -> None:
    result = backcare("exercises", "show", "bird_dog", "--figure", "/missing/dir/x.svg")
    one_line_error(result, "--figure: ")


@pytest.mark.parametrize(
    "command",
    [
        ["session", "start", "--lang", "fr"],
        ["exercises", "show", "bird_dog", "--lang", "fr"],
        ["exercises", "list", "--lang", "fr"],
    ],
)
def test_a_language_that_is_not_available_is_said(command: list[str]) -> None:
    result = backcare(*command)
    one_line_error(result, "--lang: ")
    assert result.stderr.strip().endswith("is not one of en, zh")


def test_output_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert backcare("diary", "add", "--pain", "3").exit_code == 0
    exported = backcare("export", "-o", "-")
    assert exported.exit_code == 0, exported.stderr
    assert json.loads(exported.stdout)["diary"][0]["pain"] == 3
    diary_csv = backcare("export", "--format", "csv", "--table", "diary", "-o", "-")
    assert diary_csv.stdout.startswith("id,date,pain")
    chart = backcare("chart", "pain", "--out", "-")
    assert chart.exit_code == 0, chart.stderr
    assert b"<svg" in chart.stdout_bytes
    assert not (tmp_path / "-").exists()


def test_exercise_ids_are_whole_at_80_columns() -> None:
    from backcare.content import load_library

    result = CliRunner().invoke(app, ["exercises", "list"], env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert "…" not in result.stdout
    for exercise_id in load_library().exercises:
        assert exercise_id in result.stdout


# -- Ctrl-C ---------------------------------------------------------------------------------


def _read_until(fd: int, text: bytes, timeout_s: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + timeout_s
    while text not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 4096)
            except OSError:
                break
    return seen


def _read_quiet(fd: int, quiet_s: float) -> bytes:
    """What the terminal shows until it has been quiet for `quiet_s` seconds."""
    seen = b""
    while True:
        ready, _, _ = select.select([fd], [], [], quiet_s)
        if not ready:
            return seen
        try:
            chunk = os.read(fd, 4096)
        except OSError:
            return seen
        if not chunk:
            return seen
        seen += chunk


@pytest.mark.slow
@pytest.mark.timeout(120)
def test_ctrl_c_in_a_screening_is_one_line_exit_130_and_saves_nothing() -> None:
    executable = shutil.which("backcare", path=str(Path(sys.executable).parent))
    assert executable is not None
    main, child = pty.openpty()
    process = subprocess.Popen(
        [executable, "screen", "--format", "text"],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, "COLUMNS": "100"},
        close_fds=True,
    )
    os.close(child)
    try:
        first = _read_until(main, b"?", 60)
        assert b"?" in first, first
        first += _read_quiet(main, 1.0)  # the prompt is waiting for a reply
        process.send_signal(signal.SIGINT)
        rest = b""
        deadline = time.monotonic() + 30
        while process.poll() is None and time.monotonic() < deadline:
            rest += _read_quiet(main, 0.2)  # keep the terminal drained so no write blocks
        rest += _read_quiet(main, 0.5)
        assert process.wait(timeout=5) == 130
    finally:
        if process.poll() is None:
            process.kill()
        os.close(main)
    assert b"screening stopped; nothing was saved" in rest
    assert b"Traceback" not in rest
    assert saved_counts()["screenings"] == 0

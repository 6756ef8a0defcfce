"""Issue 15, kept from coming back: Hypothesis feeds every command that reads a file or a
date with arbitrary bytes, JSON of any shape and depth, and any date-like text. Whatever it
finds, the command ends with exit 0 or a one-line error (exit 2, or 1/3 where the command
says so), never a traceback; and a refused diary date saves nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from backcare.cli.main import app

pytestmark = pytest.mark.slow

FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)

# JSON of any shape: scalars, lists and objects, now and then nested very deeply.
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)


@st.composite
def file_bodies(draw: st.DrawFn) -> bytes:
    kind = draw(st.sampled_from(["bytes", "json", "deep", "export-like", "text"]))
    if kind == "bytes":
        return draw(st.binary(max_size=200))
    if kind == "text":
        return draw(st.text(max_size=200)).encode("utf-8", "surrogatepass")
    if kind == "deep":
        depth = draw(st.integers(10, 50_000))
        opener, closer = draw(st.sampled_from([("[", "]"), ('{"a":', "}")]))
        inner = "1" if opener.startswith("{") else ""
        return (opener * depth + inner + closer * depth).encode()
    value = draw(json_values)
    if kind == "export-like":
        value = {
            "schema_version": draw(st.sampled_from([1, 2, 0, "1"])),
            draw(st.sampled_from(["diary", "sessions", "screenings", "plans"])): [value],
        }
    return json.dumps(value).encode()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a failure, whatever the exit code
    return result.exit_code, result.stderr


def assert_clean(code: int, stderr: str, allowed: tuple[int, ...] = (0, 2)) -> None:
    assert code in allowed, (code, stderr)
    assert "Traceback" not in stderr
    if code == 2:
        assert stderr.startswith("backcare: error: "), stderr
        assert stderr.count("\n") == 1, stderr


FILE_COMMANDS = [
    ["import", "{file}"],
    ["screen", "--answers", "{file}", "--no-save", "--format", "json"],
    ["plan", "--profile", "{file}", "--format", "json"],
    ["session", "timeline", "--plan", "{file}"],
    ["handout", "--plan", "{file}", "--out", "{out}.html"],
]


@pytest.mark.parametrize("command", FILE_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_any_file_is_read_or_refused_in_one_line(
    command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("fuzz")

    @FUZZ
    @given(body=file_bodies())
    def check(body: bytes) -> None:
        file = folder / "input.json"
        file.write_bytes(body)
        args = [part.format(file=file, out=folder / "out") for part in command]
        code, stderr = run(*args)
        # plan: 3 when the screening refuses exercise; a file it cannot read is 2.
        assert_clean(code, stderr, (0, 2, 3))

    check()


date_texts = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.text(max_size=14),
    st.from_regex(r"\A-?\d{1,6}(-\d{1,3}){0,2}\Z"),
    st.sampled_from(["0", "9999-12-31", "0001-01-01", "today", "yesterday", "2026-W02-1"]),
)


@FUZZ
@given(day=date_texts)
def test_any_diary_date_is_saved_or_refused_in_one_line(day: str) -> None:
    code, stderr = run("diary", "add", "--pain", "3", "--date", day)
    assert_clean(code, stderr)
    if code == 2:
        assert stderr.startswith("backcare: error: --date: "), stderr


RANGE_COMMANDS = [
    ["diary", "list", "--format", "json"],
    ["history", "--format", "json"],
    ["chart", "pain", "--out", "{out}.svg"],
]


@pytest.mark.parametrize("command", RANGE_COMMANDS, ids=lambda c: c[0])
def test_any_date_range_is_read_or_refused_in_one_line(
    command: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("range")
    assert run("diary", "add", "--pain", "3")[0] == 0

    @FUZZ
    @given(start=st.none() | date_texts, end=st.none() | date_texts)
    @example(start=None, end="9999-12-31")  # the overflow
    @example(start="0001-01-01", end=None)
    def check(start: str | None, end: str | None) -> None:
        args = [part.format(out=folder / "chart") for part in command]
        if start is not None:
            args += ["--from", start]
        if end is not None:
            args += ["--to", end]
        code, stderr = run(*args)
        assert_clean(code, stderr)

    check()


def test_the_fuzzed_file_commands_exist(tmp_path: Path) -> None:
    """Each command above really reads its file: a missing one is a one-line exit 2."""
    for command in FILE_COMMANDS:
        args = [part.format(file=tmp_path / "missing.json", out=tmp_path / "o") for part in command]
        code, stderr = run(*args)
        assert code == 2, (command, stderr)
        assert "missing.json" in stderr

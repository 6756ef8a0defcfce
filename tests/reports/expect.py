"""What every report command's bad input must look like, for the CLI tests of this folder."""

from __future__ import annotations

from click.testing import Result


def one_line_error(result: Result, names: str) -> None:
    """Exit 2 and one line on stderr, `backcare: error: ...`, naming `names`; no traceback."""
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("backcare: error: ")
    assert names in lines[0]
    assert "Traceback" not in result.stderr

"""`make bench`'s driver runs end to end on tiny sizes and writes the table it prints as JSON.

Not a timing test: the figures are whatever this machine gives; only their shape is checked.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_quick_startup_run_writes_the_table_as_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "run.py"),
            "--quick",
            "--only",
            "startup",
            "--json",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    assert [row["measure"] for row in rows] == [
        "backcare --help",
        "backcare screen --answers FILE (saved)",
    ]
    for row in rows:
        assert row["baseline"] > 0
        assert row["ours"] > 0
        assert row["ratio"] == pytest.approx(row["ours"] / row["baseline"])
        assert row["passed"] == (row["ratio"] <= float(row["target"].split()[-1]))
        assert row["measure"] in done.stdout  # the printed table has the same rows


def test_unknown_measure_is_one_line_error() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--only", "nope"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--only: unknown measure(s) nope" in done.stderr

"""The evening's bench scripts run end to end on tiny sizes and print their figures (what they
measure is for `make bench-all`, not for a test): `bench_fast_path.py` only counts 201
answers, and `bench_insert_growth.py` prints one row per id kind."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(script: str, *args: str) -> str:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / script), *args],
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    return done.stdout


@pytest.mark.parametrize("plumbing", [False, True])
def test_the_fast_path_bench_answers_every_request(plumbing: bool) -> None:
    args = ["--requests", "40", "--together", "4", "--rounds", "2"]
    out = _run("bench_fast_path.py", *args, *(["--plumbing"] if plumbing else []))
    assert re.search(r"4 at once: [\d.]+ us CPU a request", out), out
    assert ("plumbing only" in out) is plumbing


def test_the_insert_bench_compares_both_id_kinds() -> None:
    out = _run("bench_insert_growth.py", "--rows", "100", "--slice", "50")
    rows = out.splitlines()
    assert rows[1].split()[1:] == ["0", "50"]
    assert rows[2].startswith("new_id (UUIDv7)")
    assert rows[3].startswith("uuid4 (random)")
    assert all(len(row.split()) == 4 for row in rows[2:]), out

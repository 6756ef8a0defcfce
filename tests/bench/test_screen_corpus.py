"""`bench/screen_corpus.py`, the fixed corpus a change to the engine is compared on: the same
seed gives the same file, and each screening is there in English and in Chinese."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(out: Path, seed: int) -> bytes:
    script = str(ROOT / "bench" / "screen_corpus.py")
    subprocess.run(
        [sys.executable, script, str(out), "--count", "30", "--seed", str(seed)],
        check=True,
        capture_output=True,
    )
    return out.read_bytes()


def test_the_same_seed_gives_the_same_file_in_both_languages(tmp_path: Path) -> None:
    first = _run(tmp_path / "a.json", 7)
    assert _run(tmp_path / "b.json", 7) == first
    assert _run(tmp_path / "c.json", 8) != first
    results = json.loads(first)
    assert len(results) == 30
    for result in results:
        assert result["en"]["urgency"] == result["zh"]["urgency"]
        english = [item["text"] for item in result["en"]["advice"]]
        chinese = [item["text"] for item in result["zh"]["advice"]]
        assert len(english) == len(chinese)
        assert all(en != zh for en, zh in zip(english, chinese, strict=True))

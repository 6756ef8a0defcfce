"""A real notification round trip: a private session bus (`dbus-run-session`, Debian's
`dbus`) with a small fake notification server that records what it receives and clicks a
button; the same bus answers the GNOME and freedesktop idle interfaces."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.skipif(
    shutil.which("dbus-run-session") is None,
    reason="dbus-run-session is missing (apt-get install dbus)",
)


def run_scenario(tmp_path: Path, click: str) -> tuple[dict[str, object], list[dict[str, object]]]:
    done = subprocess.run(
        [
            "dbus-run-session",
            "--",
            sys.executable,
            str(HERE / "desktop_scenario.py"),
            str(tmp_path),
            click,
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads((tmp_path / "result.json").read_text())
    notes = [
        json.loads(line) for line in (tmp_path / "notifications.jsonl").read_text().splitlines()
    ]
    return result, notes


@pytest.mark.slow
def test_a_break_notification_reaches_the_server_and_its_button_comes_back(
    tmp_path: Path,
) -> None:
    result, notes = run_scenario(tmp_path, "Snooze")
    assert result["notifier"] == "desktop-notifier"
    assert len(notes) == 1
    note = notes[0]
    assert note["app"] == "backcare"
    assert note["title"] == "Time for a 2-minute break"
    assert "Chin tuck: 1. Sit tall. 2. Tuck." in str(note["body"])
    assert "Sit tall" in str(note["body"])
    assert [b for b in note["buttons"] if b] == ["Done", "Snooze 10 min", "Skip"]  # type: ignore[union-attr]
    # The click came back through desktop-notifier's callback into the scheduler.
    assert result["action"] == "snoozed"
    assert str(result["due_at"]).startswith("2026-11-23T09:30:00")
    assert str(result["snoozed_until"]).startswith("2026-11-23 09:40:05")
    assert result["events"] == [
        ["micro", "shown", "chin_tuck"],
        ["micro", "snoozed", "chin_tuck"],
    ]


@pytest.mark.slow
def test_idle_time_is_read_from_gnome_first_then_freedesktop(tmp_path: Path) -> None:
    result, _ = run_scenario(tmp_path, "Done")
    assert result["idle_chosen"] == "gnome-mutter"
    assert result["gnome_idle_s"] == pytest.approx(123.456)  # GetIdletime answers in ms
    assert result["freedesktop_idle_s"] == pytest.approx(7.0)
    assert result["action"] == "done"
    assert result["events"][-1] == ["micro", "done", "chin_tuck"]  # type: ignore[index]

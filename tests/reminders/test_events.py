"""Break events go from the reminder's spool file to the store, and are never lost."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from backcare.reminders.events import EventSpool, pending_events
from backcare.reminders.flush import flush_folder, main

AT = datetime(2026, 11, 23, 9, 30).astimezone()


class Launches:
    """Records flush launches instead of starting processes."""

    def __init__(self) -> None:
        self.argvs: list[list[str]] = []

    def __call__(self, argv: Sequence[str]) -> Any:
        self.argvs.append(list(argv))
        return subprocess.Popen([sys.executable, "-c", "pass"])


def test_events_are_spooled_and_handed_over_in_batches(tmp_path: Path) -> None:
    launches = Launches()
    spool = EventSpool(tmp_path, "python3", launch=launches)
    spool.record(AT, "micro", "shown", "chin_tuck")
    spool.record(AT + timedelta(seconds=20), "micro", "done", "chin_tuck")
    assert pending_events(tmp_path) == 2
    assert spool.flush(wait=5)
    assert launches.argvs == [["python3", "-m", "backcare.reminders.flush", str(tmp_path)]]
    assert not spool.spool.exists()
    batches = list(tmp_path.glob("events-*.batch"))
    assert len(batches) == 1
    lines = [json.loads(line) for line in batches[0].read_text().splitlines()]
    assert [(e["kind"], e["action"], e["exercise"]) for e in lines] == [
        ("micro", "shown", "chin_tuck"),
        ("micro", "done", "chin_tuck"),
    ]
    assert datetime.fromisoformat(lines[0]["at"]) == AT


def test_nothing_to_flush_starts_nothing(tmp_path: Path) -> None:
    launches = Launches()
    assert not EventSpool(tmp_path, "python3", launch=launches).flush()
    assert launches.argvs == []


@pytest.fixture
def repo(tmp_path: Path) -> Any:
    from backcare.store import open_repository

    repository = open_repository(f"sqlite:///{tmp_path / 'store.db'}")
    yield repository
    repository.close()


def test_flush_stores_events_for_the_local_user_once(tmp_path: Path, repo: Any) -> None:
    folder = tmp_path / "reminders"
    spool = EventSpool(folder, "python3", launch=Launches())
    spool.record(AT, "long", "shown", "seated_extension")
    spool.record(AT + timedelta(minutes=1), "long", "skipped", "seated_extension")
    spool.flush()
    batch = next(folder.glob("events-*.batch"))
    saved = batch.read_text()
    assert flush_folder(folder, repo) == 2
    assert not batch.exists()
    user = repo.local_user()
    events = repo.list_reminder_events(user.id)
    assert [(e.kind, e.action, e.exercise) for e in events] == [
        ("long", "shown", "seated_extension"),
        ("long", "skipped", "seated_extension"),
    ]
    assert events[0].at == AT
    # A flush that died before deleting its batch runs again without duplicates.
    batch.write_text(saved)
    assert flush_folder(folder, repo) == 0
    assert len(repo.list_reminder_events(user.id)) == 2


def test_a_failing_store_keeps_the_batch(tmp_path: Path) -> None:
    folder = tmp_path / "reminders"
    spool = EventSpool(folder, "python3", launch=Launches())
    spool.record(AT, "micro", "done")
    spool.flush()

    class Broken:
        def local_user(self) -> Any:
            raise RuntimeError("database is locked")

    with pytest.raises(RuntimeError):
        flush_folder(folder, Broken())
    assert pending_events(folder) == 1


def test_the_flush_command_reports_failure_without_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.config import get_settings

    folder = tmp_path / "reminders"
    spool = EventSpool(folder, "python3", launch=Launches())
    spool.record(AT, "micro", "done")
    spool.flush()
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("BACKCARE_DATABASE_URL", f"sqlite:///{blocker / 'store.db'}")
    get_settings.cache_clear()
    try:
        assert main([str(folder)]) == 1
    finally:
        get_settings.cache_clear()
    assert "not saved yet" in capsys.readouterr().err
    assert pending_events(folder) == 1
    assert main([]) == 2


def test_an_unwritable_spool_does_not_stop_the_reminder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    spool = EventSpool(tmp_path, "python3", launch=Launches())
    spool.spool.mkdir()  # a folder where the file should be: every append fails
    spool.record(AT, "micro", "shown")
    assert "break event not saved" in capsys.readouterr().err

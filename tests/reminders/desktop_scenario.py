"""Runs inside `dbus-run-session`: starts the fake desktop, then drives the real adapters
against it (idle monitors over D-Bus, desktop-notifier through the ReminderLoop) and writes
what happened to OUTDIR/result.json for test_desktop_dbus.py to check."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from backcare.desktop.idle import (
    FreedesktopIdleMonitor,
    GnomeIdleMonitor,
    choose_idle_monitor,
)
from backcare.desktop.notify import choose_notifier
from backcare.domain.reminders import BreakRules
from backcare.reminders.kit import Kit
from backcare.reminders.runner import ReminderLoop

HERE = Path(__file__).resolve().parent


class Events:
    def __init__(self) -> None:
        self.recorded: list[tuple[str, str, str | None]] = []

    def record(
        self, at: datetime, kind: str, action: str, exercise: str | None = None
    ) -> dict[str, Any]:
        self.recorded.append((kind, action, exercise))
        return {}

    def flush(self, wait: float = 0.0) -> bool:
        return False


class NoIdle:
    name = "never-idle"

    def idle_seconds(self) -> float:
        return 0.0


async def scenario(outdir: Path) -> dict[str, Any]:
    result: dict[str, Any] = {}
    chosen = choose_idle_monitor()
    result["idle_chosen"] = chosen.name
    result["gnome_idle_s"] = GnomeIdleMonitor().idle_seconds()
    result["freedesktop_idle_s"] = FreedesktopIdleMonitor().idle_seconds()

    notifier = await choose_notifier()
    result["notifier"] = notifier.name
    kit = Kit(
        rules=BreakRules(),
        exercises=({"id": "chin_tuck", "name": "Chin tuck", "steps": ["Sit tall.", "Tuck."]},),
        tips=({"id": "sit_tall", "title": "Sit tall", "text": "Feet flat."},),
    )
    now = [datetime(2026, 11, 23, 9, 0).astimezone()]
    events = Events()
    loop = ReminderLoop(kit, NoIdle(), notifier, events, lambda: now[0])
    decision = await loop.tick()
    while decision.due is None:
        now[0] = decision.wake_at
        decision = await loop.tick()
    result["due_at"] = now[0].isoformat()
    # The fake server clicks a button right after Notify; its answer arrives as a callback.
    assert loop.answers is not None
    action, reminder = await asyncio.wait_for(loop.answers.get(), timeout=10)
    now[0] += timedelta(seconds=5)
    loop.answer(action, reminder)
    result["action"] = action
    result["snoozed_until"] = str(loop.scheduler.snoozed_until)
    result["events"] = events.recorded
    return result


def main() -> int:
    outdir = Path(sys.argv[1])
    click = sys.argv[2]
    server = subprocess.Popen([sys.executable, str(HERE / "fake_desktop.py"), str(outdir), click])
    try:
        deadline = time.monotonic() + 20
        while not (outdir / "ready").exists():
            if time.monotonic() > deadline or server.poll() is not None:
                print("fake desktop did not start", file=sys.stderr)
                return 1
            time.sleep(0.05)
        result = asyncio.run(scenario(outdir))
        (outdir / "result.json").write_text(json.dumps(result))
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    raise SystemExit(main())

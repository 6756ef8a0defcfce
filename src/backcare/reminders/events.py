"""Break events (shown, done, snoozed, skipped) on their way to the store.

The running reminder appends each event as one JSON line to a spool file (standard library
only) and hands full batches to a short-lived `python -m backcare.reminders.flush` process
that writes them through the Repository port. The store's SQLAlchemy never enters the
long-running process, and an event survives a store that is busy, missing or migrating: its
batch stays on disk until a later flush succeeds.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

SPOOL = "events.jsonl"
BATCH_GLOB = "events-*.batch"

Launcher = Callable[[Sequence[str]], Any]  # starts the flush process; returns a Popen-like


def _launch(argv: Sequence[str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        list(argv), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


class EventSpool:
    def __init__(self, folder: Path, python: str, launch: Launcher | None = None) -> None:
        self.folder = folder
        self.python = python
        self.launch = launch or _launch
        self._flusher: Any = None
        folder.mkdir(parents=True, exist_ok=True)

    @property
    def spool(self) -> Path:
        return self.folder / SPOOL

    def record(
        self, at: datetime, kind: str, action: str, exercise: str | None = None
    ) -> dict[str, Any]:
        event = {
            "id": uuid.uuid4().hex,
            "at": at.isoformat(),
            "kind": kind,
            "action": action,
            "exercise": exercise,
        }
        try:
            with self.spool.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(event) + "\n")
        except OSError as exc:  # a full disk must not stop the reminders themselves
            sys.stderr.write(f"backcare: break event not saved: {exc}\n")
        return event

    def busy(self) -> bool:
        return self._flusher is not None and self._flusher.poll() is None

    def flush(self, wait: float = 0.0) -> bool:
        """Hand the spool to a flush process (one at a time). With `wait`, wait that many
        seconds for it to finish. Returns whether a flush process was started."""
        if self.busy():
            if wait <= 0:
                return False  # the next flush takes this spool along
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._flusher.wait(timeout=wait)
            if self.busy():
                return False
        if self.spool.exists() and self.spool.stat().st_size:
            # Only this process writes the spool and renames it, so no line is cut in two.
            batch = self.folder / f"events-{time.time_ns()}-{os.getpid()}.batch"
            os.replace(self.spool, batch)
        if not any(self.folder.glob(BATCH_GLOB)):
            return False
        self._flusher = self.launch(
            [self.python, "-m", "backcare.reminders.flush", str(self.folder)]
        )
        if wait > 0:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._flusher.wait(timeout=wait)
        return True


def pending_events(folder: Path) -> int:
    """Events not yet in the store (spool and batches)."""
    count = 0
    for path in [folder / SPOOL, *sorted(folder.glob(BATCH_GLOB))]:
        if path.exists():
            count += sum(1 for line in path.read_text("utf-8").splitlines() if line.strip())
    return count


class NoEvents:
    """`--dry-run`: nothing is saved."""

    def record(
        self, at: datetime, kind: str, action: str, exercise: str | None = None
    ) -> dict[str, Any]:
        return {}

    def flush(self, wait: float = 0.0) -> bool:
        return False

"""`python -m backcare.reminders.flush FOLDER`: moves spooled break events into the store.

Runs as its own short process (see events.py). Each batch file is deleted only after all of
its events are in the store; events already there (same id) are skipped, so a flush that
died half-way can simply run again.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

from backcare.reminders.events import BATCH_GLOB


def flush_folder(folder: Path, repo: object | None = None) -> int:
    """Store every batch in `folder`; returns how many events were added."""
    from backcare.domain.records import ReminderEvent

    batches = sorted(folder.glob(BATCH_GLOB))
    if not batches:
        return 0
    own_repo = repo is None
    if repo is None:
        from backcare.store import open_repository

        repo = open_repository()
    added = 0
    try:
        user = repo.local_user()  # type: ignore[attr-defined]
        for batch in batches:
            events = []
            for line in batch.read_text("utf-8").splitlines():
                if not line.strip():
                    continue
                data = json.loads(line)
                events.append(
                    ReminderEvent(
                        id=data["id"],
                        user_id=user.id,
                        at=datetime.fromisoformat(data["at"]),
                        kind=data["kind"],
                        action=data["action"],
                        exercise=data.get("exercise"),
                    )
                )
            if events:
                days = [e.at.date() for e in events]
                known = {
                    e.id
                    for e in repo.list_reminder_events(  # type: ignore[attr-defined]
                        user.id, min(days) - timedelta(days=1), max(days) + timedelta(days=1)
                    )
                }
                for event in events:
                    if event.id not in known:
                        repo.add_reminder_event(event)  # type: ignore[attr-defined]
                        added += 1
            batch.unlink()
    finally:
        close = getattr(repo, "close", None)
        if own_repo and callable(close):
            close()
    return added


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m backcare.reminders.flush FOLDER\n")
        return 2
    try:
        flush_folder(Path(args[0]))
    except Exception as exc:  # the batches stay for the next try
        sys.stderr.write(f"backcare: break events not saved yet: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

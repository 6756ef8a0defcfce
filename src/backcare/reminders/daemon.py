"""`python -m backcare.reminders.daemon KIT`: the long-running break reminder.

`backcare remind run` resolves settings and content into a kit file and then replaces itself
with this process, which imports only the standard library, the pure scheduler, and the
notification and idle adapters: no pydantic, no YAML, no SQLAlchemy. Ctrl-C or SIGTERM ends it
cleanly, after handing the last events to the store.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from backcare.domain.reminders import Decision
from backcare.reminders.events import EventSpool, NoEvents
from backcare.reminders.kit import Kit
from backcare.reminders.runner import ReminderLoop

STATE = "state.json"


def local_now() -> datetime:
    """The wall clock with the local offset, so records and work hours agree."""
    return datetime.now().astimezone()


def write_state(folder: Path, data: dict[str, Any]) -> None:
    """What `backcare remind status` shows about the running reminder."""
    path = folder / STATE
    temporary = path.with_name(STATE + ".tmp")
    temporary.write_text(json.dumps(data, indent=1), "utf-8")
    os.replace(temporary, path)


def read_state(folder: Path) -> dict[str, Any] | None:
    """The running reminder's state, or None when none is running."""
    try:
        data: dict[str, Any] = json.loads((folder / STATE).read_text("utf-8"))
        pid = int(data["pid"])
        if os.name == "posix":  # signal 0 only asks; on Windows os.kill would terminate
            os.kill(pid, 0)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return data


async def serve(
    kit: Kit, out: TextIO, stop: asyncio.Event | None = None, *, sitting_s: float = 0.0
) -> int:
    """Run until `stop` or a signal. `sitting_s` starts the count part-way (the benchmark
    uses it to reach a break within seconds)."""
    from backcare.desktop.idle import GuardedIdle, choose_idle_monitor
    from backcare.desktop.notify import StdoutNotifier, choose_notifier

    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(signum, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover - Windows
            signal.signal(signum, lambda *_: loop.call_soon_threadsafe(stop.set))

    idle = GuardedIdle(choose_idle_monitor())
    notifier = await choose_notifier(kit.dry_run, out)
    if isinstance(notifier, StdoutNotifier):
        notifier.clock = local_now
    events = NoEvents() if kit.dry_run else EventSpool(kit.folder, kit.python)
    events.flush()  # events left by an earlier run
    state: dict[str, Any] = {
        "pid": os.getpid(),
        "started_at": local_now().isoformat(timespec="seconds"),
        "idle": idle.name,
        "notifier": notifier.name,
        "dry_run": kit.dry_run,
        "rules": kit.rules.as_dict(),  # as started, with any command-line options
    }
    announced: list[bool] = []

    def on_decision(decision: Decision) -> None:
        upcoming = runner.scheduler
        left = max(0.0, upcoming.rules.every_min * 60 - upcoming.sitting_s)
        state["working"] = decision.working
        state["sitting_min"] = round(upcoming.sitting_s / 60, 1)
        state["next_kind"] = upcoming.next_kind
        state["next_in_min"] = round(left / 60, 1) if decision.working else None
        # A dry run leaves the real reminder's state alone.
        if not kit.dry_run and (decision.due is not None or not announced):
            write_state(kit.folder, state)
        if not announced:
            announced.append(True)
            rules = kit.rules
            when = (
                f"next {upcoming.next_kind} break in {left / 60:.0f} min"
                if decision.working
                else f"outside work hours ({rules.work_hours}, {','.join(rules.work_days)})"
            )
            out.write(
                f"backcare remind: {when}; every {rules.every_min} min; idle: {idle.name}; "
                f"notifications: {notifier.name}. Ctrl-C to stop.\n"
            )
            out.flush()

    first_turn = local_now().toordinal()  # a different exercise first each day
    runner = ReminderLoop(
        kit, idle, notifier, events, local_now, on_decision=on_decision, first_turn=first_turn
    )
    runner.scheduler.sitting_s = sitting_s
    try:
        await runner.run(stop)
    finally:
        events.flush(wait=10.0)
        if not kit.dry_run:
            with contextlib.suppress(FileNotFoundError):
                (kit.folder / STATE).unlink()
    out.write("backcare remind: stopped.\n")
    out.flush()
    return 0


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.stderr.write("usage: python -m backcare.reminders.daemon KIT\n")
        return 2
    try:
        kit = Kit.load(Path(args[0]))
    except (OSError, ValueError, KeyError) as exc:
        sys.stderr.write(f"backcare: error: cannot read the reminder kit {args[0]}: {exc}\n")
        return 2
    return asyncio.run(serve(kit, sys.stdout))


if __name__ == "__main__":
    raise SystemExit(main())

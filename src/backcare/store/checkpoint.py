"""Checkpoints of a SQLite database's write-ahead log, run from a thread of their own (the
web app's store: `open_repository(..., background_checkpoints=True)`).

In WAL mode every commit appends to the log, and by default the connection that commits
past 1,000 pages copies the log into the database file and syncs both, there and then. In
the web app that connection writes on the event loop (`Runtime.save`), so every ~400 saved
screenings the loop stood still for that copy and sync, 15-20 ms on this machine, and every
request in flight waited (the p99 of make bench). Here a thread copies the log every
`every_s` seconds with a PASSIVE checkpoint, which never blocks a writer or a reader, and
sqlite3 lets go of the GIL while it runs, so the copying and syncing happen beside the
event loop. The committing connection still checkpoints, but only past `WRITER_PAGES`: by
then the thread has copied and synced nearly all of the log, so what is left is short, and
that checkpoint is what lets SQLite start the log from its beginning again (a PASSIVE
checkpoint beside steady writes never catches up exactly, see
https://www.sqlite.org/wal.html#avoiding_excessively_large_wal_files).

Durability is unchanged: a commit is in the log before it is acknowledged either way, and
synchronous=NORMAL syncs at checkpoints (engine.py).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

# The committing connection's own checkpoint, in pages (SQLite's default is 1,000): the log
# grows to at most ~64 MB between restarts. That checkpoint syncs the log and the database
# (two fsyncs, 8-20 ms on this machine) while the event loop waits; at 4,000 pages it came
# every 0.8 s under make bench's load, at 16,000 every ~3 s: the p99 of POST
# /api/v1/screenings went from 38.1 to 31.2 ms (interleaved A/B, 6 rounds of 4 s), its rate
# unchanged. Under ordinary load the thread catches up between bursts and the log restarts
# long before.
WRITER_PAGES = 16_000


class Checkpointer:
    """A daemon thread running `PRAGMA wal_checkpoint(PASSIVE)` on `path` every `every_s`."""

    def __init__(self, path: Path, every_s: float = 0.1) -> None:
        self.path = path
        self.every_s = every_s
        self.runs = 0  # checkpoints done (tests read it)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backcare-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return  # the committing connections still checkpoint, as SQLite does by default
        try:
            while not self._stop.wait(self.every_s):
                try:
                    connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    self.runs += 1
                except sqlite3.Error:
                    continue  # busy (another process's checkpoint) or gone: try again later
        finally:
            connection.close()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

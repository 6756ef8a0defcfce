"""Checkpoints of a SQLite database's write-ahead log, run from a thread of their own (the
web app's store: `open_repository(..., background_checkpoints=True)`).

In WAL mode every commit appends to the log, and by default the connection that commits
past 1,000 pages copies the log into the database file and syncs both, there and then. In
the web app that connection writes on the event loop (`Runtime.save`), so the loop stood
still for that copy and sync (15-20 ms on this machine) and every request in flight waited:
the p99 of make bench. Here a thread copies the log every `every_s` seconds with a PASSIVE
checkpoint, which never blocks a writer or a reader, and sqlite3 lets go of the GIL while
it runs, so the copying and syncing happen beside the event loop.

A PASSIVE checkpoint beside steady writes never catches up exactly, and only a log copied
to its end starts again from its beginning
(https://www.sqlite.org/wal.html#avoiding_excessively_large_wal_files). So once the log is
past `RESTART_PAGES` the thread takes `gate` and checkpoints once more: writers that can
wait (the web app's group commit, which keeps serving requests meanwhile) take the gate
around their commits and so leave the log alone for those few milliseconds; the next commit
restarts it. Writers that ignore the gate are never blocked; a write of theirs during that
checkpoint only puts the restart off to a later pass. The committing connection still
checkpoints past `BACKSTOP_PAGES`, should the restarts keep failing (another process
writing steadily, say).

Durability is unchanged: a commit is in the log before it is acknowledged either way, and
synchronous=NORMAL syncs at checkpoints (engine.py).
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

# Past this many pages of log (4 kB each, ~64 MB) the thread restarts it. Under make
# bench's full load that is every few seconds, and each restart holds the gate 8-28 ms (the
# last copy and its two fsyncs, ~1 ms each here, and the GIL handed back and forth); under
# ordinary load a pass finds the log copied to its end and the next commit restarts it, no
# gate needed. Restarting at 40,000 pages instead made no difference to the POST's p99 in a
# 10-round A/B.
# Measured (bench_web.py --baseline's method, POST only, 10 interleaved rounds x 4 s,
# against the committing connection restarting the log past 16,000 pages): p99 of POST
# /api/v1/screenings 40.6 -> 28.4 ms, rate unchanged (0.98x, within noise); the old p99
# grew round by round with the table (28 -> 55 ms), this one stays at 20-32 ms.
RESTART_PAGES = 16_000
# The committing connection's own checkpoint, in pages (SQLite's default is 1,000): only if
# the thread's restarts fail. Its copy and fsyncs then stall the event loop.
BACKSTOP_PAGES = 64_000


class Checkpointer:
    """A daemon thread running `PRAGMA wal_checkpoint(PASSIVE)` on `path` every `every_s`,
    and restarting the log past `restart_pages` while it holds `gate`."""

    def __init__(
        self, path: Path, every_s: float = 0.1, restart_pages: int = RESTART_PAGES
    ) -> None:
        self.path = path
        self.every_s = every_s
        self.restart_pages = restart_pages
        self.runs = 0  # checkpoints done (tests read it)
        self.gated = 0  # checkpoints run while holding the gate
        self.restarts = 0  # of those, the ones that copied the log to its end
        # Held by writers that can wait, around a commit; by the thread, around the checkpoint
        # that lets the log restart. Writers take it without blocking (`acquire(False)`).
        self.gate = threading.Lock()
        self._finished = -1  # the log's length when a gated pass last copied all of it
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backcare-checkpoint", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            connection = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        except sqlite3.Error:
            return  # the committing connections still checkpoint, at the backstop
        try:
            while not self._stop.wait(self.every_s):
                try:
                    self._checkpoint(connection)
                except sqlite3.Error:
                    continue  # busy (another process's checkpoint) or gone: try again later
        finally:
            connection.close()

    def _checkpoint(self, connection: sqlite3.Connection) -> None:
        busy, log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.runs += 1
        if busy or log < self.restart_pages or copied < log or log == self._finished:
            # Short of the restart size; or a reader (another process) still on an older
            # snapshot kept this pass from the log's end, where the gated pass would stop
            # too; or the log was finished already and waits for the next commit to restart
            # it. A gated pass would only hold the saves back.
            return
        # All of the log this pass saw is copied and synced now: what the writers add while
        # this thread waits for the gate (one commit at most) is all that is left to copy.
        with self.gate:
            busy, log, copied = connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        self.runs += 1
        self.gated += 1
        if not busy and copied == log:
            self.restarts += 1
            self._finished = log

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)

"""How routes reach the store: in place on SQLite (a local file, faster than a thread hop),
in a worker thread on PostgreSQL (a network round trip must not block the event loop), and
SQLite's WAL synced at checkpoints (synchronous=NORMAL)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import text

from backcare.config import Settings, get_settings
from backcare.web.deps import Runtime


def _thread_of_call(rt: Runtime) -> tuple[int, int]:
    async def run() -> tuple[int, int]:
        here = threading.get_ident()
        there = await rt.db(threading.get_ident)
        return here, there

    return asyncio.run(run())


def test_sqlite_calls_run_on_the_event_loop() -> None:
    rt = Runtime(get_settings())
    assert rt.sqlite
    here, there = _thread_of_call(rt)
    assert here == there


def test_postgresql_calls_run_in_a_worker_thread() -> None:
    settings = Settings(database_url="postgresql+psycopg://nobody@127.0.0.1:1/none")
    rt = Runtime(settings)
    assert not rt.sqlite
    here, there = _thread_of_call(rt)
    assert here != there


def test_db_passes_arguments_and_raises_what_the_call_raises() -> None:
    rt = Runtime(get_settings())

    def divide(a: int, b: int = 1) -> float:
        return a / b

    assert asyncio.run(rt.db(divide, 6, b=3)) == 2
    with pytest.raises(ZeroDivisionError):
        asyncio.run(rt.db(divide, 1, b=0))


def test_the_web_store_runs_wal_with_normal_sync() -> None:
    rt = Runtime(get_settings())
    try:
        with rt.repo.engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            # 1 = NORMAL (0 OFF, 2 FULL, 3 EXTRA).
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 1
    finally:
        rt.close()

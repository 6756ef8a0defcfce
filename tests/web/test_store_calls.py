"""How routes reach the store: in place on SQLite (a local file, faster than a thread hop),
in a worker thread on PostgreSQL (a network round trip must not block the event loop), and
SQLite's WAL synced at checkpoints (synchronous=NORMAL)."""

from __future__ import annotations

import asyncio
import threading
import uuid
from typing import Any

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


@pytest.mark.timeout(60)
def test_saves_reached_in_one_turn_of_the_loop_share_one_commit() -> None:
    """On SQLite the saves that requests reach together go in one transaction (group commit,
    Runtime.save), each still answered with its own outcome."""
    from datetime import UTC, datetime

    from backcare.domain.records import ScreeningRecord
    from backcare.errors import Conflict

    rt = Runtime(get_settings())
    batches: list[int] = []
    add_each = rt.repo.add_each

    def counted(
        records: list[ScreeningRecord], what: str = "record", texts: Any = None
    ) -> list[Exception | None]:
        batches.append(len(records))
        return add_each(records, what, texts)

    rt.repo.add_each = counted  # type: ignore[method-assign,assignment]
    user = rt.repo.create_user(f"group-{uuid.uuid4().hex[:8]}@example.org", "hash")
    now = datetime.now(UTC)
    records = [
        ScreeningRecord(user_id=user.id, created_at=now, answers={"age": n}, result={})
        for n in range(8)
    ]

    async def run() -> list[object]:
        first = await rt.save(records[0], "screening")
        together = await asyncio.gather(
            *(rt.save(record, "screening") for record in records[1:]),
            rt.save(records[0], "screening"),  # already saved: refused, the others kept
            return_exceptions=True,
        )
        return [first, *together]

    try:
        outcomes = asyncio.run(run())
        assert outcomes[:8] == records
        assert isinstance(outcomes[8], Conflict)
        assert batches == [1, 8]
        assert {r.id for r in rt.repo.list_screenings(user.id)} == {r.id for r in records}
    finally:
        rt.close()


@pytest.mark.timeout(60)
def test_saves_wait_while_the_log_restarts_and_the_loop_keeps_running() -> None:
    """While the checkpoint thread holds its gate (store/checkpoint.py) the group commit
    does not write: the loop keeps serving other work, the saves are committed once the
    gate is free, and each is answered then, none lost."""
    from datetime import UTC, datetime

    from backcare.domain.records import ScreeningRecord

    rt = Runtime(get_settings())
    checkpointer = rt.repo.checkpointer
    assert checkpointer is not None
    user = rt.repo.create_user(f"gate-{uuid.uuid4().hex[:8]}@example.org", "hash")
    now = datetime.now(UTC)
    records = [
        ScreeningRecord(user_id=user.id, created_at=now, answers={"age": n}, result={})
        for n in range(5)
    ]

    async def run() -> None:
        checkpointer.gate.acquire()
        try:
            saves = [asyncio.ensure_future(rt.save(record, "screening")) for record in records]
            # The loop runs on meanwhile: a save that waited on the gate here instead would
            # never wake these sleeps (the gate is this thread's), and the test would time out.
            await asyncio.sleep(0.05)
            assert not any(save.done() for save in saves)
            assert rt.repo.list_screenings(user.id) == []
        finally:
            checkpointer.gate.release()
        assert await asyncio.gather(*saves) == records

    try:
        asyncio.run(run())
        assert {r.id for r in rt.repo.list_screenings(user.id)} == {r.id for r in records}
    finally:
        rt.close()


@pytest.mark.timeout(60)
def test_screenings_posted_together_each_get_their_record() -> None:
    import httpx

    from backcare.web.app import create_app
    from tests.answers import complete

    app = create_app()
    rt: Runtime = app.state.runtime
    email = f"b-{uuid.uuid4().hex[:8]}@example.org"

    async def run() -> None:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            await client.post("/api/v1/users", json={"email": email, "password": "a long password"})
            token = (
                await client.post(
                    "/api/v1/auth/token",
                    data={"username": email, "password": "a long password"},
                )
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}
            answers = complete(regions=["low_back"])
            responses = await asyncio.gather(
                *(
                    client.post("/api/v1/screenings", json=answers, headers=headers)
                    for _ in range(8)
                )
            )
            assert [r.status_code for r in responses] == [201] * 8
            ids = {r.json()["id"] for r in responses}
            assert len(ids) == 8
            listed = await client.get("/api/v1/screenings", headers=headers)
            assert {s["id"] for s in listed.json()} == ids
            one = await client.get(f"/api/v1/screenings/{ids.pop()}", headers=headers)
            assert one.status_code == 200

    try:
        asyncio.run(run())
    finally:
        rt.close()

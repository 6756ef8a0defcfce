"""Two uvicorn workers on one PostgreSQL database: sessions, tokens, records and sign-in
throttling live in the database, so either worker answers any request the same way."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from backcare.services import accounts
from tests.live_server import live_backcare
from tests.store.conftest import fresh_pg_database
from tests.web.conftest import PASSWORD, csrf
from tests.worker_app import WORKER_HEADER

pytestmark = [pytest.mark.pg, pytest.mark.slow]
CLOSE = {"Connection": "close"}  # a new connection each time, so the kernel spreads them


@pytest.fixture
def two_workers(tmp_path: Path) -> Iterator[str]:
    if not os.environ.get("BACKCARE_TEST_PG_URL"):
        pytest.skip("BACKCARE_TEST_PG_URL is not set")
    with fresh_pg_database() as url:
        # No BACKCARE_SECRET_KEY: both workers must agree on the key kept beside the data.
        env = {**os.environ, "BACKCARE_HOME": str(tmp_path), "BACKCARE_DATABASE_URL": url}
        env.pop("BACKCARE_SECRET_KEY", None)
        with live_backcare(env, workers=2, factory="tests.worker_app:create_app") as base:
            yield base


def test_two_workers_share_sessions_tokens_records_and_throttling(two_workers: str) -> None:
    base = two_workers
    email = "workers@example.org"
    with httpx.Client(base_url=base, headers=CLOSE, timeout=30) as api:
        assert (
            api.post("/api/v1/users", json={"email": email, "password": PASSWORD}).status_code
            == 201
        )
        token = api.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
        workers: set[str] = set()
        for n in range(30):
            added = api.post(
                "/api/v1/diary", json={"date": "2026-01-05", "pain": n % 11}, headers=headers
            )
            assert added.status_code == 201
            listed = api.get("/api/v1/diary", headers=headers)
            assert len(listed.json()) == n + 1  # every write is seen by both workers
            workers |= {added.headers[WORKER_HEADER], listed.headers[WORKER_HEADER]}
        assert len(workers) == 2, workers

    # A page session (cookie) made on one worker is honoured by the other, CSRF included.
    with httpx.Client(base_url=base, headers=CLOSE, timeout=30) as browser:
        form = browser.get("/signup").text
        signed = browser.post(
            "/signup",
            data={"email": "pages@example.org", "password": PASSWORD, "csrf_token": csrf(form)},
        )
        assert signed.status_code in (200, 303)
        page_workers: set[str] = set()
        for _ in range(20):
            page = browser.get("/diary")
            assert page.status_code == 200
            saved = browser.post("/diary", data={"pain": "4", "csrf_token": csrf(page.text)})
            assert saved.status_code in (200, 303)
            page_workers |= {page.headers[WORKER_HEADER], saved.headers[WORKER_HEADER]}
        assert len(page_workers) == 2, page_workers

    # Failed sign-ins are counted in the database, whichever worker sees them.
    with httpx.Client(base_url=base, headers=CLOSE, timeout=30) as attacker:
        statuses = [
            attacker.post(
                "/api/v1/auth/token", data={"username": email, "password": "wrong guess"}
            ).status_code
            for _ in range(accounts.MAX_FAILURES + 2)
        ]
    assert statuses[: accounts.MAX_FAILURES] == [401] * accounts.MAX_FAILURES
    assert statuses[-2:] == [429, 429]

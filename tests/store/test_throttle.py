"""Issue 15: the sign-in throttle cannot be raced, cannot be used by a stranger to lock the
owner out, limits one address trying many accounts, and forgets emails after its window.
On SQLite and PostgreSQL alike (the counts live in the database)."""

from __future__ import annotations

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from backcare.services import accounts
from backcare.store.repository import SqlRepository
from backcare.store.tables import LoginFailureRow

PASSWORD = "correct horse battery"
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """argon2id at a low cost, and a record of every password check made."""
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: cheap.hash("timing only"))
    checks: list[str] = []
    lock = threading.Lock()
    real = accounts.verify_password

    def counted(password: str, password_hash: str) -> bool:
        with lock:
            checks.append(password)
        return real(password, password_hash)

    monkeypatch.setattr(accounts, "verify_password", counted)
    return checks


def _owner(repo: SqlRepository) -> str:
    """A new account (the PostgreSQL database is shared by the tests of a run)."""
    email = f"owner-{uuid.uuid4().hex[:12]}@example.org"
    accounts.sign_up(repo, email, PASSWORD)
    return email


def _try(repo: SqlRepository, email: str, password: str, address: str, at: datetime) -> str:
    try:
        accounts.sign_in(repo, email, password, at, address)
    except accounts.TooManyAttempts:
        return "429"
    except accounts.WrongCredentials:
        return "401"
    return "200"


@pytest.mark.timeout(240)
def test_parallel_wrong_passwords_never_get_more_checks_than_the_limit(
    repo: SqlRepository, cheap_hashing: list[str]
) -> None:
    email = _owner(repo)
    cheap_hashing.clear()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(
            pool.map(lambda _n: _try(repo, email, "wrong guess!", "203.0.113.9", NOW), range(40))
        )
    assert len(cheap_hashing) <= accounts.MAX_FAILURES, results
    assert results.count("401") == accounts.MAX_FAILURES
    assert results.count("429") == 40 - accounts.MAX_FAILURES
    # The owner at that address is refused too, correct password included...
    assert _try(repo, email, PASSWORD, "203.0.113.9", NOW) == "429"


def test_a_stranger_cannot_lock_the_owner_out(repo: SqlRepository) -> None:
    email = _owner(repo)
    for _ in range(accounts.MAX_FAILURES + 3):
        _try(repo, email, "wrong guess!", "198.51.100.66", NOW)
    assert _try(repo, email, PASSWORD, "198.51.100.66", NOW) == "429"
    # ...but the owner, from their own address, signs in.
    assert _try(repo, email, PASSWORD, "192.0.2.10", NOW) == "200"


def test_one_address_cannot_go_through_many_accounts(repo: SqlRepository) -> None:
    address = f"198.51.100.{uuid.uuid4().int % 250}-{uuid.uuid4().hex[:6]}"
    results = [
        _try(repo, f"guess{n}@example.org", "wrong guess!", address, NOW)
        for n in range(accounts.MAX_ADDRESS_FAILURES + 5)
    ]
    assert results[: accounts.MAX_ADDRESS_FAILURES] == ["401"] * accounts.MAX_ADDRESS_FAILURES
    assert set(results[accounts.MAX_ADDRESS_FAILURES :]) == {"429"}
    # Another address is not affected.
    assert _try(repo, "guess0@example.org", "wrong guess!", "192.0.2.99", NOW) == "401"


def test_a_success_clears_its_count_and_gives_back_its_try(repo: SqlRepository) -> None:
    email = _owner(repo)
    for _ in range(accounts.MAX_FAILURES - 1):
        assert _try(repo, email, "wrong guess!", "192.0.2.1", NOW) == "401"
    assert _try(repo, email, PASSWORD, "192.0.2.1", NOW) == "200"
    for _ in range(accounts.MAX_FAILURES):
        assert _try(repo, email, "wrong guess!", "192.0.2.1", NOW) == "401"


def _rows(repo: SqlRepository, email: str) -> int:
    query = select(func.count()).where(LoginFailureRow.key.contains(email))
    with repo.engine.connect() as connection:
        return int(connection.execute(query).scalar_one())


def test_failed_tries_expire_and_are_purged(repo: SqlRepository) -> None:
    email = _owner(repo)
    for _ in range(accounts.MAX_FAILURES):
        _try(repo, email, "wrong guess!", "192.0.2.1", NOW)
    assert _try(repo, email, PASSWORD, "192.0.2.1", NOW) == "429"
    assert _rows(repo, email) > 0
    later = NOW + accounts.FAILURE_WINDOW + timedelta(seconds=1)
    assert _try(repo, email, PASSWORD, "192.0.2.1", later) == "200"
    assert _rows(repo, email) == 0  # the old tries, with the email in their key, are gone


@pytest.mark.parametrize("email", ["a\x00b@example.org", "x" * 5000 + "@example.org"])
def test_emails_no_account_can_have_are_wrong_not_500(repo: SqlRepository, email: str) -> None:
    assert _try(repo, email, "wrong guess!", "192.0.2.1", NOW) == "401"


def test_far_ranges_and_unstorable_ids_never_reach_the_database(repo: SqlRepository) -> None:
    """Issue 15: `to=9999-12-31` overflowed, and a NUL id was a 500 on PostgreSQL only."""
    from datetime import date

    user = repo.local_user()
    assert repo.list_sessions(user.id, date.min, date.max) == []
    assert repo.list_reminder_events(user.id, None, date.max) == []
    for bad in ("a\x00b", "x" * 40):
        assert repo.get_plan(user.id, bad) is None
        assert repo.get_screening(user.id, bad) is None
        assert repo.get_diary(user.id, bad) is None
        assert repo.delete_diary(user.id, bad) is False

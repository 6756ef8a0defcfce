"""The web app's short-lived cache of sign-in sessions (token hash -> user): a repeated
look-up skips the database, and nothing this process does to a session or a user is ever
answered from a stale entry."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event

from backcare.domain.records import User
from backcare.store import open_repository
from backcare.store.repository import SqlRepository
from tests.store.conftest import FakeClock


class Ticker:
    """A monotonic clock (seconds) that moves only when a test says so."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def ticker() -> Ticker:
    return Ticker()


@pytest.fixture
def cached(db_url: str, clock: FakeClock, ticker: Ticker) -> Iterator[SqlRepository]:
    repository = open_repository(db_url, clock=clock, session_cache_s=5.0)
    assert repository.session_cache is not None
    repository.session_cache.ticker = ticker
    yield repository
    repository.close()


def new_user(repo: SqlRepository) -> User:
    return repo.create_user(f"person-{uuid.uuid4().hex[:8]}@example.org", "hash")


class Queries:
    """Counts the statements a repository sends to its database."""

    def __init__(self, repo: SqlRepository) -> None:
        self.count = 0
        event.listen(repo.engine, "before_cursor_execute", self._seen)

    def _seen(self, *_args: Any) -> None:
        self.count += 1


def test_a_repeated_look_up_does_not_ask_the_database(cached: SqlRepository) -> None:
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "api", 600)
    assert cached.user_for_session(token, "api") == user
    queries = Queries(cached)
    for _ in range(3):
        assert cached.user_for_session(token, "api") == user
    assert queries.count == 0


def test_the_cache_is_off_unless_asked_for(repo: SqlRepository) -> None:
    assert repo.session_cache is None
    user = new_user(repo)
    token = repo.create_auth_session(user.id, "api", 600)
    repo.user_for_session(token, "api")
    queries = Queries(repo)
    assert repo.user_for_session(token, "api") == user
    assert queries.count > 0


def test_an_entry_lives_only_its_few_seconds(cached: SqlRepository, ticker: Ticker) -> None:
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "api", 600)
    cached.user_for_session(token, "api")
    queries = Queries(cached)
    ticker.now += 5.01
    assert cached.user_for_session(token, "api") == user
    assert queries.count > 0


def test_a_cached_token_still_expires_on_time(cached: SqlRepository, clock: FakeClock) -> None:
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "web", 600)
    assert cached.user_for_session(token, "web") == user
    clock.advance(600)
    assert cached.user_for_session(token, "web") is None


def test_a_cached_token_keeps_its_kind(cached: SqlRepository) -> None:
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "web", 600)
    assert cached.user_for_session(token, "web") == user
    assert cached.user_for_session(token, "api") is None


def test_sign_out_ends_a_cached_session_at_once(cached: SqlRepository) -> None:
    user = new_user(cached)
    one = cached.create_auth_session(user.id, "api", 600)
    two = cached.create_auth_session(user.id, "web", 600)
    assert cached.user_for_session(one, "api") == user
    assert cached.user_for_session(two, "web") == user
    cached.delete_auth_session(one)
    assert cached.user_for_session(one, "api") is None
    assert cached.user_for_session(two, "web") == user
    cached.delete_user_sessions(user.id)
    assert cached.user_for_session(two, "web") is None


def test_a_password_change_is_seen_at_once(cached: SqlRepository) -> None:
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "api", 600)
    assert cached.user_for_session(token, "api") == user
    cached.set_password_hash(user.id, "new hash")
    found = cached.user_for_session(token, "api")
    assert found is not None
    assert found.password_hash == "new hash"


def test_a_deleted_account_is_signed_out_at_once(cached: SqlRepository) -> None:
    user, other = new_user(cached), new_user(cached)
    token = cached.create_auth_session(user.id, "api", 600)
    theirs = cached.create_auth_session(other.id, "api", 600)
    assert cached.user_for_session(token, "api") == user
    assert cached.user_for_session(theirs, "api") == other
    cached.delete_user(user.id)
    assert cached.user_for_session(token, "api") is None
    assert cached.user_for_session(theirs, "api") == other


def test_a_sign_out_during_a_look_up_is_not_undone(cached: SqlRepository) -> None:
    """The look-up read the session before the sign-out committed: it may answer with the
    user this once, but must not keep that answer."""
    user = new_user(cached)
    token = cached.create_auth_session(user.id, "api", 600)
    fired = False

    def sign_out_meanwhile(*_args: Any) -> None:
        nonlocal fired
        if not fired:
            fired = True
            cached.delete_auth_session(token)

    event.listen(cached.engine, "after_cursor_execute", sign_out_meanwhile)
    cached.user_for_session(token, "api")
    event.remove(cached.engine, "after_cursor_execute", sign_out_meanwhile)
    assert fired
    assert cached.user_for_session(token, "api") is None


def test_the_cache_stays_small(cached: SqlRepository) -> None:
    assert cached.session_cache is not None
    cached.session_cache.limit = 3
    user = new_user(cached)
    tokens = [cached.create_auth_session(user.id, "api", 600) for _ in range(5)]
    for token in tokens:
        assert cached.user_for_session(token, "api") == user
    assert len(cached.session_cache) <= 3

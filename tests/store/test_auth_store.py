"""Sign-in sessions and failed-login counts (domain.ports.AuthStore), on both databases."""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta

from sqlalchemy import select

from backcare.domain.ports import AuthStore
from backcare.domain.records import User
from backcare.store.repository import SqlRepository
from backcare.store.tables import AuthSessionRow
from tests.store.conftest import FakeClock


def new_user(repo: SqlRepository) -> User:
    return repo.create_user(f"person-{uuid.uuid4().hex[:8]}@example.org", "hash")


def test_sql_repository_is_an_auth_store(repo: SqlRepository) -> None:
    store: AuthStore = repo
    for name in AuthStore.__dict__:
        if not name.startswith("_"):
            assert callable(getattr(store, name)), name


def test_a_token_finds_its_user_only_for_its_kind(repo: SqlRepository) -> None:
    user = new_user(repo)
    token = repo.create_auth_session(user.id, "web", 3600)
    assert repo.user_for_session(token, "web") == user
    assert repo.user_for_session(token, "api") is None
    assert repo.user_for_session(token + "x", "web") is None
    assert repo.create_auth_session(user.id, "web", 3600) != token


def test_only_the_hash_of_a_token_is_stored(repo: SqlRepository) -> None:
    user = new_user(repo)
    token = repo.create_auth_session(user.id, "api", 60)
    with repo.engine.connect() as connection:
        stored = connection.scalars(
            select(AuthSessionRow.token_hash).where(AuthSessionRow.user_id == user.id)
        ).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]
    assert token not in stored


def test_a_session_expires_after_its_ttl(repo: SqlRepository, clock: FakeClock) -> None:
    user = new_user(repo)
    token = repo.create_auth_session(user.id, "web", 600)
    clock.advance(599)
    assert repo.user_for_session(token, "web") == user
    clock.advance(1)
    assert repo.user_for_session(token, "web") is None


def test_sign_out_and_sign_out_everywhere(repo: SqlRepository) -> None:
    user, other = new_user(repo), new_user(repo)
    one = repo.create_auth_session(user.id, "web", 600)
    two = repo.create_auth_session(user.id, "api", 600)
    theirs = repo.create_auth_session(other.id, "web", 600)
    repo.delete_auth_session(one)
    assert repo.user_for_session(one, "web") is None
    assert repo.user_for_session(two, "api") == user
    repo.delete_user_sessions(user.id)
    assert repo.user_for_session(two, "api") is None
    assert repo.user_for_session(theirs, "web") == other


def test_login_failures_are_counted_per_key_since_a_time(
    repo: SqlRepository, clock: FakeClock
) -> None:
    key, other_key = f"email:{uuid.uuid4().hex}", f"email:{uuid.uuid4().hex}"
    start = clock()
    for minute in range(5):
        repo.record_login_failure(key, start + timedelta(minutes=minute))
    repo.record_login_failure(other_key, start)
    assert repo.count_login_failures(key, start) == 5
    assert repo.count_login_failures(key, start + timedelta(minutes=3)) == 2
    assert repo.count_login_failures(other_key, start) == 1
    repo.clear_login_failures(key)
    assert repo.count_login_failures(key, start) == 0
    assert repo.count_login_failures(other_key, start) == 1

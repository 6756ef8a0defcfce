"""Accounts: sign-up, sign-in with throttling, password changes, deleting an account.

The web pages and the JSON API both call these, so a password rule or a throttling limit is
decided in one place. Passwords are hashed with argon2id (pwdlib). Failed sign-ins are
counted in the database, not in the process, so several workers share one count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

from backcare.domain.records import User
from backcare.services.errors import BadInput, Conflict

if TYPE_CHECKING:
    from pwdlib import PasswordHash

MIN_PASSWORD_LENGTH = 10  # api.md: "422 for ... a password under 10 characters"
MAX_PASSWORD_LENGTH = 1024  # bounds the hashing work one request can ask for
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit
# Five wrong passwords for one account within fifteen minutes refuse further tries until the
# window has passed (OWASP's authentication cheat sheet: throttle per account, not per IP only).
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
WEB_SESSION_TTL_S = 14 * 24 * 3600
API_TOKEN_TTL_S = 30 * 24 * 3600

# A pragmatic check, not RFC 5322: one @, something before it, a dotted domain after it.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")

SessionKind = Literal["web", "api"]


class AuthStore(Protocol):
    """What accounts need from the store: users, auth sessions and failure counters."""

    def create_user(self, email: str, password_hash: str) -> User: ...
    def get_user(self, user_id: str) -> User | None: ...
    def get_user_by_email(self, email: str) -> User | None: ...
    def set_password_hash(self, user_id: str, password_hash: str) -> None: ...
    def delete_user(self, user_id: str) -> None: ...
    def create_auth_session(self, user_id: str, kind: SessionKind, ttl_s: int) -> str: ...
    def user_for_session(self, token: str, kind: SessionKind) -> User | None: ...
    def delete_auth_session(self, token: str) -> None: ...
    def delete_user_sessions(self, user_id: str) -> None: ...
    def record_login_failure(self, key: str, at: datetime) -> None: ...
    def count_login_failures(self, key: str, since: datetime) -> int: ...
    def clear_login_failures(self, key: str) -> None: ...


class AccountError(Exception):
    """Base of the sign-in errors (bad fields are `BadInput`, a taken email `Conflict`)."""


class WrongCredentials(AccountError):  # noqa: N818 (reads as what happened)
    def __str__(self) -> str:
        return "the email or password is not right"


@dataclass
class TooManyAttempts(AccountError):  # noqa: N818
    """Sign-in refused for a while after repeated failures."""

    retry_after_s: int

    def __str__(self) -> str:
        minutes = max(1, round(self.retry_after_s / 60))
        return f"too many failed sign-ins: try again in about {minutes} minute(s)"


@lru_cache(maxsize=1)
def _hasher() -> PasswordHash:
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    return PasswordHash((Argon2Hasher(),))  # argon2id with argon2-cffi's default cost


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    """A hash to verify against when the email is unknown, so timing reveals nothing."""
    return _hasher().hash("not a real password, only for timing")


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    if not password_hash:
        return False
    try:
        return _hasher().verify(password, password_hash)
    except Exception:  # a malformed stored hash never signs anyone in
        return False


def normalise_email(email: str) -> str:
    """Emails compare without case or surrounding space."""
    return email.strip().lower()


def check_email(email: str) -> str:
    """The normalised email, or BadInput naming `email`."""
    value = normalise_email(email)
    if not value or len(value) > MAX_EMAIL_LENGTH or not _EMAIL.match(value):
        raise BadInput("email", "enter an email address like name@example.org")
    return value


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(
            "password", f"use at least {MIN_PASSWORD_LENGTH} characters for your password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadInput("password", f"use at most {MAX_PASSWORD_LENGTH} characters")
    return password


def sign_up(store: AuthStore, email: str, password: str) -> User:
    """A new account; Conflict when the email already has one."""
    address = check_email(email)
    check_password(password)
    if store.get_user_by_email(address) is not None:
        raise Conflict("email", "an account with this email already exists")
    # Two sign-ups racing for one email: the store's unique index refuses the second with
    # Conflict too.
    return store.create_user(address, hash_password(password))


def _throttle_key(email: str) -> str:
    return f"login:{normalise_email(email)}"


def sign_in(store: AuthStore, email: str, password: str, now: datetime) -> User:
    """The user whose password this is; counts failures and refuses after too many."""
    key = _throttle_key(email)
    since = now - FAILURE_WINDOW
    if store.count_login_failures(key, since) >= MAX_FAILURES:
        raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds()))
    user = store.get_user_by_email(normalise_email(email))
    if user is None:
        verify_password(password, _dummy_hash())
        store.record_login_failure(key, now)
        raise WrongCredentials()
    if not verify_password(password, user.password_hash):
        store.record_login_failure(key, now)
        raise WrongCredentials()
    store.clear_login_failures(key)
    return user


def change_password(store: AuthStore, user: User, current: str, new: str) -> None:
    """Checks the current password, sets the new one and signs out every other session."""
    if not verify_password(current, user.password_hash):
        raise BadInput("current_password", "the current password is not right")
    check_password(new)
    store.set_password_hash(user.id, hash_password(new))
    store.delete_user_sessions(user.id)


def delete_account(store: AuthStore, user_id: str) -> None:
    """Removes the user, every record they own and every session."""
    store.delete_user_sessions(user_id)
    store.delete_user(user_id)


def start_session(store: AuthStore, user: User, kind: SessionKind) -> str:
    """A new random session token (a web cookie id or an API bearer token)."""
    ttl = WEB_SESSION_TTL_S if kind == "web" else API_TOKEN_TTL_S
    return store.create_auth_session(user.id, kind, ttl)

"""Accounts: sign-up, sign-in with throttling, password changes, deleting an account.

The web pages and the JSON API both call these, so a password rule or a throttling limit is
decided in one place. Passwords are hashed with argon2id (pwdlib). Failed sign-ins are
counted in the database, not in the process, so several workers share one count.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Literal, Protocol

from backcare.domain.records import User
from backcare.errors import BadInput, Conflict

if TYPE_CHECKING:
    from pwdlib import PasswordHash

MIN_PASSWORD_LENGTH = 10  # api.md: "422 for ... a password under 10 characters"
MAX_PASSWORD_LENGTH = 1024  # bounds the hashing work one request can ask for
MAX_EMAIL_LENGTH = 254  # RFC 5321 path limit
# Throttling (OWASP's authentication cheat sheet), two counts kept in the database:
# - five tries for one account from one client address within fifteen minutes; a stranger's
#   wrong guesses lock only their own (account, address) pair, so the owner signing in from
#   another address is never locked out by them;
# - thirty tries from one address, whatever the accounts, so one address cannot go through
#   a list of emails.
# Each try is counted atomically *before* the password is checked (the store reserves it in
# one transaction, serialised per key), so parallel requests never get more checks than the
# limit; a successful sign-in gives its reservation back and clears its pair's count. Rows
# older than the window are purged as new tries come in, so no email is kept for long.
MAX_FAILURES = 5
MAX_ADDRESS_FAILURES = 30
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
    def reserve_login_attempt(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> list[int] | None: ...
    def release_login_attempt(self, attempt_ids: Sequence[int], clear_key: str) -> None: ...


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
    from backcare.limits import has_control

    value = normalise_email(email)
    if (
        not value
        or len(value) > MAX_EMAIL_LENGTH
        or not _EMAIL.match(value)
        or has_control(value)  # NUL above all: PostgreSQL cannot store it
    ):
        raise BadInput("email", "enter an email address like name@example.org")
    return value


def check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(
            "password", f"use at least {MIN_PASSWORD_LENGTH} characters for your password"
        )
    if len(password) > MAX_PASSWORD_LENGTH:
        raise BadInput("password", f"use at most {MAX_PASSWORD_LENGTH} characters")
    problem = weakness(password)
    if problem is not None:
        raise BadInput("password", f"this password is too easy to guess: {problem}")
    return password


# zxcvbn's score: 3 is "safely unguessable" against an online attack and slows an offline one.
MIN_PASSWORD_SCORE = 3
_ZXCVBN_MAX = 72  # zxcvbn refuses longer input; the first 72 characters decide the score


def weakness(password: str) -> str | None:
    """Why a password is easy to guess (a common password, a repeat, a keyboard row, a
    date...), in plain words, or None. zxcvbn (Dropbox's estimator, with its lists of
    common passwords, names and words) decides; ten spaces or "password12" are refused."""
    from zxcvbn import zxcvbn

    if not password.strip():
        return "it is only spaces"
    result = zxcvbn(password[:_ZXCVBN_MAX])
    if int(result["score"]) >= MIN_PASSWORD_SCORE:
        return None
    feedback = result.get("feedback") or {}
    reason = str(feedback.get("warning") or "").strip().rstrip(".")
    hints = [str(s).strip().rstrip(".") for s in feedback.get("suggestions") or [] if s]
    words = reason or (hints[0] if hints else "")
    words = words[:1].lower() + words[1:] if words else "it is short or predictable"
    return f"{words}. Try a few unrelated words together"


def sign_up(store: AuthStore, email: str, password: str) -> User:
    """A new account; Conflict when the email already has one."""
    address = check_email(email)
    check_password(password)
    if store.get_user_by_email(address) is not None:
        raise Conflict("email", "an account with this email already exists")
    # Two sign-ups racing for one email: the store's unique index refuses the second with
    # Conflict too.
    return store.create_user(address, hash_password(password))


def _address_key(address: str) -> str:
    return f"addr:{address[:64]}"


def _pair_key(email: str, address: str) -> str:
    return f"login:{email}|{address[:64]}"


def sign_in(
    store: AuthStore, email: str, password: str, now: datetime, address: str = "local"
) -> User:
    """The user whose password this is, for a try from client `address`; refuses (429) once
    the (account, address) pair or the address has used its tries (see MAX_FAILURES)."""
    from backcare.limits import has_control

    address = "".join(ch for ch in address if ch.isprintable()) or "unknown"
    value = normalise_email(email)
    # An address no account can have (too long, control characters such as NUL, which
    # PostgreSQL cannot store) is only counted against the client address.
    known_shape = len(value) <= MAX_EMAIL_LENGTH and not has_control(value)
    limits: list[tuple[str, int]] = [(_address_key(address), MAX_ADDRESS_FAILURES)]
    pair = _pair_key(value if known_shape else "?", address)
    limits.append((pair, MAX_FAILURES))
    attempt = store.reserve_login_attempt(limits, now - FAILURE_WINDOW, now)
    if attempt is None:
        raise TooManyAttempts(int(FAILURE_WINDOW.total_seconds()))
    user = store.get_user_by_email(value) if known_shape else None
    if user is None:
        verify_password(password, _dummy_hash())
        raise WrongCredentials()
    if not verify_password(password, user.password_hash):
        raise WrongCredentials()
    store.release_login_attempt(attempt, pair)
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

"""People and their sign-in: accounts, the command line's local person, sign-in sessions
and the login throttle (the `AuthStore` port)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select, text
from sqlalchemy.exc import DataError, IntegrityError

from backcare.domain.records import User
from backcare.errors import BadInput, Conflict
from backcare.store.repos.base import (
    _OWNED_ROWS,
    _USER_BY_ID,
    _USER_FOR_SESSION,
    LOCAL_EMAIL,
    AuthKind,
    SqlBase,
    _token_hash,
    _user,
)
from backcare.store.tables import (
    AuthSessionRow,
    LoginFailureRow,
    UserRow,
)


class UsersRepository(SqlBase):
    """Accounts, sign-in sessions and login throttling."""

    # -- users ------------------------------------------------------------------------------

    def create_user(self, email: str, password_hash: str) -> User:
        """Raises `Conflict` when the email is already registered (any letter case)."""
        user = User(
            email=email.strip().lower(), password_hash=password_hash, created_at=self._clock()
        )
        try:
            with self._writing() as session:
                session.add(UserRow(**user.model_dump()))
                session.flush()
        except IntegrityError as exc:
            raise Conflict("email", "is already registered") from exc
        except DataError as exc:
            raise BadInput("email", "is too long") from exc
        return user

    def _forget_user(self, user_id: str) -> None:
        if self.session_cache is not None:
            self.session_cache.forget_user(user_id)

    def get_user(self, user_id: str) -> User | None:
        with self._reading_core() as connection:
            row = connection.execute(_USER_BY_ID, {"user_id": user_id}).first()
        return User.model_validate(row._asdict()) if row is not None else None

    def get_user_by_email(self, email: str) -> User | None:
        with self._reading() as session:
            row = session.scalar(select(UserRow).where(UserRow.email == email.strip().lower()))
            return _user(row) if row is not None else None

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        try:
            with self._writing() as session:
                row = session.get(UserRow, user_id)
                if row is not None:
                    row.password_hash = password_hash
        finally:
            self._forget_user(user_id)

    def delete_user(self, user_id: str) -> None:
        """Removes the user and every record they own, in one transaction."""
        try:
            with self._writing() as session:
                # Explicit deletes, not only ON DELETE CASCADE: the result must not depend
                # on a connection having remembered to switch SQLite's foreign keys on.
                for row_class in _OWNED_ROWS:
                    session.execute(delete(row_class).where(row_class.user_id == user_id))
                session.execute(delete(UserRow).where(UserRow.id == user_id))
        finally:
            self._forget_user(user_id)

    def local_user(self) -> User:
        """The single user of the command line, created on first use (once, even when two
        processes ask at the same moment)."""
        found = self.get_user_by_email(LOCAL_EMAIL)
        if found is not None:
            return found
        try:
            with self._writing() as session:
                row = session.scalar(select(UserRow).where(UserRow.email == LOCAL_EMAIL))
                if row is None:
                    user = User(email=LOCAL_EMAIL, created_at=self._clock())
                    session.add(UserRow(**user.model_dump()))
                    return user
                return _user(row)
        except IntegrityError:
            # PostgreSQL: another process inserted it between our read and our write.
            found = self.get_user_by_email(LOCAL_EMAIL)
            if found is None:
                raise
            return found

    # -- sign-in sessions and throttling (AuthStore) ----------------------------------------

    def create_auth_session(self, user_id: str, kind: AuthKind, ttl_s: int) -> str:
        """A new random token for `user_id`, valid `ttl_s` seconds. Only its SHA-256 is
        stored. Expired sessions of the same user are cleared on the way."""
        token = secrets.token_urlsafe(32)
        now = self._clock()
        with self._writing() as session:
            session.execute(
                delete(AuthSessionRow).where(
                    AuthSessionRow.user_id == user_id, AuthSessionRow.expires_at <= now
                )
            )
            session.add(
                AuthSessionRow(
                    token_hash=_token_hash(token),
                    user_id=user_id,
                    kind=kind,
                    created_at=now,
                    expires_at=now + timedelta(seconds=ttl_s),
                )
            )
        return token

    def user_for_session(self, token: str, kind: AuthKind) -> User | None:
        """The user a live token of this kind belongs to; None if unknown or expired.

        With a session cache (the web app), a token seen in the last few seconds is answered
        from memory: see `SessionCache` for what that may and may not miss."""
        token_hash = _token_hash(token)
        now = self._clock()
        cache = self.session_cache
        generation = 0
        if cache is not None:
            found = cache.get(token_hash, kind, now)
            if found is not None:
                return found
            generation = cache.generation
        params = {"token_hash": token_hash, "kind": kind, "now": now}
        with self._reading_core() as connection:
            row = connection.execute(_USER_FOR_SESSION, params).first()
        if row is None:
            return None
        values = row._asdict()
        expires_at = values.pop("session_expires_at")
        user = User.model_validate(values)
        if cache is not None:
            cache.put(token_hash, kind, user, expires_at, generation)
        return user

    def delete_auth_session(self, token: str) -> None:
        token_hash = _token_hash(token)
        try:
            with self._writing() as session:
                session.execute(
                    delete(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash)
                )
        finally:
            if self.session_cache is not None:
                self.session_cache.forget_token(token_hash)

    def delete_user_sessions(self, user_id: str) -> None:
        try:
            with self._writing() as session:
                session.execute(delete(AuthSessionRow).where(AuthSessionRow.user_id == user_id))
        finally:
            self._forget_user(user_id)

    def record_login_failure(self, key: str, at: datetime) -> None:
        with self._writing() as session:
            session.add(LoginFailureRow(key=key, at=at))

    def count_login_failures(self, key: str, since: datetime) -> int:
        with self._reading() as session:
            count = session.scalar(
                select(func.count())
                .select_from(LoginFailureRow)
                .where(LoginFailureRow.key == key, LoginFailureRow.at >= since)
            )
            return int(count or 0)

    def clear_login_failures(self, key: str) -> None:
        with self._writing() as session:
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.key == key))

    def reserve_login_attempt(
        self, limits: Sequence[tuple[str, int]], since: datetime, at: datetime
    ) -> list[int] | None:
        """One sign-in try, counted before its password is checked: when every key has fewer
        than its limit of tries since `since`, a row is added under each and their ids are
        returned; otherwise None and nothing is added.

        Atomic on both databases: SQLite's write transaction (BEGIN IMMEDIATE) runs one at a
        time, and on PostgreSQL a transaction-scoped advisory lock per key (taken in sorted
        order, so two tries never wait on each other in a circle) makes the count and the
        insert one step. Rows older than `since` are purged on the way: they count for
        nothing, and no email is kept longer than the window.
        """
        keys = sorted({key for key, _limit in limits})
        with self._writing() as session:
            if session.get_bind().dialect.name == "postgresql":
                for key in keys:
                    session.execute(
                        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 15))"),
                        {"key": key},
                    )
            session.execute(delete(LoginFailureRow).where(LoginFailureRow.at < since))
            for key, limit in limits:
                used = session.scalar(
                    select(func.count())
                    .select_from(LoginFailureRow)
                    .where(LoginFailureRow.key == key, LoginFailureRow.at >= since)
                )
                if int(used or 0) >= limit:
                    return None
            rows = [LoginFailureRow(key=key, at=at) for key in keys]
            session.add_all(rows)
            session.flush()
            return [row.id for row in rows]

    def release_login_attempt(self, attempt_ids: Sequence[int], clear_key: str) -> None:
        """A try that succeeded: its rows go, and so do the earlier tries of `clear_key`."""
        with self._writing() as session:
            session.execute(
                delete(LoginFailureRow).where(
                    (LoginFailureRow.id.in_(list(attempt_ids))) | (LoginFailureRow.key == clear_key)
                )
            )

"""Guided sessions: what was done, rated and felt."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from backcare.domain.records import SessionRecord
from backcare.store.repos.base import (
    SqlBase,
    _day_start,
    _from_row,
    _storable_id,
)
from backcare.store.tables import SessionRow


class SessionsRepository(SqlBase):
    """Guided sessions."""

    # -- guided sessions --------------------------------------------------------------------

    def add_session(self, record: SessionRecord) -> SessionRecord:
        return self._insert(record, "session")

    def get_session(self, user_id: str, session_id: str) -> SessionRecord | None:
        if not _storable_id(session_id):
            return None
        with self._reading() as session:
            row = session.get(SessionRow, (user_id, session_id))
            return _from_row(SessionRecord, row) if row is not None else None

    def list_sessions(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[SessionRecord]:
        """Sessions started between `start` and `end` (inclusive days, UTC)."""
        query = select(SessionRow).where(SessionRow.user_id == user_id)
        if start is not None:
            query = query.where(SessionRow.started_at >= _day_start(start))
        if end is not None and end < date.max:  # no day after 9999-12-31 to stop before
            query = query.where(SessionRow.started_at < _day_start(end + timedelta(days=1)))
        with self._reading() as session:
            rows = session.scalars(query.order_by(SessionRow.started_at, SessionRow.id))
            return [_from_row(SessionRecord, row) for row in rows]

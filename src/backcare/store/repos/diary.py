"""The pain diary (one entry a day, editable) and the break reminders' answers."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select

from backcare.domain.records import (
    DiaryEntry,
    ReminderEvent,
)
from backcare.store.repos.base import (
    SqlBase,
    _day_start,
    _from_row,
    _storable_id,
    _to_row,
)
from backcare.store.tables import (
    DiaryEntryRow,
    ReminderEventRow,
)


class DiaryRepository(SqlBase):
    """Diary entries and reminder events."""

    # -- pain diary -------------------------------------------------------------------------

    def add_diary(self, entry: DiaryEntry) -> DiaryEntry:
        return self._insert(entry, "diary entry")

    def get_diary(self, user_id: str, entry_id: str) -> DiaryEntry | None:
        if not _storable_id(entry_id):
            return None
        with self._reading() as session:
            row = session.get(DiaryEntryRow, (user_id, entry_id))
            return _from_row(DiaryEntry, row) if row is not None else None

    def update_diary(self, entry: DiaryEntry) -> DiaryEntry | None:
        """Saves new values for an existing entry of `entry.user_id`; None when there is no
        such entry. `created_at` stays as first saved."""
        if not _storable_id(entry.id):
            return None
        with self._writing() as session:
            row = session.get(DiaryEntryRow, (entry.user_id, entry.id))
            if row is None:
                return None
            fresh = _to_row(entry)
            for field in ("date", "pain", "regions", "note", "updated_at"):
                setattr(row, field, getattr(fresh, field))
            session.flush()
            return _from_row(DiaryEntry, row)

    def delete_diary(self, user_id: str, entry_id: str) -> bool:
        if not _storable_id(entry_id):
            return False
        with self._writing() as session:
            row = session.get(DiaryEntryRow, (user_id, entry_id))
            if row is None:
                return False
            session.delete(row)
            return True

    def list_diary(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[DiaryEntry]:
        """Entries dated from `start` to `end`, both included."""
        query = select(DiaryEntryRow).where(DiaryEntryRow.user_id == user_id)
        if start is not None:
            query = query.where(DiaryEntryRow.date >= start)
        if end is not None:
            query = query.where(DiaryEntryRow.date <= end)
        order = (DiaryEntryRow.date, DiaryEntryRow.created_at, DiaryEntryRow.id)
        with self._reading() as session:
            return [_from_row(DiaryEntry, row) for row in session.scalars(query.order_by(*order))]

    # -- break reminders --------------------------------------------------------------------

    def add_reminder_event(self, event: ReminderEvent) -> ReminderEvent:
        return self._insert(event, "reminder event")

    def list_reminder_events(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[ReminderEvent]:
        """Events from `start` to `end` (inclusive days, UTC)."""
        query = select(ReminderEventRow).where(ReminderEventRow.user_id == user_id)
        if start is not None:
            query = query.where(ReminderEventRow.at >= _day_start(start))
        if end is not None and end < date.max:  # no day after 9999-12-31 to stop before
            query = query.where(ReminderEventRow.at < _day_start(end + timedelta(days=1)))
        with self._reading() as session:
            rows = session.scalars(query.order_by(ReminderEventRow.at, ReminderEventRow.id))
            return [_from_row(ReminderEvent, row) for row in rows]

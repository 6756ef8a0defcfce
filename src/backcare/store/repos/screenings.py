"""Saved screenings and plans, each kept whole as the person's record."""

from __future__ import annotations

from sqlalchemy import select

from backcare.domain.records import (
    PlanRecord,
    ScreeningRecord,
)
from backcare.store.repos.base import (
    SqlBase,
    _from_row,
    _storable_id,
)
from backcare.store.tables import (
    PlanRow,
    ScreeningRow,
)


class ScreeningsPlansRepository(SqlBase):
    """Screenings and plans."""

    # -- screenings and plans ---------------------------------------------------------------

    def add_screening(self, record: ScreeningRecord) -> ScreeningRecord:
        return self._insert(record, "screening")

    def get_screening(self, user_id: str, screening_id: str) -> ScreeningRecord | None:
        if not _storable_id(screening_id):
            return None
        with self._reading() as session:
            row = session.get(ScreeningRow, (user_id, screening_id))
            return _from_row(ScreeningRecord, row) if row is not None else None

    def list_screenings(self, user_id: str) -> list[ScreeningRecord]:
        with self._reading() as session:
            rows = session.scalars(
                select(ScreeningRow)
                .where(ScreeningRow.user_id == user_id)
                .order_by(ScreeningRow.created_at, ScreeningRow.id)
            )
            return [_from_row(ScreeningRecord, row) for row in rows]

    def add_plan(self, record: PlanRecord) -> PlanRecord:
        return self._insert(record, "plan")

    def get_plan(self, user_id: str, plan_id: str) -> PlanRecord | None:
        if not _storable_id(plan_id):
            return None
        with self._reading() as session:
            row = session.get(PlanRow, (user_id, plan_id))
            return _from_row(PlanRecord, row) if row is not None else None

    def list_plans(self, user_id: str) -> list[PlanRecord]:
        with self._reading() as session:
            rows = session.scalars(
                select(PlanRow)
                .where(PlanRow.user_id == user_id)
                .order_by(PlanRow.created_at, PlanRow.id)
            )
            return [_from_row(PlanRecord, row) for row in rows]

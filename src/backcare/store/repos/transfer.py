"""Import of an export document: all records of a person in one transaction, or none."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from backcare.domain.records import Record
from backcare.errors import Conflict
from backcare.store.repos.base import (
    _ID_CHUNK,
    _IMPORT_ATTEMPTS,
    ROW_FOR,
    SqlBase,
    _id,
    _to_row,
)
from backcare.store.tables import UserRow


class ImportRepository(SqlBase):
    """Bringing records in from an export."""

    # -- import -----------------------------------------------------------------------------

    def import_records(self, user_id: str, records: Sequence[Record]) -> dict[str, int]:
        """Saves `records` for `user_id` in one transaction, skipping ids the user already
        has, so importing the same records twice adds nothing. Returns how many of each
        table were added."""
        for _attempt in range(_IMPORT_ATTEMPTS - 1):
            try:
                return self._import_once(user_id, records)
            except IntegrityError:
                # PostgreSQL: the same document, imported at the same moment by another
                # request, saved some ids first. Again, and those are skipped like any other.
                continue
        return self._import_once(user_id, records)

    def _import_once(self, user_id: str, records: Sequence[Record]) -> dict[str, int]:
        added: dict[str, int] = {}
        with self._writing() as session:
            if session.get(UserRow, user_id) is None:
                raise Conflict("user", f"no user {user_id}")
            for record_class, row_class in ROW_FOR.items():
                batch = {_id(r): r for r in records if type(r) is record_class}
                if not batch:
                    continue
                # One query per chunk of ids instead of one per record.
                wanted = list(batch)
                for start in range(0, len(wanted), _ID_CHUNK):
                    chunk = wanted[start : start + _ID_CHUNK]
                    for saved in session.scalars(
                        select(row_class.id).where(
                            row_class.user_id == user_id,
                            row_class.id.in_(chunk),
                        )
                    ):
                        batch.pop(saved, None)
                session.add_all(
                    _to_row(r.model_copy(update={"user_id": user_id})) for r in batch.values()
                )
                if batch:
                    added[row_class.__tablename__] = len(batch)
                # Flush table by table, so a failure names the table it happened in.
                session.flush()
        return added

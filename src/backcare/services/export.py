"""Export a person's records as one JSON document (or diary and sessions as CSV), and take
the JSON document back.

The JSON document carries `schema_version`; an import refuses a newer version and any
malformed document with one message naming the first problem, before anything is written.
Import is idempotent: a record whose id the person already has is skipped.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal, Protocol

from pydantic import ValidationError

from backcare import limits
from backcare.domain.ports import RecordImporter, Repository
from backcare.domain.records import (
    DiaryEntry,
    PlanRecord,
    Record,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
)
from backcare.errors import BadInput

SCHEMA_VERSION = 1
DOCUMENT_KIND = "backcare-export"

# Sections of the document, in the order an import writes them (plans before the sessions
# that follow them), with the record each holds and the table it lands in.
SECTIONS: dict[str, tuple[type[Record], str]] = {
    "screenings": (ScreeningRecord, "screenings"),
    "plans": (PlanRecord, "plans"),
    "sessions": (SessionRecord, "sessions"),
    "diary": (DiaryEntry, "diary_entries"),
    "reminder_events": (ReminderEvent, "reminder_events"),
}
_META_KEYS = frozenset({"schema_version", "kind", "exported_at", "user"})

CsvTable = Literal["diary", "sessions"]
CSV_TABLES: tuple[CsvTable, ...] = ("diary", "sessions")


class ImportRepository(Repository, RecordImporter, Protocol):
    """What an import needs: the records, and a way to save many in one transaction."""


@dataclass(frozen=True)
class ImportSummary:
    """How many records of each section were added, and how many were already there."""

    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)

    @property
    def total_added(self) -> int:
        return sum(self.added.values())

    @property
    def total_skipped(self) -> int:
        return sum(self.skipped.values())


def _utc_now() -> datetime:
    return datetime.now(UTC)


def export_json(
    repo: Repository, user_id: str, now: Callable[[], datetime] = _utc_now
) -> dict[str, Any]:
    """Every record of the user, as JSON-ready data. The password hash is never exported."""
    user = repo.get_user(user_id)
    records: dict[str, list[Record]] = {
        "screenings": list(repo.list_screenings(user_id)),
        "plans": list(repo.list_plans(user_id)),
        "sessions": list(repo.list_sessions(user_id)),
        "diary": list(repo.list_diary(user_id)),
        "reminder_events": list(repo.list_reminder_events(user_id)),
    }
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "kind": DOCUMENT_KIND,
        "exported_at": now().isoformat(),
        "user": {"id": user_id, "email": user.email if user is not None else None},
    }
    for section, items in records.items():
        document[section] = [item.model_dump(mode="json") for item in items]
    return document


def _location(section: str, index: int, error: Mapping[str, Any]) -> str:
    path = "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in error["loc"])
    return f"{section}[{index}]{path}"


def _has_nul(value: object) -> bool:
    """PostgreSQL text cannot hold NUL characters, so a document with one is refused up front
    rather than failing half-way on one database and not the other."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


# Text fields a table keeps in a column of fixed length (PostgreSQL refuses longer values).
_TEXT_LIMITS = {"exercise": 100}


def _check_record(record: Record, where: str, today: date) -> None:
    """What the database and later reports need of an imported record, checked before
    anything is written so SQLite and PostgreSQL refuse the same file: ids of at most 32
    letters, digits, `_` or `-`; dates from 1970 to tomorrow; texts that fit their column."""
    for name, value in record.model_dump(exclude={"user_id"}).items():
        key = f"{where}.{name}"
        if name in ("id", "plan_id") and value is not None:
            limits.check_id(str(value), key)
        elif isinstance(value, datetime):
            limits.check_moment(value, limits.day_start(today), key)
        elif isinstance(value, date):
            limits.check_day(value, today, key)
        elif name in _TEXT_LIMITS and isinstance(value, str):
            limits.check_text(value, key, _TEXT_LIMITS[name])


def parse_document(document: object, user_id: str, today: date | None = None) -> list[Record]:
    """The records of an export document, re-owned by `user_id`; BadInput on the first
    problem (so nothing is written when anything is wrong), including an id that appears
    twice in one section (two different records would otherwise be merged silently)."""
    today = today or limits.utc_today()
    if not isinstance(document, dict):
        raise BadInput("document", "is not a backcare export (expected a JSON object)")
    limits.check_json_depth(document, "document")
    if "schema_version" not in document:
        raise BadInput("schema_version", "is missing, so this is not a backcare export")
    version = document["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise BadInput("schema_version", f"must be a whole number from 1, not {version!r}")
    if version > SCHEMA_VERSION:
        raise BadInput(
            "schema_version",
            f"is {version}, but this backcare reads up to version {SCHEMA_VERSION}; "
            "update backcare to import this file",
        )
    for key in document:
        if key not in SECTIONS and key not in _META_KEYS:
            raise BadInput(str(key), "is not part of a backcare export")

    records: list[Record] = []
    for section, (record_class, _table) in SECTIONS.items():
        items = document.get(section, [])
        if not isinstance(items, list):
            raise BadInput(section, "must be a list")
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if not isinstance(item, dict):
                raise BadInput(f"{section}[{index}]", "must be an object")
            if _has_nul(item):
                raise BadInput(f"{section}[{index}]", "contains a NUL character")
            # The exporter's user id is replaced: records belong to whoever imports them.
            try:
                record = record_class.model_validate({**item, "user_id": user_id})
            except ValidationError as exc:
                first = exc.errors()[0]
                raise BadInput(_location(section, index, first), first["msg"]) from exc
            _check_record(record, f"{section}[{index}]", today)
            record_id = str(record.model_dump(include={"id"})["id"])
            if record_id in seen:
                raise BadInput(
                    f"{section}[{index}].id",
                    f"{record_id} is also the id of {section}[{seen[record_id]}]; "
                    "each record needs its own id",
                )
            seen[record_id] = index
            records.append(record)
    return records


def import_json(repo: ImportRepository, user_id: str, document: object) -> ImportSummary:
    """Adds the document's records to `user_id`, in one transaction; ids already saved for
    this user are skipped, so importing the same document twice adds nothing."""
    records = parse_document(document, user_id)
    added_by_table = repo.import_records(user_id, records)
    added: dict[str, int] = {}
    skipped: dict[str, int] = {}
    for section, (record_class, table) in SECTIONS.items():
        total = sum(1 for record in records if type(record) is record_class)
        added[section] = added_by_table.get(table, 0)
        skipped[section] = total - added[section]
    return ImportSummary(added=added, skipped=skipped)


# -- CSV ------------------------------------------------------------------------------------

DIARY_COLUMNS = ("id", "date", "pain", "regions", "note", "created_at", "updated_at")
SESSION_COLUMNS = (
    "id",
    "plan_id",
    "day",
    "started_at",
    "ended_at",
    "minutes",
    "completed",
    "completed_steps",
    "total_steps",
    "pain_before",
    "pain_after",
    "feedback",
)


def _cell_text(text: str) -> str:
    """Free text as a spreadsheet shows it, not as a formula: a leading = + - @ would make
    Excel or LibreOffice evaluate the note (the OWASP "CSV injection" advice)."""
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def diary_rows(entries: list[DiaryEntry]) -> list[dict[str, Any]]:
    return [
        {
            "id": entry.id,
            "date": entry.date.isoformat(),
            "pain": entry.pain,
            "regions": ";".join(entry.regions),
            "note": _cell_text(entry.note),
            "created_at": entry.created_at.isoformat(),
            "updated_at": entry.updated_at.isoformat(),
        }
        for entry in entries
    ]


def session_rows(sessions: list[SessionRecord]) -> list[dict[str, Any]]:
    rows = []
    for record in sessions:
        minutes = (
            round((record.ended_at - record.started_at).total_seconds() / 60, 1)
            if record.ended_at is not None
            else ""
        )
        feedback = "; ".join(
            f"{item.exercise}:{'' if item.pain is None else item.pain}:{item.effort or ''}"
            for item in record.feedback
        )
        rows.append(
            {
                "id": record.id,
                "plan_id": record.plan_id or "",
                "day": record.day,
                "started_at": record.started_at.isoformat(),
                "ended_at": record.ended_at.isoformat() if record.ended_at else "",
                "minutes": minutes,
                "completed": "yes" if record.completed else "no",
                "completed_steps": record.completed_steps,
                "total_steps": "" if record.total_steps is None else record.total_steps,
                "pain_before": "" if record.pain_before is None else record.pain_before,
                "pain_after": "" if record.pain_after is None else record.pain_after,
                "feedback": feedback,
            }
        )
    return rows


def to_csv(columns: tuple[str, ...], rows: list[dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def export_csv(
    repo: Repository,
    user_id: str,
    table: CsvTable,
    start: date | None = None,
    end: date | None = None,
) -> str:
    """The diary or the sessions as CSV with a header row (one table per file, so it opens
    directly in a spreadsheet). Regions are joined with `;`; session feedback is written as
    `exercise:pain:effort` items joined with `; `."""
    if table == "diary":
        return to_csv(DIARY_COLUMNS, diary_rows(repo.list_diary(user_id, start, end)))
    if table == "sessions":
        return to_csv(SESSION_COLUMNS, session_rows(repo.list_sessions(user_id, start, end)))
    raise BadInput("table", f"must be one of {', '.join(CSV_TABLES)}, not {table!r}")

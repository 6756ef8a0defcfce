"""The pain diary: add, edit, delete and list entries, with the checks every adapter shares.

Values arrive as text from the command line or a form; each parser names what is wrong in
plain words (`BadInput`), so the CLI and the web app refuse the same input the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from backcare import limits
from backcare.domain.ports import Repository
from backcare.domain.records import DiaryEntry
from backcare.domain.types import REGIONS, Region
from backcare.errors import BadInput

NOTE_MAX = 2000  # as DiaryEntry.note allows
# Shortest id prefix accepted for edit/delete: the list shows 8 characters.
MIN_ID_PREFIX = 4


def parse_pain(value: str | int, key: str = "pain") -> int:
    """A pain rating on the 0-10 numeric scale (0 no pain, 10 the worst imaginable)."""
    text = str(value).strip()
    try:
        pain = int(text)
    except ValueError:
        pain = -1
    if not 0 <= pain <= 10 or text.startswith("+"):
        raise BadInput(key, f"must be a whole number from 0 (no pain) to 10 (worst), not {text!r}")
    return pain


def parse_day(value: str, today: date, key: str = "date") -> date:
    """YYYY-MM-DD, or `today` / `yesterday` (not the other forms `date.fromisoformat`
    takes, such as 20261120 or 2026-W47-5, which the help does not offer)."""
    text = value.strip().lower()
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    day = limits.parse_query_day(text, key)
    if day is None:
        raise BadInput(key, "must be a date like 2026-11-20, not ''")
    return day


def parse_regions(values: Sequence[str], key: str = "region") -> tuple[Region, ...]:
    """Regions by name (`low-back` and `low_back` both work), each once, in the order given."""
    found: list[Region] = []
    for value in values:
        name = value.strip().lower().replace("-", "_").replace(" ", "_")
        region = next((r for r in REGIONS if r == name), None)
        if region is None:
            raise BadInput(key, f"{value!r} is not one of {', '.join(REGIONS)}")
        if region not in found:
            found.append(region)
    return tuple(found)


def check_note(note: str, key: str = "note") -> str:
    note = note.strip()
    if "\x00" in note:  # PostgreSQL cannot store it; nobody types it on purpose
        raise BadInput(key, "contains a NUL character")
    if limits.has_control(note):
        raise BadInput(key, "contains a control character")
    if len(note) > NOTE_MAX:
        raise BadInput(key, f"is {len(note)} characters long; keep it under {NOTE_MAX}")
    return note


def check_range(start: date | None, end: date | None) -> None:
    if start is not None and end is not None and start > end:
        raise BadInput("from", f"{start} comes after the end date {end}")


def _check_not_future(day: date, today: date) -> date:
    # A diary records how it was, not how it will be; a future date is almost always a typo.
    if day > today:
        raise BadInput("date", f"{day} is in the future (today is {today})")
    # Nor from before 1970: a year-1 entry would make every later report fail or crawl.
    return limits.check_day(day, today)


def add_entry(
    repo: Repository,
    user_id: str,
    *,
    pain: int,
    now: datetime,
    today: date,
    day: date | None = None,
    regions: Sequence[Region] = (),
    note: str = "",
) -> DiaryEntry:
    """Saves a new entry; `day` defaults to `today` (the person's local date)."""
    entry = DiaryEntry(
        user_id=user_id,
        date=_check_not_future(day or today, today),
        pain=parse_pain(pain),
        regions=tuple(regions),
        note=check_note(note),
        created_at=now,
        updated_at=now,
    )
    return repo.add_diary(entry)


def find_entry(repo: Repository, user_id: str, entry_id: str) -> DiaryEntry:
    """The user's entry with this id, or with an id starting with it (as the list shows)."""
    wanted = entry_id.strip().lower()
    exact = repo.get_diary(user_id, wanted) if wanted else None
    if exact is not None:
        return exact
    if len(wanted) >= MIN_ID_PREFIX:
        matches = [e for e in repo.list_diary(user_id) if e.id.startswith(wanted)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise BadInput("id", f"{entry_id!r} matches {len(matches)} entries; give more of it")
    raise BadInput("id", f"no diary entry {entry_id!r} (see `backcare diary list`)")


def edit_entry(
    repo: Repository,
    user_id: str,
    entry_id: str,
    *,
    now: datetime,
    today: date,
    pain: int | None = None,
    day: date | None = None,
    regions: Sequence[Region] | None = None,
    note: str | None = None,
) -> DiaryEntry:
    """Changes the given fields of an entry and keeps the rest."""
    if pain is None and day is None and regions is None and note is None:
        raise BadInput("edit", "nothing to change: give a new pain, date, region or note")
    entry = find_entry(repo, user_id, entry_id)
    changed = entry.model_copy(
        update={
            "pain": entry.pain if pain is None else parse_pain(pain),
            "date": entry.date if day is None else _check_not_future(day, today),
            "regions": entry.regions if regions is None else tuple(regions),
            "note": entry.note if note is None else check_note(note),
            "updated_at": now,
        }
    )
    # Re-validate: model_copy does not, and the record must stay valid on disk.
    saved = repo.update_diary(DiaryEntry.model_validate(changed.model_dump()))
    if saved is None:  # deleted by another process in the meantime
        raise BadInput("id", f"no diary entry {entry_id!r} (see `backcare diary list`)")
    return saved


def delete_entry(repo: Repository, user_id: str, entry_id: str) -> DiaryEntry:
    entry = find_entry(repo, user_id, entry_id)
    if not repo.delete_diary(user_id, entry.id):
        raise BadInput("id", f"no diary entry {entry_id!r} (see `backcare diary list`)")
    return entry


def list_entries(
    repo: Repository, user_id: str, start: date | None = None, end: date | None = None
) -> list[DiaryEntry]:
    """Entries from `start` to `end`, the range cut to the days an entry can have (so a far
    end such as 9999-12-31 reads as "up to tomorrow" rather than overflowing)."""
    start, end = limits.clamp_range(start, end, limits.utc_today())
    return repo.list_diary(user_id, start, end)

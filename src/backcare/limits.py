"""Bounds that every adapter applies before the database sees a value: dates, ids and text.

SQLite stores almost anything, PostgreSQL refuses NUL characters and over-long ids, and
Python's dates overflow at year 9999. Checking here, once, means both databases refuse the
same input with the same plain words (the CLI as one line and exit 2, the API as 422), and
no stored value can make later work (a report, a chart) fail or run for minutes.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from backcare.errors import BadInput

# Nobody keeps a pain diary from before 1970, and the Unix epoch is where every clock and
# database agrees; a day ahead of today allows for time zones east of the server's.
EARLIEST_DAY = date(1970, 1, 1)
FUTURE_SLACK = timedelta(days=1)
# A report or chart covers at most about five years: its work grows with the days drawn.
MAX_PERIOD_DAYS = 5 * 366
# Record ids are UUIDv7 hex (32 characters; uuid4 hex before); an import may carry any id of the
# same shape.
ID_MAX = 32
ID_PATTERN = r"^[A-Za-z0-9_-]{1,32}$"
_ID = re.compile(ID_PATTERN)
# ISO dates only, as a query string or a form gives them ("0" is not a date).
DAY_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
_DAY = re.compile(DAY_PATTERN)
# C0 controls other than tab and newlines, and NUL above all (PostgreSQL cannot store it).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def utc_today() -> date:
    return datetime.now(UTC).date()


def latest_day(today: date) -> date:
    return today + FUTURE_SLACK


def check_day(day: date, today: date, key: str = "date") -> date:
    """`day` when it lies from 1970-01-01 to tomorrow, else BadInput naming the range."""
    latest = latest_day(today)
    if not EARLIEST_DAY <= day <= latest:
        raise BadInput(key, f"{day.isoformat()} must be from {EARLIEST_DAY} to {latest}")
    return day


def check_moment(moment: datetime, now: datetime, key: str) -> datetime:
    """A timestamp within the same bounds as `check_day` (its UTC date)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    check_day(aware.astimezone(UTC).date(), now.astimezone(UTC).date(), key)
    return moment


def parse_query_day(value: str | None, key: str) -> date | None:
    """A YYYY-MM-DD query value (None when absent); BadInput for anything else."""
    if value is None or value == "":
        return None
    text = value.strip()
    try:
        if not _DAY.match(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise BadInput(key, f"must be a date like 2026-11-20, not {value[:40]!r}") from None


def clamp_range(
    start: date | None, end: date | None, today: date, start_key: str = "from"
) -> tuple[date | None, date | None]:
    """A query range cut to the days anything can be recorded on (so `to=9999-12-31` reads
    as "up to tomorrow"); BadInput when `start` comes after `end`."""
    if start is not None and end is not None and start > end:
        raise BadInput(start_key, f"{start} comes after the end date {end}")
    latest = latest_day(today)
    if start is not None:
        start = min(max(start, EARLIEST_DAY), latest)
    if end is not None:
        end = max(min(end, latest), EARLIEST_DAY)
    return start, end


def day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def check_id(value: str, key: str = "id") -> str:
    """A record id: 1-32 letters, digits, `_` or `-` (what every database can hold)."""
    if not _ID.match(value):
        raise BadInput(key, f"must be 1 to {ID_MAX} letters, digits, '_' or '-'")
    return value


def is_valid_id(value: str) -> bool:
    return bool(_ID.match(value))


def check_text(value: str, key: str, max_length: int) -> str:
    """Free text without control characters (NUL above all), at most `max_length` long."""
    if _CONTROL.search(value):
        raise BadInput(key, "contains a control character")
    if len(value) > max_length:
        raise BadInput(key, f"is {len(value)} characters long; keep it to {max_length}")
    return value


def has_control(value: str) -> bool:
    return bool(_CONTROL.search(value))


# -- files and JSON ---------------------------------------------------------------------------

# An export of years of daily records is a few MB; reading stops past this (`/dev/zero`).
MAX_FILE_BYTES = 50_000_000
# Exports and answers nest a few levels; Python's parser gives up near 1000, deep enough to
# make every walk over the data slow and recursive code fail.
MAX_JSON_DEPTH = 64
MAX_ANSWERS_BYTES = 1_000_000  # screening answers are a few kB


def read_text_file(path: Path, key: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    """A UTF-8 text file, read at most `max_bytes` (so an endless device never hangs);
    BadInput naming `key` for a missing, unreadable, binary or too large file."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise BadInput(key, f"cannot read {path}: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        raise BadInput(key, f"{path} is larger than {max_bytes // 1_000_000} MB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise BadInput(key, f"{path} is not UTF-8 text") from None


def _reject_constant(name: str) -> float:
    """JSON has no NaN or Infinity; Python's decoder would accept them silently."""
    raise ValueError(f"{name} is not a JSON number")


def json_depth(value: object) -> int:
    """How deeply lists and objects nest in decoded JSON (walked without recursion)."""
    deepest = 0
    stack: list[tuple[object, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, dict):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            deepest = max(deepest, depth)
            stack.extend((v, depth + 1) for v in item)
    return deepest


def check_json_depth(value: object, key: str) -> object:
    if json_depth(value) > MAX_JSON_DEPTH:
        raise BadInput(key, f"nests lists or objects more than {MAX_JSON_DEPTH} levels deep")
    return value


def parse_json(text: str, key: str, where: str) -> object:
    """Decoded JSON, or BadInput naming `key`: malformed, NaN, or nested too deeply (no
    RecursionError ever reaches the person)."""
    import json

    try:
        data = json.loads(text, parse_constant=_reject_constant)
    except RecursionError:
        raise BadInput(
            key, f"{where} nests lists or objects more than {MAX_JSON_DEPTH} levels deep"
        ) from None
    except json.JSONDecodeError as exc:
        raise BadInput(
            key, f"{where} is not valid JSON (line {exc.lineno}, column {exc.colno})"
        ) from None
    except ValueError as exc:
        raise BadInput(key, f"{where} is not valid JSON: {exc}") from None
    if json_depth(data) > MAX_JSON_DEPTH:
        raise BadInput(
            key, f"{where} nests lists or objects more than {MAX_JSON_DEPTH} levels deep"
        )
    return data

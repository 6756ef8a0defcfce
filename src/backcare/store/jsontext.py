"""The text a JSON column holds, written the same way by every path that saves a record (the
ORM, the repository's quick insert and the command line's sqlite3 save: their rows are
compared in tests/store/test_quick_insert.py and test_lite.py).

pydantic-core's encoder, not the json module's: a saved screening is ~5 kB of JSON, and
`json.dumps` took a quarter as long as the screening itself (bench/bench_web.py --floor).
Compact and UTF-8 (Chinese text is stored as itself); NaN and infinities are written as the
json module writes them, so the checks that refuse them (repos.base) still see them.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json


def json_text(value: Any) -> str:
    """`value` as JSON text."""
    return to_json(value, inf_nan_mode="constants").decode()


# The words json_text writes for numbers JSON has none for (the json module's words).
NOT_JSON = ("NaN", "Infinity")


def record_json(value: Any) -> bytes:
    """A record field's value as its JSON column holds it (UTF-8): `json_text` of the
    model's JSON form, NaN and infinities as null (repos.base writes a record so). For a
    caller that sends the same JSON elsewhere too, so it is written once (`add_each`).

    orjson writes the JSON types byte for byte as pydantic-core does, in a fifth of the time
    (a saved screening: 7.8 -> 1.5 us; tests/store/test_jsontext.py compares them); what it
    would write its own way (dates, subclasses, dataclasses) or refuses (integers beyond 64
    bits, keys that are not text, lone surrogates) goes to pydantic-core. Imported here, not
    at the top: the command line never calls this, and orjson loads uuid, dataclasses and
    inspect (~20 ms).
    """
    import orjson

    try:
        # Refused, not written orjson's way: dates, dataclasses, subclasses of str, int, ...
        own_way = (
            orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_PASSTHROUGH_SUBCLASS
        )
        return orjson.dumps(value, option=own_way)
    except TypeError:  # orjson.JSONEncodeError: pydantic-core writes it, or says why not
        return to_json(value, inf_nan_mode="null")

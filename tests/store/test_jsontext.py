"""`record_json` writes a record's JSON with orjson where it can (4-5x faster for a saved
screening's ~5 kB) and must give exactly the bytes pydantic-core gives, which it falls back
to for anything orjson writes otherwise or not at all: a saved row, the web app's 201 and
an export read the same text whichever encoder wrote it."""

from __future__ import annotations

import enum
import math
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic_core import PydanticSerializationError, to_json

from backcare.store.jsontext import record_json


def pydantic_core_json(value: Any) -> bytes:
    return to_json(value, inf_nan_mode="null")


class Colour(enum.Enum):
    RED = "red"


class Kind(enum.StrEnum):
    SIT = "sit"


@dataclass
class Point:
    x: int


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()  # beyond 64 bits too: orjson refuses them, pydantic-core writes them
    | st.floats()  # NaN and the infinities: null, as the web app's answer needs
    | st.text(),  # lone surrogates and control characters included
    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner),
    max_leaves=40,
)


@settings(max_examples=300, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_is_written_as_pydantic_core_writes_it(value: Any) -> None:
    assert record_json(value) == pydantic_core_json(value)


def test_a_saved_screening_is_written_as_pydantic_core_writes_it() -> None:
    from backcare.content.loader import load_library
    from backcare.services.screening import parse_answers, run_screening

    library = load_library()
    for lang in ("en", "zh"):
        answers = parse_answers(
            {"age": 46, "regions": ["low_back"], "pain_now": 5, "fever": "not_sure"}
        )
        result = run_screening(answers, library, lang=lang).model_dump(mode="json")
        assert record_json(result) == pydantic_core_json(result)


def test_values_orjson_writes_its_own_way_fall_back_to_pydantic_core() -> None:
    when = datetime(2026, 12, 6, 21, 0, tzinfo=UTC)
    for value in (
        {"at": when},  # orjson: +00:00, pydantic-core: Z
        {"on": date(2026, 12, 6)},
        {"kind": Kind.SIT},
        {"colour": Colour.RED},
        {"id": uuid.UUID(int=7)},
        {"point": Point(1)},
        {1: "a key that is not text"},
        (1, "a tuple"),
        {"big": 2**70, "nan": math.nan, "inf": -math.inf},
    ):
        assert record_json(value) == pydantic_core_json(value), value


def test_what_neither_can_write_is_refused_as_pydantic_core_refuses_it() -> None:
    with pytest.raises(PydanticSerializationError, match="surrogates not allowed"):
        record_json({"surrogate": "\ud800"})

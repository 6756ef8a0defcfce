"""Record ids (domain/records.py `new_id`): 32 hex characters, as before, so exported
records still import; time-ordered (RFC 9562 UUIDv7), so a table's primary-key index grows
at its end instead of taking each new row at a random page (bench/bench_insert_growth.py
measures the difference); never repeated."""

from __future__ import annotations

import re
import uuid

from backcare.domain.records import ScreeningRecord, new_id
from backcare.limits import is_valid_id


def test_ids_keep_their_shape() -> None:
    for _ in range(100):
        made = new_id()
        assert re.fullmatch(r"[0-9a-f]{32}", made), made
        assert is_valid_id(made)


def test_ids_are_uuid7_and_sort_in_the_order_they_were_made() -> None:
    made = [new_id() for _ in range(5_000)]
    assert all(uuid.UUID(hex=value).version == 7 for value in made)
    assert made == sorted(made)
    assert len(set(made)) == len(made)


def test_records_get_a_new_time_ordered_id_each() -> None:
    from datetime import UTC, datetime

    now = datetime.now(UTC)
    ids = [
        ScreeningRecord(user_id="u", created_at=now, answers={}, result={}).id for _ in range(50)
    ]
    assert ids == sorted(ids)
    assert len(set(ids)) == 50

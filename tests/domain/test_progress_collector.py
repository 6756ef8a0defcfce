"""A summary of a long history runs without the cyclic garbage collector
(domain/progress.py `summarise`): each collection walked every object the summary had made so
far, so the time per diary entry grew with the diary (make bench's growth row: 9 us an entry
at 1,000 entries, 15-18 us at 100,000; 9.3 us with the collector paused). Nearly everything
a summary makes is freed by reference counting; the collector runs again afterwards."""

from __future__ import annotations

import gc
from datetime import date, timedelta

from backcare.content import load_library
from backcare.domain.progress import summarise
from tests.reports.fakes import USER_ID, FakeRepository, fill_history


def test_a_long_history_is_summarised_without_garbage_collections() -> None:
    repo = FakeRepository()
    end = date(2026, 12, 6)
    start = end - timedelta(days=12_000)
    fill_history(repo, start, 12_001)
    records = (
        repo.list_diary(USER_ID),
        repo.list_sessions(USER_ID),
        repo.list_screenings(USER_ID),
        repo.list_plans(USER_ID),
    )
    assert len(records[0]) > 8_000
    library = load_library()
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.callbacks.append(seen)
    try:
        summary = summarise(*records, start=start, end=end, library=library)
    finally:
        gc.callbacks.remove(seen)
    # None while it worked (173 young ones before); at most the one that falls due the
    # moment the collector is back on.
    assert len(collections) <= 1, collections
    assert gc.isenabled()  # on again afterwards
    assert len(summary.pain.points) > 8_000  # the history was all read


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    repo = FakeRepository()
    end = date(2026, 12, 6)
    fill_history(repo, end - timedelta(days=30), 31)
    gc.disable()
    try:
        summarise(repo.list_diary(USER_ID), [], [], [], start=end - timedelta(days=30), end=end)
        assert not gc.isenabled()
    finally:
        gc.enable()

"""Issue 14, as a property: whatever a store holds (plans, sessions, pain ratings and scored
screenings at random days, with gaps, some outside the period), the PDF report's page and
`backcare progress` never claim a session count, a plan or a change the store does not hold.
The store's facts are counted in tests/reports/store_cases.py, without the progress model."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings

from backcare.content import load_library
from backcare.reports.progress_text import progress_lines
from backcare.reports.report import render_report_html
from backcare.services.progress import progress_summary
from tests.reports.fakes import USER_ID, FakeRepository
from tests.reports.store_cases import Store, check_claims, stores, visible_text

LIBRARY = load_library()
MADE = datetime(2026, 4, 1, 9, tzinfo=UTC)


def summary_of(store: Store):  # type: ignore[no-untyped-def]
    repo = FakeRepository()
    store.fill(repo)
    return progress_summary(repo, USER_ID, LIBRARY, store.first, store.end, today=store.end)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stores())
def test_the_report_claims_only_what_the_store_holds(store: Store) -> None:
    summary = summary_of(store)
    text = visible_text(render_report_html(summary, LIBRARY, "en", MADE))
    check_claims(text, store)
    # The model's own totals agree with the store too.
    assert summary.adherence.done == store.done
    # A plan in force may ask for no session in a short period (one day a week, a one-day
    # report); days under a plan are what its being in force means.
    assert (summary.adherence.plan_days > 0) == store.plan_in_force
    assert store.plan_in_force or summary.adherence.planned == 0
    assert sum(bar.done for bar in summary.sessions_chart.bars) == store.done
    assert sum(mark.days_rated for mark in summary.pain_chart.marks) == len(store.rated)


@settings(max_examples=60, deadline=None)
@given(stores())
def test_backcare_progress_claims_only_what_the_store_holds(store: Store) -> None:
    lines = progress_lines(summary_of(store))
    check_claims(" ".join(lines), store)
    table = [line.split() for line in lines if line.startswith("  ") and line.split()[-1].isdigit()]
    assert sum(int(row[-1]) for row in table) == store.done

"""How long a year's progress report takes: a year of diary entries, sessions, screenings and
plans in a SQLite store, then the summary, the charts, the PDF and the FHIR bundle.

Run: .venv/bin/python bench/bench_report.py [--days 365] [--repeat 3]
"""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, timedelta

from measure import filled_store, timed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from backcare.content import load_library
    from backcare.domain.progress import summarise
    from backcare.interop.fhir import build_bundle
    from backcare.reports.charts import CHART_KINDS, chart
    from backcare.reports.report import render_report_pdf
    from backcare.services.progress import progress_report_pdf

    library = load_library()
    start = date(2025, 1, 6)
    end = start + timedelta(days=args.days - 1)
    with filled_store(start, args.days) as (repo, user):
        diary = repo.list_diary(user.id)
        sessions = repo.list_sessions(user.id)
        screenings, plans = repo.list_screenings(user.id), repo.list_plans(user.id)
        print(
            f"history: {args.days} days, {len(diary)} diary entries, {len(sessions)} sessions, "
            f"{len(screenings)} screenings, {len(plans)} plans"
        )
        records = timed(
            "read records (SQLite)",
            args.repeat,
            lambda: (
                repo.list_diary(user.id, start, end),
                repo.list_sessions(user.id, start, end),
                repo.list_screenings(user.id),
                repo.list_plans(user.id),
            ),
        )
        summary = timed(
            "summarise (pure domain)",
            args.repeat,
            lambda: summarise(*records, start=start, end=end, library=library),
        )
        for kind in CHART_KINDS:
            timed(f"chart {kind} (SVG)", args.repeat, lambda k=kind: chart(k, summary, "svg"))
        pdf = timed(
            "render PDF (charts + WeasyPrint)",
            args.repeat,
            lambda: render_report_pdf(summary, library, generated_at=datetime.now(UTC)),
        )
        timed(
            "whole report: store -> PDF bytes",
            args.repeat,
            lambda: progress_report_pdf(repo, user.id, library, start, end),
        )
        bundle = timed(
            "FHIR bundle (validated)", args.repeat, lambda: build_bundle(repo, user.id, library)
        )
    import io

    from pypdf import PdfReader

    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    print(f"PDF: {len(pdf) / 1024:.0f} KiB, {pages} pages; FHIR: {len(bundle['entry'])} entries")


if __name__ == "__main__":
    main()

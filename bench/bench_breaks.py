"""What a year of break-reminder events costs the progress report: saving them in SQLite,
reading them back, counting them per week, drawing the breaks chart and the sessions chart with
its breaks panel, and the whole PDF report with and without them.

Run: .venv/bin/python bench/bench_breaks.py [--days 365] [--per-day 12] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from functools import partial

import measure
from measure import filled_store

timed = partial(measure.timed, width=44)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--per-day", type=int, default=12, help="reminders shown a day")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from backcare.domain.progress_breaks import break_weeks
    from backcare.domain.records import ReminderEvent
    from backcare.reports.charts import chart
    from backcare.services.progress import period, progress_report_pdf, progress_summary

    rng = random.Random(11)
    start = date(2025, 1, 6)
    end = start + timedelta(days=args.days - 1)
    with filled_store(start, args.days) as (repo, user):
        plain = timed(
            "progress_summary, no break events (service)",
            args.repeat,
            lambda: progress_summary(repo, user.id, None, start, end),
        )
        timed(
            "report PDF, no break events (service)",
            args.repeat,
            lambda: progress_report_pdf(repo, user.id, None, start, end),
        )
        events: list[ReminderEvent] = []
        for n in range(args.days):
            day = start + timedelta(days=n)
            for k in range(args.per_day):
                at = datetime.combine(day, clock(9), tzinfo=UTC) + timedelta(minutes=40 * k)
                answer = rng.choice(("done", "done", "done", "snoozed", "skipped"))
                events.append(ReminderEvent(user_id=user.id, at=at, kind="micro", action="shown"))
                events.append(
                    ReminderEvent(
                        user_id=user.id,
                        at=at + timedelta(minutes=1),
                        kind="micro",
                        action=answer,  # type: ignore[arg-type]
                        exercise=rng.choice(("chin_tuck", None)),
                    )
                )
        started = time.perf_counter()
        for event in events:
            repo.add_reminder_event(event)
        saved = time.perf_counter() - started
        print(
            f"{args.days} days, {len(events)} break events: saved one by one in "
            f"{saved:.1f} s ({saved / len(events) * 1000:.2f} ms each)"
        )
        stored = timed(
            "list_reminder_events (SQLite)",
            args.repeat,
            lambda: repo.list_reminder_events(user.id, start, end),
        )
        breaks = timed(
            "break_weeks (pure domain)", args.repeat, lambda: break_weeks(stored, start, end)
        )
        print(f"  weeks {len(breaks.weeks)}, taken {breaks.done}, total {breaks.total}")
        summary = timed(
            "progress_summary with breaks (service)",
            args.repeat,
            lambda: progress_summary(repo, user.id, None, start, end),
        )
        timed(
            "period() from the first record (service)",
            args.repeat,
            lambda: period(repo, user.id, None, end),
        )
        timed("chart breaks (SVG)", args.repeat, lambda: chart("breaks", summary, "svg"))
        timed(
            "chart adherence + breaks panel (SVG)",
            args.repeat,
            lambda: chart("adherence", summary, "svg"),
        )
        timed("chart adherence alone (SVG)", args.repeat, lambda: chart("adherence", plain, "svg"))
        timed(
            "report PDF with breaks (service)",
            args.repeat,
            lambda: progress_report_pdf(repo, user.id, None, start, end),
        )


if __name__ == "__main__":
    main()

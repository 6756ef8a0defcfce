"""Progress use-cases: a person's summary, charts and PDF report over a period.

The CLI (`backcare chart`, `backcare report`) and the web app (`GET /api/v1/reports/...`)
call these, so both read the same records the same way and agree on every number.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING

from backcare import limits
from backcare.domain.progress import ProgressSummary, summarise
from backcare.errors import BadInput
from backcare.reports.charts import BREAK_CHARTS, CHART_KINDS, IMAGE_FORMATS
from backcare.reports.report import content_lang

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.ports import Repository

# With nothing recorded yet, a report covers the last four weeks (an empty one, kindly said).
EMPTY_PERIOD_DAYS = 28


def _today() -> date:
    return datetime.now(UTC).date()


def period(
    repo: Repository,
    user_id: str,
    start: date | None,
    end: date | None,
    today: date | None = None,
) -> tuple[date, date]:
    """The days a report covers: as asked, else from the first record to today.

    The period is cut to the days a record can have (1970 to tomorrow), and to at most
    `limits.MAX_PERIOD_DAYS` ending on `end`: the work of a report grows with its days, so an
    old date (asked for, or a stray old record) never makes one run for minutes.
    """
    today = today or _today()
    start, end = limits.clamp_range(start, end, today, start_key="--from")
    end = end or today
    if start is None:
        firsts = [
            *(e.date for e in repo.list_diary(user_id, None, end)[:1]),
            *(s.started_at.date() for s in repo.list_sessions(user_id, None, end)[:1]),
            *(s.created_at.date() for s in repo.list_screenings(user_id)),
            *(p.created_at.date() for p in repo.list_plans(user_id)),
        ]
        # A record dated before 1970 (saved before dates were bounded) counts as 1970.
        earlier = [max(day, limits.EARLIEST_DAY) for day in firsts if day <= end]
        # Break events are many (a dozen or more a working day), so only those before every
        # other record are read: usually none.
        before = min(earlier) - timedelta(days=1) if earlier else end
        earlier += [e.at.date() for e in repo.list_reminder_events(user_id, None, before)[:1]]
        start = min(earlier) if earlier else end - timedelta(days=EMPTY_PERIOD_DAYS - 1)
    if start > end:
        raise BadInput("--from", f"{start} is after the end of the period, {end}")
    return max(start, end - timedelta(days=limits.MAX_PERIOD_DAYS - 1)), end


def progress_summary(
    repo: Repository,
    user_id: str,
    library: Library | None,
    start: date | None = None,
    end: date | None = None,
    lang: str = "en",
    today: date | None = None,
    breaks: bool = True,
) -> ProgressSummary:
    """Everything the report shows, read through the Repository port. Without `breaks` the
    break reminder's events (the most numerous records) are not read: the pain and scores
    charts do not draw them."""
    start, end = period(repo, user_id, start, end, today)
    lang = content_lang(lang)
    return summarise(
        diary=repo.list_diary(user_id, start, end),
        sessions=repo.list_sessions(user_id, start, end),
        # Screenings and plans made before the period still describe it (the one in force).
        screenings=repo.list_screenings(user_id),
        plans=repo.list_plans(user_id),
        start=start,
        end=end,
        library=library,
        lang=lang,
        reminder_events=repo.list_reminder_events(user_id, start, end) if breaks else (),
    )


def progress_report_pdf(
    repo: Repository,
    user_id: str,
    library: Library | None,
    start: date | None = None,
    end: date | None = None,
    lang: str = "en",
    generated_at: datetime | None = None,
) -> bytes:
    """The printable progress report for [start, end], as PDF bytes."""
    from backcare.reports.report import render_report_pdf

    today = generated_at.date() if generated_at else None
    summary = progress_summary(repo, user_id, library, start, end, lang, today)
    return render_report_pdf(summary, library, lang, generated_at)


def chart_image(
    repo: Repository,
    user_id: str,
    kind: str,
    fmt: str,
    start: date | None = None,
    end: date | None = None,
    library: Library | None = None,
    lang: str = "en",
    narrow: bool = False,
) -> bytes:
    """One chart as SVG or PNG bytes (`narrow`: drawn for a phone's width); an unknown kind
    or format is the caller's BadInput."""
    from backcare.reports.charts import NARROW, WIDE, chart

    chosen = next((k for k in CHART_KINDS if k == kind), None)
    if chosen is None:
        raise BadInput("kind", f"{kind!r} is not one of {', '.join(CHART_KINDS)}")
    image = next((f for f in IMAGE_FORMATS if f == fmt), None)
    if image is None:
        raise BadInput("format", f"{fmt!r} is not one of {', '.join(IMAGE_FORMATS)}")
    with_breaks = chosen in BREAK_CHARTS
    summary = progress_summary(repo, user_id, library, start, end, lang, breaks=with_breaks)
    return chart(chosen, summary, image, content_lang(lang), NARROW if narrow else WIDE)


def chart_svg(
    repo: Repository,
    user_id: str,
    kind: str,
    start: date | None = None,
    end: date | None = None,
    library: Library | None = None,
    lang: str = "en",
    narrow: bool = False,
) -> str:
    """One chart as SVG text, for the web page (`narrow` for a phone)."""
    image = chart_image(repo, user_id, kind, "svg", start, end, library, lang, narrow)
    return image.decode("utf-8")

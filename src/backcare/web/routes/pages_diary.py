"""Pages: the pain diary (a rating in two taps, list, edit, delete, chart) and progress
(charts, the PDF report, exports)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backcare.domain.types import REGIONS
from backcare.errors import BadInput
from backcare.reports.charts import CHART_KINDS
from backcare.services import diary
from backcare.web import usecases
from backcare.web.deps import CheckedPage, Page, PageDep
from backcare.web.pages import LABELS, render_error

router = APIRouter()
# CHART_KINDS: the kinds `services.progress.chart_svg` draws (it checks them against that
# same tuple), so a kind added there is served here without a second list to keep.

FormText = Annotated[str, Form(max_length=4096)]


def _now() -> datetime:
    return datetime.now(UTC)


def _render_diary(
    pg: Page, errors: dict[str, str] | None = None, status_code: int = 200, added: str = ""
) -> Response:
    user = pg.require_user()
    entries = list(reversed(pg.rt.repo.list_diary(user.id)))
    return pg.render(
        "diary.html",
        status_code=status_code,
        block="diary_body",
        entries=entries,
        regions=REGIONS,
        today=usecases.today().isoformat(),
        errors=errors or {},
        added=added,
        chart_version=len(entries) and entries[0].updated_at.timestamp(),
        # The last four weeks, so a first rating sits on a readable axis of days.
        chart_from=(usecases.today() - timedelta(days=27)).isoformat(),
        labels=LABELS,
    )


@router.get("/diary")
def diary_page(pg: PageDep, added: str = "") -> Response:
    return _render_diary(pg, added=added)


def _regions(values: list[str]) -> list[str]:
    return list(diary.parse_regions(values))


@router.post("/diary")
async def diary_add(request: Request, pg: CheckedPage) -> Response:
    user = pg.require_user()
    form = await request.form()
    try:
        day = diary.parse_day(str(form.get("date", "") or "today"), usecases.today())
        entry = diary.add_entry(
            pg.rt.repo,
            user.id,
            pain=diary.parse_pain(str(form.get("pain", ""))),
            now=_now(),
            today=usecases.today(),
            day=day,
            regions=diary.parse_regions([str(v) for v in form.getlist("regions")]),
            note=str(form.get("note", "")),
        )
    except BadInput as exc:
        return _render_diary(pg, errors={exc.key: exc.message}, status_code=422)
    if pg.is_htmx:
        return _render_diary(pg, added=entry.id)
    return pg.redirect(f"/diary?added={entry.id}")


@router.get("/diary/{entry_id}/edit")
def diary_edit_form(entry_id: str, pg: PageDep) -> Response:
    user = pg.require_user()
    entry = pg.rt.repo.get_diary(user.id, entry_id)
    if entry is None:
        return render_error(pg.request, 404, "http")
    return pg.render(
        "diary_edit.html",
        entry=entry,
        regions=REGIONS,
        today=usecases.today().isoformat(),
        errors={},
        labels=LABELS,
    )


@router.post("/diary/{entry_id}")
async def diary_edit(entry_id: str, request: Request, pg: CheckedPage) -> Response:
    user = pg.require_user()
    entry = pg.rt.repo.get_diary(user.id, entry_id)
    if entry is None:
        return render_error(pg.request, 404, "http")
    form = await request.form()
    try:
        diary.edit_entry(
            pg.rt.repo,
            user.id,
            entry.id,
            now=_now(),
            today=usecases.today(),
            pain=diary.parse_pain(str(form.get("pain", ""))),
            day=diary.parse_day(str(form.get("date", "")), usecases.today()),
            regions=diary.parse_regions([str(v) for v in form.getlist("regions")]),
            note=str(form.get("note", "")),
        )
    except BadInput as exc:
        return pg.render(
            "diary_edit.html",
            status_code=422,
            entry=entry,
            regions=REGIONS,
            today=usecases.today().isoformat(),
            errors={exc.key: exc.message},
            labels=LABELS,
        )
    return pg.redirect("/diary")


@router.post("/diary/{entry_id}/delete")
def diary_delete(entry_id: str, pg: CheckedPage) -> Response:
    user = pg.require_user()
    if not pg.rt.repo.delete_diary(user.id, entry_id):
        return render_error(pg.request, 404, "http")
    return pg.redirect("/diary")


# -- progress ---------------------------------------------------------------------------------


def _period(start: str, end: str) -> tuple[date | None, date | None]:
    def parse(text: str) -> date | None:
        try:
            return date.fromisoformat(text) if text else None
        except ValueError:
            return None

    return parse(start), parse(end)


@router.get("/progress")
def progress_page(pg: PageDep, start: str = "", end: str = "") -> Response:
    user = pg.require_user()
    first, last = _period(start, end)
    if first and last and first > last:
        first, last = last, first
    query = "&".join(
        f"{name}={value.isoformat()}"
        for name, value in (("from", first), ("to", last))
        if value is not None
    )
    # Charts default to the last four weeks; the report to everything so far.
    chart_query = query or f"from={(usecases.today() - timedelta(days=27)).isoformat()}"
    # The breaks chart only where there is something to draw: events from the reminder.
    chart_start = first or (usecases.today() - timedelta(days=27))
    has_breaks = bool(pg.rt.repo.list_reminder_events(user.id, chart_start, last))
    kinds = [kind for kind in CHART_KINDS if kind != "breaks" or has_breaks]
    # The charts' numbers as tables: chart text is too small to read on a phone.
    from backcare.services.progress import progress_summary

    summary = progress_summary(
        pg.rt.repo,
        user.id,
        pg.rt.library,
        chart_start,
        last,
        lang=pg.content_lang,
        today=usecases.today(),
        breaks=False,
    )
    sessions = list(reversed(pg.rt.repo.list_sessions(user.id)))[:20]
    screenings = list(reversed(pg.rt.repo.list_screenings(user.id)))[:10]
    return pg.render(
        "progress.html",
        start=first.isoformat() if first else "",
        end=last.isoformat() if last else "",
        query=query,
        chart_query=chart_query,
        kinds=kinds,
        summary=summary,
        sessions=sessions,
        screenings=screenings,
        default_start=(usecases.today() - timedelta(days=27)).isoformat(),
        labels=LABELS,
    )


@router.get("/progress/chart/{kind}.svg")
def progress_chart(kind: str, pg: PageDep) -> Response:
    user = pg.require_user()
    params = pg.request.query_params
    first, last = _period(params.get("from", ""), params.get("to", ""))
    if kind not in CHART_KINDS:
        return render_error(pg.request, 404, "http")
    try:
        svg = usecases.chart_svg(
            pg.rt.repo, user.id, kind, pg.rt.library, first, last, pg.content_lang
        )
    except BadInput:
        return render_error(pg.request, 404, "http")
    return pg.finish(Response(svg, media_type="image/svg+xml"))


@router.get("/progress/report.pdf")
def progress_report(pg: PageDep) -> Response:
    user = pg.require_user()
    params = pg.request.query_params
    first, last = _period(params.get("from", ""), params.get("to", ""))
    if first and last and first > last:
        first, last = last, first
    pdf = usecases.progress_pdf(pg.rt.repo, user.id, pg.rt.library, first, last, pg.content_lang)
    return pg.finish(
        Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": 'attachment; filename="backcare-progress.pdf"'},
        )
    )

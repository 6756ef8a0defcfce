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
    """Progress: the same model, period and sentences as the PDF report (issue 14). Every
    number, sentence and chart here is read off one `ProgressSummary`; the charts' images
    are asked for its exact axis, so image and table cannot disagree."""
    from backcare.reports.charts import describe, empty_sentence, is_empty
    from backcare.reports.sentences import pain_sentence, score_sentence, sessions_sentence
    from backcare.services.progress import period, progress_summary

    user = pg.require_user()
    first, last = _period(start, end)
    if first and last and first > last:
        first, last = last, first
    query = "&".join(
        f"{name}={value.isoformat()}"
        for name, value in (("from", first), ("to", last))
        if value is not None
    )
    # As the report: the days asked for, else from the first record to today.
    try:
        first_day, last_day = period(pg.rt.repo, user.id, first, last, usecases.today())
    except BadInput:
        first_day = last_day = usecases.today()
    lang = pg.content_lang
    summary = progress_summary(
        pg.rt.repo, user.id, pg.rt.library, first_day, last_day, lang=lang, today=usecases.today()
    )
    # Every chart on the page shares the model's axis: from the first day with data.
    chart_query = f"from={summary.axis_start.isoformat()}&to={summary.end.isoformat()}"
    kinds = [kind for kind in CHART_KINDS if kind != "breaks" or not summary.breaks_chart.empty]
    charts = {
        kind: {
            "empty": is_empty(kind, summary),
            "said": empty_sentence(kind, lang)
            if is_empty(kind, summary)
            else describe(kind, summary, lang),
        }
        for kind in kinds
    }
    sessions = list(reversed(pg.rt.repo.list_sessions(user.id)))[:20]
    screenings = list(reversed(pg.rt.repo.list_screenings(user.id)))[:10]
    return pg.render(
        "progress.html",
        start=first.isoformat() if first else "",
        end=last.isoformat() if last else "",
        query=query,
        chart_query=chart_query,
        kinds=kinds,
        charts=charts,
        summary=summary,
        said={
            "pain": pain_sentence(summary.pain, lang),
            "sessions": sessions_sentence(summary, lang),
            "scores": [(t, score_sentence(t, lang)) for t in summary.scores],
        },
        sessions=sessions,
        screenings=screenings,
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
            pg.rt.repo,
            user.id,
            kind,
            pg.rt.library,
            first,
            last,
            pg.content_lang,
            narrow=params.get("w") == "narrow",
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

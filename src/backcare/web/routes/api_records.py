"""API records (api.md): screenings, plans, timelines, sessions, diary, export, reports.

Every record is fetched through the signed-in user, so another user's id is simply not
found (404). Rules come from `services/` and `domain/`; this module only translates.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query, Response
from fastapi.responses import JSONResponse

from backcare import limits
from backcare.domain.records import DiaryEntry, ExerciseFeedback, SessionRecord, User
from backcare.errors import BadInput, Conflict
from backcare.services.screening import screening_record
from backcare.store.jsontext import record_json
from backcare.web import usecases
from backcare.web.deps import ApiUser, Runtime, RuntimeDep
from backcare.web.errors import bad_input_response, not_found
from backcare.web.schemas import (
    DiaryIn,
    DiaryOut,
    ErrorOut,
    ImportOut,
    RefusedOut,
    SessionIn,
    SessionOut,
)

router = APIRouter(prefix="/api/v1")

Responses = dict[int | str, dict[str, Any]]
_AUTH: Responses = {401: {"model": ErrorOut}}
_OWNED: Responses = {**_AUTH, 404: {"model": ErrorOut}}
_INPUT: Responses = {**_AUTH, 422: {"model": ErrorOut}}


def _body(schema: str) -> dict[str, Any]:
    """openapi_extra for a JSON body validated by a service, published under `schema`."""
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
        }
    }


def _now() -> datetime:
    return datetime.now(UTC)


# Query dates are ISO days only: FastAPI's own `date` would take `to=0` as a Unix time.
FromQuery = Annotated[
    str | None,
    Query(alias="from", description="first day, YYYY-MM-DD", pattern=limits.DAY_PATTERN),
]
ToQuery = Annotated[
    str | None,
    Query(alias="to", description="last day, YYYY-MM-DD", pattern=limits.DAY_PATTERN),
]


def _query_days(start: str | None, end: str | None) -> tuple[date | None, date | None]:
    """The `from` and `to` days, or BadInput naming the one that is not a real date."""
    return limits.parse_query_day(start, "from"), limits.parse_query_day(end, "to")


# -- screenings -----------------------------------------------------------------------------


@router.post(
    "/screenings",
    status_code=201,
    tags=["screenings"],
    responses={201: {"model": usecases.ScreeningOut}, **_INPUT},
    openapi_extra=_body("ScreeningAnswers"),
)
async def create_screening(
    user: ApiUser, rt: RuntimeDep, answers: Annotated[Any, Body()]
) -> Response:
    """Screen the answers of screening.md and save the result; 201 with the result and `id`.

    Async: the screening is pure computation (a fraction of a millisecond), and the record
    (made by the service the CLI saves through, so both keep the same record) is saved by
    `Runtime.save`, together with those of other requests arriving at the same time. A plain
    request (JSON body, valid token and answers) is answered before routing by the same
    `screen_and_save` (web/app.py, `ScreeningFastPath`); this route answers every other one.
    """
    try:
        return await screen_and_save(user, rt, answers)
    except BadInput as exc:
        return bad_input_response(exc)


async def screen_and_save(user: User, rt: Runtime, answers: object) -> Response:
    """The 201 of `create_screening` for a signed-in user's decoded answers; BadInput (before
    anything is saved) when they are not valid answers. The route's fast path (web/app.py,
    `ScreeningFastPath`) calls it too, so both give the same response."""
    parsed, result = usecases.run_screening_json(answers, rt.library)
    record = screening_record(user.id, parsed, result, _now())
    # The result is a few kilobytes of JSON: written once, for the database and the answer.
    result_json = record_json(record.result)
    await rt.save(record, "screening", {"result": result_json.decode()})
    body = usecases.screening_json_bytes(record, result_json)
    return Response(body, status_code=201, media_type="application/json")


@router.get(
    "/screenings",
    tags=["screenings"],
    responses={200: {"model": list[usecases.ScreeningOut]}, **_AUTH},
)
def list_screenings(user: ApiUser, rt: RuntimeDep) -> Response:
    return JSONResponse([usecases.screening_json(r) for r in rt.repo.list_screenings(user.id)])


@router.get(
    "/screenings/{screening_id}",
    tags=["screenings"],
    responses={200: {"model": usecases.ScreeningOut}, **_OWNED},
)
def read_screening(screening_id: str, user: ApiUser, rt: RuntimeDep) -> Response:
    record = rt.repo.get_screening(user.id, screening_id)
    if record is None:
        return not_found("screening")
    return JSONResponse(usecases.screening_json(record))


# -- plans ------------------------------------------------------------------------------------


@router.post(
    "/plans",
    status_code=201,
    tags=["plans"],
    responses={201: {"model": usecases.PlanOut}, 409: {"model": RefusedOut}, **_INPUT},
    openapi_extra=_body("Profile"),
)
def create_plan(user: ApiUser, rt: RuntimeDep, profile: Annotated[Any, Body()]) -> Response:
    """A plan for the profile of plan.md; 409 with the reasons when the latest screening (or
    the one in the profile) does not allow exercise."""
    try:
        record = usecases.save_plan(rt.repo, user.id, profile, rt.library, _now())
    except BadInput as exc:
        return bad_input_response(exc)
    except usecases.PlanRefusedError as exc:
        return JSONResponse(
            {"detail": "exercise is not advised now", "reasons": exc.reasons}, status_code=409
        )
    return JSONResponse(usecases.plan_json(record), status_code=201)


@router.get("/plans", tags=["plans"], responses={200: {"model": list[usecases.PlanOut]}, **_AUTH})
def list_plans(user: ApiUser, rt: RuntimeDep) -> Response:
    return JSONResponse([usecases.plan_json(r) for r in rt.repo.list_plans(user.id)])


@router.get(
    "/plans/{plan_id}", tags=["plans"], responses={200: {"model": usecases.PlanOut}, **_OWNED}
)
def read_plan(plan_id: str, user: ApiUser, rt: RuntimeDep) -> Response:
    record = rt.repo.get_plan(user.id, plan_id)
    if record is None:
        return not_found("plan")
    return JSONResponse(usecases.plan_json(record))


@router.get(
    "/plans/{plan_id}/days/{day}/timeline",
    tags=["plans"],
    responses={200: {"model": usecases.TimelineOut}, **_OWNED, 422: {"model": ErrorOut}},
)
def read_timeline(plan_id: str, day: int, user: ApiUser, rt: RuntimeDep) -> Response:
    """The session timeline of one plan day (plan.md); 404 for a day the plan lacks."""
    record = rt.repo.get_plan(user.id, plan_id)
    if record is None:
        return not_found("plan")
    timeline = usecases.timeline_json(record, day, rt.library)
    if timeline is None:
        return not_found("plan day")
    return JSONResponse(timeline)


# -- guided sessions ------------------------------------------------------------------------


def session_json(record: SessionRecord) -> dict[str, Any]:
    return record.model_dump(mode="json", exclude={"user_id"})


@router.post(
    "/sessions",
    status_code=201,
    tags=["sessions"],
    response_model=SessionOut,
    responses={**_OWNED, 422: {"model": ErrorOut}},
)
def create_session(body: SessionIn, user: ApiUser, rt: RuntimeDep) -> Response:
    """Log a guided session (as far as it went) with its feedback."""
    if body.plan_id is not None:
        plan = rt.repo.get_plan(user.id, body.plan_id)
        if plan is None:
            return not_found("plan")
        try:
            usecases.check_plan_day(plan, body.day)
        except BadInput as exc:
            return bad_input_response(exc)
    try:  # 1970 to tomorrow, as the diary: no stored time can break a report later
        limits.check_moment(body.started_at, _now(), "started_at")
        if body.ended_at is not None:
            limits.check_moment(body.ended_at, _now(), "ended_at")
    except BadInput as exc:
        return bad_input_response(exc)
    if body.ended_at is not None and body.ended_at < body.started_at:
        return bad_input_response(BadInput("ended_at", "is before started_at"))
    record = SessionRecord(
        user_id=user.id,
        plan_id=body.plan_id,
        day=body.day,
        started_at=body.started_at,
        ended_at=body.ended_at,
        completed_steps=body.completed_steps,
        total_steps=body.total_steps,
        pain_before=body.pain_before,
        pain_after=body.pain_after,
        completed=body.completed
        if body.completed is not None
        else (body.total_steps is not None and body.completed_steps >= body.total_steps),
        feedback=tuple(ExerciseFeedback(**f.model_dump()) for f in body.feedback),
    )
    rt.repo.add_session(record)
    return JSONResponse(session_json(record), status_code=201)


@router.get("/sessions", tags=["sessions"], responses={200: {"model": list[SessionOut]}, **_AUTH})
def list_sessions(user: ApiUser, rt: RuntimeDep) -> Response:
    return JSONResponse([session_json(r) for r in rt.repo.list_sessions(user.id)])


# -- diary ------------------------------------------------------------------------------------


def diary_json(entry: DiaryEntry) -> dict[str, Any]:
    return entry.model_dump(mode="json", exclude={"user_id"})


@router.post(
    "/diary",
    status_code=201,
    tags=["diary"],
    response_model=DiaryOut,
    responses={**_INPUT},
)
def create_diary(body: DiaryIn, user: ApiUser, rt: RuntimeDep) -> Response:
    from backcare.services import diary

    now = _now()
    try:
        entry = diary.add_entry(
            rt.repo,
            user.id,
            pain=body.pain,
            now=now,
            today=usecases.today(),
            day=body.date,
            regions=body.regions,
            note=body.note,
        )
    except BadInput as exc:
        return bad_input_response(exc)
    return JSONResponse(diary_json(entry), status_code=201)


@router.get("/diary", tags=["diary"], responses={200: {"model": list[DiaryOut]}, **_INPUT})
def list_diary(
    user: ApiUser, rt: RuntimeDep, start: FromQuery = None, end: ToQuery = None
) -> Response:
    """The entries dated `from` to `to` (both included; a far end reads as "up to tomorrow")."""
    from backcare.services import diary

    try:
        first, last = _query_days(start, end)
        entries = diary.list_entries(rt.repo, user.id, first, last)
    except BadInput as exc:
        return bad_input_response(exc, where="query")
    return JSONResponse([diary_json(e) for e in entries])


@router.put(
    "/diary/{entry_id}",
    tags=["diary"],
    response_model=DiaryOut,
    responses={**_OWNED, 422: {"model": ErrorOut}},
)
def replace_diary(entry_id: str, body: DiaryIn, user: ApiUser, rt: RuntimeDep) -> Response:
    from backcare.services import diary

    entry = rt.repo.get_diary(user.id, entry_id)
    if entry is None:
        return not_found("diary entry")
    try:
        saved = diary.edit_entry(
            rt.repo,
            user.id,
            entry.id,
            now=_now(),
            today=usecases.today(),
            pain=body.pain,
            day=body.date,
            regions=body.regions,
            note=body.note,
        )
    except BadInput as exc:
        return bad_input_response(exc)
    return JSONResponse(diary_json(saved))


@router.delete("/diary/{entry_id}", status_code=204, tags=["diary"], responses=_OWNED)
def delete_diary(entry_id: str, user: ApiUser, rt: RuntimeDep) -> Response:
    if not rt.repo.delete_diary(user.id, entry_id):
        return not_found("diary entry")
    return Response(status_code=204)


# -- export, import, FHIR, reports ----------------------------------------------------------


@router.get("/export", tags=["export"], responses=_AUTH)
def export_all(user: ApiUser, rt: RuntimeDep) -> Response:
    """Every record of the user as one JSON document with `schema_version`."""
    from backcare.services.export import export_json

    return JSONResponse(
        export_json(rt.repo, user.id),
        headers={"Content-Disposition": 'attachment; filename="backcare-export.json"'},
    )


@router.post(
    "/import",
    tags=["export"],
    response_model=ImportOut,
    responses={**_INPUT, 409: {"model": ErrorOut}},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}}},
        }
    },
)
def import_all(user: ApiUser, rt: RuntimeDep, document: Annotated[Any, Body()]) -> Response:
    """Takes an export back; importing the same document twice adds nothing."""
    from backcare.services.export import import_json

    try:
        summary = import_json(rt.repo, user.id, document)
    except BadInput as exc:
        return bad_input_response(exc)
    except Conflict as exc:
        return JSONResponse({"detail": f"{exc.key}: {exc.message}"}, status_code=409)
    return JSONResponse({"added": summary.added, "skipped": summary.skipped})


class FhirResponse(JSONResponse):
    """FHIR's own JSON media type, so the OpenAPI document names what is served."""

    media_type = "application/fhir+json"


@router.get(
    "/export/fhir",
    tags=["export"],
    response_class=FhirResponse,
    responses={
        200: {
            "description": "a FHIR R4 Bundle",
            "content": {"application/fhir+json": {"schema": {"type": "object"}}},
        },
        **_AUTH,
    },
)
def export_fhir(user: ApiUser, rt: RuntimeDep) -> Response:
    """A FHIR R4 Bundle: a QuestionnaireResponse per instrument, an Observation per rating."""
    bundle = usecases.fhir_bundle(rt.repo, user.id, rt.library)
    return FhirResponse(bundle)


@router.get(
    "/reports/progress.pdf",
    tags=["reports"],
    responses={200: {"content": {"application/pdf": {}}}, **_INPUT},
)
def progress_pdf(
    user: ApiUser, rt: RuntimeDep, start: FromQuery = None, end: ToQuery = None
) -> Response:
    """A PDF progress report with charts, for the dates given (default: from the first record
    to today, at most five years)."""
    try:
        first, last = _query_days(start, end)
        pdf = usecases.progress_pdf(rt.repo, user.id, rt.library, first, last)
    except BadInput as exc:
        return bad_input_response(exc, where="query")
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="backcare-progress.pdf"'},
    )

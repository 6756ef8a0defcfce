"""The calls the pages and the JSON API share, so both save and show records the same way.

Each one parses with `services/`, decides with `domain/` and saves through the repository;
nothing here is a rule of its own.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from backcare.domain.plans import Plan, PlanRefused
from backcare.domain.records import PlanRecord, ScreeningRecord
from backcare.domain.screening import ScreeningResult, screen, screen_json
from backcare.domain.timeline import Timeline
from backcare.errors import BadInput
from backcare.services.screening import parse_answers
from backcare.store.jsontext import record_json

if TYPE_CHECKING:
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.library import Library
    from backcare.store.repository import SqlRepository

PlanRefusedError = PlanRefused


class ScreeningOut(ScreeningResult):
    """A saved screening: the result of screening.md with its id and time."""

    id: str
    created_at: datetime


class PlanOut(Plan):
    """A saved plan: the plan of plan.md with its id and time."""

    created_at: datetime | None = None


class TimelineOut(Timeline):
    pass


def today() -> date:
    return datetime.now(UTC).date()


# -- screenings -------------------------------------------------------------------------------


def run_screening(answers: object, library: Library, lang: str = "en") -> tuple[Any, Any]:
    """Parsed answers and their result; BadInput naming the first wrong key."""
    parsed = parse_answers(answers)
    return parsed, screen(parsed, library, lang=lang)


def run_screening_json(
    answers: object, library: Library, lang: str = "en"
) -> tuple[ScreeningAnswers, dict[str, Any]]:
    """`run_screening` with the result's JSON form (`screen_json`), for a caller that only
    saves and sends it; BadInput naming the first wrong key."""
    parsed = parse_answers(answers)
    return parsed, screen_json(parsed, library, lang=lang)


def save_screening(
    repo: SqlRepository, user_id: str, answers: object, library: Library, now: datetime
) -> ScreeningRecord:
    """Screens and saves these answers as the CLI does; BadInput naming the first wrong key."""
    from backcare.services.screening import save_screening as keep

    parsed, result = run_screening(answers, library)
    return keep(repo, user_id, parsed, result, now)


def screening_json(record: ScreeningRecord) -> dict[str, Any]:
    return {**record.result, "id": record.id, "created_at": record.created_at.isoformat()}


def screening_json_bytes(record: ScreeningRecord, result_json: bytes) -> bytes:
    """`screening_json(record)` as JSON, from `result_json` (the result as the database
    keeps it, store.jsontext.record_json): its text with `id` and `created_at` added at the
    end, the bytes pydantic-core writes for `screening_json(record)`."""
    result = record.result
    if not result or "id" in result or "created_at" in result:  # then `{**result, ...}`
        return record_json(screening_json(record))  # replaces keys
    ending = {"id": record.id, "created_at": record.created_at.isoformat()}
    return result_json[:-1] + b"," + record_json(ending)[1:]


# -- plans ------------------------------------------------------------------------------------


def save_plan(
    repo: SqlRepository, user_id: str, profile_data: object, library: Library, now: datetime
) -> PlanRecord:
    """Parses the profile, applies the latest saved screening when the profile carries none
    (api.md: "409 when the latest screening ... does not allow exercise"), plans and saves.

    Raises BadInput or PlanRefused.
    """
    from backcare.services.plans import make_plan, parse_profile

    profile, plan = make_plan(repo, user_id, parse_profile(profile_data), library)
    record = PlanRecord(
        user_id=user_id,
        created_at=now,
        profile=profile.model_dump(mode="json", exclude_none=True),
        plan={},
    )
    saved_plan = plan.model_copy(update={"id": record.id})
    record = record.model_copy(update={"plan": saved_plan.model_dump(mode="json")})
    return repo.add_plan(record)


def load_plan(record: PlanRecord) -> Plan:
    return Plan.model_validate({**record.plan, "id": record.id})


def plan_json(record: PlanRecord) -> dict[str, Any]:
    return {**record.plan, "id": record.id, "created_at": record.created_at.isoformat()}


def check_plan_day(record: PlanRecord, day: int) -> None:
    days = [d.get("day") for d in record.plan.get("days", [])]
    if day not in days:
        raise BadInput("day", f"the plan has no day {day} (it has days {days})")


def timeline_json(record: PlanRecord, day: int, library: Library) -> dict[str, Any] | None:
    """The day's timeline as plan.md's JSON, or None when the plan has no such day."""
    from backcare.domain.timeline import build_timeline

    plan = load_plan(record)
    try:
        timeline = build_timeline(plan, day, library)
    except KeyError:
        return None
    return timeline.model_dump(mode="json")


# -- reports ----------------------------------------------------------------------------------


def fhir_bundle(repo: SqlRepository, user_id: str, library: Library) -> dict[str, Any]:
    from backcare.interop.fhir import build_bundle

    return build_bundle(repo, user_id, library)


def progress_pdf(
    repo: SqlRepository,
    user_id: str,
    library: Library,
    start: date | None,
    end: date | None,
    lang: str = "en",
) -> bytes:
    from backcare.services.progress import progress_report_pdf

    return progress_report_pdf(repo, user_id, library, start, end, lang=lang)


def handout_pdf(record: PlanRecord, library: Library, lang: str, paper: str) -> bytes:
    """The printable handout of a saved plan (the same PDF as `backcare handout`), on A4 or
    Letter; the plan's profile gives the cover its goals. BadInput for an unknown paper."""
    from backcare.reports.handout import PAPER_SIZES, render_handout_pdf
    from backcare.services.plans import split_plan_file

    if paper not in PAPER_SIZES:
        raise BadInput("paper", f"must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    plan, profile = split_plan_file({**record.plan, "profile": record.profile})
    size: Literal["a4", "letter"] = "letter" if paper == "letter" else "a4"
    return render_handout_pdf(plan, library, profile=profile, lang=lang, paper=size)


def chart_svg(
    repo: SqlRepository,
    user_id: str,
    kind: str,
    library: Library,
    start: date | None = None,
    end: date | None = None,
    lang: str = "en",
    narrow: bool = False,
) -> str:
    from backcare.services.progress import chart_svg as render

    return render(repo, user_id, kind, start, end, library, lang, narrow)

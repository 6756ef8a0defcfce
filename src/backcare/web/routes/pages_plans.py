"""Pages: build a plan, view its week, run a guided session, and the exercise figures.

The timeline comes from the server (embedded as JSON data, never as script); the clock runs
in the browser (static/player.js). The feedback form at the end is a plain form, so a
session can be logged without JavaScript too.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from backcare.domain.records import ExerciseFeedback, SessionRecord
from backcare.domain.types import EQUIPMENT, LEVELS, PROFILE_CONDITIONS, REGIONS
from backcare.errors import BadInput
from backcare.labels import CUE_WORDS
from backcare.services.sessions import EFFORTS, parse_pain
from backcare.web import i18n, usecases
from backcare.web.deps import CheckedPage, Page, PageDep, RuntimeDep
from backcare.web.pages import LABELS, render_error
from backcare.web.security import LANG_COOKIE

router = APIRouter()

FigureKind = Literal["thumb", "strip", "animated"]
FIGURE_KINDS: tuple[FigureKind, ...] = ("thumb", "strip", "animated")


def _form_choices() -> dict[str, Any]:
    return {
        "regions": REGIONS,
        "equipment": EQUIPMENT,
        "levels": LEVELS,
        "conditions": PROFILE_CONDITIONS,
    }


def _render_builder(
    pg: Page,
    profile: dict[str, Any],
    errors: dict[str, str] | None = None,
    refused: list[str] | None = None,
    status_code: int = 200,
) -> Response:
    user = pg.require_user()
    plans = list(reversed(pg.rt.repo.list_plans(user.id)))
    return pg.render(
        "plans.html",
        status_code=status_code,
        plans=plans,
        profile=profile,
        errors=errors or {},
        refused=refused or [],
        # An incomplete screening (screening.md) sends the person back to the questions.
        incomplete=any("safety question" in reason for reason in refused or []),
        choices=_form_choices(),
        labels=LABELS,
    )


DEFAULT_PROFILE: dict[str, Any] = {
    "regions": ["low_back"],
    "equipment": ["mat", "wall", "chair"],
    "minutes": 20,
    "days_per_week": 3,
    "level": "beginner",
    "conditions": [],
}


@router.get("/plans")
def plans_page(pg: PageDep) -> Response:
    return _render_builder(pg, dict(DEFAULT_PROFILE))


def _int_field(value: Any, key: str) -> int:
    text = str(value or "").strip()
    try:
        return int(text)
    except ValueError:
        raise BadInput(key, f"enter a whole number, not {text!r}") from None


@router.post("/plans")
async def plans_create(request: Request, pg: CheckedPage) -> Response:
    user = pg.require_user()
    form = await request.form()
    profile: dict[str, Any] = {
        "regions": [str(v) for v in form.getlist("regions")],
        "equipment": [str(v) for v in form.getlist("equipment")],
        "level": str(form.get("level", "beginner")),
        "conditions": [str(v) for v in form.getlist("conditions")],
        "minutes": form.get("minutes", ""),
        "days_per_week": form.get("days_per_week", ""),
    }
    try:
        profile["minutes"] = _int_field(profile["minutes"], "minutes")
        profile["days_per_week"] = _int_field(profile["days_per_week"], "days_per_week")
        record = usecases.save_plan(pg.rt.repo, user.id, profile, pg.rt.library, _now())
    except BadInput as exc:
        return _render_builder(
            pg, profile, errors={exc.key.split(".")[0]: exc.message}, status_code=422
        )
    except usecases.PlanRefusedError as exc:
        return _render_builder(pg, profile, refused=exc.reasons, status_code=409)
    return pg.redirect(f"/plans/{record.id}")


def _now() -> datetime:
    return datetime.now(UTC)


@router.get("/plans/{plan_id}")
def plan_page(plan_id: str, pg: PageDep) -> Response:
    user = pg.require_user()
    record = pg.rt.repo.get_plan(user.id, plan_id)
    if record is None:
        return render_error(pg.request, 404, "http")
    plan = usecases.load_plan(record)
    return pg.render(
        "plan.html",
        record=record,
        plan=plan,
        profile=record.profile,
        library=pg.rt.library,
        labels=LABELS,
    )


@router.get("/plans/{plan_id}/handout.pdf")
def plan_handout(plan_id: str, pg: PageDep, paper: str = "a4") -> Response:
    """The plan's printable handout (A4 or Letter), for its owner only: another user's plan
    is simply not found."""
    user = pg.require_user()
    record = pg.rt.repo.get_plan(user.id, plan_id)
    if record is None:
        return render_error(pg.request, 404, "http")
    try:
        pdf = usecases.handout_pdf(record, pg.rt.library, pg.content_lang, paper)
    except BadInput:
        return render_error(pg.request, 404, "http")
    return pg.finish(
        Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="backcare-plan-{paper}.pdf"'},
        )
    )


def _player_data(pg: Page, record: Any, day: int) -> dict[str, Any] | None:
    timeline = usecases.timeline_json(record, day, pg.rt.library)
    if timeline is None:
        return None
    lang = pg.content_lang
    exercises: dict[str, Any] = {}
    for step in timeline["steps"]:
        ex_id = step.get("exercise")
        if ex_id and ex_id not in exercises:
            ex = pg.rt.library.exercise(ex_id)
            exercises[ex_id] = {
                "name": ex.name.get(lang),
                "cues": [cue.get(lang) for cue in ex.cues],
                "figure": f"/figures/{ex_id}.svg?kind=animated",
            }
    words = {phase: pg.gettext(text) for phase, text in LABELS["phase"].items()} | {
        # Whole phrases with placeholders, so each language orders and punctuates its own.
        "next_name": pg.gettext("Next: %(name)s"),
        "then_name": pg.gettext("Then: %(name)s"),
        "round_of": pg.gettext("Round %(n)d of %(total)d"),
        "set_of": pg.gettext("Set %(n)d of %(total)d"),
        "paused": pg.gettext("Paused"),
        "resume": pg.gettext("Resume"),
        "pause": pg.gettext("Pause"),
        "finished": pg.gettext("Well done: the session is over."),
        "stopped": pg.gettext("Session stopped. Tell us how it went, then save it."),
        "stopped_unfinished": pg.gettext("Session stopped before any step was finished."),
        "speech_lang": "zh-CN" if lang == "zh" else "en-GB",
    }
    # What is said as each step begins: the terminal's words, chosen by the same domain rule.
    from backcare.domain.player import spoken_cue
    from backcare.domain.timeline import Step

    cue_words = {key: pg.gettext(text) for key, text in CUE_WORDS.items()}
    says = [
        spoken_cue(Step.model_validate(step), pg.rt.library, lang, cue_words)
        for step in timeline["steps"]
    ]
    return {"timeline": timeline, "exercises": exercises, "words": words, "says": says}


@router.get("/plans/{plan_id}/days/{day}/session")
def session_page(plan_id: str, day: int, pg: PageDep, speed: float = 1.0) -> Response:
    user = pg.require_user()
    record = pg.rt.repo.get_plan(user.id, plan_id)
    data = _player_data(pg, record, day) if record is not None else None
    if record is None or data is None:
        return render_error(pg.request, 404, "http")
    exercises = list(
        dict.fromkeys(s["exercise"] for s in data["timeline"]["steps"] if s.get("exercise"))
    )
    return pg.render(
        "session.html",
        record=record,
        day=day,
        data_json=json.dumps(data, ensure_ascii=False).replace("</", "<\\/"),
        timeline=data["timeline"],
        exercises=exercises,
        library=pg.rt.library,
        labels=LABELS,
        # A faster clock for tests and demonstrations (?speed=20); never slower than real.
        speed=max(1.0, min(200.0, speed)) if speed == speed else 1.0,
    )


# A result kept on the phone while it was offline arrives later; older than this, the time
# the phone claims is not believed (its clock may be wrong) and the arrival time is kept.
SENT_LATE_AT_MOST = timedelta(days=30)
CLOCK_SKEW = timedelta(minutes=5)


def _ended_at(text: str, now: datetime) -> datetime:
    """When the session ended, as the player says (api.md's `ended_at`); `now` when it says
    nothing, says it badly, or says a time in the future or too long ago."""
    try:
        claimed = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return now
    if claimed.tzinfo is None or not now - SENT_LATE_AT_MOST <= claimed <= now + CLOCK_SKEW:
        return now
    return min(claimed.astimezone(UTC), now)


@router.post("/plans/{plan_id}/days/{day}/session")
async def session_log(plan_id: str, day: int, request: Request, pg: CheckedPage) -> Response:
    """The end-of-session form: how far it went and how each exercise felt."""
    user = pg.require_user()
    record = pg.rt.repo.get_plan(user.id, plan_id)
    timeline = None if record is None else usecases.timeline_json(record, day, pg.rt.library)
    if record is None or timeline is None:
        return render_error(pg.request, 404, "http")
    # Feedback is kept only for exercises of this day, so a tampered form cannot put
    # ratings for other exercises into the plan's progression.
    day_exercises = {step.get("exercise") for step in timeline["steps"]}
    form = await request.form()
    ended = _ended_at(str(form.get("ended_at", "")), _now())
    try:
        elapsed = max(0, min(24 * 3600, int(str(form.get("elapsed_s", "0")) or 0)))
        completed_steps = max(0, int(str(form.get("completed_steps", "0")) or 0))
        total_steps = max(0, int(str(form.get("total_steps", "0")) or 0)) or None
    except ValueError:
        elapsed, completed_steps, total_steps = 0, 0, None
    completed = total_steps is not None and completed_steps >= total_steps
    try:
        pain_before = parse_pain(str(form.get("pain_before", "")), "pain_before")
        pain_after = parse_pain(str(form.get("pain_after", "")), "pain_after")
    except BadInput:
        # The form offers 0-10 only; anything else was not sent by it. Nothing is saved.
        return render_error(pg.request, 422, "http")
    if "done_steps" in form:
        # The browser player says which steps ran their full time: the same rule as the
        # terminal's decides whether the session was done (skipping through is not), and
        # the steps are counted as the terminal counts them (the closing mark is none).
        from backcare.domain.player import counted_steps, session_done
        from backcare.domain.timeline import Step

        steps = [Step.model_validate(step) for step in timeline["steps"]]
        reported = [
            int(part)
            for part in str(form.get("done_steps", "")).split(",")
            if part.strip().isdigit()
        ]
        done, total_steps = counted_steps(steps, reported)
        completed_steps = len(done)
        completed = session_done(steps, done, str(form.get("reached_end", "")) == "1")
        if not done and str(form.get("keep_unfinished", "")) != "1":
            # As the terminal player: a session where no step ran its full time is kept
            # only when the person says so; otherwise nothing claims it happened.
            return pg.render("session_discarded.html", record=record)
    feedback = []
    for ex_id in dict.fromkeys(str(v) for v in form.getlist("exercise")):
        if ex_id not in day_exercises:
            continue
        effort = EFFORTS.get(str(form.get(f"effort_{ex_id}", "")))
        try:
            pain = parse_pain(str(form.get(f"pain_{ex_id}", "")), f"pain_{ex_id}")
        except BadInput:
            # The form offers 0-10 only; anything else was not sent by it. Nothing is saved.
            return render_error(pg.request, 422, "http")
        if pain is None and effort is None:
            continue
        feedback.append(ExerciseFeedback(exercise=ex_id, pain=pain, effort=effort))
    session = SessionRecord(
        user_id=user.id,
        plan_id=record.id,
        day=day,
        started_at=ended - timedelta(seconds=elapsed),
        ended_at=ended,
        completed_steps=min(completed_steps, total_steps or completed_steps),
        total_steps=total_steps,
        pain_before=pain_before,
        pain_after=pain_after,
        completed=completed,
        feedback=tuple(feedback),
    )
    pg.rt.repo.add_session(session)
    return pg.render("session_saved.html", record=record, session=session, labels=LABELS)


@router.get("/figures/{exercise_id}.svg")
def figure(exercise_id: str, request: Request, rt: RuntimeDep, kind: str = "thumb") -> Response:
    """An exercise's figure (public: the exercise library is the same for everyone)."""
    from backcare.reports.figures import exercise_svg

    lang = i18n.choose(
        request.query_params.get("lang"),
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
        rt.settings.lang,
    )
    chosen: FigureKind = "thumb"
    for known in FIGURE_KINDS:
        if known == kind:
            chosen = known
    try:
        svg = exercise_svg(exercise_id, rt.library, chosen, i18n.CONTENT_LANG[lang])
    except KeyError:
        return render_error(request, 404, "http")
    return Response(
        svg,
        media_type="image/svg+xml",
        headers={"Cache-Control": "public, max-age=3600", "Vary": "Accept-Language"},
    )

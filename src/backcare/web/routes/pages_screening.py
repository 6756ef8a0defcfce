"""Pages: the landing page, the screening wizard (no account needed) and saved results.

Red-flag questions come first; an answer that means "go to an emergency department" shows
the emergency screen at once (as you tick it with htmx, or when the step is sent without
JavaScript). Then the other groups step by step, each questionnaire on its own step.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response

from backcare.domain.library import Library
from backcare.domain.questions import Question
from backcare.errors import BadInput
from backcare.web import usecases, wizard
from backcare.web.deps import CheckedPage, Page, PageDep
from backcare.web.pages import LABELS, N_

router = APIRouter()

StateField = Annotated[str, Form(max_length=wizard.MAX_STATE)]


@router.get("/")
async def landing(pg: PageDep, deleted: str = "") -> Response:
    # The same page for every visitor: rendered once per language and kept (Page.render);
    # app.py's visitor fast path serves the kept page without routing.
    return pg.render(
        LANDING, visitor_key=landing_key(deleted), deleted=bool(deleted), labels=LABELS
    )


LANDING = "landing.html"
LANDING_QUERY = frozenset({"deleted", "lang"})  # what the landing page reads of the query


def landing_key(deleted: str) -> tuple[bool]:
    """What, besides the language, the landing page shows a visitor."""
    return (bool(deleted),)


def _questions(library: Library) -> list[Question]:
    return list(library.questions)


def _emergency_flags(library: Library, result: Any) -> list[Any]:
    wanted = {hit.id for hit in result.red_flags if hit.urgency == "emergency"}
    return [flag for flag in library.red_flags if flag.id in wanted]


def _error_text(pg: Page, question: Question | None) -> str:
    """What to fix, in the page's language. The services' messages are for developers (and
    English); a page names the allowed range or the missing answer in plain words."""
    if question is not None and question.kind in ("int", "number"):
        values = {"min": _plain(question.min), "max": _plain(question.max)}
        whole = question.kind == "int"
        if question.min is not None and question.max is not None:
            text = (
                N_("Please enter a whole number from %(min)s to %(max)s.")
                if whole
                else N_("Please enter a number from %(min)s to %(max)s.")
            )
        elif question.min is not None:
            text = (
                N_("Please enter a whole number of %(min)s or more.")
                if whole
                else N_("Please enter a number of %(min)s or more.")
            )
        else:
            text = N_("Please enter a whole number.") if whole else N_("Please enter a number.")
        return pg.gettext(text) % values
    if question is not None and question.key == "startback":
        return pg.gettext(
            "Please choose how bothersome the pain has been (the last question), or skip "
            "this questionnaire."
        )
    return pg.gettext("Please check this answer.")


def _unanswered_text(pg: Page, question: Question) -> str:
    """Why a safety question sent blank is asked again, in the page's language."""
    if question.key == "age":
        return pg.gettext("Please enter your age: several warning signs depend on it.")
    return pg.gettext("Please answer yes, no or not sure.")


def _plain(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


def _render_step(
    pg: Page,
    state: wizard.WizardState,
    step: list[Question],
    errors: dict[str, str] | None = None,
    status_code: int = 200,
    typed: dict[str, Any] | None = None,
) -> Response:
    library = pg.rt.library
    questions = _questions(library)
    return pg.render(
        "screening_step.html",
        status_code=status_code,
        block="wizard",
        step=step,
        state=state,
        instruments=library.instruments,
        number=len({q.group for q in questions if q.key in state.asked}) + 1,
        total=wizard.step_count(questions),
        errors=errors or {},
        typed=typed or {},
        choice_of=wizard.choice_of,
        labels=LABELS,
    )


def _render_result(
    pg: Page, answers: dict[str, Any], result: Any, saved_id: str | None
) -> Response:
    return pg.render(
        "screening_result.html",
        block="wizard",
        result=result,
        answers=answers,
        answers_json=wizard.WizardState(answers=answers).dump_answers(),
        saved_id=saved_id,
        library=pg.rt.library,
        questions={q.key: q for q in pg.rt.library.questions},
        labels=LABELS,
    )


def _render_emergency(pg: Page, state: wizard.WizardState, result: Any) -> Response:
    return pg.render(
        "emergency.html",
        block="wizard",
        flags=_emergency_flags(pg.rt.library, result),
        state=state,
        labels=LABELS,
    )


@router.get("/screening")
def screening_start(pg: PageDep) -> Response:
    state = wizard.WizardState()
    return _render_step(pg, state, wizard.current_step(_questions(pg.rt.library), state))


@router.post("/screening")
async def screening_step(request: Request, pg: CheckedPage) -> Response:
    """One step sent: merge its answers, stop at an emergency, else the next step or the
    result (saved when signed in)."""
    form = await request.form()
    state = wizard.load_state(str(form.get("answers", "")), str(form.get("asked", "")))
    library = pg.rt.library
    questions = _questions(library)
    if form.get("restart"):
        state = wizard.WizardState()
        return _render_step(pg, state, wizard.current_step(questions, state))
    step = wizard.current_step(questions, state)
    try:
        given = wizard.read_step(step, form, form.getlist, library)
        merged = {**state.answers, **given}
        parsed, result = usecases.run_screening(merged, library, pg.content_lang)
    except BadInput as exc:
        key = exc.key.split(".")[0].split(" ")[0]
        question = next((q for q in step if q.key == key), None)
        return _render_step(
            pg,
            state,
            step,
            {key: _error_text(pg, question)},
            status_code=422,
            typed=wizard.typed_values(step, form, form.getlist),
        )
    if result.urgency != "emergency":
        # screening.md: the web form cannot skip a safety question (an emergency answer is
        # never held back by the others: it shows the emergency screen below).
        left_out = wizard.unanswered_safety(step, given)
        if left_out:
            return _render_step(
                pg,
                state,
                step,
                {q.key: _unanswered_text(pg, q) for q in left_out},
                status_code=422,
                typed=wizard.typed_values(step, form, form.getlist),
            )
    state = wizard.WizardState(answers=parsed.given(), asked=[*state.asked, *(q.key for q in step)])
    if result.urgency == "emergency":
        return _render_emergency(pg, state, result)
    following = wizard.current_step(questions, state)
    if following and not form.get("finish"):
        return _render_step(pg, state, following)
    saved_id = None
    if pg.user is not None:
        record = usecases.save_screening(
            pg.rt.repo, pg.user.id, state.answers, library, datetime.now(UTC)
        )
        return pg.redirect(f"/screenings/{record.id}")
    return _render_result(pg, state.answers, result, saved_id)


@router.post("/screening/check")
async def screening_check(request: Request, pg: CheckedPage) -> Response:
    """htmx, as a red-flag box is ticked: the emergency screen at once, or nothing."""
    form = await request.form()
    state = wizard.load_state(str(form.get("answers", "")), str(form.get("asked", "")))
    library = pg.rt.library
    step = wizard.current_step(_questions(library), state)
    # "yes" (or a ticked box) and a safety question's "not sure" both count for its flag
    # (screening.md); read as the step itself reads them.
    chosen = wizard.read_step([q for q in step if q.kind == "bool"], form, form.getlist, library)
    ticked = {key: value for key, value in chosen.items() if value is not False}
    try:
        _, result = usecases.run_screening({**state.answers, **ticked}, library, pg.content_lang)
    except BadInput:
        return pg.finish(Response(status_code=204))
    if result.urgency != "emergency":
        return pg.render("emergency_slot.html", flags=[], labels=LABELS)
    return pg.render("emergency_slot.html", flags=_emergency_flags(library, result), labels=LABELS)


@router.get("/screenings")
def screenings_list(pg: PageDep) -> Response:
    user = pg.require_user()
    records = list(reversed(pg.rt.repo.list_screenings(user.id)))
    return pg.render("screenings.html", records=records, labels=LABELS)


@router.get("/screenings/{screening_id}")
def screening_saved(screening_id: str, pg: PageDep) -> Response:
    user = pg.require_user()
    record = pg.rt.repo.get_screening(user.id, screening_id)
    if record is None:
        from backcare.web.pages import render_error

        return render_error(pg.request, 404, "http")
    from pydantic import ValidationError

    from backcare.domain.screening import ScreeningResult

    try:
        result = ScreeningResult.model_validate(record.result)
    except ValidationError:
        # Saved by an older version whose result had another shape: screen its answers again.
        _, result = usecases.run_screening(record.answers, pg.rt.library, pg.content_lang)
    return _render_result(pg, record.answers, result, record.id)

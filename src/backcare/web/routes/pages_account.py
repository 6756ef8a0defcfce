"""Pages: sign up, sign in, sign out, and the account (password, export, delete)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, Response

from backcare.errors import BadInput, Conflict
from backcare.services import accounts
from backcare.web import usecases
from backcare.web.deps import CheckedPage, PageDep, client_address
from backcare.web.pages import LABELS

router = APIRouter()

FormText = Annotated[str, Form(max_length=4096)]
LongFormText = Annotated[str, Form(max_length=200_000)]


def _safe_next(url: str) -> str:
    """Only paths on this site: `next` must never send someone elsewhere after sign-in."""
    return url if url.startswith("/") and not url.startswith("//") and "\\" not in url else "/"


def _save_carried_screening(pg: CheckedPage, user_id: str, answers: str) -> str | None:
    """A screening made before signing up, carried in the form, saved now; its page URL."""
    if not answers:
        return None
    try:
        data = json.loads(answers)
        record = usecases.save_screening(
            pg.rt.repo, user_id, data, pg.rt.library, datetime.now(UTC)
        )
    except (ValueError, BadInput):
        return None
    return f"/screenings/{record.id}"


# Screening answers are health data: they reach these forms only in a POST body (the result
# page's "Keep this result" buttons post them, with `carry`), never in a URL, where they would
# sit in the browser's history, the server's logs and any proxy's.


@router.get("/signup")
def signup_form(pg: PageDep, next: str = "/") -> Response:
    return pg.render("signup.html", next=_safe_next(next), answers="", errors={}, email="")


@router.post("/signup")
def signup(
    pg: CheckedPage,
    email: FormText = "",
    password: FormText = "",
    next: FormText = "/",
    answers: LongFormText = "",
    carry: FormText = "",
) -> Response:
    if carry:  # from the result page: show the form, carrying the answers in its body
        return pg.render("signup.html", next=_safe_next(next), answers=answers, errors={}, email="")
    errors: dict[str, str] = {}
    try:
        user = accounts.sign_up(pg.rt.repo, email, password)
    except BadInput as exc:
        errors[exc.key] = exc.message
    except Conflict:
        errors["email"] = pg.gettext("An account with this email already exists. Sign in?")
    if errors:
        return pg.render(
            "signup.html",
            status_code=422,
            next=_safe_next(next),
            answers=answers,
            errors=errors,
            email=email,
        )
    pg.sign_in(accounts.start_session(pg.rt.repo, user, "web"))
    saved = _save_carried_screening(pg, user.id, answers)
    pg.notify("welcome")
    return pg.redirect(saved or _safe_next(next))


@router.get("/signin")
def signin_form(pg: PageDep, next: str = "/") -> Response:
    return pg.render("signin.html", next=_safe_next(next), error=None, email="", answers="")


@router.post("/signin")
def signin(
    pg: CheckedPage,
    email: FormText = "",
    password: FormText = "",
    next: FormText = "/",
    answers: LongFormText = "",
    carry: FormText = "",
) -> Response:
    if carry:
        return pg.render(
            "signin.html", next=_safe_next(next), error=None, email="", answers=answers
        )
    try:
        user = accounts.sign_in(
            pg.rt.repo, email, password, datetime.now(UTC), client_address(pg.request)
        )
    except accounts.TooManyAttempts as exc:
        minutes = max(1, round(exc.retry_after_s / 60))
        message = pg.gettext(
            "Too many failed tries. Please wait about %(minutes)d minutes and try again."
        ) % {"minutes": minutes}
        response = pg.render(
            "signin.html",
            status_code=429,
            next=_safe_next(next),
            error=message,
            email=email,
            answers=answers,
        )
        response.headers["Retry-After"] = str(exc.retry_after_s)
        return response
    except accounts.WrongCredentials:
        return pg.render(
            "signin.html",
            status_code=401,
            next=_safe_next(next),
            error=pg.gettext("That email and password do not match an account."),
            email=email,
            answers=answers,
        )
    if pg.session_token:
        pg.rt.repo.delete_auth_session(pg.session_token)
    pg.sign_in(accounts.start_session(pg.rt.repo, user, "web"))
    saved = _save_carried_screening(pg, user.id, answers)
    return pg.redirect(saved or _safe_next(next))


@router.post("/signout")
def signout(pg: CheckedPage) -> Response:
    if pg.session_token:
        pg.rt.repo.delete_auth_session(pg.session_token)
    pg.sign_out()
    return pg.redirect("/")


@router.get("/account")
def account(pg: PageDep, done: str = "") -> Response:
    user = pg.require_user()
    return pg.render("account.html", account=user, errors={}, done=done, labels=LABELS)


@router.post("/account/password")
def change_password(
    pg: CheckedPage, current_password: FormText = "", new_password: FormText = ""
) -> Response:
    user = pg.require_user()
    try:
        accounts.change_password(pg.rt.repo, user, current_password, new_password)
    except BadInput as exc:
        key = "new_password" if exc.key == "password" else exc.key
        return pg.render(
            "account.html",
            status_code=422,
            account=user,
            errors={key: exc.message},
            done="",
            labels=LABELS,
        )
    # Every session was signed out (a stolen cookie stops working); keep this browser in.
    pg.sign_in(accounts.start_session(pg.rt.repo, user, "web"))
    return pg.redirect("/account?done=password")


@router.get("/account/export.json")
def export_json_file(pg: PageDep) -> Response:
    from backcare.services.export import export_json

    user = pg.require_user()
    return pg.finish(
        JSONResponse(
            export_json(pg.rt.repo, user.id),
            headers={"Content-Disposition": 'attachment; filename="backcare-export.json"'},
        )
    )


@router.get("/account/export/fhir.json")
def export_fhir_file(pg: PageDep) -> Response:
    user = pg.require_user()
    bundle = usecases.fhir_bundle(pg.rt.repo, user.id, pg.rt.library)
    return pg.finish(
        JSONResponse(
            bundle,
            media_type="application/fhir+json",
            headers={"Content-Disposition": 'attachment; filename="backcare-fhir.json"'},
        )
    )


@router.post("/account/delete")
def delete_account(pg: CheckedPage, password: FormText = "") -> Response:
    user = pg.require_user()
    if not accounts.verify_password(password, user.password_hash):
        return pg.render(
            "account.html",
            status_code=422,
            account=user,
            errors={"delete": pg.gettext("That password is not right; nothing was deleted.")},
            done="",
            labels=LABELS,
        )
    accounts.delete_account(pg.rt.repo, user.id)
    pg.sign_out()
    return pg.redirect("/?deleted=1")

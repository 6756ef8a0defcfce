"""API accounts (api.md): sign up, get a bearer token, delete the account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request, Response
from fastapi.responses import JSONResponse

from backcare.errors import BadInput, Conflict
from backcare.services import accounts
from backcare.web.deps import ApiUser, RuntimeDep, bearer_token, client_address
from backcare.web.errors import bad_input_response
from backcare.web.schemas import ErrorOut, TokenOut, UserIn, UserOut

router = APIRouter(prefix="/api/v1", tags=["accounts"])


@router.post(
    "/users",
    status_code=201,
    response_model=UserOut,
    responses={409: {"model": ErrorOut}, 422: {"model": ErrorOut}},
)
def create_user(body: UserIn, rt: RuntimeDep) -> JSONResponse:
    """Create an account: 409 when the email is taken, 422 for a malformed email or a
    password under 10 characters."""
    problems: list[dict[str, object]] = []
    for check, value in (
        (accounts.check_email, body.email),
        (accounts.check_password, body.password),
    ):
        try:
            check(value)
        except BadInput as exc:
            problems.append({"loc": ["body", exc.key], "msg": exc.message, "type": "value_error"})
    if problems:  # every wrong field at once, never the value sent (it may be a password)
        return JSONResponse({"detail": problems}, status_code=422)
    try:
        user = accounts.sign_up(rt.repo, body.email, body.password)
    except BadInput as exc:
        return bad_input_response(exc, where="body")
    except Conflict as exc:
        return JSONResponse({"detail": exc.message}, status_code=409)
    return JSONResponse({"id": user.id, "email": user.email}, status_code=201)


@router.post(
    "/auth/token",
    response_model=TokenOut,
    responses={401: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def create_token(
    request: Request,
    rt: RuntimeDep,
    username: Annotated[str, Form(max_length=320)],
    password: Annotated[str, Form(max_length=1024)],
) -> JSONResponse:
    """OAuth2 password flow: a bearer token for the email (`username`) and password."""
    try:
        user = accounts.sign_in(
            rt.repo, username, password, datetime.now(UTC), client_address(request)
        )
    except accounts.TooManyAttempts as exc:
        return JSONResponse(
            {"detail": str(exc)},
            status_code=429,
            headers={"Retry-After": str(exc.retry_after_s)},
        )
    except accounts.WrongCredentials as exc:
        raise HTTPException(401, detail=str(exc), headers={"WWW-Authenticate": "Bearer"}) from None
    token = accounts.start_session(rt.repo, user, "api")
    return JSONResponse({"access_token": token, "token_type": "bearer"})


@router.get("/users/me", response_model=UserOut, responses={401: {"model": ErrorOut}})
def read_me(user: ApiUser) -> UserOut:
    return UserOut(id=user.id, email=user.email)


@router.delete("/users/me", status_code=204, responses={401: {"model": ErrorOut}})
def delete_me(user: ApiUser, rt: RuntimeDep) -> Response:
    """Delete the account and every record it owns."""
    accounts.delete_account(rt.repo, user.id)
    return Response(status_code=204)


@router.delete("/auth/token", status_code=204, responses={401: {"model": ErrorOut}})
def revoke_token(request: Request, rt: RuntimeDep, _user: ApiUser) -> Response:
    """Sign this token out (it stops working at once)."""
    token = bearer_token(request)
    if token is not None:
        rt.repo.delete_auth_session(token)
    return Response(status_code=204)

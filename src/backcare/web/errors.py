"""How failures are answered: 422 naming each wrong field (never echoing what was sent, which
may be a password), 404 for anything not the caller's, and never a 500 for any input."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from backcare.errors import BadInput, Conflict


def bad_input_response(exc: BadInput, where: str = "body") -> JSONResponse:
    """A service's BadInput as FastAPI's own 422 shape, so clients parse one format."""
    loc: list[str | int] = [where, *[part for part in exc.key.split(".") if part]]
    return JSONResponse(
        {"detail": [{"loc": loc, "msg": exc.message, "type": "value_error"}]}, status_code=422
    )


def not_found(what: str = "record") -> JSONResponse:
    return JSONResponse({"detail": f"{what} not found"}, status_code=404)


def _validation_items(exc: RequestValidationError) -> list[dict[str, Any]]:
    items = []
    for error in exc.errors():
        items.append(
            {
                "loc": [part if isinstance(part, int) else str(part) for part in error["loc"]],
                "msg": str(error.get("msg", "is not valid")),
                "type": str(error.get("type", "value_error")),
            }
        )
    return items


_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE")
_UNPARSEABLE_BODY = "There was an error parsing the body"
_UNPARSEABLE_MSG = "is not valid JSON in UTF-8 (or is nested too deeply)"


def allowed_methods(request: Request) -> list[str]:
    """Every method some route of this path answers, with OPTIONS (for the Allow header)."""
    from starlette.routing import Match, Mount

    methods = {"OPTIONS"}
    # Asks the routes themselves (FastAPI nests included routers), one method at a time.
    routes = [r for r in request.app.router.routes if not isinstance(r, Mount)]
    for method in _METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] is Match.FULL for route in routes):
            methods.add(method)
    return sorted(methods)


def install(app: FastAPI) -> None:
    from backcare.web.deps import CsrfFailed, SignInRequired, sign_in_redirect

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return JSONResponse({"detail": _validation_items(exc)}, status_code=422)

    @app.exception_handler(BadInput)
    async def _bad_input(request: Request, exc: BadInput) -> Response:
        return bad_input_response(exc)

    @app.exception_handler(Conflict)
    async def _conflict(request: Request, exc: Conflict) -> Response:
        # A save that clashes with what is stored (say, an account deleted a moment ago by
        # another worker) is the client's to resolve: 409, never a 500.
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": f"{exc.key}: {exc.message}"}, status_code=409)
        from backcare.web.pages import render_error

        return render_error(request, 409, "conflict")

    @app.exception_handler(SignInRequired)
    async def _sign_in(request: Request, exc: SignInRequired) -> Response:
        return sign_in_redirect(exc.next_url)

    @app.exception_handler(CsrfFailed)
    async def _csrf(request: Request, exc: CsrfFailed) -> Response:
        from backcare.web.pages import render_error

        return render_error(request, 403, "csrf")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers or {})
        if exc.status_code == 405:
            # Starlette names only the first route of the path; every method of it is allowed.
            allow = ", ".join(allowed_methods(request))
            if request.method == "OPTIONS":
                return Response(status_code=204, headers={"Allow": allow})
            headers["Allow"] = allow
        api = request.url.path.startswith("/api/") or request.url.path in (
            "/healthz",
            "/openapi.json",
        )
        if exc.status_code == 400 and exc.detail == _UNPARSEABLE_BODY:
            # FastAPI's answer to a body that is not UTF-8 JSON (or nests past what Python's
            # parser can follow); api.md promises 422 for any bad input.
            return JSONResponse(
                {"detail": [{"loc": ["body"], "msg": _UNPARSEABLE_MSG, "type": "json_invalid"}]},
                status_code=422,
            )
        if api:
            return JSONResponse(
                {"detail": exc.detail}, status_code=exc.status_code, headers=headers
            )
        from backcare.web.pages import render_error

        response = render_error(request, exc.status_code, "http")
        response.headers.update(headers)
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # Logged by the server; the person gets a kind page or a JSON error, not a trace.
        import logging

        logging.getLogger("backcare.web").exception("unexpected error", exc_info=exc)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "something went wrong on our side"}, status_code=500)
        from backcare.web.pages import render_error

        return render_error(request, 500, "server")

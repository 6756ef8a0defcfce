"""What routes share: the runtime (settings, store, library, signer), the signed-in user for
the API (bearer token) and for pages (session cookie), CSRF checks and page rendering.

Nothing here decides a rule; it finds who is asking and hands the request to `services/`.
"""

from __future__ import annotations

import asyncio
import os
import threading
import weakref
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar
from urllib.parse import quote

from fastapi import Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from backcare.domain.records import Record, User
from backcare.web import i18n
from backcare.web.security import (
    BROWSER_COOKIE,
    CSRF_FIELD,
    CSRF_HEADER,
    LANG_COOKIE,
    NOTICE_COOKIE,
    SESSION_COOKIE,
    Signer,
    new_browser_id,
    secret_key,
)

P = ParamSpec("P")
# A save waiting for the next commit: the record, what it is, its JSON texts, its future.
_Queued = tuple[Any, str, "Mapping[str, str]", "asyncio.Future[Exception | None]"]
_NO_TEXTS: dict[str, str] = {}
T = TypeVar("T")
R = TypeVar("R", bound=Record)

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from jinja2_fragments.fastapi import Jinja2Blocks

    from backcare.config import Settings
    from backcare.domain.library import Library
    from backcare.store.repository import SqlRepository


# How long a worker may answer a sign-in session it looked up from memory (store.repos.base.
# SessionCache): its own sign-outs and password changes take effect at once; another worker's
# (or the command line's) within this many seconds.
SESSION_CACHE_S = 5.0

# How often saves waiting for the checkpoint thread's gate try again (Runtime._write_queued).
GATE_RETRY_S = 0.001


class Runtime:
    """One per app: settings, the signer, and the store and library, opened on first use.

    Opening lazily keeps `create_app` cheap (the test client and `--factory` workers build
    apps freely) while every worker still shares only the database, never memory.
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.signer = Signer(secret_key(settings))
        self._repo: SqlRepository | None = None
        self._library: Library | None = None
        self._lock = threading.Lock()
        self._write_lock = threading.Lock()
        # Saves queued for the next commit (`save`), per event loop (one in a worker; the
        # test client runs one per client).
        self._queues: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, list[_Queued]] = (
            weakref.WeakKeyDictionary()
        )
        self._templates: dict[str, Jinja2Blocks] = {}
        # Pages as every visitor sees them (Page._visitor_page): body by page, language, key.
        self.visitor_pages: dict[tuple[Any, ...], bytes] = {}
        self.pid = os.getpid()
        self.sqlite = settings.database.startswith("sqlite")

    @property
    def repo(self) -> SqlRepository:
        if self._repo is None:
            with self._lock:
                if self._repo is None:
                    from backcare.store import open_repository

                    self._repo = open_repository(
                        self.settings.database,
                        session_cache_s=SESSION_CACHE_S,
                        background_checkpoints=True,
                    )
        return self._repo

    @property
    def library(self) -> Library:
        """The content library, loaded once per process (it is read-only data)."""
        if self._library is None:
            with self._lock:  # one thread loads it; the others wait for that copy
                if self._library is None:
                    from backcare.content import load_library

                    self._library = load_library()
        return self._library

    def writing(self) -> AbstractContextManager[object]:
        """Queues this process's writes to SQLite one after another.

        SQLite takes one writer at a time; threads that find the lock taken wait in its busy
        handler, which sleeps in growing steps and gave a p99 above a second under load.
        Waiting on a mutex instead serves them in turn. PostgreSQL needs no queue.
        """
        return self._write_lock if self.sqlite else nullcontext()

    async def db(self, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
        """Runs a short store call from an async route: in place on SQLite, in a worker
        thread on PostgreSQL.

        A SQLite query is a function call into a local file (a token look-up or an insert
        takes a few tenths of a millisecond, and holds the GIL most of that time); handing
        it to a worker thread and back cost more than the query and, with 40 threads
        taking turns at the GIL and the write lock, multiplied the tail latency
        (bench/bench_web.py). In WAL mode readers never wait for a writer, and this
        process's writes queue on `writing()`; only another process's write (the CLI) can
        make a call wait, for as long as that one transaction. PostgreSQL is a network round
        trip, which must not block the event loop.
        """
        if self.sqlite:
            return call(*args, **kwargs)
        return await run_in_threadpool(call, *args, **kwargs)

    async def save(
        self, record: R, what: str = "record", texts: Mapping[str, str] = _NO_TEXTS
    ) -> R:
        """Saves one record (`repo.add_each`, with its JSON `texts` when already written);
        raises its `Conflict` or `BadInput`.

        On SQLite, the saves that requests reach in the same turn of the event loop go
        together, in one transaction, right after that turn (group commit): a commit wrote
        a page of the table and of each index for one row, and under load one insert per
        request took a POST from 0.85x to 0.32x of the bare echo's rate (bench_web.py
        --floor). Each response still waits for its record's commit. The write runs on the
        event loop, as `db` explains: in a thread it waited for the GIL after every
        statement while the loop screened. PostgreSQL saves each record in a worker thread.
        """
        if not self.sqlite:
            (outcome,) = await run_in_threadpool(self.repo.add_each, [record], what, [texts])
        else:
            loop = asyncio.get_running_loop()
            waiting: asyncio.Future[Exception | None] = loop.create_future()
            queue = self._queues.get(loop)
            if queue is None:
                queue = self._queues.setdefault(loop, [])
            if not queue:
                loop.call_soon(self._write_queued, queue)
            queue.append((record, what, texts, waiting))
            outcome = await waiting
        if outcome is not None:
            raise outcome
        return record

    def _write_queued(self, queue: list[_Queued]) -> None:
        """Writes the saves queued during the last turn of the event loop, in one commit.

        While the store's checkpoint thread holds its gate (store/checkpoint.py: it is
        finishing the checkpoint that lets the log restart, 8-28 ms of copying and syncing
        measured under full load), the saves wait and the loop goes on serving; they are
        tried again every GATE_RETRY_S. Writing then would have made the checkpoint miss the
        log's end, and the committing connection restarting the log itself stalled the loop
        for 15-20 ms every 1.6 s under make bench's load.
        """
        checkpointer = self.repo.checkpointer
        gate = checkpointer.gate if checkpointer is not None else None
        if gate is not None and not gate.acquire(blocking=False):
            asyncio.get_running_loop().call_later(GATE_RETRY_S, self._write_queued, queue)
            return
        batch = queue[:]
        queue.clear()
        what = batch[0][1] if len({entry[1] for entry in batch}) == 1 else "record"
        try:
            with self.writing():
                outcomes = self.repo.add_each(
                    [entry[0] for entry in batch], what, [entry[2] for entry in batch]
                )
        except Exception as exc:  # the transaction failed: every save in it did
            outcomes = [exc] * len(batch)
        finally:
            if gate is not None:
                gate.release()
        for (_record, _what, _texts, waiting), outcome in zip(batch, outcomes, strict=True):
            if not waiting.done():  # not cancelled (its client went away)
                waiting.set_result(outcome)

    def templates(self, lang: str) -> Jinja2Blocks:
        found = self._templates.get(lang)
        if found is None:
            from backcare.web.templating import make_templates

            found = self._templates.setdefault(lang, make_templates(lang))
        return found

    def close(self) -> None:
        if self._repo is not None:
            self._repo.close()
            self._repo = None


def client_address(request: Request) -> str:
    """The address sign-in tries are counted under (uvicorn's --proxy-headers puts the
    real client's here when it runs behind a trusted proxy)."""
    return request.client.host if request.client is not None else "unknown"


async def runtime(request: Request) -> Runtime:
    """The app's runtime (async: a plain attribute read needs no worker thread)."""
    found: Runtime = request.app.state.runtime
    return found


RuntimeDep = Annotated[Runtime, Depends(runtime)]


# -- the JSON API: bearer tokens ----------------------------------------------------------


def _unauthorised(detail: str) -> HTTPException:
    return HTTPException(401, detail=detail, headers={"WWW-Authenticate": "Bearer"})


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


async def api_user(request: Request) -> User:
    """The user of a valid bearer token; 401 otherwise (api.md).

    Async, so the look-up runs through `Runtime.db` instead of a worker thread of its own;
    it reads the runtime itself, as `page` does (one dependency fewer on every API call).
    """
    rt: Runtime = request.app.state.runtime
    token = bearer_token(request)
    if token is None:
        raise _unauthorised("sign in first: send Authorization: Bearer <token>")
    user = await rt.db(rt.repo.user_for_session, token, "api")
    if user is None:
        raise _unauthorised("the token is not valid or has expired")
    return user


ApiUser = Annotated[User, Depends(api_user)]


# -- pages: session cookie, CSRF, language ------------------------------------------------


# At most this many visitor pages are kept (keys come from routes, not from requests).
VISITOR_PAGES = 64

# The confirmations a page may show once (their words are in base.html).
NOTICES = frozenset({"welcome"})


class SignInRequired(Exception):  # noqa: N818 (a redirect, not a fault)
    """Raised by page routes that need an account; answered with a redirect to sign in."""

    def __init__(self, next_url: str) -> None:
        self.next_url = next_url


class CsrfFailed(Exception):  # noqa: N818
    """A form post without a valid CSRF token: answered 403 with a page to reload."""


class _LazyToken:
    """The page's CSRF token as a template value, made only if the template shows it.

    A page without a form (the landing page for a visitor) then hands out no token, so it
    needs no browser-id cookie: the reader gets no cookie and the request saves the work.
    """

    __slots__ = ("_page",)

    def __init__(self, page: Page) -> None:
        self._page = page

    def __str__(self) -> str:
        return self._page.csrf_token

    def __html__(self) -> str:  # Jinja's autoescape asks for this; the token is hex
        return self._page.csrf_token


@dataclass
class Page:
    """Who is asking and in which language, for one page request; renders templates and
    sets the cookies a response needs (the browser id before sign-in, the language)."""

    request: Request
    rt: Runtime
    user: User | None
    session_token: str | None
    browser_id: str
    lang: str
    set_browser_cookie: bool = False
    set_lang_cookie: bool = False
    extra_cookies: dict[str, str | None] = field(default_factory=dict)
    token_shown: bool = False  # a CSRF token went out: the browser id must be kept

    @property
    def content_lang(self) -> str:
        return i18n.CONTENT_LANG.get(self.lang, "en")

    @property
    def csrf_seed(self) -> str:
        return self.session_token or self.browser_id

    @property
    def csrf_token(self) -> str:
        self.token_shown = True
        return self.rt.signer.csrf_token(self.csrf_seed)

    def gettext(self, message: str) -> str:
        return i18n.translations(self.lang).gettext(message)

    def require_user(self) -> User:
        if self.user is None:
            path = self.request.url.path
            if self.request.url.query:
                path += "?" + self.request.url.query
            raise SignInRequired(path)
        return self.user

    def notify(self, notice: str) -> None:
        """A one-time confirmation for the next page this browser shows (after a redirect)."""
        self.extra_cookies[NOTICE_COOKIE] = notice

    def context(self, **values: Any) -> dict[str, Any]:
        notice = self.request.cookies.get(NOTICE_COOKIE)
        if notice and NOTICE_COOKIE not in self.extra_cookies:
            self.extra_cookies[NOTICE_COOKIE] = None  # shown once
        return {
            "notice": notice if notice in NOTICES else None,
            "request": self.request,
            "user": self.user,
            "csrf_token": _LazyToken(self),
            "csrf_field": CSRF_FIELD,
            "lang": self.lang,
            "html_lang": i18n.HTML_LANG.get(self.lang, "en"),
            "content_lang": self.content_lang,
            "path": self.request.url.path,
            "is_htmx": self.is_htmx,
            **values,
        }

    @property
    def is_htmx(self) -> bool:
        return self.request.headers.get("hx-request") == "true"

    def render(
        self,
        template: str,
        status_code: int = 200,
        block: str | None = None,
        visitor_key: tuple[Any, ...] | None = None,
        **values: Any,
    ) -> Response:
        """A full page, or only `block` for an htmx request when a block is named.

        `visitor_key` names what, besides the language, the page shows a visitor (the
        route's values): a page that is the same for every visitor is then rendered once
        per key and kept (`_visitor_page`)."""
        if visitor_key is not None:
            return self._visitor_page(template, status_code, block, visitor_key, values)
        templates = self.rt.templates(self.lang)
        context = self.context(**values)
        if block is not None and self.is_htmx:
            response: Response = templates.TemplateResponse(
                self.request, template, context, status_code=status_code, block_name=block
            )
        else:
            response = templates.TemplateResponse(
                self.request, template, context, status_code=status_code
            )
        return self.finish(response)

    def _visitor_key(
        self, template: str, status_code: int, block: str | None, visitor_key: tuple[Any, ...]
    ) -> tuple[Any, ...] | None:
        """Where the page a visitor sees is kept; None when this request is not a visitor's
        (a session, or a one-time notice to show)."""
        if self.user is not None or self.request.cookies.get(NOTICE_COOKIE):
            return None
        scope = self.request.scope
        path = (scope.get("root_path", ""), scope["path"])
        return (template, status_code, self.is_htmx, block, self.lang, path, visitor_key)

    def kept_page(
        self,
        template: str,
        visitor_key: tuple[Any, ...],
        status_code: int = 200,
        block: str | None = None,
    ) -> Response | None:
        """The page as every visitor sees it, when it is kept and this is a visitor."""
        key = self._visitor_key(template, status_code, block, visitor_key)
        body = self.rt.visitor_pages.get(key) if key is not None else None
        if body is None:
            return None
        return self.finish(HTMLResponse(body, status_code=status_code))

    def _visitor_page(
        self,
        template: str,
        status_code: int,
        block: str | None,
        visitor_key: tuple[Any, ...],
        values: dict[str, Any],
    ) -> Response:
        """A page as every visitor sees it: kept once rendered, per language and key.

        Only for a visitor (no session) with no one-time notice to show, and only kept when
        the page handed out no CSRF token (a token is the visitor's own). Templates are
        compiled once per process (`auto_reload=False`), so the page cannot change after it
        is kept. The cookies and headers of the response are still made for each request.
        """
        key = self._visitor_key(template, status_code, block, visitor_key)
        if key is None:
            return self.render(template, status_code, block, **values)
        body = self.rt.visitor_pages.get(key)
        if body is not None:
            return self.finish(HTMLResponse(body, status_code=status_code))
        self.token_shown = False
        rendered = self.render(template, status_code, block, **values)
        kept = self.rt.visitor_pages
        if not self.token_shown and isinstance(rendered.body, bytes) and len(kept) < VISITOR_PAGES:
            kept[key] = rendered.body
        return rendered

    def redirect(self, url: str) -> Response:
        """303 See Other after a form post; htmx follows it with HX-Location semantics."""
        if self.is_htmx:
            response: Response = Response(status_code=204, headers={"HX-Redirect": url})
        else:
            response = RedirectResponse(url, status_code=303)
        return self.finish(response)

    def finish(self, response: Response) -> Response:
        secure = self.rt.settings.https or self.request.url.scheme == "https"
        if self.set_browser_cookie and self.token_shown and self.session_token is None:
            response.set_cookie(
                BROWSER_COOKIE,
                self.rt.signer.sign(self.browser_id),
                max_age=365 * 24 * 3600,
                httponly=True,
                samesite="lax",
                secure=secure,
            )
        if self.set_lang_cookie:
            response.set_cookie(
                LANG_COOKIE, self.lang, max_age=365 * 24 * 3600, samesite="lax", secure=secure
            )
        for name, value in self.extra_cookies.items():
            if value is None:
                response.delete_cookie(name, samesite="lax", secure=secure, httponly=True)
            else:
                response.set_cookie(
                    name,
                    value,
                    max_age=14 * 24 * 3600,
                    httponly=True,
                    samesite="lax",
                    secure=secure,
                )
        if "cache-control" not in response.headers:
            response.headers["cache-control"] = "no-store"
        response.headers["vary"] = "Cookie, Accept-Language, HX-Request"
        return response

    # sessions
    def sign_in(self, token: str) -> None:
        self.session_token = token
        self.extra_cookies[SESSION_COOKIE] = self.rt.signer.sign(token)

    def sign_out(self) -> None:
        self.session_token = None
        self.user = None
        self.extra_cookies[SESSION_COOKIE] = None


async def page(request: Request) -> Page:
    """Who asks for a page. It reads the runtime itself rather than through `RuntimeDep`:
    one dependency fewer to solve on every page."""
    rt: Runtime = request.app.state.runtime
    signer = rt.signer
    token = signer.unsign(request.cookies.get(SESSION_COOKIE))
    user = None
    if token:
        # Only a visitor with a session cookie costs a database look-up (see Runtime.db).
        user = await rt.db(rt.repo.user_for_session, token, "web")
    if user is None:
        token = None
    browser_id = signer.unsign(request.cookies.get(BROWSER_COOKIE))
    fresh = browser_id is None
    query_lang = request.query_params.get("lang")
    lang = i18n.choose(
        query_lang,
        request.cookies.get(LANG_COOKIE),
        request.headers.get("accept-language"),
        rt.settings.lang,
    )
    return Page(
        request=request,
        rt=rt,
        user=user,
        session_token=token,
        browser_id=browser_id or new_browser_id(),
        lang=lang,
        set_browser_cookie=fresh,
        set_lang_cookie=i18n.normalise(query_lang) is not None,
    )


PageDep = Annotated[Page, Depends(page)]


async def checked_page(request: Request, pg: PageDep) -> Page:
    """A page request whose form (or X-CSRF-Token header) carries this visitor's token."""
    token = request.headers.get(CSRF_HEADER)
    if token is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            token = value if isinstance(value, str) else None
    if not pg.rt.signer.csrf_ok(pg.csrf_seed, token):
        raise CsrfFailed()
    return pg


CheckedPage = Annotated[Page, Depends(checked_page)]


def sign_in_redirect(next_url: str) -> RedirectResponse:
    safe = next_url if next_url.startswith("/") and not next_url.startswith("//") else "/"
    return RedirectResponse(f"/signin?next={quote(safe)}", status_code=303)

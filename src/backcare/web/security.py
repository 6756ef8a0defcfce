"""Secrets, signed session cookies, CSRF tokens and the security headers of every response.

The session cookie holds only a random id, signed so a forged one is turned away before the
database is asked; the session row itself lives in the database (no state in the process).
CSRF tokens are an HMAC of the visitor's session id (or, before sign-in, of a random
per-browser id), so any worker can check them without storing anything.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path
from typing import TYPE_CHECKING

from itsdangerous import BadSignature, URLSafeSerializer

from backcare.web.scope import route_path

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from backcare.config import Settings

SESSION_COOKIE = "backcare_session"
BROWSER_COOKIE = "backcare_browser"  # the pre-sign-in CSRF seed
LANG_COOKIE = "backcare_lang"
NOTICE_COOKIE = "backcare_notice"  # a one-time confirmation ("welcome") for the next page
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"

# No inline script or style anywhere: htmx is told not to inject its indicator style.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; media-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Figures and charts are SVG documents with their own styles and animations; they are shown
# through <img>, and opened alone they may style themselves but never run anything.
SVG_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'"
)


def secret_key(settings: Settings) -> str:
    """BACKCARE_SECRET_KEY, or a random key made once and kept beside the data (never in git).

    Several workers may start at once: the first creates the file exclusively, the others
    read it.
    """
    if settings.secret_key:
        return settings.secret_key
    path = Path(settings.data_dir) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # another worker may be writing it this instant
            value = path.read_text(encoding="ascii").strip()
            if value:
                return value
            import time

            time.sleep(0.02)
        raise RuntimeError(f"the secret key file {path} is empty") from None
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value


class Signer:
    """Signs cookie values and makes CSRF tokens from one secret."""

    def __init__(self, key: str) -> None:
        self._key = key.encode()
        self._cookies = URLSafeSerializer(key, salt="backcare.cookie")

    def sign(self, value: str) -> str:
        return str(self._cookies.dumps(value))

    def unsign(self, signed: str | None) -> str | None:
        if not signed:
            return None
        try:
            value = self._cookies.loads(signed)
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    def csrf_token(self, seed: str) -> str:
        return hmac.new(self._key, b"csrf:" + seed.encode(), hashlib.sha256).hexdigest()

    def csrf_ok(self, seed: str | None, token: str | None) -> bool:
        if not seed or not token:
            return False
        return hmac.compare_digest(self.csrf_token(seed), token)


def new_browser_id() -> str:
    return secrets.token_urlsafe(24)


_CSP = CONTENT_SECURITY_POLICY.encode()
_SVG_CSP = SVG_CONTENT_SECURITY_POLICY.encode()
_FIXED_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
)


# The API's answers (OWASP REST Security Cheat Sheet, "Security headers"): health data is
# never kept by a browser or proxy, and an answer opened as a page loads, runs and frames
# nothing. The pages' document headers (script policy, Referrer-Policy, COOP,
# Permissions-Policy) govern documents, which an API answer is not.
API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'"
_API_HEADERS = (
    (b"cache-control", b"no-store"),
    (b"content-security-policy", API_CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
)
_API_HEADER_NAMES = frozenset(name for name, _ in _API_HEADERS)


def _api_path(scope: Scope) -> bool:
    """Whether the request is for the JSON API (`/api/...` below the app's root path)."""
    return route_path(scope).startswith("/api/")


class SecurityHeaders:
    """Adds the security headers to every response (one plain ASGI middleware: each layer
    wraps every response message again): the API's set to `/api/...`, the pages' set to
    everything else. Nothing about the process is told: no worker id.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _api_path(scope):

            async def send_with_api_headers(message: Message) -> None:
                if message["type"] == "http.response.start":
                    # No API route sets these itself; whatever did is replaced, not doubled.
                    headers = [
                        (name, value)
                        for name, value in message.get("headers", [])
                        if name.lower() not in _API_HEADER_NAMES
                    ]
                    headers.extend(_API_HEADERS)
                    message["headers"] = headers
                await send(message)

            await self.app(scope, receive, send_with_api_headers)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                has_policy = svg = False
                for name, value in headers:
                    lower = name.lower()
                    if lower == b"content-security-policy":
                        has_policy = True
                    elif lower == b"content-type":
                        svg = value.startswith(b"image/svg")
                if not has_policy:
                    headers.append((b"content-security-policy", _SVG_CSP if svg else _CSP))
                headers.extend(_FIXED_HEADERS)
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)

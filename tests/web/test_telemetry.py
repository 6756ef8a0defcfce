"""FastAPI's own OpenTelemetry export is off unless the operator turns it on
(`BACKCARE_TELEMETRY=1`): requests to a health app name its records in their paths, and a
platform that configures OpenTelemetry for every process must not start shipping them
unasked. Off, a request also skips FastAPI's per-request check for a configured provider
(2.5 us of a POST /api/v1/screenings)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.telemetry import _asgi
from opentelemetry import trace
from starlette.testclient import TestClient

from backcare.config import Settings
from backcare.web.app import create_app


class _SomeProvider:
    """Stands for a provider an operator (or a platform) configured: not one of the API's
    deferred placeholders, so FastAPI takes tracing to be wanted."""


@pytest.fixture
def observed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths of the requests FastAPI's telemetry handled (passed straight through)."""
    seen: list[str] = []

    async def handled(
        self: Any, *, app: Any, scope: Any, receive: Any, send: Any, **_: Any
    ) -> None:
        seen.append(scope["path"])
        await app(scope, receive, send)

    monkeypatch.setattr(trace, "get_tracer_provider", lambda: _SomeProvider())
    monkeypatch.setattr(_asgi.NativeTelemetry, "__call__", handled)
    return seen


def test_requests_are_not_traced_by_default(observed: list[str]) -> None:
    with TestClient(create_app(Settings())) as client:
        assert client.get("/healthz").status_code == 200
    assert observed == []


def test_an_operator_can_turn_telemetry_on(
    observed: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACKCARE_TELEMETRY", "1")
    with TestClient(create_app(Settings())) as client:
        assert client.get("/healthz").status_code == 200
    assert observed == ["/healthz"]

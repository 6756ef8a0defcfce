"""`POST /api/v1/screenings` is answered before routing when nothing about it is unusual
(web/app.py, ScreeningFastPath). Whatever the request, the answer is the route's: each case
here is sent with the fast path and with it turned off, and the two answers must match."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from backcare.web import app as web_app
from tests.web.conftest import ApiUser

VALID = {"age": 46, "regions": ["low_back"], "pain_now": 5, "fever": False}

# (name, body bytes, content type, which token)
CASES: list[tuple[str, bytes, str | None, str]] = [
    ("valid", b'{"age": 46, "regions": ["low_back"], "pain_now": 5}', "application/json", "own"),
    ("valid, charset", b'{"age": 70, "fever": true}', "application/json; charset=utf-8", "own"),
    ("unknown key", b'{"age": 46, "agee": 3}', "application/json", "own"),
    ("out of range", b'{"age": 4}', "application/json", "own"),
    ("NaN", b'{"age": 46, "pain_now": NaN}', "application/json", "own"),
    ("a list", b"[1, 2]", "application/json", "own"),
    ("not JSON", b"{age: 46", "application/json", "own"),
    ("not UTF-8", b'{"age": "\xff"}', "application/json", "own"),
    ("empty body", b"", "application/json", "own"),
    ("deeply nested", b"[" * 5000 + b"]" * 5000, "application/json", "own"),
    # Where orjson (the fast path's decoder) and the json module (the route's) part ways:
    ("beyond 64 bits", b'{"age": 123456789012345678901234567890}', "application/json", "own"),
    ("beyond a float", b'{"age": 46, "pain_now": 1e400}', "application/json", "own"),
    ("a lone surrogate", b'{"age": 46, "sex": "\\ud800"}', "application/json", "own"),
    ("a key twice", b'{"age": 4, "age": 46, "fever": false}', "application/json", "own"),
    ("a float age", b'{"age": 46.0, "pain_now": 5}', "application/json", "own"),
    ("text/plain", b'{"age": 46}', "text/plain", "own"),
    ("no content type", b'{"age": 46}', None, "own"),
    ("no token", b'{"age": 46}', "application/json", "none"),
    ("bad token", b'{"age": 46}', "application/json", "bad"),
]

UNSTABLE = ("id", "created_at")  # made anew by each save


def _send(client: TestClient, owner: ApiUser, body: bytes, kind: str | None, token: str) -> Any:
    headers: dict[str, str] = {}
    if kind is not None:
        headers["Content-Type"] = kind
    if token == "own":
        headers.update(owner.headers)
    elif token == "bad":
        headers["Authorization"] = "Bearer not-a-token"
    return client.post("/api/v1/screenings", content=body, headers=headers)


def _comparable(response: httpx.Response) -> tuple[int, dict[str, str], Any]:
    headers = {k: v for k, v in response.headers.items() if k not in ("date", "content-length")}
    try:
        body = response.json()
    except ValueError:
        body = response.text
    if isinstance(body, dict):
        body = {k: v for k, v in body.items() if k not in UNSTABLE}
    return response.status_code, headers, body


@pytest.mark.parametrize(("name", "body", "kind", "token"), CASES, ids=[c[0] for c in CASES])
def test_the_fast_path_answers_as_the_route_does(
    client: TestClient,
    owner: ApiUser,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    body: bytes,
    kind: str | None,
    token: str,
) -> None:
    fast = _send(client, owner, body, kind, token)
    with monkeypatch.context() as off:
        off.setattr(web_app.ScreeningFastPath, "_answer", _never)
        routed = _send(client, owner, body, kind, token)
    assert _comparable(fast) == _comparable(routed), name


async def _never(*_args: object) -> None:
    return None


def test_the_fast_path_answers_a_plain_request_itself(
    client: TestClient, owner: ApiUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a test that cannot fail: with the route's own function made to fail, the plain
    request is still answered (by the fast path), and an unusual one is not."""
    from backcare.web.routes import api_records

    def no_route(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("routed")

    monkeypatch.setattr(api_records.create_screening, "__code__", no_route.__code__)
    answered = client.post("/api/v1/screenings", json=VALID, headers=owner.headers)
    assert answered.status_code == 201
    saved = client.get(f"/api/v1/screenings/{answered.json()['id']}", headers=owner.headers)
    assert saved.status_code == 200
    assert saved.json()["urgency"] == answered.json()["urgency"]


def test_each_request_is_saved_once(client: TestClient, owner: ApiUser) -> None:
    for _ in range(3):
        assert client.post("/api/v1/screenings", json=VALID, headers=owner.headers).is_success
    client.post("/api/v1/screenings", json={"age": 4}, headers=owner.headers)  # refused
    listed = client.get("/api/v1/screenings", headers=owner.headers).json()
    assert len(listed) == 3


def test_another_users_token_saves_for_that_user(
    client: TestClient, owner: ApiUser, other: ApiUser
) -> None:
    made = client.post("/api/v1/screenings", json=VALID, headers=other.headers).json()
    assert client.get(f"/api/v1/screenings/{made['id']}", headers=owner.headers).status_code == 404
    assert client.get(f"/api/v1/screenings/{made['id']}", headers=other.headers).is_success


def test_a_streamed_oversized_screening_is_413_and_nothing_is_saved(
    client: TestClient, owner: ApiUser
) -> None:
    from backcare.limits import MAX_FILE_BYTES
    from tests.web.test_body_limit import _chunks

    response = client.post(
        "/api/v1/screenings",
        content=_chunks(MAX_FILE_BYTES + 2_000_000),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert client.get("/api/v1/screenings", headers=owner.headers).json() == []


def test_the_answer_is_the_saved_screening_byte_for_byte(
    client: TestClient, owner: ApiUser
) -> None:
    """The result's JSON is written once (store.jsontext.record_json) for the row and the
    answer: the 201 is exactly the saved record as `screening_json` writes it, and reading
    it back gives the same document."""
    from pydantic_core import to_json

    from backcare.web import usecases

    answered = client.post("/api/v1/screenings", json=VALID, headers=owner.headers)
    assert answered.status_code == 201
    runtime = client.app.state.runtime  # type: ignore[attr-defined]
    record = runtime.repo.get_screening(owner.id, answered.json()["id"])
    assert record is not None
    assert answered.content == to_json(usecases.screening_json(record))
    read = client.get(f"/api/v1/screenings/{record.id}", headers=owner.headers)
    assert read.json() == answered.json()
    assert list(answered.json())[-2:] == ["id", "created_at"]


@pytest.mark.parametrize(
    "body",
    [
        # No range stops these: the json module keeps the integer, orjson makes it a float
        # (pydantic then refuses it for an integer answer: the route answers).
        b'{"age": 46, "morning_stiffness_minutes": 123456789012345678901234567890}',
        b'{"age": 46, "duration_weeks": 123456789012345678901234567890}',
        b'{"age": 46, "morning_stiffness_minutes": 9223372036854775807, "duration_weeks": 1e300}',
    ],
)
def test_the_answers_saved_are_those_the_route_saves(
    client: TestClient, owner: ApiUser, monkeypatch: pytest.MonkeyPatch, body: bytes
) -> None:
    """The export gives the saved answers back: a request the fast path answered keeps
    the same answers as one the route answered, not the fast decoder's reading of them."""
    headers = {**owner.headers, "Content-Type": "application/json"}
    assert client.post("/api/v1/screenings", content=body, headers=headers).status_code == 201
    with monkeypatch.context() as off:
        off.setattr(web_app.ScreeningFastPath, "_answer", _never)
        assert client.post("/api/v1/screenings", content=body, headers=headers).status_code == 201
    saved = client.get("/api/v1/export", headers=owner.headers).json()["screenings"]
    assert len(saved) == 2
    assert saved[0]["answers"] == saved[1]["answers"]

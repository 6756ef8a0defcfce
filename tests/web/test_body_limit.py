"""A request body has a ceiling: a client that sends more than the largest file backcare
takes (limits.MAX_FILE_BYTES, the CLI import cap) gets 413 before the body is read into
memory, and nothing already saved is touched."""

from __future__ import annotations

from collections.abc import Iterator

from fastapi.testclient import TestClient

from backcare.limits import MAX_FILE_BYTES
from tests.web.conftest import ApiUser

CHUNK = b" " * 1_000_000


def _chunks(total: int) -> Iterator[bytes]:
    """A body sent chunked (no Content-Length), so only counting what arrives can stop it."""
    sent = 0
    while sent < total:
        yield CHUNK
        sent += len(CHUNK)


def test_a_declared_oversized_body_is_413(client: TestClient, owner: ApiUser) -> None:
    response = client.post(
        "/api/v1/import",
        content=b"{}",
        headers={**owner.headers, "Content-Length": str(MAX_FILE_BYTES + 1)},
    )
    assert response.status_code == 413
    assert "larger than" in response.json()["detail"]


def test_a_streamed_oversized_body_is_413_and_saved_data_stays(
    client: TestClient, owner: ApiUser
) -> None:
    saved = client.post(
        "/api/v1/diary", json={"date": "2026-11-01", "pain": 4}, headers=owner.headers
    )
    assert saved.status_code == 201, saved.text
    response = client.post(
        "/api/v1/import",
        content=_chunks(MAX_FILE_BYTES + len(CHUNK)),
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 413
    diary = client.get("/api/v1/diary", headers=owner.headers).json()
    assert [entry["pain"] for entry in diary] == [4]


def test_a_body_under_the_ceiling_is_read(client: TestClient, owner: ApiUser) -> None:
    response = client.post(
        "/api/v1/diary", json={"date": "2026-11-02", "pain": 3}, headers=owner.headers
    )
    assert response.status_code == 201

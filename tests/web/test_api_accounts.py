"""API accounts (api.md): sign-up, tokens, throttling, deleting an account."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backcare.services import accounts
from tests.web.conftest import CALM_ANSWERS, PASSWORD, ApiUser, make_api_user, new_email


def test_sign_up_answers_201_with_id_and_email(client: TestClient) -> None:
    email = new_email()
    response = client.post("/api/v1/users", json={"email": email, "password": PASSWORD})
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == email
    assert len(body["id"]) == 32


def test_taken_email_answers_409_whatever_its_case(client: TestClient, owner: ApiUser) -> None:
    response = client.post(
        "/api/v1/users", json={"email": owner.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 409


def test_malformed_email_and_short_password_are_both_named(client: TestClient) -> None:
    response = client.post("/api/v1/users", json={"email": "not-an-email", "password": "123456789"})
    assert response.status_code == 422
    named = {tuple(item["loc"]) for item in response.json()["detail"]}
    assert named == {("body", "email"), ("body", "password")}
    # The password sent is never echoed back.
    assert "123456789" not in response.text


def test_a_password_of_exactly_ten_characters_is_enough(client: TestClient) -> None:
    # Ten characters that are not easy to guess (issue 15 refuses "x" * 10 as a repeat).
    response = client.post("/api/v1/users", json={"email": new_email(), "password": "k7#Vq2!mZp"})
    assert response.status_code == 201


def test_missing_fields_answer_422(client: TestClient) -> None:
    assert client.post("/api/v1/users", json={"email": new_email()}).status_code == 422
    assert client.post("/api/v1/users", content=b"{not json").status_code == 422
    assert client.post("/api/v1/auth/token", data={"username": "a@b.cd"}).status_code == 422


def test_token_for_the_right_password_and_401_for_a_wrong_one(
    client: TestClient, owner: ApiUser
) -> None:
    good = client.post("/api/v1/auth/token", data={"username": owner.email, "password": PASSWORD})
    assert good.status_code == 200
    assert good.json()["token_type"] == "bearer"
    assert good.json()["access_token"]
    bad = client.post("/api/v1/auth/token", data={"username": owner.email, "password": "nope"})
    assert bad.status_code == 401
    unknown = client.post(
        "/api/v1/auth/token", data={"username": "nobody@example.org", "password": PASSWORD}
    )
    assert unknown.status_code == 401


def test_repeated_failures_are_refused_with_429_even_with_the_right_password(
    client: TestClient, owner: ApiUser
) -> None:
    statuses = [
        client.post(
            "/api/v1/auth/token", data={"username": owner.email, "password": "wrong guess"}
        ).status_code
        for _ in range(accounts.MAX_FAILURES + 1)
    ]
    assert statuses[: accounts.MAX_FAILURES] == [401] * accounts.MAX_FAILURES
    assert statuses[-1] == 429
    refused = client.post(
        "/api/v1/auth/token", data={"username": owner.email, "password": PASSWORD}
    )
    assert refused.status_code == 429
    assert int(refused.headers["retry-after"]) > 0


def test_throttling_is_per_account(client: TestClient, owner: ApiUser, other: ApiUser) -> None:
    for _ in range(accounts.MAX_FAILURES):
        client.post("/api/v1/auth/token", data={"username": owner.email, "password": "wrong"})
    other_login = client.post(
        "/api/v1/auth/token", data={"username": other.email, "password": PASSWORD}
    )
    assert other_login.status_code == 200


def test_routes_need_a_bearer_token(client: TestClient) -> None:
    assert client.get("/api/v1/screenings").status_code == 401
    missing = client.get("/api/v1/diary")
    assert missing.status_code == 401
    assert missing.headers["www-authenticate"] == "Bearer"
    forged = client.get("/api/v1/diary", headers={"Authorization": "Bearer forged-token"})
    assert forged.status_code == 401
    wrong_scheme = client.get("/api/v1/diary", headers={"Authorization": "Basic abc"})
    assert wrong_scheme.status_code == 401


def test_users_me_names_the_token_owner(client: TestClient, owner: ApiUser) -> None:
    me = client.get("/api/v1/users/me", headers=owner.headers)
    assert me.json() == {"id": owner.id, "email": owner.email}


def test_a_revoked_token_stops_working(client: TestClient, owner: ApiUser) -> None:
    assert client.delete("/api/v1/auth/token", headers=owner.headers).status_code == 204
    assert client.get("/api/v1/users/me", headers=owner.headers).status_code == 401


def test_deleting_the_account_removes_every_record(
    client: TestClient, app: object, owner: ApiUser, other: ApiUser
) -> None:
    client.post("/api/v1/screenings", json=CALM_ANSWERS, headers=owner.headers)
    client.post("/api/v1/diary", json={"date": "2026-01-05", "pain": 3}, headers=owner.headers)
    client.post("/api/v1/diary", json={"date": "2026-01-05", "pain": 5}, headers=other.headers)
    assert client.delete("/api/v1/users/me", headers=owner.headers).status_code == 204
    assert client.get("/api/v1/users/me", headers=owner.headers).status_code == 401
    repo = client.app.state.runtime.repo  # type: ignore[attr-defined]
    assert repo.get_user(owner.id) is None
    assert repo.list_screenings(owner.id) == []
    assert repo.list_diary(owner.id) == []
    # The other person's records are untouched, and the email is free again.
    assert len(repo.list_diary(other.id)) == 1
    again = client.post("/api/v1/users", json={"email": owner.email, "password": PASSWORD})
    assert again.status_code == 201


def test_delete_me_needs_a_token(client: TestClient) -> None:
    assert client.delete("/api/v1/users/me").status_code == 401


def test_production_hashing_is_argon2id_and_verifies() -> None:
    hashed = accounts.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$")
    assert "m=65536" in hashed
    assert accounts.verify_password(PASSWORD, hashed)
    assert not accounts.verify_password("another password", hashed)
    assert not accounts.verify_password(PASSWORD, "not a hash")


def test_two_users_each_get_their_own_token(client: TestClient) -> None:
    first, second = make_api_user(client), make_api_user(client)
    me_first = client.get("/api/v1/users/me", headers=first.headers).json()
    me_second = client.get("/api/v1/users/me", headers=second.headers).json()
    assert me_first["id"] != me_second["id"]

"""Issue 15: every bad input to the API is a clean 4xx (never a 500), the contract says what
the validators enforce, and no response tells which process answered."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.web.conftest import ApiUser

JSON = {"content-type": "application/json"}


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.pg)])
def database(request: pytest.FixtureRequest) -> Iterator[str | None]:
    """Every test here on SQLite and on PostgreSQL: validation happens before either sees it."""
    if request.param == "sqlite":
        yield None
        return
    from tests.store.conftest import fresh_pg_database

    with fresh_pg_database() as url:
        yield url


@pytest.fixture
def app(database: str | None, monkeypatch: pytest.MonkeyPatch) -> FastAPI:
    from backcare.config import get_settings
    from backcare.web.app import create_app

    if database is not None:
        monkeypatch.setenv("BACKCARE_DATABASE_URL", database)
        get_settings.cache_clear()
    return create_app()


def _post(client: TestClient, user: ApiUser, path: str, body: bytes) -> Any:
    return client.post(path, content=body, headers={**user.headers, **JSON})


# -- OPTIONS and 405 ----------------------------------------------------------------------


def test_options_names_every_method_of_the_path(client: TestClient, owner: ApiUser) -> None:
    answer = client.options("/api/v1/diary", headers=owner.headers)
    assert answer.status_code in (204, 405)
    allowed = {m.strip() for m in answer.headers["allow"].split(",")}
    assert {"GET", "POST", "OPTIONS"} <= allowed  # not only the first route's POST


def test_wrong_method_is_405_with_the_full_allow_header(client: TestClient) -> None:
    answer = client.delete("/healthz")
    assert answer.status_code == 405
    assert {m.strip() for m in answer.headers["allow"].split(",")} >= {"GET", "OPTIONS"}
    page = client.put("/diary")
    assert page.status_code == 405
    assert "GET" in page.headers["allow"]


# -- bodies that are not JSON a person could mean -------------------------------------------


@pytest.mark.parametrize(
    "path", ["/api/v1/diary", "/api/v1/import", "/api/v1/screenings", "/api/v1/sessions"]
)
def test_a_body_that_is_not_utf8_is_422(client: TestClient, owner: ApiUser, path: str) -> None:
    answer = _post(client, owner, path, b'{"note": "\xff\xfe"}')
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][0] == "body"


@pytest.mark.parametrize("path", ["/api/v1/import", "/api/v1/screenings", "/api/v1/plans"])
@pytest.mark.parametrize("depth", [200, 5000, 100_000])
def test_deeply_nested_json_is_422(
    client: TestClient, owner: ApiUser, path: str, depth: int
) -> None:
    body = b'{"screenings": ' + b"[" * depth + b"]" * depth + b"}"
    answer = _post(client, owner, path, body)
    assert answer.status_code == 422, answer.text


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["to=9999-12-31", "from=0001-01-01", "from=1000-01-01&to=9999-12-31"]
)
def test_far_query_dates_are_cut_to_the_days_a_record_can_have(
    client: TestClient, owner: ApiUser, query: str
) -> None:
    added = client.post(
        "/api/v1/diary", json={"date": "2026-01-05", "pain": 3}, headers=owner.headers
    )
    assert added.status_code == 201
    listed = client.get(f"/api/v1/diary?{query}", headers=owner.headers)
    assert listed.status_code == 200, listed.text
    assert [e["date"] for e in listed.json()] == ["2026-01-05"]


@pytest.mark.parametrize(
    "query", ["to=0", "from=0", "to=1700000000", "from=2026-02-30", "to=20260105", "to=2026-W02"]
)
def test_query_dates_that_are_not_iso_days_are_422(
    client: TestClient, owner: ApiUser, query: str
) -> None:
    for path in ("/api/v1/diary", "/api/v1/reports/progress.pdf"):
        answer = client.get(f"{path}?{query}", headers=owner.headers)
        assert answer.status_code == 422, (path, answer.text)
        assert answer.json()["detail"][0]["loc"][0] == "query"


@pytest.mark.parametrize("day", ["0001-01-01", "1000-01-01", "1969-12-31", "9999-12-31"])
def test_diary_dates_are_bounded(client: TestClient, owner: ApiUser, day: str) -> None:
    answer = client.post("/api/v1/diary", json={"date": day, "pain": 3}, headers=owner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", "date"]
    assert client.get("/api/v1/diary", headers=owner.headers).json() == []
    # The reports of that person still work.
    assert client.get("/charts/pain.svg").status_code in (200, 303, 401, 404)


def test_diary_keeps_1970_and_today(client: TestClient, owner: ApiUser) -> None:
    for day in ("1970-01-01", datetime.now(UTC).date().isoformat()):
        answer = client.post("/api/v1/diary", json={"date": day, "pain": 3}, headers=owner.headers)
        assert answer.status_code == 201, answer.text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("started_at", "0001-01-01T00:00:00Z"),
        ("started_at", "1000-01-01T08:00:00+00:00"),
        ("started_at", "9999-12-31T23:59:59Z"),
        ("ended_at", "9999-12-31T23:59:59Z"),
    ],
)
def test_session_times_are_bounded(
    client: TestClient, owner: ApiUser, field: str, value: str
) -> None:
    body = {"day": 1, "started_at": "2026-01-05T08:00:00Z", field: value}
    answer = client.post("/api/v1/sessions", json=body, headers=owner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == ["body", field]
    assert client.get("/api/v1/sessions", headers=owner.headers).json() == []


def test_a_session_for_an_id_no_record_can_have_is_422(client: TestClient, owner: ApiUser) -> None:
    body = {"day": 1, "started_at": "2026-01-05T08:00:00Z", "plan_id": "x\x00y"}
    assert client.post("/api/v1/sessions", json=body, headers=owner.headers).status_code == 422


# -- the contract -----------------------------------------------------------------------------


@pytest.fixture
def schema(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def test_openapi_publishes_the_constraints(schema: dict[str, Any]) -> None:
    components = schema["components"]["schemas"]
    user = components["UserIn"]["properties"]
    assert user["password"]["minLength"] == 10
    assert "pattern" in user["email"]
    assert "pattern" in components["SessionIn"]["properties"]["plan_id"]["anyOf"][0]
    for path in ("/api/v1/diary", "/api/v1/reports/progress.pdf"):
        for parameter in schema["paths"][path]["get"]["parameters"]:
            assert parameter["schema"]["anyOf"][0]["pattern"], parameter


def test_openapi_documents_the_fhir_media_type(
    client: TestClient, owner: ApiUser, schema: dict[str, Any]
) -> None:
    content = schema["paths"]["/api/v1/export/fhir"]["get"]["responses"]["200"]["content"]
    assert "application/fhir+json" in content
    served = client.get("/api/v1/export/fhir", headers=owner.headers)
    assert served.headers["content-type"].startswith("application/fhir+json")


def test_no_response_names_the_worker_process(client: TestClient, owner: ApiUser) -> None:
    for answer in (
        client.get("/healthz"),
        client.get("/api/v1/diary", headers=owner.headers),
        client.get("/"),
    ):
        assert not [h for h in answer.headers if "worker" in h.lower()]


def test_report_period_of_an_old_record_is_bounded() -> None:
    """A stray old date (saved before the bounds, or asked for) never makes a report's
    period, and so its work, grow past five years."""
    from backcare import limits
    from backcare.services.progress import period

    class Empty:
        def __getattr__(self, _name: str) -> Any:
            return lambda *_a, **_k: []

    today = date(2026, 11, 20)
    start, end = period(Empty(), "u", date(1, 1, 1), date(9999, 12, 31), today)  # type: ignore[arg-type]
    assert end == today + timedelta(days=1)
    assert (end - start).days < limits.MAX_PERIOD_DAYS


# -- passwords --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password", [" " * 10, "password12", "qwertyuiop", "1234567890", "aaaaaaaaaaaa", "letmein2024"]
)
def test_weak_passwords_are_refused_with_the_reason(client: TestClient, password: str) -> None:
    answer = client.post("/api/v1/users", json={"email": "weak@example.org", "password": password})
    assert answer.status_code == 422, answer.text
    problem = answer.json()["detail"][0]
    assert problem["loc"] == ["body", "password"]
    assert problem["msg"].startswith("this password is too easy to guess: ")
    assert len(problem["msg"]) > len("this password is too easy to guess: ") + 5
    assert password not in problem["msg"]


def test_weak_password_is_refused_on_the_signup_page(client: TestClient) -> None:
    from tests.web.conftest import csrf

    form = client.get("/signup").text
    page = client.post(
        "/signup",
        data={"csrf_token": csrf(form), "email": "weak2@example.org", "password": "password12"},
    )
    assert page.status_code == 422
    assert "too easy to guess" in page.text


def test_a_strong_passphrase_is_welcome(client: TestClient) -> None:
    answer = client.post(
        "/api/v1/users", json={"email": "strong@example.org", "password": "violet kettle stairs"}
    )
    assert answer.status_code == 201, answer.text


# -- what PostgreSQL cannot store -------------------------------------------------------------


def test_nul_in_emails_ids_and_notes_is_422_or_404(client: TestClient, owner: ApiUser) -> None:
    signup = client.post(
        "/api/v1/users", json={"email": "a\u0000b@example.org", "password": "violet kettle stairs"}
    )
    assert signup.status_code == 422
    token = client.post(
        "/api/v1/auth/token", data={"username": "a\u0000b@example.org", "password": "x"}
    )
    assert token.status_code == 401
    note = client.post(
        "/api/v1/diary",
        json={"date": "2026-01-05", "pain": 3, "note": "a\u0000b"},
        headers=owner.headers,
    )
    assert note.status_code == 422
    for path in (
        "/api/v1/screenings/a%00b",
        "/api/v1/plans/a%00b",
        "/api/v1/plans/a%00b/days/1/timeline",
    ):
        assert client.get(path, headers=owner.headers).status_code == 404, path
    long_id = "x" * 40
    assert client.get(f"/api/v1/plans/{long_id}", headers=owner.headers).status_code == 404
    assert client.delete("/api/v1/diary/a%00b", headers=owner.headers).status_code == 404
    put = client.put(
        "/api/v1/diary/a%00b", json={"date": "2026-01-05", "pain": 3}, headers=owner.headers
    )
    assert put.status_code == 404


def test_an_import_with_a_long_id_is_refused_on_every_database(
    client: TestClient, owner: ApiUser
) -> None:
    entry = {
        "id": "x" * 33,
        "date": "2026-01-05",
        "pain": 3,
        "created_at": "2026-01-05T08:00:00Z",
        "updated_at": "2026-01-05T08:00:00Z",
    }
    document = {"schema_version": 1, "diary": [entry]}
    answer = client.post("/api/v1/import", json=document, headers=owner.headers)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"][:2] == ["body", "diary[0]"]
    twins = {
        "schema_version": 1,
        "diary": [{**entry, "id": "a1"}, {**entry, "id": "a1", "pain": 4}],
    }
    assert client.post("/api/v1/import", json=twins, headers=owner.headers).status_code == 422
    assert client.get("/api/v1/diary", headers=owner.headers).json() == []


def test_an_old_date_saved_before_the_bounds_no_longer_breaks_reports(
    app: FastAPI, client: TestClient, browser: TestClient
) -> None:
    """A diary entry dated 0001-01-01 (saved before issue 15) made every chart of that
    person fail for good, and 1000-01-01 made a report take a minute."""
    import time

    from backcare.domain.records import DiaryEntry

    rt = app.state.runtime
    me = browser.get("/account")
    assert me.status_code == 200
    user = next(u for u in _users(rt) if u.email != "local")
    now = datetime.now(UTC)
    for day in (date(1, 1, 1), date(1000, 1, 1)):
        rt.repo.add_diary(
            DiaryEntry(user_id=user.id, date=day, pain=5, created_at=now, updated_at=now)
        )
    began = time.monotonic()
    chart = browser.get("/progress/chart/pain.svg")
    assert chart.status_code == 200, chart.text[:300]
    assert time.monotonic() - began < 20


def _users(rt: Any) -> list[Any]:
    from sqlalchemy import select

    from backcare.store.tables import UserRow

    with rt.repo.engine.connect() as connection:
        return list(connection.execute(select(UserRow.id, UserRow.email)))


def test_a_conflict_from_the_store_is_409_never_500(
    app: Any, client: TestClient, owner: ApiUser, monkeypatch: pytest.MonkeyPatch
) -> None:
    # E.g. the account was deleted by another worker a moment ago (its sign-in may still be
    # remembered there for a few seconds): the save clashes with what is stored.
    from backcare.errors import Conflict

    async def clash(*_: Any, **__: Any) -> None:
        raise Conflict("user", "this account no longer exists")

    monkeypatch.setattr(app.state.runtime, "save", clash)
    response = client.post("/api/v1/screenings", json={"age": 40}, headers=owner.headers)
    assert response.status_code == 409
    assert response.json() == {"detail": "user: this account no longer exists"}

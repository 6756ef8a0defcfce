"""API records (api.md): every owned route checked anonymous, owner and another user, and
every error status."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import CALM_ANSWERS, EMERGENCY_ANSWERS, ApiUser

PROFILE = {"regions": ["low_back"], "equipment": ["mat", "wall", "chair"], "minutes": 20}


def _screening(client: TestClient, user: ApiUser, answers: dict[str, Any]) -> dict[str, Any]:
    response = client.post("/api/v1/screenings", json=answers, headers=user.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _plan(client: TestClient, user: ApiUser, profile: dict[str, Any] = PROFILE) -> dict[str, Any]:
    response = client.post("/api/v1/plans", json=profile, headers=user.headers)
    assert response.status_code == 201, response.text
    return dict(response.json())


def _diary(client: TestClient, user: ApiUser, day: str = "2026-01-05", pain: int = 4) -> str:
    response = client.post(
        "/api/v1/diary",
        json={"date": day, "pain": pain, "regions": ["low_back"], "note": "stiff"},
        headers=user.headers,
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


# -- screenings ---------------------------------------------------------------------------


def test_screening_answers_201_with_the_result_and_id(client: TestClient, owner: ApiUser) -> None:
    body = _screening(client, owner, CALM_ANSWERS)
    for key in ("urgency", "red_flags", "ibp", "causes", "instruments", "exercise", "unanswered"):
        assert key in body
    assert body["id"]
    assert body["exercise"]["allowed"] is True
    urgent = _screening(client, owner, EMERGENCY_ANSWERS)
    assert urgent["urgency"] == "emergency"
    assert "cauda_equina" in {flag["id"] for flag in urgent["red_flags"]}


def test_the_201_body_is_the_screening_as_read_back_and_as_the_engine_gives_it(
    client: TestClient, owner: ApiUser
) -> None:
    from backcare.content import load_library
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.screening import screen

    answers = {**EMERGENCY_ANSWERS, "odi": [1, 2, 3, 4, 5, 0, 1, 2, 3, None], "pain_now": 7}
    response = client.post("/api/v1/screenings", json=answers, headers=owner.headers)
    assert response.status_code == 201
    assert response.headers["content-type"] == "application/json"
    body = response.json()
    url = f"/api/v1/screenings/{body['id']}"
    assert client.get(url, headers=owner.headers).json() == body
    expected = screen(ScreeningAnswers.model_validate(answers), load_library())
    assert {k: v for k, v in body.items() if k not in ("id", "created_at")} == (
        expected.model_dump(mode="json")
    )
    assert datetime.fromisoformat(body["created_at"]).tzinfo is not None


@pytest.mark.parametrize(
    ("answers", "key"),
    [
        ({"age": 5}, "age"),
        ({"age": "forty"}, "age"),
        ({"pain_now": 11}, "pain_now"),
        ({"regions": ["knee"]}, "regions"),
        ({"saddle_numbness": "yes"}, "saddle_numbness"),
        ({"odi": [1, 2]}, "odi"),
        ({"not_a_key": True}, "not_a_key"),
    ],
)
def test_bad_answers_answer_422_naming_the_key(
    client: TestClient, owner: ApiUser, answers: dict[str, Any], key: str
) -> None:
    response = client.post("/api/v1/screenings", json=answers, headers=owner.headers)
    assert response.status_code == 422
    assert any(key in item["loc"] for item in response.json()["detail"])
    assert client.get("/api/v1/screenings", headers=owner.headers).json() == []


@pytest.mark.parametrize("body", [b"[]", b"42", b"null", b"{", b'"text"'])
def test_answers_that_are_not_an_object_answer_422(
    client: TestClient, owner: ApiUser, body: bytes
) -> None:
    response = client.post(
        "/api/v1/screenings",
        content=body,
        headers={**owner.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 422


def test_screenings_three_ways(client: TestClient, owner: ApiUser, other: ApiUser) -> None:
    saved = _screening(client, owner, CALM_ANSWERS)
    url = f"/api/v1/screenings/{saved['id']}"
    assert client.get(url).status_code == 401
    assert client.get(url, headers=owner.headers).json()["id"] == saved["id"]
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.get("/api/v1/screenings/unknown", headers=owner.headers).status_code == 404
    assert client.post("/api/v1/screenings", json=CALM_ANSWERS).status_code == 401
    assert client.get("/api/v1/screenings").status_code == 401
    assert [s["id"] for s in client.get("/api/v1/screenings", headers=owner.headers).json()] == [
        saved["id"]
    ]
    assert client.get("/api/v1/screenings", headers=other.headers).json() == []


# -- plans ------------------------------------------------------------------------------------


def test_plan_answers_201_with_days_and_id(client: TestClient, owner: ApiUser) -> None:
    plan = _plan(client, owner)
    assert plan["id"]
    assert 1 <= len(plan["days"]) <= 7
    assert all(day["minutes"] <= PROFILE["minutes"] for day in plan["days"])
    assert "excluded" in plan
    assert "warnings" in plan


def test_plan_is_refused_409_when_the_latest_screening_forbids_exercise(
    client: TestClient, owner: ApiUser
) -> None:
    _screening(client, owner, CALM_ANSWERS)
    _screening(client, owner, EMERGENCY_ANSWERS)
    response = client.post("/api/v1/plans", json=PROFILE, headers=owner.headers)
    assert response.status_code == 409
    assert response.json()["reasons"]
    assert client.get("/api/v1/plans", headers=owner.headers).json() == []


def test_plan_is_refused_409_after_an_incomplete_screening(
    client: TestClient, owner: ApiUser
) -> None:
    """Amended spec: a screening missing safety answers gives no plan (409), though it has
    no red flag."""
    partial = _screening(client, owner, {"age": 40, "regions": ["low_back"], "pain_now": 3})
    assert partial["complete"] is False
    assert partial["exercise"]["reasons"] == ["screening_incomplete"]
    response = client.post("/api/v1/plans", json=PROFILE, headers=owner.headers)
    assert response.status_code == 409
    assert "safety questions" in response.json()["reasons"][0]
    _screening(client, owner, CALM_ANSWERS)
    _plan(client, owner)


def test_plan_is_refused_409_for_the_screening_in_the_profile(
    client: TestClient, owner: ApiUser
) -> None:
    result = _screening(client, owner, EMERGENCY_ANSWERS)
    _screening(client, owner, CALM_ANSWERS)  # the latest allows exercise; the profile's does not
    result.pop("id")
    result.pop("created_at")
    response = client.post(
        "/api/v1/plans", json={**PROFILE, "screening": result}, headers=owner.headers
    )
    assert response.status_code == 409


def test_a_later_calm_screening_allows_a_plan_again(client: TestClient, owner: ApiUser) -> None:
    _screening(client, owner, EMERGENCY_ANSWERS)
    _screening(client, owner, CALM_ANSWERS)
    _plan(client, owner)


@pytest.mark.parametrize(
    ("profile", "key"),
    [
        ({"minutes": 2}, "minutes"),
        ({"days_per_week": 9}, "days_per_week"),
        ({"regions": ["knee"]}, "regions"),
        ({"equipment": ["rowing_machine"]}, "equipment"),
        ({"level": "expert"}, "level"),
    ],
)
def test_bad_profiles_answer_422_naming_the_key(
    client: TestClient, owner: ApiUser, profile: dict[str, Any], key: str
) -> None:
    response = client.post("/api/v1/plans", json=profile, headers=owner.headers)
    assert response.status_code == 422
    assert any(key in str(item["loc"]) for item in response.json()["detail"])


def test_plans_and_timelines_three_ways(client: TestClient, owner: ApiUser, other: ApiUser) -> None:
    plan = _plan(client, owner)
    url = f"/api/v1/plans/{plan['id']}"
    timeline_url = f"{url}/days/1/timeline"
    assert client.post("/api/v1/plans", json=PROFILE).status_code == 401
    assert client.get(url).status_code == 401
    assert client.get(timeline_url).status_code == 401
    assert client.get(url, headers=owner.headers).json()["days"] == plan["days"]
    assert client.get(url, headers=other.headers).status_code == 404
    assert client.get(timeline_url, headers=other.headers).status_code == 404
    timeline = client.get(timeline_url, headers=owner.headers).json()
    assert timeline["day"] == 1
    steps = timeline["steps"]
    assert steps[0]["t"] == 0
    for before, after in pairwise(steps):
        assert after["t"] == before["t"] + before["duration_s"]
    assert timeline["total_s"] == steps[-1]["t"] + steps[-1]["duration_s"]


def test_a_day_the_plan_lacks_answers_404(client: TestClient, owner: ApiUser) -> None:
    plan = _plan(client, owner)
    missing = len(plan["days"]) + 1
    url = f"/api/v1/plans/{plan['id']}/days/{missing}/timeline"
    assert client.get(url, headers=owner.headers).status_code == 404
    bad = client.get(f"/api/v1/plans/{plan['id']}/days/one/timeline", headers=owner.headers)
    assert bad.status_code == 422


# -- sessions ---------------------------------------------------------------------------------


def _session_body(plan_id: str | None) -> dict[str, Any]:
    start = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    return {
        "plan_id": plan_id,
        "day": 1,
        "started_at": start.isoformat(),
        "ended_at": (start + timedelta(minutes=18)).isoformat(),
        "completed_steps": 12,
        "feedback": [{"exercise": "bird_dog", "pain": 2, "effort": "right"}],
    }


def test_sessions_three_ways(client: TestClient, owner: ApiUser, other: ApiUser) -> None:
    plan = _plan(client, owner)
    body = _session_body(plan["id"])
    assert client.post("/api/v1/sessions", json=body).status_code == 401
    assert client.get("/api/v1/sessions").status_code == 401
    # Another user cannot log a session against this plan: it is not theirs to find.
    assert client.post("/api/v1/sessions", json=body, headers=other.headers).status_code == 404
    created = client.post("/api/v1/sessions", json=body, headers=owner.headers)
    assert created.status_code == 201
    assert created.json()["feedback"][0]["effort"] == "right"
    listed = client.get("/api/v1/sessions", headers=owner.headers).json()
    assert [s["id"] for s in listed] == [created.json()["id"]]
    assert client.get("/api/v1/sessions", headers=other.headers).json() == []


@pytest.mark.parametrize(
    "change",
    [
        {"day": 0},
        {"started_at": "yesterday"},
        {"completed_steps": -1},
        {"feedback": [{"exercise": "bird_dog", "pain": 11}]},
        {"feedback": [{"exercise": "bird_dog", "effort": "meh"}]},
        {"ended_at": "2026-01-04T08:00:00+00:00"},
        {"day": 7},
    ],
)
def test_bad_sessions_answer_422(
    client: TestClient, owner: ApiUser, change: dict[str, Any]
) -> None:
    plan = _plan(client, owner)
    # A day the plan lacks must be refused: the default profile plans 3 days, never a 7th.
    assert 7 not in [day["day"] for day in plan["days"]]
    response = client.post(
        "/api/v1/sessions", json={**_session_body(plan["id"]), **change}, headers=owner.headers
    )
    assert response.status_code == 422
    assert client.get("/api/v1/sessions", headers=owner.headers).json() == []


# -- diary ------------------------------------------------------------------------------------


def test_diary_add_and_list_by_dates(client: TestClient, owner: ApiUser) -> None:
    _diary(client, owner, "2026-01-03", 6)
    _diary(client, owner, "2026-01-05", 4)
    _diary(client, owner, "2026-01-09", 2)
    every = client.get("/api/v1/diary", headers=owner.headers).json()
    assert [e["pain"] for e in every] == [6, 4, 2]
    some = client.get(
        "/api/v1/diary", params={"from": "2026-01-04", "to": "2026-01-09"}, headers=owner.headers
    ).json()
    assert [e["date"] for e in some] == ["2026-01-05", "2026-01-09"]


@pytest.mark.parametrize(
    ("params", "status"),
    [({"from": "2026-02-01", "to": "2026-01-01"}, 422), ({"from": "soon"}, 422)],
)
def test_bad_diary_ranges_answer_422(
    client: TestClient, owner: ApiUser, params: dict[str, str], status: int
) -> None:
    assert client.get("/api/v1/diary", params=params, headers=owner.headers).status_code == status


@pytest.mark.parametrize(
    "body",
    [
        {"date": "2026-01-05", "pain": 11},
        {"date": "2026-01-05", "pain": -1},
        {"date": "05/01/2026", "pain": 3},
        {"date": "2026-01-05", "pain": 3, "regions": ["knee"]},
        {"date": "2026-01-05", "pain": 3, "note": "x" * 2001},
        {"pain": 3},
        {"date": (date.today() + timedelta(days=3)).isoformat(), "pain": 3},
    ],
)
def test_bad_diary_entries_answer_422(
    client: TestClient, owner: ApiUser, body: dict[str, Any]
) -> None:
    assert client.post("/api/v1/diary", json=body, headers=owner.headers).status_code == 422
    assert client.get("/api/v1/diary", headers=owner.headers).json() == []


def test_diary_three_ways(client: TestClient, owner: ApiUser, other: ApiUser) -> None:
    entry_id = _diary(client, owner)
    url = f"/api/v1/diary/{entry_id}"
    change = {"date": "2026-01-06", "pain": 7, "regions": ["neck"], "note": "after work"}
    assert client.post("/api/v1/diary", json=change).status_code == 401
    assert client.get("/api/v1/diary").status_code == 401
    assert client.put(url, json=change).status_code == 401
    assert client.delete(url).status_code == 401
    assert client.put(url, json=change, headers=other.headers).status_code == 404
    assert client.delete(url, headers=other.headers).status_code == 404
    assert client.get("/api/v1/diary", headers=other.headers).json() == []
    # Untouched by the other user's tries.
    assert client.get("/api/v1/diary", headers=owner.headers).json()[0]["pain"] == 4
    updated = client.put(url, json=change, headers=owner.headers)
    assert updated.status_code == 200
    assert updated.json()["pain"] == 7
    assert updated.json()["regions"] == ["neck"]
    assert client.delete(url, headers=owner.headers).status_code == 204
    assert client.delete(url, headers=owner.headers).status_code == 404
    assert client.get("/api/v1/diary", headers=owner.headers).json() == []


def test_a_failed_update_changes_nothing(client: TestClient, owner: ApiUser) -> None:
    entry_id = _diary(client, owner)
    before = client.get("/api/v1/diary", headers=owner.headers).json()
    bad = client.put(
        f"/api/v1/diary/{entry_id}",
        json={"date": "2026-01-06", "pain": 12},
        headers=owner.headers,
    )
    assert bad.status_code == 422
    assert client.get("/api/v1/diary", headers=owner.headers).json() == before


# -- export, import, FHIR, report -------------------------------------------------------------


def test_export_and_import_round_trip_is_idempotent(
    client: TestClient, owner: ApiUser, other: ApiUser
) -> None:
    _screening(client, owner, CALM_ANSWERS)
    _diary(client, owner)
    assert client.get("/api/v1/export").status_code == 401
    document = client.get("/api/v1/export", headers=owner.headers).json()
    assert document["schema_version"] >= 1
    assert len(document["diary"]) == 1
    assert client.post("/api/v1/import", json=document).status_code == 401
    first = client.post("/api/v1/import", json=document, headers=other.headers)
    assert first.status_code == 200, first.text
    assert first.json()["added"]["diary"] == 1
    second = client.post("/api/v1/import", json=document, headers=other.headers)
    assert second.status_code == 200
    assert sum(second.json()["added"].values()) == 0
    assert len(client.get("/api/v1/diary", headers=other.headers).json()) == 1
    # The owner's own records are not duplicated by importing their own export either.
    again = client.post("/api/v1/import", json=document, headers=owner.headers)
    assert sum(again.json()["added"].values()) == 0


@pytest.mark.parametrize(
    "document",
    [[], {"diary": []}, {"schema_version": 999}, {"schema_version": 1, "diary": [{"pain": 3}]}],
)
def test_bad_imports_answer_422_and_add_nothing(
    client: TestClient, owner: ApiUser, document: Any
) -> None:
    response = client.post("/api/v1/import", json=document, headers=owner.headers)
    assert response.status_code == 422
    assert client.get("/api/v1/diary", headers=owner.headers).json() == []


def test_fhir_bundle_holds_observations_and_questionnaire_responses(
    client: TestClient, owner: ApiUser
) -> None:
    _screening(client, owner, {**CALM_ANSWERS, "rmdq": [True] * 5 + [False] * 19})
    _diary(client, owner)
    assert client.get("/api/v1/export/fhir").status_code == 401
    bundle = client.get("/api/v1/export/fhir", headers=owner.headers).json()
    assert bundle["resourceType"] == "Bundle"
    kinds = {entry["resource"]["resourceType"] for entry in bundle["entry"]}
    assert {"Observation", "QuestionnaireResponse"} <= kinds


def test_progress_report_is_a_pdf(client: TestClient, owner: ApiUser) -> None:
    _diary(client, owner, "2026-01-05", 5)
    assert client.get("/api/v1/reports/progress.pdf").status_code == 401
    response = client.get(
        "/api/v1/reports/progress.pdf",
        params={"from": "2026-01-01", "to": "2026-01-31"},
        headers=owner.headers,
    )
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    backwards = client.get(
        "/api/v1/reports/progress.pdf",
        params={"from": "2026-02-01", "to": "2026-01-01"},
        headers=owner.headers,
    )
    assert backwards.status_code == 422


def test_openapi_describes_every_api_route_with_schemas(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = spec["paths"]
    expected = {
        ("post", "/api/v1/users"),
        ("post", "/api/v1/auth/token"),
        ("delete", "/api/v1/users/me"),
        ("post", "/api/v1/screenings"),
        ("get", "/api/v1/screenings"),
        ("get", "/api/v1/screenings/{screening_id}"),
        ("post", "/api/v1/plans"),
        ("get", "/api/v1/plans/{plan_id}"),
        ("get", "/api/v1/plans/{plan_id}/days/{day}/timeline"),
        ("post", "/api/v1/sessions"),
        ("get", "/api/v1/sessions"),
        ("post", "/api/v1/diary"),
        ("get", "/api/v1/diary"),
        ("put", "/api/v1/diary/{entry_id}"),
        ("delete", "/api/v1/diary/{entry_id}"),
        ("get", "/api/v1/export"),
        ("post", "/api/v1/import"),
        ("get", "/api/v1/export/fhir"),
        ("get", "/api/v1/reports/progress.pdf"),
    }
    found = {(method, path) for path, item in paths.items() for method in item}
    assert expected <= found
    schemas = spec["components"]["schemas"]
    assert {"ScreeningAnswers", "Profile", "ScreeningOut", "PlanOut", "DiaryIn"} <= set(schemas)
    screening_post = paths["/api/v1/screenings"]["post"]
    assert screening_post["requestBody"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "/ScreeningAnswers"
    )
    assert "201" in screening_post["responses"]
    assert not any(path.startswith("/diary") for path in paths)  # pages stay out of the API


def test_healthz(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.json() == {"status": "ok"}

"""Each router is tried only for the first path segments its routes have: every path still
reaches the route it reached before, and a wrong method or an unknown path is answered as
before (405, 404)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.web.conftest import ApiUser


def test_api_pages_and_files_each_reach_their_route(client: TestClient, owner: ApiUser) -> None:
    assert client.get("/api/v1/screenings", headers=owner.headers).status_code == 200
    assert client.get("/api/v1/users/me", headers=owner.headers).status_code == 200
    assert client.get("/").status_code == 200
    assert client.get("/screening").status_code == 200
    assert client.get("/signin").status_code == 200
    assert client.get("/sw.js").status_code == 200
    assert client.get("/static/app.css").status_code == 200
    assert client.get("/healthz").json() == {"status": "ok"}
    assert client.get("/openapi.json").status_code == 200


def test_a_wrong_method_is_405_and_an_unknown_path_404(client: TestClient) -> None:
    assert client.put("/api/v1/screenings").status_code == 405
    assert client.delete("/screening").status_code == 405
    assert client.get("/api/v1/nothing").status_code == 404
    assert client.get("/nothing/here").status_code == 404


def test_a_root_path_is_taken_off_before_matching(client: TestClient) -> None:
    mounted = TestClient(client.app, root_path="/backcare")
    api = mounted.get("/backcare/api/v1/screenings")
    assert api.status_code == 401
    assert api.headers["cache-control"] == "no-store"  # the API's headers (web/security.py)
    page = mounted.get("/backcare/signin")
    assert page.status_code == 200
    assert "script-src 'self'" in page.headers["content-security-policy"]

"""Security: headers, cookies that hold only a signed id, CSRF on every changing form, no
inline script, the secret key kept beside the data, and no 500 for any input."""

from __future__ import annotations

import json
import re
from typing import Any

from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.config import Settings
from backcare.web.app import create_app
from backcare.web.security import BROWSER_COOKIE, SESSION_COOKIE, secret_key
from tests.answers import complete
from tests.web.conftest import PASSWORD, ApiUser, csrf, new_email

PAGES = ["/", "/screening", "/signin", "/signup"]


def test_security_headers_on_pages(client: TestClient) -> None:
    for url in [*PAGES, "/healthz"]:
        headers = client.get(url).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy
        assert "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "DENY"
        assert headers["referrer-policy"] == "same-origin"
        # Each header once, however many layers a response went through; and none that
        # names the process that answered (issue 15: it leaked a process id).
        assert len(headers.get_list("content-security-policy")) == 1
        assert len(headers.get_list("x-frame-options")) == 1
        assert "x-backcare-worker" not in headers


def test_api_responses_are_never_stored_and_never_run_anything(
    client: TestClient, owner: ApiUser
) -> None:
    """OWASP's REST Security Cheat Sheet ("Security headers"): health data in an API answer
    is `Cache-Control: no-store` (no browser or proxy keeps a copy), and a JSON answer opened
    as a page loads and runs nothing (`default-src 'none'`) nor is framed. The pages' own
    headers (their script policy, Referrer-Policy, COOP, Permissions-Policy) govern documents,
    which an API answer is not. Successes, refusals and errors alike, the fast path's too."""
    answers = complete()
    responses = [
        client.post("/api/v1/screenings", json=answers, headers=owner.headers),  # fast path
        client.post(
            "/api/v1/screenings",
            content=json.dumps(answers),
            headers={**owner.headers, "Content-Type": "text/plain"},
        ),  # routed: FastAPI refuses the body (422)
        client.get("/api/v1/screenings", headers=owner.headers),
        client.get("/api/v1/users/me", headers=owner.headers),
        client.get("/api/v1/screenings"),  # 401
        client.post("/api/v1/screenings", json={"pain_now": 99}, headers=owner.headers),  # 422
        client.get("/api/v1/no-such-thing", headers=owner.headers),  # 404
        client.get("/api/v1/export", headers=owner.headers),
    ]
    assert [r.status_code for r in responses] == [201, 422, 200, 200, 401, 422, 404, 200]
    for response in responses:
        headers = response.headers
        where = f"{response.request.method} {response.request.url.path} {response.status_code}"
        assert headers.get_list("cache-control") == ["no-store"], where
        assert headers.get_list("content-security-policy") == [
            "default-src 'none'; frame-ancestors 'none'"
        ], where
        assert headers["x-content-type-options"] == "nosniff", where
        assert headers["x-frame-options"] == "DENY", where
        for document_only in ("referrer-policy", "cross-origin-opener-policy"):
            assert document_only not in headers, where
        assert "x-backcare-worker" not in headers, where


def test_figures_get_the_svg_policy(client: TestClient) -> None:
    policy = client.get("/figures/bird_dog.svg").headers["content-security-policy"]
    assert policy.startswith("default-src 'none'")
    assert "script-src" not in policy


def test_no_inline_script_or_style_on_any_page(client: TestClient, browser: TestClient) -> None:
    pages = [client.get(url).text for url in PAGES]
    pages += [browser.get(url).text for url in ["/plans", "/diary", "/progress", "/account"]]
    for html in pages:
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or 'type="application/json"' in tag, tag
        assert " style=" not in html
        assert "<style" not in html
        assert " on" + "click=" not in html


def test_htmx_is_served_locally(client: TestClient) -> None:
    html = client.get("/").text
    assert 'src="/static/vendor/htmx-2.0.4.min.js"' in html
    script = client.get("/static/vendor/htmx-2.0.4.min.js")
    assert script.status_code == 200
    assert "htmx" in script.text[:200]
    assert "http://" not in html.split("<body>")[0]
    assert "https://" not in html.split("<body>")[0]


def test_session_cookie_is_http_only_lax_and_holds_only_a_signed_id(app: Any) -> None:
    with TestClient(app) as fresh:
        token = csrf(fresh.get("/signup").text)
        email = new_email()
        response = fresh.post(
            "/signup",
            data={"email": email, "password": PASSWORD, "csrf_token": token},
            follow_redirects=False,
        )
    cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
    )
    assert "HttpOnly" in cookie
    assert "SameSite=lax" in cookie or "samesite=lax" in cookie.lower()
    assert "Secure" not in cookie  # plain http on loopback
    value = cookie.split(";")[0].split("=", 1)[1]
    assert email.split("@")[0] not in value
    assert len(value) < 120


def test_cookies_are_secure_over_https(app: Any) -> None:
    with TestClient(app, base_url="https://testserver") as secure:
        response = secure.get("/signin")
    cookie = next(c for c in response.headers.get_list("set-cookie") if BROWSER_COOKIE in c)
    assert "Secure" in cookie


def test_a_forged_session_cookie_is_anonymous(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "forged.value")
    response = client.get("/account", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/signin")


def test_forms_without_the_csrf_token_change_nothing(browser: TestClient) -> None:
    page = browser.get("/diary")
    assert page.status_code == 200
    for token in ("", "wrong"):
        refused = browser.post("/diary", data={"pain": "5", "csrf_token": token})
        assert refused.status_code == 403
    assert "5/10" not in browser.get("/diary").text
    # With the page's token it works.
    ok = browser.post("/diary", data={"pain": "5", "csrf_token": csrf(page.text)})
    assert ok.status_code == 200
    assert "5/10" in browser.get("/diary").text


def test_csrf_from_another_visitor_is_refused(browser: TestClient, stranger: TestClient) -> None:
    foreign = csrf(stranger.get("/diary").text)
    assert browser.post("/diary", data={"pain": "3", "csrf_token": foreign}).status_code == 403


def test_sign_in_and_sign_up_forms_need_csrf_too(client: TestClient) -> None:
    assert client.post("/signin", data={"email": "a@b.cd", "password": "x"}).status_code == 403
    response = client.post("/signup", data={"email": new_email(), "password": PASSWORD})
    assert response.status_code == 403


def test_the_secret_key_is_made_once_and_kept_beside_the_data(tmp_path: Any) -> None:
    settings = Settings(home=tmp_path)
    first = secret_key(settings)
    assert first == secret_key(settings)
    stored = tmp_path / "data" / "secret_key"
    assert stored.read_text().strip() == first
    assert stored.stat().st_mode & 0o077 == 0
    assert secret_key(Settings(home=tmp_path, secret_key="from-env")) == "from-env"


def test_sessions_survive_a_new_app_process(app: Any) -> None:
    """No session state in the process: a second app on the same database and key knows
    the cookie of the first."""
    with TestClient(app) as first:
        token = csrf(first.get("/signup").text)
        first.post(
            "/signup", data={"email": new_email(), "password": PASSWORD, "csrf_token": token}
        )
        cookies = dict(first.cookies)
    with TestClient(create_app()) as second:
        for name, value in cookies.items():
            second.cookies.set(name, value)
        assert second.get("/account").status_code == 200


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
_keys = st.sampled_from(["age", "regions", "pain_now", "odi", "startback", "fever", "onset", "x"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(body=st.dictionaries(_keys, _json, max_size=4) | _json)
def test_no_input_makes_a_500(client: TestClient, owner: ApiUser, body: Any) -> None:
    for url in ("/api/v1/screenings", "/api/v1/plans", "/api/v1/diary", "/api/v1/import"):
        response = client.post(url, json=body, headers=owner.headers)
        assert response.status_code < 500, (url, body, response.text)


def test_non_finite_numbers_answer_422(client: TestClient, owner: ApiUser) -> None:
    for raw in (b'{"age": Infinity}', b'{"duration_weeks": NaN}', b'{"pain_now": -Infinity}'):
        response = client.post(
            "/api/v1/screenings",
            content=raw,
            headers={**owner.headers, "Content-Type": "application/json"},
        )
        assert response.status_code == 422, raw


def test_a_page_without_a_form_sets_no_cookie(client: TestClient) -> None:
    landing = client.get("/")
    assert landing.status_code == 200
    assert 'name="csrf_token"' not in landing.text
    assert "set-cookie" not in landing.headers
    # A page with a form keeps the browser id its token was made from, and the token works.
    signup = client.get("/signup")
    assert "backcare_browser=" in signup.headers["set-cookie"]
    again = client.get("/signup")
    assert "set-cookie" not in again.headers  # the cookie came back: nothing new to set
    token = re.search(r'name="csrf_token" value="([^"]+)"', again.text)
    assert token is not None
    assert token.group(1) in signup.text

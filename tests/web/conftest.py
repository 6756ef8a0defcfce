"""Web test helpers: an app on a private SQLite file, API users with bearer tokens, page
users with session cookies, and a quick way to read a page's CSRF token."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import count

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backcare.domain.answers import SAFETY_KEYS
from backcare.services import accounts
from backcare.web.app import create_app
from tests.answers import complete

PASSWORD = "correct horse battery"
_numbers = count(1)


@pytest.fixture(autouse=True)
def cheap_hashing(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """argon2id at a low cost, so tests that make many accounts stay fast; the production
    cost is checked by the tests named `..._production_hashing_...`."""
    if "production_hashing" in request.node.name:
        return
    from pwdlib import PasswordHash
    from pwdlib.hashers.argon2 import Argon2Hasher

    cheap = PasswordHash((Argon2Hasher(time_cost=1, memory_cost=1024, parallelism=1),))
    monkeypatch.setattr(accounts, "_hasher", lambda: cheap)
    monkeypatch.setattr(accounts, "_dummy_hash", lambda: cheap.hash("timing only"))


@pytest.fixture
def app() -> FastAPI:
    return create_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def new_email() -> str:
    return f"person{next(_numbers)}@example.org"


@dataclass
class ApiUser:
    id: str
    email: str
    headers: dict[str, str]


def make_api_user(client: TestClient) -> ApiUser:
    email = new_email()
    created = client.post("/api/v1/users", json={"email": email, "password": PASSWORD})
    assert created.status_code == 201, created.text
    token = client.post("/api/v1/auth/token", data={"username": email, "password": PASSWORD})
    assert token.status_code == 200, token.text
    headers = {"Authorization": f"Bearer {token.json()['access_token']}"}
    return ApiUser(created.json()["id"], email, headers)


@pytest.fixture
def owner(client: TestClient) -> ApiUser:
    return make_api_user(client)


@pytest.fixture
def other(client: TestClient) -> ApiUser:
    return make_api_user(client)


_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


def page_client(app: FastAPI) -> TestClient:
    """A browser-like client that has signed up through the pages (cookie session)."""
    browser = TestClient(app)
    browser.__enter__()
    token = csrf(browser.get("/signup").text)
    response = browser.post(
        "/signup",
        data={"email": new_email(), "password": PASSWORD, "csrf_token": token, "next": "/"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return browser


@pytest.fixture
def browser(app: FastAPI, client: TestClient) -> Iterator[TestClient]:
    signed_in = page_client(app)
    yield signed_in
    signed_in.__exit__(None, None, None)


@pytest.fixture
def stranger(app: FastAPI, client: TestClient) -> Iterator[TestClient]:
    signed_in = page_client(app)
    yield signed_in
    signed_in.__exit__(None, None, None)


# What the wizard's first step sends for "no" to every warning-sign question: the web form
# cannot skip one (screening.md), so a walk through it answers each.
SAFETY_NO: dict[str, str] = dict.fromkeys(SAFETY_KEYS, "no")

# Answers that screen as self-care with exercise allowed, and one that is an emergency.
# A calm screening is a complete one (amended spec: only a complete screening allows a plan).
CALM_ANSWERS = complete(regions=["low_back"], pain_now=4, duration_weeks=3)
EMERGENCY_ANSWERS = complete(regions=["low_back"], saddle_numbness=True)

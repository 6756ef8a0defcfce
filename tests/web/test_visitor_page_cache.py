"""The landing page a visitor (no session, no one-time notice) sees is rendered once per
language and kept; everyone else gets it rendered for them, and all get the same page."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import jinja2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from backcare.web.security import NOTICE_COOKIE


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The names of the templates rendered, in order."""
    seen: list[str] = []
    original = jinja2.Template.render

    def counting(self: jinja2.Template, *args: Any, **kwargs: Any) -> str:
        seen.append(str(self.name))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(jinja2.Template, "render", counting)
    return seen


def test_a_visitors_landing_page_is_rendered_once(
    app: FastAPI, client: TestClient, renders: list[str]
) -> None:
    first = client.get("/")
    second = TestClient(app).get("/")
    assert first.status_code == second.status_code == 200
    assert second.text == first.text
    assert renders.count("landing.html") == 1
    assert second.headers["content-type"] == first.headers["content-type"]
    assert second.headers["cache-control"] == "no-store"
    assert "set-cookie" not in second.headers


def test_each_language_and_variant_is_its_own_page(client: TestClient) -> None:
    english = client.get("/").text
    chinese = TestClient(client.app).get("/?lang=zh_Hans")
    deleted = TestClient(client.app).get("/?deleted=1").text
    assert '<html lang="zh-Hans">' in chinese.text
    assert '<html lang="en">' in english
    assert "backcare_lang=zh_Hans" in chinese.headers["set-cookie"]  # still set each time
    assert TestClient(client.app).get("/?lang=zh_Hans").text == chinese.text
    assert deleted != english
    assert TestClient(client.app).get("/?deleted=1").text == deleted
    assert TestClient(client.app).get("/").text == english


def test_a_signed_in_person_never_gets_the_visitors_page(
    client: TestClient, browser: TestClient, renders: list[str]
) -> None:
    visitor = client.get("/").text
    mine = browser.get("/")
    assert mine.text != visitor
    assert 'name="csrf_token"' in mine.text  # the sign-out form, with this session's token
    assert 'name="csrf_token"' not in visitor
    browser.get("/")
    assert renders.count("landing.html") == 3  # the visitor's once, and each of theirs


def test_a_one_time_notice_is_shown_and_not_kept(client: TestClient) -> None:
    plain = client.get("/").text
    noticed = TestClient(client.app, cookies={NOTICE_COOKIE: "welcome"}).get("/")
    assert noticed.text != plain
    assert NOTICE_COOKIE in noticed.headers["set-cookie"]  # removed after showing it
    assert TestClient(client.app).get("/").text == plain


def _scope(query: bytes = b"", cookie: bytes = b"") -> dict[str, Any]:
    headers = [(b"host", b"testserver")] + ([(b"cookie", cookie)] if cookie else [])
    return {
        "type": "http",
        "method": "GET",
        "path": "/",
        "root_path": "",
        "query_string": query,
        "headers": headers,
        "app": None,
    }


def test_the_fast_path_answers_only_with_a_kept_page_for_a_visitor(
    app: FastAPI, client: TestClient
) -> None:
    from backcare.web.app import VisitorFastPath

    def kept(query: bytes = b"", cookie: bytes = b"") -> Any:
        scope = _scope(query, cookie)
        scope["app"] = app
        return asyncio.run(VisitorFastPath._kept_landing(scope))

    assert kept() is None  # nothing kept yet: the route renders it
    routed = client.get("/")
    fast = kept()
    assert fast is not None
    assert fast.body == routed.content
    assert kept(b"deleted=1") is None  # not kept yet either
    assert kept(b"other=1") is None  # a query the page does not read: the route's
    assert kept(cookie=b"backcare_session=x") is None  # even a forged one: the route's
    assert kept(cookie=b"backcare_notice=welcome") is None
    assert kept(cookie=b"backcare_lang=zh_Hans") is None  # Chinese not kept yet
    client.get("/?lang=zh_Hans")
    chinese = kept(cookie=b"backcare_lang=zh_Hans")
    assert chinese is not None
    assert b'<html lang="zh-Hans">' in chinese.body


def test_the_fast_path_gives_the_routes_response(app: FastAPI, client: TestClient) -> None:
    routed = client.get("/?lang=zh_Hans")  # rendered by the route, and kept
    fast = TestClient(app).get("/?lang=zh_Hans")
    assert fast.content == routed.content
    assert fast.status_code == routed.status_code

    def cookies(response: Any) -> list[str]:
        return sorted(response.headers.get_list("set-cookie"))

    assert cookies(fast) == cookies(routed)
    for name in ("content-type", "content-length", "cache-control", "vary"):
        assert fast.headers[name] == routed.headers[name], name
    assert fast.headers["content-security-policy"] == routed.headers["content-security-policy"]
    assert fast.headers["x-frame-options"] == "DENY"

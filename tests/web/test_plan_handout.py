"""The plan page's printable handout: A4 and Letter PDFs for the plan's owner only."""

from __future__ import annotations

import io
import re

from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.web.test_pages import _make_plan

# PDF page sizes in points (1/72 inch): A4 is 210 × 297 mm, Letter 8.5 × 11 in.
A4 = (595.3, 841.9)
LETTER = (612.0, 792.0)


def _size(pdf: bytes) -> tuple[float, float]:
    box = PdfReader(io.BytesIO(pdf)).pages[0].mediabox
    return float(box.width), float(box.height)


def test_the_plan_page_links_both_paper_sizes(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    html = browser.get(plan_url).text
    links = re.findall(r'href="([^"]*handout\.pdf\?paper=[a-z0-9]+)"', html)
    assert links == [f"{plan_url}/handout.pdf?paper=a4", f"{plan_url}/handout.pdf?paper=letter"]
    assert "Download the handout (PDF)" in html


def test_the_handout_three_ways(
    client: TestClient, browser: TestClient, stranger: TestClient
) -> None:
    plan_url = _make_plan(browser)
    url = f"{plan_url}/handout.pdf"
    anonymous = client.get(url, follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == f"/signin?next={url}"
    assert stranger.get(url).status_code == 404
    assert stranger.get(f"{url}?paper=letter").status_code == 404

    a4 = browser.get(url)
    assert a4.status_code == 200
    assert a4.headers["content-type"] == "application/pdf"
    assert "attachment" in a4.headers["content-disposition"]
    assert a4.headers["cache-control"] == "no-store"
    reader = PdfReader(io.BytesIO(a4.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2  # the cover, then the days
    # The plan's exercises are in the handout by name, as on the plan page.
    names = re.findall(r"<h4[^>]*>([^<]+)</h4>", browser.get(plan_url).text)
    named = [name.strip() for name in names if name.strip()]
    assert named, "the plan page names no exercise"
    assert any(name in text for name in named)
    assert _same_size(_size(a4.content), A4)

    letter = browser.get(f"{url}?paper=letter")
    assert letter.status_code == 200
    assert _same_size(_size(letter.content), LETTER)


def _same_size(got: tuple[float, float], wanted: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1.0 for a, b in zip(got, wanted, strict=True))


def test_an_unknown_paper_or_plan_is_not_found(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    assert browser.get(f"{plan_url}/handout.pdf?paper=a3").status_code == 404
    assert browser.get("/plans/0123456789abcdef0123456789abcdef/handout.pdf").status_code == 404


def test_the_handout_speaks_the_page_language(browser: TestClient) -> None:
    plan_url = _make_plan(browser)
    english = PdfReader(io.BytesIO(browser.get(f"{plan_url}/handout.pdf").content))
    chinese = PdfReader(io.BytesIO(browser.get(f"{plan_url}/handout.pdf?lang=zh_Hans").content))
    english_text = english.pages[0].extract_text()
    chinese_text = chinese.pages[0].extract_text()
    assert english_text != chinese_text
    assert re.search(r"[\u4e00-\u9fff]", chinese_text)

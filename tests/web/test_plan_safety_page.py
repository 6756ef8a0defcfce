"""The plan page in Chinese shows a condition's safety note and the reasons for leaving
exercises out in Chinese (issue 12)."""

from __future__ import annotations

from fastapi.testclient import TestClient

from backcare.content import load_library
from tests.web.conftest import csrf

FORM = {
    "regions": ["low_back"],
    "equipment": ["mat", "wall", "chair"],
    "minutes": "20",
    "days_per_week": "3",
    "level": "beginner",
    "conditions": ["disc_herniation", "pregnant"],
}


def test_the_chinese_plan_page_shows_the_note_and_reasons_in_chinese(
    browser: TestClient,
) -> None:
    page = browser.get("/plans")
    made = browser.post(
        "/plans", data={**FORM, "csrf_token": csrf(page.text)}, follow_redirects=False
    )
    assert made.status_code == 303, made.text
    url = str(made.headers["location"])
    rule = next(r for r in load_library().safety_rules if r.condition == "disc_herniation")
    assert rule.plan_warning is not None
    english = browser.get(url).text
    assert rule.plan_warning.en in english
    chinese = browser.get(url + "?lang=zh_Hans").text
    assert rule.plan_warning.zh in chinese
    assert rule.plan_warning.en not in chinese
    assert "怀孕" in chinese  # the reason, not the id `pregnant`

"""Stored records for the progress golden cases and properties (issue 14): a plan, sessions,
pain ratings and scored screenings put in a repository, read back through the progress
service, the way the report, the web page and `backcare progress` read them."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

from backcare.domain.records import DiaryEntry, PlanRecord, ScreeningRecord, SessionRecord
from tests.reports.fakes import USER_ID, FakeRepository, at, plan_json, screening_result


def add_plan(repo: FakeRepository, day: date, per_week: int, user_id: str = USER_ID) -> None:
    profile = {"regions": ["low_back"], "days_per_week": per_week, "level": "beginner"}
    plan = plan_json(["dead_bug", "bird_dog"], 2)
    repo.add_plan(PlanRecord(user_id=user_id, created_at=at(day, 8), profile=profile, plan=plan))


def add_session(
    repo: FakeRepository, day: date, completed: bool = True, user_id: str = USER_ID
) -> None:
    repo.add_session(
        SessionRecord(
            user_id=user_id,
            day=1,
            started_at=at(day, 18),
            ended_at=at(day, 18) + timedelta(minutes=20 if completed else 5),
            completed_steps=40 if completed else 3,
            total_steps=40,
            completed=completed,
        )
    )


def add_rating(repo: FakeRepository, day: date, pain: int, user_id: str = USER_ID) -> None:
    repo.add_diary(
        DiaryEntry(
            user_id=user_id, date=day, pain=pain, created_at=at(day, 20), updated_at=at(day, 20)
        )
    )


def add_scores(
    repo: FakeRepository, day: date, odi: float, rmdq: int, user_id: str = USER_ID
) -> None:
    repo.add_screening(
        ScreeningRecord(
            user_id=user_id,
            created_at=at(day, 8),
            answers={"age": 40},
            result=screening_result(odi, rmdq, []),
        )
    )


def visible_text(page: str) -> str:
    """A page's words as a reader sees them: tags gone, entities read, spaces collapsed."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r'alt="([^"]*)"', r"> \1 <", page)  # alt text is read out too
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())

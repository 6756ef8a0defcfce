"""Stored records for the progress golden cases and properties (issue 14): a plan, sessions,
pain ratings and scored screenings put in a repository, read back through the progress
service, the way the report, the web page and `backcare progress` read them."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

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


# --- What a store holds, counted here without the progress model -----------------------------


@dataclass(frozen=True)
class Store:
    """A person's records as offsets in days from `first`: the period is [first, first +
    length]; records may fall before or after it."""

    first: date
    length: int
    plans: tuple[tuple[int, int], ...]  # (day, sessions a week)
    sessions: tuple[tuple[int, bool], ...]  # (day, completed)
    ratings: tuple[tuple[int, int], ...]  # (day, pain), one a day
    scores: tuple[tuple[int, int, int], ...]  # (day, ODI %, RMDQ)

    @property
    def end(self) -> date:
        return self.first + timedelta(days=self.length)

    def day(self, offset: int) -> date:
        return self.first + timedelta(days=offset)

    def fill(self, repo: FakeRepository | Any, user_id: str = USER_ID) -> None:
        for offset, per_week in self.plans:
            add_plan(repo, self.day(offset), per_week, user_id)
        for offset, completed in self.sessions:
            add_session(repo, self.day(offset), completed, user_id)
        for offset, pain in self.ratings:
            add_rating(repo, self.day(offset), pain, user_id)
        for n, (offset, odi, rmdq) in enumerate(self.scores):
            when = at(self.day(offset), 8) + timedelta(minutes=n)  # never two at one moment
            repo.add_screening(
                ScreeningRecord(
                    user_id=user_id,
                    created_at=when,
                    answers={"age": 40},
                    result=screening_result(float(odi), rmdq, []),
                )
            )

    # What the store holds for the period.
    def inside(self, offset: int) -> bool:
        return 0 <= offset <= self.length

    @property
    def done(self) -> int:
        return sum(1 for offset, completed in self.sessions if completed and self.inside(offset))

    @property
    def plan_in_force(self) -> bool:
        """A plan was made on or before the period's last day (so it was in force in it)."""
        return any(offset <= self.length for offset, _ in self.plans)

    @property
    def newest_plan(self) -> date | None:
        made = [offset for offset, _ in self.plans if offset <= self.length]
        # Plans made on one day: the one added last is the newest (same time of day).
        return self.day(max(made)) if made else None

    @property
    def rated(self) -> dict[date, int]:
        return {self.day(o): pain for o, pain in self.ratings if self.inside(o)}

    def score_points(self, instrument: str) -> list[tuple[date, float]]:
        column = 1 if instrument == "odi" else 2
        ordered = sorted(
            (row for row in enumerate(self.scores) if self.inside(row[1][0])),
            key=lambda row: (row[1][0], row[0]),
        )
        return [(self.day(row[0]), float(row[column])) for _, row in ordered]


@st.composite
def stores(draw: st.DrawFn, first: date = date(2025, 1, 6)) -> Store:
    """Plans, sessions, pain ratings and scored screenings at random days, with gaps, some
    before or after the period."""
    length = draw(st.integers(0, 200))
    return Store(
        first=first,
        length=length,
        plans=tuple(
            draw(st.lists(st.tuples(st.integers(-30, 210), st.integers(1, 7)), max_size=3))
        ),
        sessions=tuple(
            draw(st.lists(st.tuples(st.integers(-10, 210), st.booleans()), max_size=25))
        ),
        ratings=tuple(
            draw(st.dictionaries(st.integers(-10, 210), st.integers(0, 10), max_size=25)).items()
        ),
        scores=tuple(
            draw(
                st.lists(
                    st.tuples(st.integers(-20, 210), st.integers(0, 100), st.integers(0, 24)),
                    max_size=4,
                )
            )
        ),
    )


def _day_en(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


MICS = {"odi": 10.0, "rmdq": 5.0}


def check_claims(text: str, store: Store) -> None:
    """Every session count, plan and change `text` (a report, page or CLI output, in English)
    states must be one the store holds."""
    for found in re.finditer(r"(\d+) of (\d+) planned sessions done", text):
        assert int(found.group(1)) == store.done, found.group(0)
        assert int(found.group(2)) > 0
        assert store.plan_in_force, found.group(0)
    for found in re.finditer(r"\b(\d+) sessions? done\.", text):
        assert int(found.group(1)) == store.done, found.group(0)
    if "No plan was in force" in text:
        assert not store.plan_in_force
    if "No sessions planned or done in this period yet." in text:
        assert store.done == 0
    for found in re.finditer(r"Current plan made on (\d+ \w+ \d{4})", text):
        assert store.newest_plan is not None
        assert found.group(1) == _day_en(store.newest_plan)
    if "No exercise plan yet." in text:
        assert store.newest_plan is None
    for found in re.finditer(r"Pain ratings on (\d+) days?", text):
        assert int(found.group(1)) == len(store.rated)
    if "No pain ratings in this period yet." in text:
        assert not store.rated
    _check_pain_change(text, store)
    _check_score_changes(text, store)


def _check_pain_change(text: str, store: Store) -> None:
    claimed = re.search(r"(Better|Worse) by ([\d.]+) points", text)
    if claimed is None:
        return
    rated = store.rated
    days = sorted(rated)
    opening = [rated[d] for d in days if (d - days[0]).days < 7]
    closing = [rated[d] for d in days if (d - days[0]).days >= 7 and (days[-1] - d).days < 7]
    assert len(opening) >= 2, claimed.group(0)
    assert len(closing) >= 2, claimed.group(0)
    first = sum(opening) / len(opening)
    change = sum(closing) / len(closing) - first
    assert abs(change) >= 2 - 0.051, claimed.group(0)
    assert first > 0
    assert abs(change) / first >= 0.3 - 0.01, claimed.group(0)
    assert (claimed.group(1) == "Better") == (change < 0)


def _check_score_changes(text: str, store: Store) -> None:
    pattern = (
        r"([\d.]+) on (\d+ \w+ \d{4}), ([\d.]+) on (\d+ \w+ \d{4})\. "
        r"(Better|Worse), by at least the ([\d.]+) that matters"
    )
    for found in re.finditer(pattern, text):
        first, since, latest, until, word, mic = found.groups()
        matches = []
        for instrument, minimal in MICS.items():
            points = store.score_points(instrument)
            if len(points) < 2:
                continue
            (d0, v0), (d1, v1) = points[0], points[-1]
            if (_day_en(d0), _day_en(d1), v0, v1) == (since, until, float(first), float(latest)):
                matches.append((instrument, minimal, v1 - v0))
        assert matches, found.group(0)  # the store holds both scores, on those days
        assert any(
            abs(change) >= minimal and float(mic) == minimal and (word == "Better") == (change < 0)
            for _, minimal, change in matches
        ), found.group(0)

"""Issue 14: the report's pain sentence follows from the stored ratings, value by value.

Golden cases built from stored records: a year between two ratings, one rating only, none,
enough ratings at both ends (the sentence names the dates and numbers it compares), and zh.
A property: whatever the diary holds, the report never calls pain better or worse unless the
ratings hold two rated days at each end and a change of both 2 points and 30 %.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.content import load_library
from backcare.domain.progress import summarise
from backcare.domain.records import DiaryEntry
from backcare.reports.report import render_report_html

USER = "u" * 32
START = date(2025, 3, 3)
MADE = datetime(2026, 4, 1, 9, tzinfo=UTC)
LIBRARY = load_library()


def rating(day: date, pain: int) -> DiaryEntry:
    stamp = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
    return DiaryEntry(user_id=USER, date=day, pain=pain, created_at=stamp, updated_at=stamp)


def verdict(entries: list[DiaryEntry], end: date, lang: str = "en") -> str:
    """The report's pain sentence, as a reader sees it."""
    summary = summarise(entries, [], [], [], START, end, LIBRARY, lang)
    page = render_report_html(summary, LIBRARY, lang, MADE)
    found = re.search(r'<p class="words pain-verdict">(.*?)</p>', page, re.S)
    assert found is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))).split())


TOO_LITTLE = (
    "Too little data to call a change: the first and the last 7 days of ratings need at "
    "least 2 rated days each."
)


def test_two_ratings_a_year_apart_are_too_little_data() -> None:
    year_later = START + timedelta(days=365)
    said = verdict([rating(START, 7), rating(year_later, 4)], year_later)
    assert said == TOO_LITTLE


def test_one_rating_only_is_too_little_data() -> None:
    assert verdict([rating(START, 5)], START + timedelta(days=20)) == TOO_LITTLE


def test_no_ratings_say_so() -> None:
    assert verdict([], START + timedelta(days=20)) == "No pain ratings in this period yet."


def test_enough_ratings_name_the_dates_and_numbers_compared() -> None:
    entries = [rating(START, 6), rating(START + timedelta(days=2), 7)]
    entries += [rating(START + timedelta(days=21), 4), rating(START + timedelta(days=23), 3)]
    said = verdict(entries, START + timedelta(days=27))
    assert said == (
        "Average 6.5 from 3 March 2025 to 5 March 2025 (2 rated days), against 3.5 from "
        "24 March 2025 to 26 March 2025 (2 rated days). Better by 3 points: a change that "
        "matters (at least 2 points and 30% of where it started)."
    )


def test_two_points_from_a_high_start_is_about_the_same() -> None:
    entries = [rating(START, 9), rating(START + timedelta(days=1), 9)]
    entries += [rating(START + timedelta(days=14), 7), rating(START + timedelta(days=15), 7)]
    said = verdict(entries, START + timedelta(days=20))
    assert said.endswith(
        "About the same: a change that matters needs at least 2 points and 30% of where it started."
    )
    assert "Better" not in said


def test_a_single_rated_day_is_singular() -> None:
    entries = [rating(START, 6), rating(START + timedelta(days=2), 6)]
    entries += [rating(START + timedelta(days=14), 2), rating(START + timedelta(days=15), 2)]
    entries += [rating(START + timedelta(days=1), 6)]
    said = verdict(entries, START + timedelta(days=20))
    assert "(3 rated days)" in said
    assert "1 rated days" not in said


def test_zh_sentence_is_chinese_with_the_same_numbers() -> None:
    entries = [rating(START, 6), rating(START + timedelta(days=2), 7)]
    entries += [rating(START + timedelta(days=21), 4), rating(START + timedelta(days=23), 3)]
    said = verdict(entries, START + timedelta(days=27), "zh")
    assert "2025年3月3日" in said
    assert "2025年3月26日" in said
    assert "6.5" in said
    assert "3.5" in said
    assert not re.search(r"[A-Za-z]{2,}", said), said
    year_later = START + timedelta(days=365)
    little = verdict([rating(START, 7), rating(year_later, 4)], year_later, "zh")
    assert not re.search(r"[A-Za-z]{2,}", little), little


@settings(max_examples=25, deadline=None)
@given(st.dictionaries(st.integers(0, 120), st.integers(0, 10), max_size=12))
def test_the_report_never_claims_a_change_the_diary_does_not_hold(
    by_day: dict[int, int],
) -> None:
    entries = [rating(START + timedelta(days=d), pain) for d, pain in by_day.items()]
    said = verdict(entries, START + timedelta(days=120))
    days = sorted(by_day)
    if not days:
        assert said == "No pain ratings in this period yet."
        return
    opening = [by_day[d] for d in days if d - days[0] < 7]
    closing = [by_day[d] for d in days if d - days[0] >= 7 and days[-1] - d < 7]
    if len(opening) < 2 or len(closing) < 2:
        assert said == TOO_LITTLE
        return
    first = sum(opening) / len(opening)
    last = sum(closing) / len(closing)
    change = last - first
    matters = abs(change) >= 2 - 0.051 and first > 0 and abs(change) / first >= 0.3 - 0.01
    if "Better" in said or "Worse" in said:
        assert matters
        assert ("Better" in said) == (change < 0)
    clearly = abs(change) >= 2.1 and first > 0 and abs(change) / first >= 0.32
    if clearly:
        assert "Better" in said or "Worse" in said

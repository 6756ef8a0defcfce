"""Issue 14, golden cases: records put in a store, read back through the progress service,
and every figure the report, the charts and `backcare progress` show asserted value by value.

Cases: a plan made mid-week with sessions across three weeks, a gap in the ratings, a year
between two ratings, one rating only, nothing at all, questionnaire scores against their own
minimal important change, and the same records in Chinese.
"""

from __future__ import annotations

import html
import math
import re
from datetime import UTC, date, datetime, timedelta

import pytest

from backcare.content import load_library
from backcare.domain.progress import ProgressSummary, minimal_important_changes
from backcare.reports.charts import chart, describe, draw_adherence, draw_pain
from backcare.reports.progress_text import progress_json, progress_lines
from backcare.reports.report import render_report_html
from backcare.reports.sentences import pain_sentence, score_sentence, sessions_sentence
from backcare.services.progress import progress_summary
from tests.reports.fakes import USER_ID, FakeRepository
from tests.reports.store_cases import (
    add_plan,
    add_rating,
    add_scores,
    add_session,
    visible_text,
)

LIBRARY = load_library()
MADE = datetime(2026, 4, 1, 9, tzinfo=UTC)
MONDAY = date(2025, 3, 3)
TOO_LITTLE = (
    "Too little data to call a change: the first and the last 7 days of ratings need at "
    "least 2 rated days each."
)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


def read(repo: FakeRepository, start: date, end: date, lang: str = "en") -> ProgressSummary:
    return progress_summary(repo, USER_ID, LIBRARY, start, end, lang, today=end)


def figure():  # type: ignore[no-untyped-def]
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure()
    FigureCanvasAgg(fig)
    return fig


def report_text(summary: ProgressSummary, lang: str = "en") -> str:
    return visible_text(render_report_html(summary, LIBRARY, lang, MADE))


# --- a plan made on a Wednesday, sessions across three weeks ---------------------------------


@pytest.fixture(scope="module")
def planned() -> FakeRepository:
    repo = FakeRepository()
    add_plan(repo, day(2), per_week=3)  # Wednesday 5 March
    for n in (2, 4, 7, 9, 11, 16):
        add_session(repo, day(n))
    add_session(repo, day(18), completed=False)  # begun, not finished: not done
    return repo


def test_a_plan_and_its_sessions_week_by_week(planned: FakeRepository) -> None:
    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23))
    # The axis starts at the plan, not at the start of the period asked for.
    assert summary.first_day == date(2025, 3, 5)
    assert summary.sessions_chart.resolution == "week"
    assert [(b.start, b.planned, b.done, b.started) for b in summary.sessions_chart.bars] == [
        # The plan's first week asks its share: Wed-Sun, 5/7 of 3 sessions, rounded: 2.
        (date(2025, 3, 3), 2, 2, 2),
        (date(2025, 3, 10), 3, 3, 3),
        (date(2025, 3, 17), 3, 1, 2),
    ]
    assert (summary.adherence.planned, summary.adherence.done, summary.adherence.started) == (
        8,
        6,
        7,
    )
    assert sessions_sentence(summary) == "6 of 8 planned sessions done (75%)."
    assert describe("adherence", summary) == "6 of 8 planned sessions done over 3 weeks."


def test_the_sessions_chart_draws_the_model_bars(planned: FakeRepository) -> None:
    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23))
    fig = figure()
    draw_adherence(fig, summary)
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["3 Mar", "10 Mar", "17 Mar"]
    assert [t.get_text() for t in ax.texts] == ["2", "3", "3", "2", "3", "1"]  # planned, done
    assert ax.get_title(loc="left") == "Sessions per week"


def test_the_report_states_what_the_store_holds(planned: FakeRepository) -> None:
    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23))
    text = report_text(summary)
    assert "Sessions done 6 / 8 6 of 8 planned sessions done (75%)." in text
    assert "Current plan made on 5 March 2025: 3 sessions a week" in text
    assert "7 guided sessions started." in text
    # No ratings: the pain chart is one sentence, with no image.
    page = render_report_html(summary, LIBRARY, "en", MADE)
    assert 'class="chart chart-pain"' not in page
    assert '<p class="chart-empty chart-pain">No pain ratings in this period yet.</p>' in page
    assert 'class="chart chart-adherence"' in page


def test_backcare_progress_prints_the_same_figures(planned: FakeRepository) -> None:
    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23))
    assert progress_lines(summary) == [
        "Progress 1 March 2025 – 23 March 2025",
        "",
        "Pain: No pain ratings in this period yet.",
        "Sessions done: 6 of 8 planned sessions done (75%).",
        "  Week starting   Planned      Done",
        "  3 Mar                 2         2",
        "  10 Mar                3         3",
        "  17 Mar                3         1",
        "Questionnaire scores:",
        "  No questionnaire scores in this period yet.",
    ]
    document = progress_json(summary)
    assert document["axis_start"] == "2025-03-05"
    assert document["said"]["sessions"] == "6 of 8 planned sessions done (75%)."
    assert [b["done"] for b in document["sessions_chart"]["bars"]] == [2, 3, 1]


def test_a_plan_in_force_that_asks_nothing_in_a_short_period_is_not_called_no_plan() -> None:
    """One day under a plan of one session a week plans no session (1/7 rounds to 0): the
    page must not then say that no plan was in force (found by the web property test)."""
    repo = FakeRepository()
    add_plan(repo, MONDAY - timedelta(days=1), per_week=1)
    summary = read(repo, MONDAY, MONDAY)
    assert (summary.adherence.planned, summary.adherence.plan_days) == (0, 1)
    said = sessions_sentence(summary)
    assert said == "The plan in force asked for no session in these days. 0 sessions done."
    assert "No plan was in force" not in report_text(summary)


# --- a gap in the ratings --------------------------------------------------------------------


def gap_store() -> FakeRepository:
    repo = FakeRepository()
    for n, pain in ((0, 6), (1, 6), (2, 5), (21, 4), (22, 3)):
        add_rating(repo, day(n), pain)
    return repo


def test_a_gap_breaks_the_lines_and_the_sentence_names_both_weeks() -> None:
    summary = read(gap_store(), MONDAY, day(27))
    series = summary.pain_chart
    assert series.resolution == "day"
    assert [(m.start, m.mean, m.joined) for m in series.marks] == [
        (day(0), 6.0, False),
        (day(1), 6.0, True),
        (day(2), 5.0, True),
        (day(21), 4.0, False),  # 19 days after the last rating: not joined
        (day(22), 3.0, True),
    ]
    assert [(m.start, m.mean, m.days_rated, m.joined) for m in series.weekly] == [
        (day(0), 5.7, 3, False),
        (day(21), 3.5, 2, False),
    ]
    assert pain_sentence(summary.pain) == (
        "Average 5.7 from 3 March 2025 to 5 March 2025 (3 rated days), against 3.5 from "
        "24 March 2025 to 25 March 2025 (2 rated days). Better by 2.2 points: a change that "
        "matters (at least 2 points and 30% of where it started)."
    )
    fig = figure()
    draw_pain(fig, summary)
    daily, weekly = fig.axes[0].get_lines()[:2]
    assert [math.isnan(float(y)) for y in daily.get_ydata()] == [
        False,
        False,
        False,
        True,
        False,
        False,
    ]
    assert [math.isnan(float(y)) for y in weekly.get_ydata()] == [False, True, False]


# --- a year between two ratings ----------------------------------------------------------


def test_a_year_between_two_ratings_is_too_little_data_and_never_joined() -> None:
    repo = FakeRepository()
    add_rating(repo, MONDAY, 7)
    add_rating(repo, MONDAY + timedelta(days=365), 4)
    summary = read(repo, MONDAY, MONDAY + timedelta(days=365))
    assert summary.pain.change is None
    assert summary.pain.direction == "unknown"
    assert pain_sentence(summary.pain) == TOO_LITTLE
    series = summary.pain_chart
    assert series.resolution == "week"  # a year of days is drawn as weekly means
    assert [(m.start, m.mean, m.joined) for m in series.marks] == [
        (date(2025, 3, 3), 7.0, False),
        (date(2026, 3, 2), 4.0, False),
    ]
    text = report_text(summary)
    assert "Better" not in text
    assert "Worse" not in text
    assert TOO_LITTLE in text


# --- one rating only -----------------------------------------------------------------------


def test_one_rating_only() -> None:
    repo = FakeRepository()
    add_rating(repo, date(2025, 3, 10), 5)
    summary = read(repo, date(2025, 3, 1), date(2025, 3, 20))
    assert summary.first_day == date(2025, 3, 10)
    assert [(m.start, m.mean) for m in summary.pain_chart.marks] == [(date(2025, 3, 10), 5.0)]
    assert pain_sentence(summary.pain) == TOO_LITTLE
    assert describe("pain", summary) == "Pain ratings on 1 day; 0 days with a guided session."
    # The axis runs from the rating to the end of the period, not from 1 March.
    from matplotlib.dates import num2date

    fig = figure()
    draw_pain(fig, summary)
    low, high = (num2date(x).date() for x in fig.axes[0].get_xlim())
    assert (low, high) == (date(2025, 3, 10), date(2025, 3, 21))


# --- nothing recorded ----------------------------------------------------------------------


def test_nothing_recorded_says_so_once_per_chart_and_draws_no_axes() -> None:
    summary = read(FakeRepository(), date(2025, 3, 1), date(2025, 3, 28))
    assert summary.first_day is None
    assert summary.pain_chart.empty
    assert summary.sessions_chart.empty
    page = render_report_html(summary, LIBRARY, "en", MADE)
    charts = page[page.index('<section class="charts">') :]
    charts = charts[: charts.index("</section>")]
    assert "<img" not in charts
    assert visible_text(charts) == (
        "Charts No pain ratings in this period yet. No sessions planned or done in this period "
        "yet. No questionnaire scores in this period yet."
    )
    assert "No plan was in force, so nothing was planned. 0 sessions done." in visible_text(page)
    assert progress_lines(summary)[2:] == [
        "Pain: No pain ratings in this period yet.",
        "Sessions done: No sessions planned or done in this period yet.",
        "Questionnaire scores:",
        "  No questionnaire scores in this period yet.",
    ]
    svg = chart("adherence", summary, "svg").decode()
    assert "No sessions planned or done in this period yet." in svg
    assert "xtick" not in svg
    assert "ytick" not in svg


# --- questionnaire scores against their own minimal important change ------------------------


def test_scores_are_called_against_each_instruments_own_change() -> None:
    assert {k: v.value for k, v in minimal_important_changes(LIBRARY).items()} == {
        "ndi": 5,
        "odi": 10,
        "pain_nrs": 2,
        "rmdq": 5,
    }
    repo = FakeRepository()
    add_scores(repo, day(0), odi=40, rmdq=9)
    add_scores(repo, day(30), odi=28, rmdq=6)
    summary = read(repo, MONDAY, day(40))
    said = {t.instrument: score_sentence(t) for t in summary.scores}
    assert said == {
        "odi": "40 on 3 March 2025, 28 on 2 April 2025. Better, by at least the 10 that matters.",
        "rmdq": "9 on 3 March 2025, 6 on 2 April 2025. About the same: less than the 5 that "
        "matters.",
    }
    once = read(repo, MONDAY, day(10))
    assert [score_sentence(t) for t in once.scores] == [
        "Answered once so far.",
        "Answered once so far.",
    ]


# --- Chinese -------------------------------------------------------------------------------


def svg_words(svg: str) -> list[str]:
    """Every text a chart draws (its SVG keeps text as text: svg.fonttype none)."""
    return [html.unescape(t).strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


ENGLISH_DATE = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\b"
)


def test_chinese_sentences_and_chart_labels(planned: FakeRepository) -> None:
    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23), "zh")
    assert sessions_sentence(summary, "zh") == "计划锻炼 8 次，完成 6 次（75%）。"
    fig = figure()
    draw_adherence(fig, summary, "zh")
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["3月3日", "3月10日", "3月17日"]
    gap = read(gap_store(), MONDAY, day(27), "zh")
    long = read(gap_store(), MONDAY, day(400), "zh")  # months on the axis
    for drawn in (
        chart("adherence", summary, "svg", "zh"),
        chart("pain", gap, "svg", "zh"),
        chart("pain", long, "svg", "zh"),
    ):
        words = svg_words(drawn.decode())
        assert words, "no text found in the chart"
        assert not ENGLISH_DATE.search(" ".join(words)), words
    assert "3月5日" in svg_words(chart("pain", gap, "svg", "zh").decode())
    assert any(
        re.fullmatch(r"20\d\d年\d+月", w)
        for w in svg_words(chart("pain", long, "svg", "zh").decode())
    )
    said = pain_sentence(gap.pain, "zh")
    assert "2025年3月3日" in said
    assert "5.7" in said
    assert "3.5" in said
    assert not re.search(r"[A-Za-z]{2,}", said), said


def test_the_zh_sessions_table_lines_up_on_a_terminal(planned: FakeRepository) -> None:
    # A Chinese character takes two terminal cells: columns are padded by cells, not by
    # characters, so the numbers stand under their headings.
    import unicodedata

    def cells(text: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)

    summary = read(planned, date(2025, 3, 1), date(2025, 3, 23), "zh")
    lines = progress_lines(summary, "zh")
    table = [line for line in lines if line.startswith("  ") and line.rstrip()[-1:].isdigit()]
    head = next(line for line in lines if "计划" in line and line.startswith("  "))
    assert len(table) >= 3
    assert len({cells(line) for line in (head, *table)}) == 1, [head, *table]

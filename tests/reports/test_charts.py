"""Progress charts: SVG and PNG, stable bytes, plain-word titles and labels, and series told
apart by marker and line style, not colour alone."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta

import pytest

from backcare.domain.progress import ProgressSummary, summarise
from backcare.reports.charts import (
    CHART_KINDS,
    chart,
    describe,
    draw_adherence,
    draw_pain,
    draw_scores,
    pain_chart_png,
    pain_chart_svg,
)
from tests.reports.fakes import USER_ID, FakeRepository, fill_history, summary_of

START = date(2025, 3, 3)


@pytest.fixture(scope="module")
def summary() -> ProgressSummary:
    repo = FakeRepository()
    fill_history(repo, START, 56)
    return summary_of(repo, START, START + timedelta(days=55))


EMPTY = summarise([], [], [], [], START, START + timedelta(days=13))


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_svg_is_stable_and_names_what_it_shows(summary: ProgressSummary, kind: str) -> None:
    svg = chart(kind, summary, "svg")  # type: ignore[arg-type]
    assert svg.lstrip().startswith(b"<?xml")
    assert b"<svg" in svg
    assert chart(kind, summary, "svg") == svg  # type: ignore[arg-type]
    text = svg.decode()
    expected = {
        "pain": [
            "Pain over time",
            "Pain (0 = none, 10 = worst)",
            "Weekly average",
            "Guided session",
        ],
        "adherence": ["Sessions per week", "Week starting", "Planned", "Done"],
        "scores": ["Questionnaire scores over time", "ODI (% disability)", "RMDQ (points of 24)"],
        # This history has no break events: the chart is that one sentence (issue 14).
        "breaks": ["No breaks recorded in this period yet."],
    }[kind]
    for words in expected:
        assert words.replace("&", "&amp;") in text, words
    assert "<dc:date>" not in text  # no timestamp, so the bytes do not change


def test_png_is_a_png_image(summary: ProgressSummary) -> None:
    png = pain_chart_png(summary)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    assert (width, height) == (1125, 480)  # 7.5 x 3.2 inches at 150 dpi


def test_different_records_draw_a_different_chart(summary: ProgressSummary) -> None:
    assert pain_chart_svg(summary) != pain_chart_svg(EMPTY)


@pytest.mark.parametrize("kind", CHART_KINDS)
def test_an_empty_period_says_so_in_words(kind: str) -> None:
    svg = chart(kind, EMPTY, "svg").decode()  # type: ignore[arg-type]
    message = {
        "pain": "No pain ratings in this period yet.",
        "adherence": "No sessions planned or done in this period yet.",
        "scores": "No questionnaire scores in this period yet.",
        "breaks": "No breaks recorded in this period yet.",
    }[kind]
    assert message in svg
    # One sentence and nothing else: no axes, ticks or title around nothing (issue 14).
    assert 'id="xtick_1"' not in svg
    assert 'id="patch_2"' not in svg  # the figure's background only, no axes frame


def test_chinese_labels(summary: ProgressSummary) -> None:
    assert "疼痛变化" in chart("pain", summary, "svg", "zh").decode()
    assert "这段时间还没有疼痛记录。" in chart("pain", EMPTY, "svg", "zh").decode()


def figure():  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    return Figure()


def test_series_differ_by_marker_and_line_style(summary: ProgressSummary) -> None:
    fig = figure()
    draw_pain(fig, summary)
    lines = fig.axes[0].get_lines()
    styles = {(line.get_marker(), line.get_linestyle()) for line in lines}
    assert len(styles) == len(lines) == 3
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert labels == ["Pain that day", "Weekly average", "Guided session"]


def test_adherence_bars_are_labelled_with_their_numbers(summary: ProgressSummary) -> None:
    fig = figure()
    draw_adherence(fig, summary)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.texts]
    planned = [str(w.planned) for w in summary.adherence.weeks]
    done = [str(w.done) for w in summary.adherence.weeks]
    assert labels == planned + done
    hatches = {patch.get_hatch() for patch in ax.patches}
    assert hatches == {"//", None}  # planned bars hatched, done bars solid


def test_scores_get_one_panel_each_on_their_full_scale(summary: ProgressSummary) -> None:
    fig = figure()
    draw_scores(fig, summary)
    assert [ax.get_ylim() for ax in fig.axes] == [(0, 100), (0, 24)]
    markers = {ax.get_lines()[0].get_marker() for ax in fig.axes}
    assert len(markers) == 2


def test_descriptions_for_screen_readers(summary: ProgressSummary) -> None:
    assert describe("pain", summary).startswith(f"Pain ratings on {len(summary.pain.points)} days")
    assert describe("adherence", summary) == (
        f"{summary.adherence.done} of {summary.adherence.planned} planned sessions done "
        f"over {len(summary.adherence.weeks)} weeks."
    )
    assert (
        describe("scores", summary) == "Questionnaire scores: ODI from 40 to 18; RMDQ from 9 to 3."
    )
    assert describe("scores", EMPTY) == "No questionnaire scores in this period yet."


def test_ratings_all_on_one_day_show_a_week_around_that_day() -> None:
    """Every rating on one day: the x-axis is the week around it (matplotlib alone widens a
    single date to years either side) and the day's dot is drawn on top, visible."""
    from datetime import UTC, datetime

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.colors import to_rgb
    from matplotlib.dates import date2num, num2date

    from backcare.domain.records import DiaryEntry
    from backcare.reports.charts import BLUE

    day = date(2026, 11, 25)
    made = datetime(2026, 11, 25, 20, tzinfo=UTC)
    diary = [
        DiaryEntry(user_id=USER_ID, date=day, pain=pain, created_at=made, updated_at=made)
        for pain in (2, 4)
    ]
    one_day = summarise(diary, [], [], [], day - timedelta(days=27), day)
    fig = figure()
    FigureCanvasAgg(fig)
    draw_pain(fig, one_day)
    ax = fig.axes[0]
    low, high = (num2date(x).date() for x in ax.get_xlim())
    assert (low, high) == (date(2026, 11, 22), date(2026, 11, 29))
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert ticks[0] == "22 Nov"
    assert "25 Nov" in ticks
    # The dot sits at the day's midday and pain 3 (the day's mean), and its centre pixel is
    # the daily series' blue, not the weekly square drawn in the same place.
    daily = ax.get_lines()[0]
    midday = float(date2num(datetime(2026, 11, 25, 12)))  # type: ignore[no-untyped-call]
    assert daily.get_xydata().tolist() == [[midday, 3.0]]
    fig.canvas.draw()
    x, y = ax.transData.transform((midday, 3.0))
    import numpy as np

    pixels = np.asarray(fig.canvas.buffer_rgba())  # type: ignore[attr-defined]
    r, g, b, _ = pixels[pixels.shape[0] - round(y), round(x)]
    assert (r, g, b) == tuple(round(c * 255) for c in to_rgb(BLUE))


def test_pain_lines_break_across_a_gap_longer_than_the_window() -> None:
    """Issue 14: a line drawn straight across a 12-month gap claimed ratings nobody gave."""
    from backcare.domain.progress import WINDOW_DAYS
    from backcare.domain.records import DiaryEntry

    def rating(day: date, pain: int) -> DiaryEntry:
        stamp = datetime(day.year, day.month, day.day, 20, tzinfo=UTC)
        return DiaryEntry(user_id=USER_ID, date=day, pain=pain, created_at=stamp, updated_at=stamp)

    later = START + timedelta(days=365)
    days = [START, START + timedelta(days=1), later, later + timedelta(days=1)]
    # Over two weeks either side of the gap (the axis of the whole year holds weekly means).
    first_half = summarise(
        [rating(d, 5) for d in days[:2]], [], [], [], START, START + timedelta(days=20)
    )
    apart = summarise(
        [rating(d, 5) for d in days],
        [],
        [],
        [],
        later - timedelta(days=90),
        later + timedelta(days=1),
    )
    whole = summarise([rating(d, 5) for d in days], [], [], [], START, later + timedelta(days=1))
    assert whole.pain_chart.resolution == "week"
    assert [m.joined for m in whole.pain_chart.marks] == [False, False]
    fig = figure()
    draw_pain(fig, whole)
    (line,) = fig.axes[0].get_lines()[:1]
    ys = [float(y) for y in line.get_ydata()]
    assert sum(math.isnan(y) for y in ys) == 1, ys  # one break, where the year passes
    xs = [float(x) for x in line.get_xdata()]
    assert xs[-1] - xs[0] > WINDOW_DAYS
    # Day by day, ratings on neighbouring days stay joined, and the weekly line too.
    assert [m.joined for m in first_half.pain_chart.marks] == [False, True]
    fig = figure()
    draw_pain(fig, first_half)
    assert not any(math.isnan(float(y)) for y in fig.axes[0].get_lines()[0].get_ydata())
    assert apart.pain_chart.resolution == "day"
    assert [m.joined for m in apart.pain_chart.marks] == [False, True]

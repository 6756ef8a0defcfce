"""Breaks from sitting in the charts and the report (issue 7): the break reminder's saved
events appear as their own chart, as a second panel of the sessions chart, as a line in the
PDF, and through `backcare chart breaks` with events saved in the real SQLite store."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.domain.progress import ProgressSummary, summarise
from backcare.domain.records import ReminderEvent
from backcare.reports.charts import chart, describe, draw_adherence, draw_breaks
from backcare.reports.report import render_report_pdf
from backcare.services.progress import chart_svg, period, progress_summary
from backcare.store import open_repository
from tests.reports.fakes import USER_ID, FakeRepository, fill_history, tiny_library

START = date(2025, 3, 3)  # a Monday
END = START + timedelta(days=13)

# (day from START, hour, action, exercise): two weeks with every kind of answer.
PLAN = [
    (0, 10, "shown", "chin_tuck"),
    (0, 10, "done", "chin_tuck"),
    (1, 11, "shown", "chin_tuck"),
    (1, 11, "snoozed", "chin_tuck"),
    (1, 12, "done", None),  # stepped away: a natural break
    (4, 15, "skipped", "chin_tuck"),
    (8, 9, "done", "cat_cow"),
    (8, 10, "done", "cat_cow"),
    (9, 14, "snoozed", "cat_cow"),
    (9, 15, "snoozed", "cat_cow"),
    (10, 16, "skipped", None),
]
# What the plan adds up to, week by week: (taken, snoozed, skipped).
WEEKLY = {"2025-03-03": (2, 1, 1), "2025-03-10": (2, 2, 1)}


def events(user_id: str = USER_ID) -> list[ReminderEvent]:
    return [
        ReminderEvent(
            user_id=user_id,
            at=datetime.combine(START + timedelta(days=n), time(hour), tzinfo=UTC),
            kind="micro",
            action=action,  # type: ignore[arg-type]
            exercise=exercise,
        )
        for n, hour, action, exercise in PLAN
    ]


def history(with_breaks: bool = True) -> FakeRepository:
    repo = FakeRepository()
    fill_history(repo, START, 14)
    if with_breaks:
        for event in events():
            repo.add_reminder_event(event)
    return repo


@pytest.fixture(scope="module")
def summary() -> ProgressSummary:
    return progress_summary(history(), USER_ID, tiny_library(), START, END)


def figure():  # type: ignore[no-untyped-def]
    from matplotlib.figure import Figure

    return Figure()


def bar_ids(svg: str) -> dict[str, str]:
    """Each break bar's id in the SVG -> its drawn path, to check one exists per week."""
    return dict(re.findall(r'<g id="(breaks-[a-z]+-\d{4}-\d\d-\d\d)">\s*<path d="([^"]+)"', svg))


def test_the_service_reads_the_saved_events_into_the_summary(summary: ProgressSummary) -> None:
    got = {f"{w.week_start:%Y-%m-%d}": (w.done, w.snoozed, w.skipped) for w in summary.breaks.weeks}
    assert got == WEEKLY
    assert (summary.breaks.natural, summary.breaks.total) == (1, 9)


def test_breaks_chart_has_each_series_for_each_week_in_plain_words(
    summary: ProgressSummary,
) -> None:
    svg = chart("breaks", summary, "svg").decode()
    for words in ("Breaks from sitting per week", "Taken", "Snoozed", "Skipped", "Week starting"):
        assert words in svg
    ids = bar_ids(svg)
    assert sorted(ids) == sorted(
        f"breaks-{series}-{week}" for series in ("taken", "snoozed", "skipped") for week in WEEKLY
    )
    assert chart("breaks", summary, "svg").decode() == svg  # stable bytes


def test_breaks_series_differ_by_hatching_and_bars_carry_their_numbers(
    summary: ProgressSummary,
) -> None:
    fig = figure()
    draw_breaks(fig, summary)
    ax = fig.axes[0]
    assert {patch.get_hatch() for patch in ax.patches} == {None, "..", "xx"}
    labels = [t.get_text() for t in ax.texts]
    expected = [str(WEEKLY[w][i]) for i in range(3) for w in WEEKLY]
    assert labels == expected
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend == ["Taken", "Snoozed", "Skipped"]


def test_over_many_weeks_breaks_are_lines_with_their_own_markers() -> None:
    long = summarise([], [], [], [], START, START + timedelta(weeks=20), reminder_events=events())
    fig = figure()
    draw_breaks(fig, long)
    lines = fig.axes[0].get_lines()
    assert [line.get_gid() for line in lines] == [
        "breaks-taken",
        "breaks-snoozed",
        "breaks-skipped",
    ]
    assert len({(line.get_marker(), line.get_linestyle()) for line in lines}) == 3
    assert list(lines[0].get_ydata()[:2]) == [2, 2]


def test_sessions_chart_gains_a_breaks_panel_only_when_breaks_were_saved(
    summary: ProgressSummary,
) -> None:
    fig = figure()
    draw_adherence(fig, summary)
    assert [ax.get_title(loc="left") for ax in fig.axes] == [
        "Sessions per week",
        "Breaks from sitting per week",
    ]
    svg = chart("adherence", summary, "svg").decode()
    assert "Breaks from sitting per week" in svg
    assert len(bar_ids(svg)) == 6
    plain = progress_summary(history(with_breaks=False), USER_ID, None, START, END)
    fig = figure()
    draw_adherence(fig, plain)
    assert len(fig.axes) == 1
    assert "Breaks from sitting" not in chart("adherence", plain, "svg").decode()


def test_descriptions_name_the_breaks(summary: ProgressSummary) -> None:
    said = (
        "Breaks from sitting: 4 taken (including 1 times you stepped away without a "
        "reminder), 3 snoozed and 2 skipped."
    )
    assert describe("breaks", summary) == said
    assert describe("adherence", summary).endswith(said)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def test_report_has_a_breaks_line_when_breaks_were_saved(summary: ProgressSummary) -> None:
    made = datetime(2025, 4, 1, 9, tzinfo=UTC)
    text = pdf_text(render_report_pdf(summary, tiny_library(), "en", made))
    assert "Breaks from sitting: 4 taken, 3 snoozed and 2 skipped." in text
    assert "1 of the breaks taken were times you stepped away without a reminder." in text
    plain = progress_summary(history(with_breaks=False), USER_ID, None, START, END)
    assert "Breaks from sitting" not in pdf_text(render_report_pdf(plain, None, "en", made))


def test_the_web_chart_service_draws_breaks() -> None:
    svg = chart_svg(history(), USER_ID, "breaks", START, END)
    assert "breaks-skipped-2025-03-10" in svg


class CountingRepository(FakeRepository):
    """Counts reads of break events: the most numerous records, read only when drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.event_reads = 0

    def list_reminder_events(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[ReminderEvent]:
        self.event_reads += 1
        return super().list_reminder_events(user_id, start, end)


@pytest.mark.parametrize(
    ("kind", "reads"), [("pain", 0), ("scores", 0), ("adherence", 1), ("breaks", 1)]
)
def test_only_the_charts_that_draw_breaks_read_the_events(kind: str, reads: int) -> None:
    repo = CountingRepository()
    fill_history(repo, START, 14)
    chart_svg(repo, USER_ID, kind, START, END)
    assert repo.event_reads == reads


def test_break_events_alone_set_the_start_of_the_period() -> None:
    repo = FakeRepository()
    for event in events():
        repo.add_reminder_event(event)
    assert period(repo, USER_ID, None, END) == (START, END)


def test_break_events_before_every_other_record_move_the_start_earlier() -> None:
    repo = history()  # diary, sessions and plans from START, breaks from START too
    assert period(repo, USER_ID, None, END)[0] == START
    early = events()[0].model_copy(
        update={"id": "e" * 32, "at": datetime(2025, 2, 20, 9, tzinfo=UTC)}
    )
    repo.add_reminder_event(early)
    assert period(repo, USER_ID, None, END)[0] == date(2025, 2, 20)


def backcare(*args: str) -> Result:
    return CliRunner().invoke(app, list(args))


def test_cli_chart_breaks_reads_events_from_the_sqlite_store(tmp_path: Path) -> None:
    with open_repository() as repo:
        user_id = repo.local_user().id
        for event in events(user_id):
            repo.add_reminder_event(event)
    out = tmp_path / "breaks.svg"
    period_args = ["--from", "2025-03-03", "--to", "2025-03-16"]
    result = backcare("chart", "breaks", "--out", str(out), *period_args)
    assert result.exit_code == 0, result.stderr
    svg = out.read_text("utf-8")
    assert sorted(bar_ids(svg)) == sorted(
        f"breaks-{series}-{week}" for series in ("taken", "snoozed", "skipped") for week in WEEKLY
    )
    # The same events as the in-memory history, so the same bytes as the service draws.
    assert (
        svg
        == chart(
            "breaks", summarise([], [], [], [], START, END, reminder_events=events(user_id)), "svg"
        ).decode()
    )


def test_cli_refuses_an_unknown_chart_in_one_line(tmp_path: Path) -> None:
    result = backcare("chart", "naps", "--out", str(tmp_path / "x.svg"))
    assert result.exit_code == 2
    assert "breaks" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1

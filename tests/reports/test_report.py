"""The PDF progress report: rendered by WeasyPrint, read back with pypdf, and checked for what a
person and their doctor need to see: the period, the figures, the latest screening's urgency
and red flags in plain words, the charts, the plan, the notes and the safety notice."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

from backcare.domain.progress import ProgressSummary, summarise
from backcare.domain.records import DiaryEntry, ScreeningRecord
from backcare.errors import BadInput
from backcare.reports.report import render_report_html, render_report_pdf
from backcare.services.progress import chart_svg, period, progress_report_pdf, progress_summary
from tests.reports import fakes
from tests.reports.fakes import (
    USER_ID,
    FakeRepository,
    at,
    fill_history,
    screening_result,
    tiny_library,
)

START = date(2025, 3, 3)
MADE = datetime(2025, 5, 1, 9, tzinfo=UTC)


def history(days: int = 56) -> FakeRepository:
    repo = FakeRepository()
    fill_history(repo, START, days)
    return repo


def summary_of(repo: FakeRepository, end: date) -> ProgressSummary:
    return fakes.summary_of(repo, START, end)


def pdf_text(pdf: bytes) -> tuple[int, list[str]]:
    reader = PdfReader(io.BytesIO(pdf))
    pages = [" ".join((page.extract_text() or "").split()) for page in reader.pages]
    return len(reader.pages), pages


@pytest.fixture(scope="module")
def rendered() -> tuple[ProgressSummary, bytes]:
    repo = history()
    # A red flag in the latest screening, so the report must show it in plain words.
    repo.add_screening(
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(START + timedelta(days=50), 10),
            answers={"saddle_numbness": True},
            result=screening_result(
                18.0, 3, [{"id": "cauda_equina", "urgency": "emergency", "because": []}]
            ),
        )
    )
    summary = summary_of(repo, START + timedelta(days=55))
    return summary, render_report_pdf(summary, tiny_library(), generated_at=MADE)


def test_pdf_has_pages_and_the_safety_notice_on_each(
    rendered: tuple[ProgressSummary, bytes],
) -> None:
    _, pdf = rendered
    assert pdf.startswith(b"%PDF-")
    count, pages = pdf_text(pdf)
    assert 2 <= count <= 6
    for number, text in enumerate(pages, start=1):
        assert "backcare does not diagnose" in text
        assert f"Page {number} of {count}" in text
    first = pages[0]
    assert "Progress report" in first
    assert "3 March 2025 – 27 April 2025" in first
    assert "Made on 1 May 2025" in first
    assert "Safety notice." in first


def test_pdf_shows_the_figures_of_the_summary(rendered: tuple[ProgressSummary, bytes]) -> None:
    summary, pdf = rendered
    text = " ".join(pdf_text(pdf)[1])
    pain = summary.pain
    assert pain.direction == "better"  # about 6 down to about 3 in this history
    assert f"{pain.first_week:g} → {pain.last_week:g}" in text
    assert f"Better by {-pain.change:g} points: a change that matters" in text  # type: ignore[operator]
    assert f"{summary.adherence.done} / {summary.adherence.planned}" in text
    assert (
        f"{summary.adherence.done} of {summary.adherence.planned} planned sessions done "
        f"({summary.adherence.percent:g}%)."
    ) in text


def test_pdf_shows_urgency_and_red_flags_in_plain_words(
    rendered: tuple[ProgressSummary, bytes],
) -> None:
    text = " ".join(pdf_text(rendered[1])[1])
    assert "Answered on 22 April 2025." in text  # 50 days after 3 March
    assert "Emergency Go to an emergency department now." in text
    assert "Possible pressure on the nerves at the base of the spine (emergency)" in text


def test_pdf_shows_charts_scores_plan_and_notes(rendered: tuple[ProgressSummary, bytes]) -> None:
    summary, pdf = rendered
    text = " ".join(pdf_text(pdf)[1])
    assert "Pain over time" in text  # chart text stays text inside the PDF
    assert "Sessions per week" in text
    assert f"Pain ratings on {len(summary.pain.points)} days" in text  # the caption
    # Since issue 14 the sentence names the dates and scores it compares.
    assert re.search(
        r"ODI .*40 % 18 % -22 points 40 on 3 March 2025, 18 on 22 April 2025\.\s?"
        r"Better, by at least the 10 that matters",
        text,
    )
    assert "Back extension moved up to Ball back extension." in text
    assert "Wall angel increased from 2 × 8 to 3 × 8." in text
    assert "Stiff after a long day at the desk." in text
    assert "it is not a diagnosis" in text


def test_html_escapes_what_a_person_wrote() -> None:
    repo = FakeRepository()
    repo.add_diary(
        DiaryEntry(
            user_id=USER_ID,
            date=START,
            pain=3,
            note="<script>alert(1)</script> & more",
            created_at=at(START),
            updated_at=at(START),
        )
    )
    html = render_report_html(summary_of(repo, START + timedelta(days=6)), None, generated_at=MADE)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html


def test_an_empty_history_still_makes_a_kind_report() -> None:
    summary = summarise([], [], [], [], START, START + timedelta(days=27))
    count, pages = pdf_text(render_report_pdf(summary, None, generated_at=MADE))
    text = " ".join(pages)
    assert count >= 1
    assert "No screening yet." in text
    assert "No exercise plan yet." in text
    assert "No diary notes in this period." in text
    assert "No pain ratings in this period yet." in text


# --- the service the CLI and the web app call ------------------------------------------------


def test_period_defaults_to_the_first_record_up_to_today() -> None:
    repo = history(20)
    today = START + timedelta(days=40)
    assert period(repo, USER_ID, None, None, today) == (START, today)
    assert period(repo, USER_ID, START + timedelta(days=5), None, today)[0] == START + timedelta(5)
    empty = period(FakeRepository(), USER_ID, None, None, today)
    assert empty == (today - timedelta(days=27), today)
    with pytest.raises(BadInput) as caught:
        period(repo, USER_ID, today, today - timedelta(days=1), today)
    assert caught.value.key == "--from"


def test_service_builds_the_same_summary_as_the_domain() -> None:
    repo = history()
    end = START + timedelta(days=55)
    assert progress_summary(repo, USER_ID, tiny_library(), START, end) == summary_of(repo, end)


def test_service_pdf_and_chart() -> None:
    repo = history(21)
    pdf = progress_report_pdf(repo, USER_ID, tiny_library(), START, START + timedelta(days=20))
    assert pdf.startswith(b"%PDF-")
    svg = chart_svg(repo, USER_ID, "adherence", START, START + timedelta(days=20))
    assert "Sessions per week" in svg
    with pytest.raises(BadInput) as caught:
        chart_svg(repo, USER_ID, "weight", START, START + timedelta(days=20))
    assert caught.value.key == "kind"


def test_chinese_report_uses_the_interface_catalogue_and_chinese_content() -> None:
    import gettext
    from importlib import resources

    repo = history(14)
    summary = progress_summary(repo, USER_ID, tiny_library(), START, START + timedelta(days=13))
    catalogue = gettext.translation(
        "messages",
        str(resources.files("backcare").joinpath("locales")),
        languages=["zh_Hans"],
        fallback=True,
    )
    heading = catalogue.gettext("Questionnaire scores")
    assert heading != "Questionnaire scores"  # the shared catalogue translates it
    html = render_report_html(summary, tiny_library(), "zh_Hans", generated_at=MADE)
    assert '<html lang="zh">' in html  # zh_Hans (the web's name) reads Chinese content
    assert f"<h2>{heading}</h2>" in html
    english = render_report_html(summary, tiny_library(), "en", generated_at=MADE)
    assert "<h2>Questionnaire scores</h2>" in english
    assert heading not in english


def test_the_pdf_renderer_fetches_nothing_from_outside() -> None:
    from backcare.reports.printing import inline_only

    fetcher = inline_only()
    fetch = getattr(fetcher, "fetch", fetcher)
    for url in ("file:///etc/hostname", "http://127.0.0.1:9/x.png"):
        with pytest.raises(ValueError, match=r"disallowed|outside"):
            fetch(url)
    assert fetch("data:text/plain;base64,aGk=") is not None

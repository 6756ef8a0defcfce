"""Simplified Chinese is complete: every text a person reads in the content library has a `zh`,
and the Chinese screening view, report and handout show no English interface words.

The one exemption is wording that is not ours to translate: the Roland-Morris statements are
the authors' English original, and a Chinese version must be a validated translation with its
own terms (content/instruments/rmdq.yaml says so next to the items).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from babel.messages.pofile import read_po
from pydantic import BaseModel

from backcare.domain.library import Library
from backcare.domain.types import Text
from backcare.web import i18n

CJK = re.compile(r"[\u3400-\u9fff]")
# Paths (as walk() names them) whose English is licensed wording we may not translate.
NOT_OURS = re.compile(r"^instruments\[rmdq\]\.items\[\d+\]\.label$")


def walk(value: Any, path: str) -> Iterator[tuple[str, Text]]:
    """Every localized text in a content model, with where it sits."""
    if isinstance(value, Text):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from walk(getattr(value, name), f"{path}.{name}" if path else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{path}[{key}]")
    elif isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            key = getattr(item, "id", None) or getattr(item, "key", None) or index
            yield from walk(item, f"{path}[{key}]")


def texts(library: Library) -> list[tuple[str, Text]]:
    return list(walk(library, ""))


def test_the_walk_finds_the_texts_people_read(library: Library) -> None:
    """Guards the test below: it must see questions, steps, flags, advice and labels."""
    paths = [path for path, _ in texts(library)]
    for expected in (
        r"^questions\[saddle_numbness\]\.text$",
        r"^questions\[onset\]\.options\[\d+\]\.label$",
        r"^exercises\[cat_cow\]\.steps\[\d+\]$",
        r"^exercises\[cat_cow\]\.mistakes\[\d+\]$",
        r"^red_flags\[cauda_equina\]\.message$",
        r"^advice\[\w+\]\.text$",
        r"^criteria\[asas\]\.items\[\w+\]\.label$",
        r"^safety_rules\[\d+\]\.reason$",
        r"^reminders\.why$",
    ):
        assert any(re.match(expected, path) for path in paths), expected
    assert len(paths) > 800


def test_every_content_text_has_chinese(library: Library) -> None:
    missing = [
        f"{path}: {text.en[:50]}"
        for path, text in texts(library)
        if not NOT_OURS.match(path) and not (text.zh and text.zh.strip())
    ]
    assert not missing, f"{len(missing)} texts lack zh, e.g. {missing[:5]}"


def test_chinese_text_is_chinese(library: Library) -> None:
    """A zh field holding a copy of the English (or left in Latin script) is not a translation."""
    wrong = [
        f"{path}: {text.zh}"
        for path, text in texts(library)
        if text.zh and (text.zh == text.en or not CJK.search(text.zh))
    ]
    assert not wrong, wrong[:5]


def test_licensed_wording_stays_untranslated(library: Library) -> None:
    """The exemption is narrow: only the RMDQ statements, and they ship in English only."""
    exempt = [(path, text) for path, text in texts(library) if NOT_OURS.match(path)]
    assert len(exempt) == 24
    assert all(text.zh is None for _, text in exempt)
    assert library.instruments["rmdq"].name.zh  # the name and description are ours


# --- No English interface words left in the Chinese output --------------------------------


def _english_messages() -> list[str]:
    """Interface sentences of the catalogue, as a check for untranslated leftovers: those of
    three words or more, with any placeholder cut off, since fragments would match names."""
    path = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    found = []
    for message in catalogue:
        if not message.id or isinstance(message.id, tuple):
            continue
        for part in re.split(r"%\(\w+\)[sd]", message.id):
            part = part.strip(" .,:;()")
            if len(part.split()) >= 3:
                found.append(part)
    return found


def _visible_text(page: str) -> str:
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    page = re.sub(r"<[^>]+>", "\n", page)
    return html.unescape(page)


def _leftovers(text: str) -> list[str]:
    return [message for message in _english_messages() if message in text]


def test_the_chinese_screening_view_has_chinese_headings(library: Library) -> None:
    from rich.console import Console

    from backcare.cli.screen_view import render_result
    from backcare.services.screening import parse_answers, run_screening

    answers = parse_answers(
        {
            "age": 58,
            "regions": ["low_back"],
            "pain_now": 6,
            "duration_weeks": 14,
            "onset": "gradual",
            "worse_on_rising": True,
            "crosses_legs": True,
            "sitting_hours_per_day": 9,
            "minor_trauma": True,
            "odi": [2, 2, 1, 2, 3, 2, 1, None, 2, 1],
        }
    )
    result = run_screening(answers, library)
    out = Console(record=True, width=200, color_system=None)
    for part in render_result(result, answers, library, "zh"):
        out.print(part)
    shown = out.export_text()
    for heading in ("危险信号", "炎性腰背痛", "问卷得分", "可能的原因", "建议"):
        assert heading in shown, heading
    for english in (
        "Warning signs",
        "Inflammatory back pain criteria",
        "What may be behind it",
        "What to do",
        "Advice",
        "Questionnaire scores",
    ):
        assert english not in shown, english
    english_view = Console(record=True, width=200, color_system=None)
    for part in render_result(result, answers, library, "en"):
        english_view.print(part)
    assert "Warning signs" in english_view.export_text()


def test_the_chinese_report_leaves_no_interface_english(library: Library) -> None:
    from backcare.domain.progress import summarise
    from backcare.domain.records import ScreeningRecord
    from backcare.reports.report import render_report_html
    from tests.reports.fakes import USER_ID, FakeRepository, at, fill_history, screening_result

    start = date(2025, 3, 3)
    repo = FakeRepository()
    fill_history(repo, start, 56)
    repo.add_screening(
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(start + timedelta(days=50), 10),
            answers={"saddle_numbness": True},
            result=screening_result(
                18.0, 3, [{"id": "cauda_equina", "urgency": "emergency", "because": []}]
            ),
        )
    )
    summary = summarise(
        repo.list_diary(USER_ID),
        repo.list_sessions(USER_ID),
        repo.list_screenings(USER_ID),
        repo.list_plans(USER_ID),
        start,
        start + timedelta(days=55),
        library,
        lang="zh",
    )
    page = render_report_html(summary, library, "zh", generated_at=datetime(2025, 5, 1, tzinfo=UTC))
    shown = _visible_text(page)
    notes = {note.note for note in summary.notes if note.note}
    for note in notes:  # what the person wrote stays as written
        shown = shown.replace(note, "")
    assert not _leftovers(shown), _leftovers(shown)[:5]
    assert "进展报告" in shown
    assert "2025年5月1日" in shown
    flags = {flag.id: flag for flag in library.red_flags}
    assert flags["cauda_equina"].title.get("zh") in shown
    assert not re.search(r"\b(January|February|March|April|May|June)\b", shown)


@pytest.mark.parametrize("conditions", [[], ["osteoporosis"]])
def test_the_chinese_handout_leaves_no_interface_english(
    library: Library, conditions: list[str]
) -> None:
    from backcare.domain.plans import generate_plan
    from backcare.domain.profile import Profile
    from backcare.reports.handout import render_handout_html

    profile = {
        "regions": ["low_back", "neck"],
        "equipment": ["band"],
        "minutes": 25,
        "days_per_week": 3,
        "conditions": conditions,
    }
    plan = generate_plan(Profile.model_validate(profile), library)
    page = render_handout_html(plan, library, profile=profile, lang="zh", made_on=date(2025, 3, 3))
    shown = _visible_text(page)
    for warning in plan.warnings:  # the planner's own notes are English for now
        shown = shown.replace(warning, "")
    assert not _leftovers(shown), _leftovers(shown)[:5]
    assert "2025年3月3日" in shown
    for day in plan.days:
        assert day.title not in shown, day.title
    if conditions:
        assert "骨质疏松" in shown

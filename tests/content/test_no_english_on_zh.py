"""No English reaches a Chinese screen (issue 13).

The Chinese terminal screening result, the Chinese plan and the Chinese web pages, report and
handout are searched for Latin words. Only names that are not words to translate are allowed:
the product's name, questionnaire and criteria names and their abbreviations, guideline ids,
units and brand names. Each surface is also checked for ASCII punctuation between Chinese
characters (，。：；（） are the Chinese forms).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from rich.console import Console

from backcare.domain.library import Library

from .test_glossary import HALF_WIDTH

# Names, ids, units and brands: not English words to translate.
ALLOWED = {
    "backcare",
    "Calin",
    "ASAS",
    "Berlin",
    "NICE",
    "NG59",
    "NG65",
    "HLA-B27",
    "HLA",
    "B27",
    "Oswestry",
    "ODI",
    "RMDQ",
    "Roland-Morris",
    "Roland",
    "Morris",
    "NDI",
    "STarT",
    "Back",
    "NRS",
    "PDF",
    "FHIR",
    "JSON",
    "CSV",
    "min",
    "kg",
    "cm",
    "km",
    "A4",  # paper sizes, as printers name them
    "Letter",
    "English",  # the language switcher names each language in itself
    "Ostelo",  # a citation: the author of a published threshold
}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9\-]*[A-Za-z0-9]")


def english_words(text: str) -> list[str]:
    return sorted({w for w in LATIN_WORD.findall(text) if w not in ALLOWED})


def half_width(text: str) -> list[str]:
    return [text[max(0, m.start() - 8) : m.end() + 8] for m in HALF_WIDTH.finditer(text)]


SCREENINGS: dict[str, dict[str, Any]] = {
    "urgent_low_back": {
        "age": 58,
        "regions": ["low_back"],
        "pain_now": 6,
        "duration_weeks": 14,
        "onset": "gradual",
        "worse_on_rising": True,
        "crosses_legs": True,
        "sitting_hours_per_day": 9,
        "minor_trauma": True,
        "osteoporosis": True,
        "leg_pain_below_knee": True,
        "odi": [2, 2, 1, 2, 3, 2, 1, None, 2, 1],
    },
    "inflammatory_pregnant": {
        "age": 30,
        "onset_age": 30,
        "duration_weeks": 20,
        "wakes_second_half_night": True,
        "improves_with_activity": True,
        "family_history_spa": True,
        "sex": "female",
        "regions": ["low_back", "neck"],
        "pregnant": True,
        "heavy_physical_work": True,
        "rmdq": [True] * 5 + [False] * 19,
        "ndi": [1] * 10,
        "startback": [True] * 8 + ["very_much"],
        "pain_now": 3,
    },
    "emergency": {"saddle_numbness": True, "regions": ["low_back"]},
    "calm_neck": {"age": 35, "regions": ["neck", "shoulder"], "pain_now": 2},
}


def screening_text(library: Library, answers: dict[str, Any]) -> str:
    from backcare.cli.screen_view import render_result
    from backcare.services.screening import parse_answers, run_screening

    parsed = parse_answers(answers)
    result = run_screening(parsed, library)
    out = Console(record=True, width=300, color_system=None)
    for part in render_result(result, parsed, library, "zh"):
        out.print(part)
    return out.export_text()


@pytest.mark.parametrize("case", sorted(SCREENINGS))
def test_the_chinese_terminal_screening_has_no_english(library: Library, case: str) -> None:
    shown = screening_text(library, SCREENINGS[case])
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]


def test_the_check_finds_english_when_there_is_some() -> None:
    """Guards the tests here: a stray English word and an ASCII colon are caught."""
    assert english_words("建议 Keep active 保持活动 RMDQ 5 min") == ["Keep", "active"]
    assert half_width("建议: 保持活动")
    assert not half_width("Calin 1977：5 项")


@pytest.mark.parametrize("conditions", [[], ["osteoporosis"], ["pregnant"]])
def test_the_chinese_handout_has_no_english(library: Library, conditions: list[str]) -> None:
    from datetime import date

    from backcare.domain.plans import generate_plan
    from backcare.domain.profile import Profile
    from backcare.reports.handout import render_handout_html

    from .test_translations import _visible_text

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
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]


def test_the_chinese_report_has_no_english(library: Library) -> None:
    from datetime import UTC, date, datetime, timedelta

    from backcare.domain.progress import summarise
    from backcare.domain.records import ScreeningRecord
    from backcare.reports.report import render_report_html
    from tests.reports.fakes import USER_ID, FakeRepository, at, fill_history, screening_result

    from .test_translations import _visible_text

    start = date(2025, 3, 3)
    repo = FakeRepository()
    fill_history(repo, start, 56)
    flag = {"id": "cauda_equina", "urgency": "emergency", "because": []}
    repo.add_screening(
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(start + timedelta(days=50), 10),
            answers={"saddle_numbness": True},
            result=screening_result(18.0, 3, [flag]),
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
    for note in {note.note for note in summary.notes if note.note}:
        shown = shown.replace(note, "")  # what the person wrote stays as written
    assert not english_words(shown), english_words(shown)
    assert not half_width(shown), half_width(shown)[:5]

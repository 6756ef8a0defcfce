"""The printable progress report: an HTML/CSS template rendered to PDF by WeasyPrint.

The page is plain HTML so it can be checked in a browser and styled for print with CSS
(`@page` for paper size, margins, and the footer repeated on every page). Charts go in as
SVG, so they stay sharp on paper. The template's words go through gettext `_()`.
"""

from __future__ import annotations

import base64
import gettext
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from backcare.domain.progress import ProgressSummary, ScoreTrend
from backcare.reports.charts import ChartKind, chart, describe

if TYPE_CHECKING:
    from jinja2 import Environment

    from backcare.domain.library import Library

TEMPLATES = "templates"

# Instruments are named for people in the library; these short names label the score table
# when no library is given.
_SHORT_NAMES = {"odi": "ODI", "ndi": "NDI", "rmdq": "RMDQ"}

# The charts the report prints. Breaks from sitting are not a chart of their own here: they
# are the sessions chart's second panel whenever the break reminder saved anything.
REPORT_CHARTS: tuple[ChartKind, ...] = ("pain", "adherence", "scores")


# The interface's gettext catalogues (shared with the web app), by content language.
CATALOGUE = "messages"
CATALOGUE_LANGS = {"en": "en", "zh": "zh_Hans"}


def content_lang(lang: str) -> str:
    """`zh`, `zh_Hans` or `zh-CN` read Chinese content; anything else English."""
    return "zh" if lang.strip().lower().startswith("zh") else "en"


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a word for the catalogue; the template translates it where it is shown."""
    return message


# Words that reach the template as ids; marked here so the catalogue carries them.
LEVEL_WORDS = (N_("beginner"), N_("intermediate"), N_("advanced"))
RISK_WORDS = (N_("low"), N_("medium"), N_("high"))


def content_words(library: Library | None, lang: str) -> Callable[[str], str]:
    """English texts a saved result carries (exercise reasons, advice, why a cause fits)
    in `lang`, through the library's own translations; anything else comes back as is."""
    lang = content_lang(lang)
    if lang == "en" or library is None:
        return lambda text: text
    known: dict[str, str] = {}
    for rule in library.exercise_rules:
        known[rule.reason.en] = rule.reason.get(lang)
    for safety in library.safety_rules:
        known[safety.reason.en] = safety.reason.get(lang)
    for cause in library.causes.values():
        for evidence in cause.evidence:
            known[evidence.why.en] = evidence.why.get(lang)
    for advice in library.advice.values():
        known[advice.text.en] = advice.text.get(lang)
    return lambda text: known.get(text, text)


def _translations(lang: str) -> gettext.NullTranslations:
    """The interface catalogue for `lang` where it translates a string, else English."""
    locale_dir = resources.files("backcare").joinpath("locales")
    return gettext.translation(
        CATALOGUE,
        localedir=str(locale_dir),
        languages=[CATALOGUE_LANGS[content_lang(lang)]],
        fallback=True,
    )


@lru_cache(maxsize=4)
def _environment(lang: str) -> Environment:
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("backcare.reports", TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(_translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = _day_zh if content_lang(lang) == "zh" else _day
    env.filters["number"] = _number
    return env


def _day(value: date | datetime) -> str:
    """'3 March 2025': unambiguous for readers anywhere."""
    return f"{value.day} {value:%B %Y}"


def _day_zh(value: date | datetime) -> str:
    """'2025年3月3日': how a date is written in Chinese."""
    return f"{value.year}年{value.month}月{value.day}日"


def _number(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value:g}"


def _data_uri(svg: bytes) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _score_rows(
    scores: tuple[ScoreTrend, ...], library: Library | None, lang: str = "en"
) -> list[dict[str, Any]]:
    rows = []
    for trend in scores:
        instrument = library.instruments.get(trend.instrument) if library else None
        rows.append(
            {
                "trend": trend,
                "name": _SHORT_NAMES.get(trend.instrument, trend.instrument.upper()),
                "title": instrument.name.get(lang) if instrument else None,
                "unit": "%" if trend.unit == "percent" else f"/ {trend.maximum:g}",
            }
        )
    return rows


def _exercise_name(library: Library | None, lang: str) -> Any:
    def name(exercise_id: str) -> str:
        exercise = library.exercises.get(exercise_id) if library else None
        return exercise.name.get(lang) if exercise else exercise_id.replace("_", " ").capitalize()

    return name


def render_report_html(
    summary: ProgressSummary,
    library: Library | None = None,
    lang: str = "en",
    generated_at: datetime | None = None,
    max_notes: int = 40,
) -> str:
    """The report as one self-contained HTML page (styles and charts inline)."""
    lang = content_lang(lang)
    env = _environment(lang)
    css = resources.files("backcare.reports").joinpath(TEMPLATES, "report.css").read_text("utf-8")
    charts = {
        kind: {
            "src": _data_uri(chart(kind, summary, "svg", lang)),
            "alt": describe(kind, summary, lang),
        }
        for kind in REPORT_CHARTS
    }
    notes = list(summary.notes)
    return env.get_template("report.html").render(
        s=summary,
        css=css,
        lang=lang,
        charts=charts,
        scores=_score_rows(summary.scores, library, lang),
        localise=content_words(library, lang),
        exercise_name=_exercise_name(library, lang),
        notes=notes[-max_notes:],
        earlier_notes=max(0, len(notes) - max_notes),
        generated_at=generated_at or datetime.now(UTC),
    )


def render_report_pdf(
    summary: ProgressSummary,
    library: Library | None = None,
    lang: str = "en",
    generated_at: datetime | None = None,
) -> bytes:
    """The report as PDF bytes (WeasyPrint; needs Debian's Pango)."""
    from weasyprint import HTML

    html = render_report_html(summary, library, lang, generated_at)
    pdf: bytes = HTML(string=html, url_fetcher=_inline_only()).write_pdf()
    return pdf


def _inline_only() -> Any:
    """A URL fetcher for `data:` URIs alone: everything the report shows is inline, so it
    never reaches for a file or the network and nothing about the person leaks via a URL."""
    try:
        from weasyprint.urls import URLFetcher  # newer WeasyPrint (70 here): a fetcher class
    except ImportError:  # pragma: no cover - older WeasyPrint: a fetcher function
        from weasyprint import default_url_fetcher

        def fetch(url: str, *args: Any, **kwargs: Any) -> Any:
            if not url.startswith("data:"):
                raise ValueError(f"the report loads nothing from outside: {url}")
            return default_url_fetcher(url, *args, **kwargs)

        return fetch
    return URLFetcher(allowed_protocols={"data"})

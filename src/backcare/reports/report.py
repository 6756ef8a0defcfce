"""The printable progress report: an HTML/CSS template rendered to PDF by WeasyPrint.

The page is plain HTML so it can be checked in a browser and styled for print with CSS
(`@page` for paper size, margins, and the footer repeated on every page). Charts go in as
SVG, so they stay sharp on paper. The template's words go through gettext `_()`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backcare.domain.progress import ProgressSummary, ScoreTrend
from backcare.reports.charts import ChartKind, chart, describe, empty_sentence, is_empty
from backcare.reports.printing import content_lang, data_uri, environment, stylesheet, write_pdf
from backcare.reports.sentences import pain_sentence, score_sentence, sessions_sentence

if TYPE_CHECKING:
    from backcare.domain.library import Library

__all__ = [
    "REPORT_CHARTS",
    "content_lang",
    "content_words",
    "render_report_html",
    "render_report_pdf",
]

# Instruments are named for people in the library; these short names label the score table
# when no library is given.
_SHORT_NAMES = {"odi": "ODI", "ndi": "NDI", "rmdq": "RMDQ"}

# The charts the report prints. Breaks from sitting are not a chart of their own here: they
# are the sessions chart's second panel whenever the break reminder saved anything.
REPORT_CHARTS: tuple[ChartKind, ...] = ("pain", "adherence", "scores")


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
                "said": score_sentence(trend, lang),
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
    env = environment(lang)
    css = stylesheet("report.css")
    # An empty chart is one sentence in the page, never axes around nothing (issue 14).
    charts = {
        kind: {"src": "", "alt": empty_sentence(kind, lang)}
        if is_empty(kind, summary)
        else {
            "src": data_uri(chart(kind, summary, "svg", lang)),
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
        said={
            "pain": pain_sentence(summary.pain, lang),
            "sessions": sessions_sentence(summary, lang),
        },
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
    """The report as PDF bytes (WeasyPrint; needs Debian's Pango); it fetches nothing from
    outside (printing.inline_only)."""
    return write_pdf(render_report_html(summary, library, lang, generated_at))

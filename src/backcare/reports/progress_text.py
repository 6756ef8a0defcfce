"""Progress as lines of text and as JSON, for `backcare progress`: the model's sentences and
its chart series, nothing counted again (issue 14)."""

from __future__ import annotations

from typing import Any

from backcare.domain.progress import ProgressSummary
from backcare.reports.charts import bucket_label, empty_sentence
from backcare.reports.sentences import (
    Words,
    pain_sentence,
    score_sentence,
    sessions_sentence,
    words,
)

_SHORT_NAMES = {"odi": "ODI", "ndi": "NDI", "rmdq": "RMDQ"}


def _heading(w: Words, message: str) -> str:
    return w._(message) + ("：" if w.lang == "zh" else ": ")


def _cells(text: str) -> int:
    """Terminal cells `text` takes: a Chinese character takes two, so columns line up."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, left: bool = False) -> str:
    """`text` padded with spaces to `width` cells (on the left for numbers)."""
    room = " " * max(0, width - _cells(text))
    return room + text if left else text + room


def progress_lines(summary: ProgressSummary, lang: str = "en") -> list[str]:
    """What `backcare progress` prints: the period, the pain and sessions sentences, sessions
    per week (month, year) from the axis start, and each questionnaire's sentence."""
    w = words(lang)
    lines = [f"{w._('Progress')} {w.day(summary.start)} – {w.day(summary.end)}", ""]
    lines.append(_heading(w, "Pain") + pain_sentence(summary.pain, lang))
    series = summary.sessions_chart
    if series.empty:
        lines.append(_heading(w, "Sessions done") + empty_sentence("adherence", w.lang))
    else:
        lines.append(_heading(w, "Sessions done") + sessions_sentence(summary, lang))
        step = {"day": "Week starting", "week": "Week starting", "month": "Month", "year": "Year"}
        head = (w._(step[series.resolution]), w._("Planned"), w._("Done"))
        rows = [
            (bucket_label(bar.start, series.resolution, w.lang), str(bar.planned), str(bar.done))
            for bar in series.bars
        ]
        width = max(_cells(head[0]), *(_cells(r[0]) for r in rows))
        for label, planned, done in (head, *rows):
            lines.append(
                f"  {_pad(label, width)}  {_pad(planned, 8, left=True)}  "
                + _pad(done, 8, left=True)
            )
    lines.append(_heading(w, "Questionnaire scores").rstrip())
    if not summary.scores:
        lines.append("  " + empty_sentence("scores", w.lang))
    for trend in summary.scores:
        name = _SHORT_NAMES.get(trend.instrument, trend.instrument.upper())
        lines.append(f"  {name}{'：' if w.lang == 'zh' else ': '}{score_sentence(trend, lang)}")
    return lines


def progress_json(summary: ProgressSummary, lang: str = "en") -> dict[str, Any]:
    """The whole model as JSON, with its sentences in `lang`: an export that states progress
    states exactly what the report and the page say."""
    document: dict[str, Any] = summary.model_dump(mode="json")
    document["axis_start"] = summary.axis_start.isoformat()
    document["said"] = {
        "pain": pain_sentence(summary.pain, lang),
        "sessions": sessions_sentence(summary, lang),
        "scores": {t.instrument: score_sentence(t, lang) for t in summary.scores},
    }
    return document

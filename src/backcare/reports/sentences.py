"""The honest sentences of progress, in one place: the PDF report, the web progress page and
`backcare progress` print these words, so they can never say different things.

Each sentence is read off the progress model (`backcare.domain.progress.ProgressSummary`):
whether a change is better, worse or too little data to call is decided there; here it is only
put into words, through the interface catalogue (gettext, with plural forms), in English or
Chinese. A sentence that calls a change names the dates and numbers it compares (issue 14).
"""

from __future__ import annotations

import gettext
from dataclasses import dataclass
from datetime import date, datetime

from backcare.domain.progress import PainTrend, ProgressSummary, ScoreTrend
from backcare.reports.printing import content_lang, translations

__all__ = [
    "Words",
    "pain_sentence",
    "score_sentence",
    "sessions_sentence",
    "words",
]


@dataclass(frozen=True)
class Words:
    """The catalogue, the date and number writing, and the space between sentences of a
    language."""

    lang: str
    catalogue: gettext.NullTranslations

    def _(self, message: str, **values: object) -> str:
        said = self.catalogue.gettext(message)
        return said % values if values else said

    def ngettext(self, singular: str, plural: str, n: int, **values: object) -> str:
        return self.catalogue.ngettext(singular, plural, n) % {"num": n, **values}

    def day(self, value: date | datetime) -> str:
        if self.lang == "zh":
            return f"{value.year}年{value.month}月{value.day}日"
        return f"{value.day} {value:%B %Y}"

    @staticmethod
    def number(value: float | None) -> str:
        return "–" if value is None else f"{value:g}"

    def join(self, *sentences: str) -> str:
        """Sentences one after another: a space in English, none between Chinese ones."""
        return ("" if self.lang == "zh" else " ").join(s for s in sentences if s)


def words(lang: str) -> Words:
    lang = content_lang(lang)
    return Words(lang=lang, catalogue=translations(lang))


def _rated_days(w: Words, n: int) -> str:
    return w.ngettext("%(num)d rated day", "%(num)d rated days", n)


def pain_sentence(pain: PainTrend, lang: str = "en") -> str:
    """Pain: the two weeks compared (dates, means, rated days) and what the change means, or
    why no change is called."""
    w = words(lang)
    if not pain.points:
        return w._("No pain ratings in this period yet.")
    opening, closing, mic = pain.opening, pain.closing, pain.minimal_important_change
    if not pain.enough_data or opening is None or closing is None or pain.change is None:
        return w._(
            "Too little data to call a change: the first and the last %(window)s days of "
            "ratings need at least %(min)s rated days each.",
            window=pain.window_days,
            min=pain.min_rated_days,
        )
    compared = w._(
        "Average %(first)s from %(from1)s to %(to1)s (%(days1)s), against %(last)s from "
        "%(from2)s to %(to2)s (%(days2)s).",
        first=w.number(opening.mean),
        from1=w.day(opening.first),
        to1=w.day(opening.last),
        days1=_rated_days(w, opening.days_rated),
        last=w.number(closing.mean),
        from2=w.day(closing.first),
        to2=w.day(closing.last),
        days2=_rated_days(w, closing.days_rated),
    )
    change = pain.change
    if pain.direction == "better" and mic is not None:
        if mic.percent:
            meaning = w._(
                "Better by %(change)s points: a change that matters (at least %(mic)s points "
                "and %(percent)s%% of where it started).",
                change=w.number(-change),
                mic=w.number(mic.value),
                percent=w.number(mic.percent),
            )
        else:
            meaning = w._(
                "Better by %(change)s points: a change that matters (%(mic)s points or more is "
                "a change most people notice).",
                change=w.number(-change),
                mic=w.number(mic.value),
            )
    elif pain.direction == "worse":
        meaning = w._(
            "Worse by %(change)s points: a change that matters. If pain keeps rising, talk to "
            "a doctor or physiotherapist.",
            change=w.number(change),
        )
    elif pain.direction == "steady" and mic is not None:
        if mic.percent:
            meaning = w._(
                "About the same: a change that matters needs at least %(mic)s points and "
                "%(percent)s%% of where it started.",
                mic=w.number(mic.value),
                percent=w.number(mic.percent),
            )
        else:
            meaning = w._(
                "About the same: the change is less than the %(mic)s points most people notice.",
                mic=w.number(mic.value),
            )
    else:
        meaning = w._("Changed by %(change)s points.", change=w.number(change))
    return w.join(compared, meaning)


def sessions_sentence(summary: ProgressSummary, lang: str = "en") -> str:
    """Sessions done against sessions planned by the plans in force, or that no plan was."""
    w = words(lang)
    done = summary.adherence
    if done.planned:
        return w._(
            "%(done)s of %(planned)s planned sessions done (%(percent)s%%).",
            done=done.done,
            planned=done.planned,
            percent=w.number(done.percent),
        )
    if done.plan_days:
        nothing = w._("The plan in force asked for no session in these days.")
    else:
        nothing = w._("No plan was in force, so nothing was planned.")
    return w.join(nothing, w.ngettext("%(num)d session done.", "%(num)d sessions done.", done.done))


def score_sentence(trend: ScoreTrend, lang: str = "en") -> str:
    """A questionnaire's first and latest score, with their dates, and what the change means
    against the instrument's own minimal important change (ODI 10, RMDQ 5, NDI 5 of 50)."""
    w = words(lang)
    compared = ""
    if len(trend.points) > 1:
        compared = w._(
            "%(first)s on %(from)s, %(latest)s on %(to)s.",
            first=w.number(trend.first),
            **{"from": w.day(trend.points[0].at)},
            latest=w.number(trend.latest),
            to=w.day(trend.points[-1].at),
        )
    mic = trend.minimal_important_change
    if trend.direction == "better" and mic is not None:
        meaning = w._("Better, by at least the %(mic)s that matters.", mic=w.number(mic.value))
    elif trend.direction == "worse" and mic is not None:
        meaning = w._("Worse, by at least the %(mic)s that matters.", mic=w.number(mic.value))
    elif trend.direction == "steady" and mic is not None:
        meaning = w._(
            "About the same: less than the %(mic)s that matters.", mic=w.number(mic.value)
        )
    elif len(trend.points) < 2:
        meaning = w._("Answered once so far.")
    else:
        meaning = w._("Lower scores mean less trouble with daily life.")
    return w.join(compared, meaning)

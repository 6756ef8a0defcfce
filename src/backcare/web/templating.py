"""Jinja2 templates, one environment per interface language (gettext installed at build
time, so rendering never swaps translations under another thread), with jinja2-fragments so
an htmx request can get one block of a page."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream
from jinja2_fragments.fastapi import Jinja2Blocks

from backcare.domain.plan_notes import said_change, said_notes
from backcare.domain.plan_safety import warning_text
from backcare.labels import CONDITION_REASONS
from backcare.web import i18n

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent / "static"


def _clock(seconds: Any) -> str:
    """Seconds as m:ss, for durations a person reads."""
    try:
        total = round(float(seconds))
    except (TypeError, ValueError):
        return ""
    return f"{total // 60}:{total % 60:02d}"


def _minutes(seconds: Any) -> str:
    try:
        return f"{float(seconds) / 60:.0f}"
    except (TypeError, ValueError):
        return ""


def _iso_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


# The locale whose calendar words a page's dates use.
DATE_LOCALES = {"en": "en_GB", "zh_Hans": "zh_Hans_CN"}


def _local_date(value: Any, lang: str) -> str:
    """A date as a person reads it in the page's language ("5 Dec 2026", "2026年12月5日")."""
    from babel.dates import format_date

    day = value.date() if isinstance(value, datetime) else value
    if not isinstance(day, date):
        return str(value)
    return str(format_date(day, format="medium", locale=DATE_LOCALES.get(lang, "en_GB")))


def _label(value: Any) -> str:
    """An id such as `low_back` as words, where no translated label exists."""
    return str(value).replace("_", " ")


def _static_version() -> str:
    """Changes when a static file changes, so browsers fetch the new file (cache busting)."""
    newest = max((p.stat().st_mtime_ns for p in STATIC_DIR.rglob("*") if p.is_file()), default=0)
    return format(newest % (1 << 32), "x")


class ConstantGettext(Extension):
    """Translates `_("literal")` once, when a template is compiled, instead of on every render.

    Each environment serves one language, so a call with a literal and no variables always
    gives the same text; calls with variables or computed messages are left to gettext.
    """

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        translate = self.environment.constant_gettext  # type: ignore[attr-defined]
        window: list[Token] = []
        for token in stream:
            window.append(token)
            if len(window) < 4:
                continue
            name, lparen, literal, rparen = window
            if (
                name.test("name:_")
                and lparen.test("lparen")
                and literal.test("string")
                and rparen.test("rparen")
            ):
                yield Token(name.lineno, "string", translate(literal.value))
                window = []
            else:
                yield window.pop(0)
        yield from window


def _exercise_namer(library: Any, lang: str) -> Callable[[str], str]:
    """An exercise id as its name in `lang` (the id itself if the library lacks it)."""

    def name(exercise_id: str) -> str:
        found = library.exercises.get(exercise_id)
        return str(found.name.get(lang)) if found is not None else exercise_id

    return name


def make_templates(lang: str) -> Jinja2Blocks:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR),
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n", ConstantGettext],
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    translations = i18n.translations(lang)
    env.install_gettext_translations(translations, newstyle=True)  # type: ignore[attr-defined]
    env.extend(constant_gettext=translations.gettext)
    env.filters["clock"] = _clock
    env.filters["minutes"] = _minutes
    env.filters["iso_date"] = _iso_date
    env.filters["label"] = _label
    env.filters["local_date"] = lambda value: _local_date(value, lang)
    content_lang = i18n.CONTENT_LANG.get(lang, "en")
    env.filters["t"] = lambda text: text.get(content_lang) if hasattr(text, "get") else text
    # A plan's safety warnings and exclusion reasons, in the page's language.
    env.filters["plan_warning"] = lambda text, library: warning_text(text, library, content_lang)
    # All of a plan's warnings in the page's language: the planner's notes with their numbers
    # (domain.plan_notes), the content's safety notes, the fixed notes.
    env.filters["plan_warnings"] = lambda plan, library: said_notes(
        plan.warnings,
        getattr(plan, "notes", ()),
        translations.gettext,
        lambda text: translations.gettext(warning_text(text, library, content_lang)),
    )
    # What feedback changed in a plan, exercises named in the page's language (English keeps
    # the plan's own sentence).
    env.filters["plan_change"] = lambda change, library: said_change(
        change,
        translations.gettext,
        None if content_lang == "en" else _exercise_namer(library, content_lang),
    )
    env.filters["condition_reason"] = lambda reason: translations.gettext(
        CONDITION_REASONS.get(reason, _label(reason))
    )
    # Punctuation between words of the page's language: Chinese takes full-width marks.
    zh = content_lang == "zh"
    env.globals["mark"] = {
        "colon": "：" if zh else ": ",
        "open": "（" if zh else " (",
        "close": "）" if zh else ")",
        "comma": "，" if zh else ", ",
        "list": "、" if zh else ", ",
        "semi": "；" if zh else "; ",
        "stop": "。" if zh else ".",
    }
    env.globals["static_version"] = _static_version()
    env.globals["ui_langs"] = [("en", "English"), ("zh_Hans", "简体中文")]
    return Jinja2Blocks(env=env)

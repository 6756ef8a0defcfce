"""What the printed pages (the progress report and the exercise handout) share: the interface
catalogue, the Jinja environment, their stylesheet, images inlined as `data:` URIs, and the
PDF writer that fetches nothing from outside.

Both pages are plain HTML and CSS rendered by WeasyPrint, so they are set up in one place:
a change of font, footer or fetch policy reaches both.
"""

from __future__ import annotations

import base64
import gettext
from datetime import date, datetime
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2 import Environment

TEMPLATES = "templates"
# Rules both pages use (fonts, the footer); each page's own stylesheet follows it.
SHARED_CSS = "print.css"

# The interface's gettext catalogues (shared with the web app), by content language.
CATALOGUE = "messages"
CATALOGUE_LANGS = {"en": "en", "zh": "zh_Hans"}


def content_lang(lang: str) -> str:
    """`zh`, `zh_Hans` or `zh-CN` read Chinese content; anything else English."""
    return "zh" if lang.strip().lower().startswith("zh") else "en"


def translations(lang: str) -> gettext.NullTranslations:
    """The interface catalogue for `lang` where it translates a string, else English."""
    locale_dir = resources.files("backcare").joinpath("locales")
    return gettext.translation(
        CATALOGUE,
        localedir=str(locale_dir),
        languages=[CATALOGUE_LANGS[content_lang(lang)]],
        fallback=True,
    )


@lru_cache(maxsize=4)
def environment(lang: str) -> Environment:
    """The templates' Jinja environment, with `_()` in `lang` and the `day` and `number`
    filters."""
    from jinja2 import Environment, PackageLoader, select_autoescape

    env = Environment(
        loader=PackageLoader("backcare.reports", TEMPLATES),
        autoescape=select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(lang), newstyle=True)  # type: ignore[attr-defined]
    env.filters["day"] = _day_zh if content_lang(lang) == "zh" else _day
    env.filters["number"] = _number
    # Punctuation between words: Chinese takes full-width marks (issue 13).
    zh = content_lang(lang) == "zh"
    env.globals["mark"] = {
        "colon": "：" if zh else ": ",
        "comma": "，" if zh else ", ",
        "list": "、" if zh else ", ",
        "open": "（" if zh else " (",
        "close": "）" if zh else ")",
        "stop": "。" if zh else ".",
    }
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


def stylesheet(name: str) -> str:
    """The shared print rules followed by the page's own (`report.css`, `handout.css`)."""
    from backcare.reports.fonts import font_face_css

    folder = resources.files("backcare.reports").joinpath(TEMPLATES)
    shared = folder.joinpath(SHARED_CSS).read_text("utf-8")
    # The bundled CJK font first, so zh pages never depend on a system font.
    return font_face_css() + shared + folder.joinpath(name).read_text("utf-8")


def data_uri(svg: str | bytes) -> str:
    """An SVG as an image source: WeasyPrint lays these out faster than inline SVG, and the
    page stays one self-contained file."""
    raw = svg.encode("utf-8") if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


def write_pdf(html: str) -> bytes:
    """The page as PDF bytes (WeasyPrint; needs Debian's Pango)."""
    from weasyprint import HTML

    pdf: bytes = HTML(string=html, url_fetcher=inline_only()).write_pdf()
    return pdf


def inline_only() -> Any:
    """A URL fetcher for `data:` URIs alone: everything a page shows is inline, so it never
    reaches for a file or the network and nothing about the person leaks via a URL."""
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

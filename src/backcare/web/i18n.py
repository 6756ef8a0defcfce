"""Interface languages: gettext catalogues under `backcare/locales`, chosen per request.

The interface has English and Simplified Chinese (zh_Hans); content text uses the library's
own `en`/`zh` fields, so each interface language maps to a content language.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
UI_LANGS: tuple[str, ...] = ("en", "zh_Hans")
DEFAULT_LANG = "en"
# Interface language -> the content library's language code.
CONTENT_LANG = {"en": "en", "zh_Hans": "zh"}
HTML_LANG = {"en": "en", "zh_Hans": "zh-Hans"}


@lru_cache(maxsize=8)
def translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue for `lang`, or no translation (English source strings)."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def normalise(tag: str | None) -> str | None:
    """A supported interface language for a tag such as `zh-CN`, `zh_Hans` or `en-GB`."""
    if not tag:
        return None
    value = tag.strip().replace("-", "_").lower()
    if value.startswith("zh"):
        # Traditional-script tags get English rather than the wrong script.
        if any(part in value for part in ("hant", "_tw", "_hk", "_mo")):
            return None
        return "zh_Hans"
    if value.startswith("en"):
        return "en"
    return None


def from_accept_language(header: str | None) -> str | None:
    """The best supported language in an Accept-Language header, by its q-values."""
    if not header:
        return None
    choices: list[tuple[float, int, str]] = []
    for index, part in enumerate(header.split(",")):
        pieces = part.strip().split(";")
        quality = 1.0
        for piece in pieces[1:]:
            name, _, value = piece.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        lang = normalise(pieces[0])
        if lang is not None and quality > 0:
            choices.append((-quality, index, lang))
    return min(choices)[2] if choices else None


def choose(query: str | None, cookie: str | None, header: str | None, setting: str) -> str:
    """The interface language: ?lang=, then the saved choice, the browser's, the setting."""
    for candidate in (normalise(query), normalise(cookie), from_accept_language(header)):
        if candidate is not None:
            return candidate
    return normalise(setting) or DEFAULT_LANG

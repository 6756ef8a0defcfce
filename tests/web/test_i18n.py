"""Interface languages: negotiation, and catalogues that match the templates."""

from __future__ import annotations

import gettext
import io
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from backcare.web import i18n

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh_Hans"),
        ("en-GB,en;q=0.9", "en"),
        ("fr-FR,fr;q=0.9,zh;q=0.5", "zh_Hans"),
        ("de, en;q=0.1, zh;q=0.4", "zh_Hans"),
        ("zh-TW", None),
        ("zh-Hant-HK", None),
        ("en;q=0, zh;q=0", None),
        ("", None),
        ("garbage;;;q=x", None),
    ],
)
def test_accept_language_picks_the_best_supported(header: str, expected: str | None) -> None:
    assert i18n.from_accept_language(header) == expected


def test_an_explicit_choice_beats_the_browser() -> None:
    assert i18n.choose("en", None, "zh-CN", "en") == "en"
    assert i18n.choose(None, "zh_Hans", "en", "en") == "zh_Hans"
    assert i18n.choose(None, None, None, "zh") == "zh_Hans"
    assert i18n.choose("klingon", None, None, "en") == "en"


def _catalogue(lang: str) -> dict[str, str]:
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_every_interface_string_is_in_the_catalogues(tmp_path: Path) -> None:
    """Extracting again finds nothing the committed catalogues lack."""
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "N_",
            "--no-location",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as handle:
        wanted = {str(m.id) for m in read_po(handle) if m.id}
    for lang in ("en", "zh_Hans"):
        missing = wanted - set(_catalogue(lang))
        assert not missing, (lang, sorted(missing)[:5])


def test_compiled_catalogues_match_their_sources() -> None:
    for lang in i18n.UI_LANGS:
        source = {k: v for k, v in _catalogue(lang).items() if v}
        mo_path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo"
        with mo_path.open("rb") as handle:
            compiled = {
                str(m.id): str(m.string) for m in read_mo(io.BytesIO(handle.read())) if m.id
            }
        assert compiled == source, f"run pybabel compile for {lang}"


def test_the_main_strings_have_chinese() -> None:
    zh = gettext.translation("messages", i18n.LOCALE_DIR, languages=["zh_Hans"])
    for message in (
        "Start the screening",
        "Get medical help now",
        "Pain diary",
        "Sign in",
        "Build my plan",
        "Pause",
        "How did it feel?",
    ):
        assert zh.gettext(message) != message, message
    translated = sum(1 for value in _catalogue("zh_Hans").values() if value)
    assert translated / len(_catalogue("zh_Hans")) > 0.8

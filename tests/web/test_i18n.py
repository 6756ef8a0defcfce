"""Interface languages: negotiation, and catalogues that match the templates."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient

from backcare.web import i18n
from tests.web.conftest import SAFETY_NO, csrf

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


def _key(value: object) -> str:
    """One text for a message id or string; plural forms joined (po has tuples, mo lists)."""
    if isinstance(value, (tuple, list)):
        return "\x00".join(str(part) for part in value)
    return str(value)


def _done(value: object) -> bool:
    """A translation is there: every plural form filled in."""
    if isinstance(value, (tuple, list)):
        return all(value)
    return bool(value)


def _catalogue(lang: str) -> dict[str, str]:
    path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        return {
            _key(m.id): _key(m.string) if _done(m.string) else "" for m in read_po(handle) if m.id
        }


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
        wanted = {_key(m.id) for m in read_po(handle) if m.id}
    for lang in ("en", "zh_Hans"):
        missing = wanted - set(_catalogue(lang))
        assert not missing, (lang, sorted(missing)[:5])


def test_compiled_catalogues_match_their_sources() -> None:
    for lang in i18n.UI_LANGS:
        source = {k: v for k, v in _catalogue(lang).items() if v}
        mo_path = i18n.LOCALE_DIR / lang / "LC_MESSAGES" / "messages.mo"
        with mo_path.open("rb") as handle:
            compiled = {
                _key(m.id): _key(m.string)
                for m in read_mo(io.BytesIO(handle.read()))
                if m.id and _done(m.string)
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


def test_every_message_has_chinese() -> None:
    """A string added to the interface without a Chinese translation fails here."""
    path = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    untranslated = [m.id for m in catalogue if m.id and (not _done(m.string) or m.fuzzy)]
    assert not untranslated, untranslated[:10]


def test_chinese_keeps_every_placeholder() -> None:
    """A translation that drops or renames %(name)s would crash or lose a number."""
    path = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle)
    for message in catalogue:
        if not message.id or not _done(message.string):
            continue
        source = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        wanted = set(re.findall(r"%\(\w+\)[sd]", source[-1]))
        for text in strings:
            assert set(re.findall(r"%\(\w+\)[sd]", text)) == wanted, (message.id, text)


@pytest.mark.parametrize(
    "message",
    ["Progress report", "Your home exercise programme", "Breaks from sitting:", "Warning signs"],
)
def test_report_handout_and_cli_strings_are_extracted(message: str) -> None:
    """The report, handout and CLI views share the web catalogue, so their words are in it."""
    assert _catalogue("zh_Hans").get(message), message


# -- words computed at render time (units, score bands, day titles) reach Chinese pages too --


def _zh(message: str) -> str:
    zh = gettext.translation("messages", i18n.LOCALE_DIR, languages=["zh_Hans"])
    translated = zh.gettext(message)
    assert translated != message, message
    return translated


def _field(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, name
    return unescape(found.group(1))


def test_chinese_wizard_shows_units_and_score_bands_in_chinese(client: TestClient) -> None:
    step = client.get("/screening?lang=zh").text
    assert f'<span class="hint">{_zh("years")}</span>' in step  # the age question
    assert '<span class="hint">years</span>' not in step
    html, pages = step, [step]
    for _ in range(15):
        response = client.post(
            "/screening",
            data={
                "csrf_token": csrf(html),
                "answers": _field(html, "answers"),
                "asked": _field(html, "asked"),
                "checklist": "1",
                "skip_instrument": "1",
                **SAFETY_NO,
                "age": "40",
                "regions": "low_back",
                "pain_now": "7",
                "onset_age": "30",
            },
        )
        html = response.text
        pages.append(html)
        if 'name="asked"' not in html:
            break
    assert _zh("Your screening result") in html
    band = f"（{_zh('severe')}）"  # pain 7 of 10; full-width brackets on a zh page
    assert band in html
    assert "(severe)" not in html
    for page in pages:
        assert not re.search(r'<span class="hint">(years|weeks|minutes|hours)</span>', page)


def test_chinese_plan_and_session_pages_translate_day_titles(browser: TestClient) -> None:
    page = browser.get("/plans?lang=zh").text
    form = {
        "regions": ["low_back"],
        "equipment": ["mat", "wall", "chair"],
        "minutes": "20",
        "days_per_week": "3",
        "level": "beginner",
        "csrf_token": csrf(page),
    }
    made = browser.post("/plans", data=form, follow_redirects=False)
    assert made.status_code == 303, made.text
    plan_url = made.headers["location"]
    plan = browser.get(plan_url).text
    titles = ("Back, core and hips", "Core stability", "Gentle mobility")
    shown = [t for t in titles if _zh(t) in plan]
    assert shown, "no day title in Chinese"
    for title in titles:
        assert title not in plan
    session = browser.get(f"{plan_url}/days/1/session").text
    # Chinese punctuation in a Chinese heading: "第 1 天：背部…" (issue 14), never "1 天: ".
    assert any(f"：{_zh(t)}</h1>" in session for t in titles)
    assert not any(f": {t}</h1>" in session for t in titles)
    assert not any(f": {_zh(t)}</h1>" in session for t in titles)

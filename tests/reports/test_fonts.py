"""The bundled CJK font: it covers what backcare writes, and zh prints on a machine without any
CJK system font (simulated with an empty fontconfig and a matplotlib that sees no system
fonts), with nothing on stderr."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from backcare.reports import fonts

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "backcare"


def _is_cjk(ch: str) -> bool:
    code = ord(ch)
    return (
        0x3000 <= code <= 0x303F  # CJK punctuation
        or 0x3400 <= code <= 0x9FFF  # ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms: ，：（）
    )


def test_the_subset_has_every_character_the_content_and_catalogues_use() -> None:
    """Fails after a content or catalogue change that brings a new character: run
    `make fonts`."""
    cmap = TTFont(str(fonts.CJK_FONT)).getBestCmap()
    needed = fonts.needed_characters(ROOT / "content", PACKAGE)
    missing = sorted(
        ch for ch in needed if (_is_cjk(ch) or 0x20 <= ord(ch) < 0x7F) and ord(ch) not in cmap
    )
    assert not missing, f"run `make fonts`: {''.join(missing[:40])}"
    assert "疼" in needed  # the scan reads the Chinese texts


def test_the_subset_is_small_and_carries_its_licence() -> None:
    size = fonts.CJK_FONT.stat().st_size
    assert 50_000 < size < 800_000
    font = TTFont(str(fonts.CJK_FONT))
    assert font["name"].getDebugName(1) == fonts.FAMILY
    assert "Open Font License" in (fonts.FONT_DIR / "OFL.txt").read_text("utf-8")


# A machine with no system fonts at all: fontconfig reads no folder, and matplotlib's font
# list is rebuilt from nothing but its own DejaVu files before backcare registers its font.
NO_SYSTEM_FONTS = textwrap.dedent(
    """
    import matplotlib.font_manager as fm
    ships = fm.findSystemFonts
    # matplotlib's own folder (DejaVu) still counts; the system's folders hold nothing.
    fm.findSystemFonts = lambda paths=None, fontext="ttf": ships(paths, fontext) if paths else []
    fm.fontManager = fm.FontManager()
    fm.findfont = fm.fontManager.findfont
    """
)


def _run(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        f"<cachedir>{tmp_path / 'fc-cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "FONTCONFIG_FILE": str(conf),
        "MPLCONFIGDIR": str(tmp_path / "mpl"),
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
    }
    return subprocess.run(
        [sys.executable, "-c", NO_SYSTEM_FONTS + textwrap.dedent(script)],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


SUMMARY = """
    from datetime import date, timedelta
    from tests.reports.fakes import FakeRepository, fill_history, summary_of
    start = date(2025, 3, 3)
    repo = FakeRepository()
    fill_history(repo, start, 28)
    summary = summary_of(repo, start, start + timedelta(days=27))
"""


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_charts_print_no_font_noise_without_system_fonts(lang: str, tmp_path: Path) -> None:
    done = _run(
        SUMMARY
        + f"""
    from backcare.reports.charts import CHART_KINDS, chart
    for kind in CHART_KINDS:
        chart(kind, summary, "png", "{lang}")
        chart(kind, summary, "svg", "{lang}")
    print("ok")
    """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
    assert done.stderr == ""


def test_zh_pdf_text_extracts_as_chinese_without_system_fonts(tmp_path: Path) -> None:
    out = tmp_path / "report.pdf"
    done = _run(
        SUMMARY
        + f"""
    from pathlib import Path
    from backcare.content import load_library
    from backcare.reports.report import render_report_pdf
    Path({str(out)!r}).write_bytes(render_report_pdf(summary, load_library(), "zh"))
    """,
        tmp_path,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    from pypdf import PdfReader

    reader = PdfReader(str(out))
    text = "".join((page.extract_text() or "") for page in reader.pages)
    fonts_used = {
        str(font.get_object().get("/BaseFont"))
        for page in reader.pages
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values()
    }
    assert any("Noto-Sans-CJK-SC" in name for name in fonts_used), fonts_used
    for expected in ("疼痛", "训练"):
        assert expected in text

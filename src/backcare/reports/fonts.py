"""The Chinese font the printed pages and charts carry with them, so zh reads on any machine.

A machine without a CJK system font would otherwise print the zh PDF as glyph garbage and
fill stderr with matplotlib's "findfont" lines. The package ships Noto Sans CJK SC (SIL Open
Font License 1.1, `fonts/OFL.txt`), subset with fontTools to the characters backcare's
content, catalogues, templates and source use, plus printable ASCII: a few hundred KB
instead of 16 MB. `make fonts` rebuilds it from Debian's fonts-noto-cjk whenever content
changes (tests/reports/test_fonts.py fails when a character is missing from the subset).
"""

from __future__ import annotations

import argparse
import base64
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "fonts"
CJK_FONT = FONT_DIR / "NotoSansCJKsc-Regular-subset.otf"
# The family name inside the font file (matplotlib finds it by this name).
FAMILY = "Noto Sans CJK SC"
# The print CSS gives the bundled copy the same name, so the charts' SVG text (which names
# this family) finds it inside WeasyPrint too, with or without a system copy.
CSS_FAMILY = FAMILY
# Debian's fonts-noto-cjk; face 2 of the collection is the Simplified Chinese one.
DEBIAN_SOURCE = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
SC_FACE = 2
# Text files whose characters can reach a page, a chart or a screen.
TEXT_SUFFIXES = (".yaml", ".yml", ".po", ".py", ".html", ".js", ".css")


def text_files(content: Path, package: Path) -> Iterable[Path]:
    """Content YAML, the catalogues, templates and source: everything a reader may see."""
    for root in (content, package):
        for path in sorted(root.rglob("*")):
            if path.suffix in TEXT_SUFFIXES and path.is_file():
                yield path


def needed_characters(content: Path, package: Path) -> set[str]:
    """Every character the font must draw: printable ASCII and anything in the text files
    outside ASCII (other symbols the font lacks are simply not drawn by it)."""
    chars = {chr(code) for code in range(0x20, 0x7F)}
    for path in text_files(content, package):
        chars |= {ch for ch in path.read_text("utf-8", errors="ignore") if ord(ch) > 0x7E}
    return {ch for ch in chars if ch.isprintable() or ch == " "}


def build(source: Path, out: Path, content: Path, package: Path) -> int:
    """Subsets the source font to `needed_characters`; returns the number of glyphs kept."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    font = TTFont(str(source), fontNumber=SC_FACE if source.suffix == ".ttc" else -1)
    cmap = font.getBestCmap()
    wanted = sorted(ord(ch) for ch in needed_characters(content, package) if ord(ch) in cmap)
    options = subset.Options()
    options.layout_features = ["kern", "liga", "locl", "vert", "palt"]
    options.name_IDs = ["*"]  # keep the copyright and the licence in the name table
    options.hinting = False
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=wanted)
    subsetter.subset(font)
    out.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(out))
    return len(font.getGlyphOrder())


@lru_cache(maxsize=1)
def font_face_css() -> str:
    """An @font-face rule carrying the font inline (the PDF writer fetches only `data:`)."""
    encoded = base64.b64encode(CJK_FONT.read_bytes()).decode("ascii")
    return (
        f'@font-face {{ font-family: "{CSS_FAMILY}"; '
        f'src: url(data:font/otf;base64,{encoded}) format("opentype"); }}\n'
    )


@lru_cache(maxsize=1)
def register_with_matplotlib() -> str:
    """Adds the bundled font to matplotlib's font list (once); returns its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(CJK_FONT))
    return FAMILY


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Rebuild backcare's subset CJK font.")
    parser.add_argument("--source", type=Path, default=DEBIAN_SOURCE)
    parser.add_argument("--content", type=Path, default=Path("content"))
    parser.add_argument("--package", type=Path, default=Path(__file__).resolve().parents[1])
    parser.add_argument("--out", type=Path, default=CJK_FONT)
    args = parser.parse_args(argv)
    if not args.source.is_file():
        parser.exit(
            2,
            f"fonts: error: {args.source} is missing (apt-get install fonts-noto-cjk, "
            "or pass --source NotoSansCJK-Regular.ttc / NotoSansSC-Regular.otf)\n",
        )
    glyphs = build(args.source, args.out, args.content, args.package)
    size = args.out.stat().st_size
    print(f"{args.out}: {glyphs} glyphs, {size // 1024} KB")


if __name__ == "__main__":
    main()

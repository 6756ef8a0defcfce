"""Every exercise's figure strip on one contact sheet, to look at by eye.

    .venv/bin/python bench/contact_sheet.py [out.png] [--kind strip|thumb|animated]

Draws each exercise's strip (or thumbnail) to PNG with cairosvg, lays them out in one
column with the exercise's id, position and first step, and prints how many were drawn,
how long it took and which exercises have no poses yet. Not part of the test suite.
"""

from __future__ import annotations

import argparse
import base64
import sys
import time
from pathlib import Path
from xml.sax.saxutils import escape


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", nargs="?", default="contact_sheet.png", type=Path)
    parser.add_argument("--kind", default="strip", choices=["strip", "thumb", "animated"])
    parser.add_argument("--only", nargs="*", help="exercise ids to draw (default: all)")
    parser.add_argument("--width", type=int, default=900)
    args = parser.parse_args()

    import cairosvg

    from backcare.content.loader import _read, content_dir
    from backcare.domain.pose_checks import contact_problems
    from backcare.reports.figures import figure_svg

    library, problems = _read(content_dir())
    for problem in problems:
        print(f"content problem: {problem}", file=sys.stderr)
    if library is None:
        return 1
    started = time.perf_counter()
    rows: list[str] = []
    missing: list[str] = []
    y = 10.0
    row_h = 190.0 if args.kind != "thumb" else 110.0
    for ex in library.exercises.values():
        if args.only and ex.id not in args.only:
            continue
        pose = library.poses.get(ex.illustration) or library.poses.get(ex.id)
        if pose is None:
            missing.append(ex.id)
        else:
            for key, message in contact_problems(pose):
                print(f"{ex.id}: {key}: {message}")
        svg = figure_svg(ex, pose, args.kind)  # type: ignore[arg-type]
        png = cairosvg.svg2png(bytestring=svg.encode(), output_height=int(row_h - 40))
        data = base64.b64encode(png).decode()
        step = ex.steps[0].en if ex.steps else ""
        caption = f"{ex.id} ({ex.position}): {step}"
        rows.append(
            f'<text x="10" y="{y + 14}" font-family="DejaVu Sans" font-size="13">'
            f"{escape(caption[:130])}</text>"
            f'<image x="10" y="{y + 20}" height="{row_h - 40}" width="{args.width - 20}" '
            f'preserveAspectRatio="xMinYMin meet" href="data:image/png;base64,{data}"/>'
        )
        y += row_h
    sheet = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{args.width}" height="{y + 10}">'
        f'<rect width="100%" height="100%" fill="#fff"/>{"".join(rows)}</svg>'
    )
    cairosvg.svg2png(bytestring=sheet.encode(), write_to=str(args.out))
    took = time.perf_counter() - started
    each = took / max(len(rows), 1) * 1000
    print(f"{len(rows)} figures on {args.out} in {took:.2f} s ({each:.0f} ms each)")
    if missing:
        print(f"no poses yet: {', '.join(missing)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Exercise figures as SVG, drawn from the keyframe poses in content/poses.

Three kinds, one look (so the web app, the PDFs and the README agree):
- `animated`: SMIL rotations about nested joint pivots, so a limb can only turn, never
  stretch; it moves at the exercise's pace and rests through its hold. No JavaScript.
- `strip`: every keyframe side by side with arrows, in absolute coordinates, for print.
- `thumb`: the most telling keyframe, small.

The pose maths lives in `backcare.domain.poses`; this package only draws: `common` (palette,
frame, timing), `drawing` (static shapes), `still` (strip, thumb), `animated`, and here the
entry points that pick one.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from backcare.domain.poses import PoseSet
from backcare.reports.figures.animated import animated_svg
from backcare.reports.figures.common import INK, WALL, FigureKind, animation_stops
from backcare.reports.figures.drawing import _svg
from backcare.reports.figures.still import strip_svg, thumb_svg

if TYPE_CHECKING:
    from backcare.domain.library import Exercise, Library

__all__ = [
    "FigureKind",
    "animated_svg",
    "animation_stops",
    "exercise_svg",
    "figure_svg",
    "placeholder_svg",
    "strip_svg",
    "thumb_svg",
    "write_exercise_figure",
]


# --- Entry points ---------------------------------------------------------------------------


def placeholder_svg(ex: Exercise, lang: str = "en") -> str:
    """A plain card for an exercise whose poses are not written yet."""
    name = escape(ex.name.get(lang))
    return _svg(
        240,
        120,
        "0 0 240 120",
        f'<rect x="2" y="2" width="236" height="116" rx="12" fill="{WALL}"/>'
        f'<text x="120" y="66" text-anchor="middle" font-family="DejaVu Sans, Arial, '
        f'sans-serif" font-size="15" fill="{INK}">{name}</text>',
        ex.name.get(lang),
        240,
    )


def figure_svg(ex: Exercise, pose: PoseSet | None, kind: FigureKind, lang: str = "en") -> str:
    if pose is None:
        return placeholder_svg(ex, lang)
    if kind == "animated":
        return animated_svg(ex, pose, lang)
    if kind == "strip":
        return strip_svg(ex, pose, lang)
    return thumb_svg(ex, pose, lang)


def exercise_svg(exercise_id: str, library: Library, kind: FigureKind, lang: str = "en") -> str:
    """The exercise's figure for the web app, the report and the handout.

    Raises KeyError for an unknown exercise; an exercise without poses gets a plain card.
    """
    ex = library.exercise(exercise_id)
    return figure_svg(ex, library.poses.get(ex.illustration or ex.id), kind, lang)


def write_exercise_figure(ex: Exercise, path: Path) -> None:
    """`backcare exercises show ID --figure out.svg`: the animated figure as a file."""
    from backcare.content import load_library

    library = load_library()
    pose = library.poses.get(ex.illustration) or library.poses.get(ex.id)
    path.write_text(figure_svg(ex, pose, "animated"), encoding="utf-8")

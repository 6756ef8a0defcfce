"""The still figures: `strip` (every keyframe side by side with arrows, for print) and
`thumb` (the most telling keyframe, small)."""

from __future__ import annotations

from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from backcare.domain.poses import (
    PoseSet,
)

if TYPE_CHECKING:
    from backcare.domain.library import Exercise

from backcare.reports.figures.common import (
    INK,
    MIN_PANEL_WIDTH,
    STRIP_SCALE,
    _box,
    _fmt,
    _Frame,
    _hold_s,
    _segment_highlights,
    _solved,
)
from backcare.reports.figures.drawing import (
    _backdrop,
    _body_static,
    _svg,
)


def strip_svg(ex: Exercise, pose: PoseSet, lang: str = "en") -> str:
    """Every keyframe side by side, an arrow between each, a label under each."""
    bodies = _solved(pose)
    box = _box(pose, bodies)
    if box.width < MIN_PANEL_WIDTH:  # standing figures are narrow: leave room for labels
        extra = (MIN_PANEL_WIDTH - box.width) / 2
        box = _Frame(box.mirror, box.min_x - extra, box.min_y, MIN_PANEL_WIDTH, box.height)
    glow = _segment_highlights(ex, pose)
    gap = 34.0
    label_h = 22.0
    panels: list[str] = []
    for index, (frame, body) in enumerate(zip(pose.keyframes, bodies, strict=True)):
        dx = index * (box.width + gap) - box.min_x
        inner = "".join(_backdrop(pose, bodies, box) + _body_static(pose, body, glow))
        label = _frame_label(ex, pose, index, lang)
        panels.append(
            f'<g data-frame="{index}" data-keyframe="{frame.name}" '
            f'transform="translate({_fmt(dx)} {_fmt(-box.min_y)})">'
            f'<g transform="scale({_fmt(box.mirror)} 1)">{inner}</g>'
            f'<text x="{_fmt(box.min_x + box.width / 2)}" y="{_fmt(box.min_y + box.height + 16)}" '
            f'text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="13" '
            f'fill="{INK}">{escape(label)}</text></g>'
        )
        if index < len(bodies) - 1:
            ax = (index + 1) * (box.width + gap) - gap / 2
            ay = box.height / 2
            panels.append(
                f'<path data-arrow="{index}" d="M{_fmt(ax - 10)} {_fmt(ay)} H{_fmt(ax + 8)} '
                f"M{_fmt(ax + 2)} {_fmt(ay - 7)} L{_fmt(ax + 9)} {_fmt(ay)} L{_fmt(ax + 2)} "
                f'{_fmt(ay + 7)}" stroke="{INK}" stroke-width="2.5" fill="none" '
                f'stroke-linecap="round" stroke-linejoin="round"/>'
            )
    total_w = len(bodies) * box.width + (len(bodies) - 1) * gap
    total_h = box.height + label_h
    return _svg(
        total_w,
        total_h,
        f"0 0 {_fmt(total_w)} {_fmt(total_h)}",
        "".join(panels),
        ex.name.get(lang),
        total_w * STRIP_SCALE,
    )


# The strip's own words under each picture, per content language (the pose files' labels
# carry their own {en, zh} text). English is the fallback for any other language.
WORDS: dict[str, dict[str, str]] = {
    "en": {"start": "Start", "end": "End", "then": "Then", "hold": "Hold", "hold_s": "Hold {s} s"},
    "zh": {"start": "开始", "end": "结束", "then": "然后", "hold": "保持", "hold_s": "保持 {s} 秒"},
}


def _word(key: str, lang: str) -> str:
    return WORDS.get(lang, WORDS["en"])[key]


def _frame_label(ex: Exercise, pose: PoseSet, index: int, lang: str = "en") -> str:
    frame = pose.keyframes[index]
    if frame.label is not None:
        return frame.label.get(lang)
    if frame.hold:
        seconds = _hold_s(ex, pose)
        return (
            _word("hold_s", lang).format(s=f"{seconds:g}") if seconds >= 1 else _word("hold", lang)
        )
    if index == 0:
        return _word("start", lang)
    if index == len(pose.keyframes) - 1 and pose.motion == "there_and_back":
        return _word("end", lang)
    return _word("then", lang)


def thumb_svg(ex: Exercise, pose: PoseSet, lang: str = "en") -> str:
    """The most telling keyframe on its own: the thumbnail's pose index, or the held one,
    or the last."""
    bodies = _solved(pose)
    index = next((i for i, f in enumerate(pose.keyframes) if f.hold), len(bodies) - 1)
    if pose.motion == "cycle":
        index = next((i for i, f in enumerate(pose.keyframes) if f.hold), 1)
    box = _box(pose, [bodies[index]])
    side = max(box.width, box.height)
    x0 = box.min_x - (side - box.width) / 2
    y0 = box.min_y - (side - box.height) / 2
    inner = "".join(
        _backdrop(pose, [bodies[index]], box)
        + _body_static(pose, bodies[index], _segment_highlights(ex, pose))
    )
    return _svg(
        side,
        side,
        f"{_fmt(x0)} {_fmt(y0)} {_fmt(side)} {_fmt(side)}",
        f'<g data-frame="{index}" transform="scale({_fmt(box.mirror)} 1)">{inner}</g>',
        ex.name.get(lang),
        96,
    )

"""The `animated` figure: SMIL rotations about nested joint pivots, so a limb can only turn,
never stretch; it moves at the exercise's pace and rests through its hold. No JavaScript."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from backcare.domain.poses import (
    HEAD_GAP,
    PlacedBody,
    PoseSet,
    Segment,
    skeleton,
)

if TYPE_CHECKING:
    from backcare.domain.library import Exercise

from backcare.reports.figures.common import (
    BAND,
    BOTTLE,
    HIGHLIGHT,
    INK,
    SKIN,
    TRUNK,
    _box,
    _fmt,
    _Frame,
    _segment_highlights,
    _solved,
    animation_stops,
)
from backcare.reports.figures.drawing import (
    _backdrop,
    _ball_static,
    _cuff,
    _cuff_line,
    _head_local,
    _host,
    _layers,
    _line,
    _prop_point,
    _svg,
)
from backcare.reports.figures.still import (
    _word,
)

# --- Animation (nested pivots) -------------------------------------------------------------


def _values(numbers: list[float]) -> str:
    return ";".join(_fmt(n) for n in numbers)


def _animate_rotate(angles: list[float], key_times: str, dur: str, splines: str) -> str:
    if max(angles) - min(angles) < 1e-6:
        return ""
    return (
        f'<animateTransform attributeName="transform" type="rotate" values="{_values(angles)}" '
        f'keyTimes="{key_times}" dur="{dur}" repeatCount="indefinite" calcMode="spline" '
        f'keySplines="{splines}"/>'
    )


def animated_svg(ex: Exercise, pose: PoseSet, lang: str = "en") -> str:
    """The exercise moving between its keyframes at its pace, resting through the hold.

    Each segment is a group rotated about its joint inside its parent's group, so limb
    lengths are fixed by the drawing itself; the animation only changes angles (and the
    pelvis's place, so the body stays on the floor).
    """
    bodies = _solved(pose)
    box = _box(pose, bodies)
    glow = _segment_highlights(ex, pose)
    stops, total, holding = animation_stops(ex, pose)
    key_times = ";".join(
        _fmt(t / total) if i < len(stops) - 1 else "1" for i, (t, _) in enumerate(stops)
    )
    splines = ";".join(["0.42 0 0.58 1"] * (len(stops) - 1))
    dur = f"{_fmt(total)}s"
    frames = [i for _, i in stops]
    bones = skeleton(pose.view)
    children: dict[str | None, list[Segment]] = {}
    for seg in bones:
        children.setdefault(seg.parent, []).append(seg)

    def series(name: str, attr: str) -> list[float]:
        return [getattr(bodies[i].segments[name], attr) for i in frames]

    ball = next((p for p in pose.props if p.kind == "ball"), None)
    bottles = {p.attach: p for p in pose.props if p.kind == "bottle"}
    cuffs = {_cuff(pose, p) for p in pose.props if p.kind == "band"} - {None}

    def extras(seg: Segment, layer: str) -> str:
        """Props that ride on a segment, drawn in its local frame."""
        out = ""
        if layer == "ball" and ball is not None and _host(ball) == seg.name:
            sign = 1.0 if ball.face == "front" else -1.0
            base = (seg.rest[0] * seg.length * ball.at, seg.rest[1] * seg.length * ball.at)
            cx = base[0] + seg.front[0] * sign * (ball.size + seg.radius)
            cy = base[1] + seg.front[1] * sign * (ball.size + seg.radius)
            out += _ball_static(PlacedBody(pose.view, {}, (0, 0), (cx, cy), ball.size, 0.0))
        if layer == "limbs" and seg.name in cuffs:
            a, b = _cuff_line(seg.name, seg.length, seg.radius)
            out += _line("band", a, b, 4.0, BAND, ' data-prop="band"')
        if layer == "limbs" and seg.name in bottles:
            x, y = seg.rest[0] * seg.length, seg.rest[1] * seg.length
            out += (
                f'<rect data-prop="bottle" x="{_fmt(x - 4)}" y="{_fmt(-y - 8)}" width="8" '
                f'height="16" rx="3" fill="{BOTTLE}" stroke="{INK}" stroke-width="0.8"/>'
            )
        if layer == "head" and seg.name == "neck":
            out += _head_local(pose.view, seg.length)
            turns = [bodies[i].angles.get("head_turn", 0.0) for i in frames]
            if pose.view == "front" and max(turns) - min(turns) > 1:
                shifts = [math.sin(math.radians(t)) * 6.5 for t in turns]
                out += (
                    f'<g><animateTransform attributeName="transform" type="translate" '
                    f'values="{";".join(f"{_fmt(x)} 0" for x in shifts)}" '
                    f'keyTimes="{key_times}" dur="{dur}" repeatCount="indefinite" '
                    f'calcMode="spline" keySplines="{splines}"/>'
                    f'<circle cx="0" cy="{_fmt(-(seg.length + HEAD_GAP) + 1.5)}" r="2.2" '
                    f'fill="{SKIN}" stroke="{INK}" stroke-width="0.8"/></g>'
                )
        return out

    def tree(seg: Segment, draw: set[str], colour: str, layer: str) -> str:
        inner = ""
        if seg.name in draw:
            end = (seg.rest[0] * seg.length, seg.rest[1] * seg.length)
            if layer == "glow":
                inner += _line(
                    f"glow_{seg.name}",
                    (0, 0),
                    end,
                    seg.radius * 2 + 6,
                    HIGHLIGHT,
                    ' stroke-opacity="0.5"',
                )
            elif layer == "limbs":
                inner += _line(seg.name, (0, 0), end, seg.radius * 2, colour)
        inner += extras(seg, layer)
        for child in children.get(seg.name, []):
            inner += tree(child, draw, colour, layer)
        if not inner:
            return ""
        angles = series(seg.name, "relative")
        if seg.parent is None:
            points = [bodies[i].segments[seg.name].start for i in frames]
            translate = (
                f'<animateTransform attributeName="transform" type="translate" '
                f'values="{";".join(f"{_fmt(x)} {_fmt(-y)}" for x, y in points)}" '
                f'keyTimes="{key_times}" dur="{dur}" repeatCount="indefinite" '
                f'calcMode="spline" keySplines="{splines}"/>'
            )
            return (
                f'<g transform="translate({_fmt(points[0][0])} {_fmt(-points[0][1])})">'
                f'{translate}<g transform="rotate({_fmt(-angles[0])})">'
                f"{_animate_rotate([-a for a in angles], key_times, dur, splines)}{inner}</g></g>"
            )
        parent = next(b for b in bones if b.name == seg.parent)
        ox = parent.rest[0] * parent.length * seg.along + seg.offset[0]
        oy = parent.rest[1] * parent.length * seg.along + seg.offset[1]
        return (
            f'<g data-joint="{seg.joint}" data-segment-group="{seg.name}" '
            f'transform="translate({_fmt(ox)} {_fmt(-oy)})">'
            f'<g transform="rotate({_fmt(-angles[0])})">'
            f"{_animate_rotate([-a for a in angles], key_times, dur, splines)}{inner}</g></g>"
        )

    root = children[None][0]
    layers = [tree(root, glow, HIGHLIGHT, "glow")]
    drawn_ball = False
    for colour, names in _layers(pose):
        if colour == TRUNK and not drawn_ball:
            layers.append(tree(root, set(), colour, "ball"))
            drawn_ball = True
        layers.append(tree(root, set(names), colour, "limbs"))
        if colour == TRUNK:
            layers.append(tree(root, set(), colour, "head"))
    bands = _bands_animated(pose, bodies, frames, key_times, dur)
    badge = _hold_badge(box, stops, holding, total, lang)
    body = (
        f'<g transform="scale({_fmt(box.mirror)} 1)">'
        + "".join(_backdrop(pose, bodies, box))
        + "".join(layers)
        + bands
        + "</g>"
        + badge
    )
    view_box = f"{_fmt(box.min_x)} {_fmt(box.min_y)} {_fmt(box.width)} {_fmt(box.height)}"
    return _svg(box.width, box.height, view_box, body, ex.name.get(lang), 360)


def _bands_animated(
    pose: PoseSet, bodies: list[PlacedBody], frames: list[int], key_times: str, dur: str
) -> str:
    out = ""
    for prop in pose.props:
        if prop.kind != "band" or prop.attach is None or _cuff(pose, prop) is not None:
            continue
        starts = [_prop_point(bodies[i], prop.attach) for i in frames]
        ends = [
            prop.to_fixed if prop.to_fixed is not None else _prop_point(bodies[i], prop.to or "")
            for i in frames
        ]
        anims = "".join(
            f'<animate attributeName="{attr}" values="{_values(vals)}" keyTimes="{key_times}" '
            f'dur="{dur}" repeatCount="indefinite"/>'
            for attr, vals in (
                ("x1", [p[0] for p in starts]),
                ("y1", [-p[1] for p in starts]),
                ("x2", [p[0] for p in ends]),
                ("y2", [-p[1] for p in ends]),
            )
        )
        line = _line("band", starts[0], ends[0], 3.0, BAND, ' data-prop="band"')
        out += line[:-2] + ">" + anims + "</line>"
    return out


def _hold_badge(
    box: _Frame, stops: list[tuple[float, int]], holding: list[bool], total: float, lang: str
) -> str:
    """A 'Hold' label that shows only while the figure holds (discrete opacity steps)."""
    if not any(holding):
        return ""
    times = [t / total for t, _ in stops]
    values = ["1" if holding[i + 1] else "0" for i in range(len(stops) - 1)] + ["0"]
    x = box.min_x + 8
    y = box.min_y + 20
    return (
        f'<g opacity="0" data-badge="hold"><animate attributeName="opacity" '
        f'values="{";".join(values)}" keyTimes="{";".join(_fmt(t) for t in times[:-1])};1" '
        f'dur="{_fmt(total)}s" repeatCount="indefinite" calcMode="discrete"/>'
        f'<rect x="{_fmt(x)}" y="{_fmt(y - 14)}" width="52" height="20" rx="10" '
        f'fill="{HIGHLIGHT}"/><text x="{_fmt(x + 26)}" y="{_fmt(y)}" text-anchor="middle" '
        f'font-family="DejaVu Sans, Arial, sans-serif" font-size="12" fill="#fff">'
        f"{escape(_word('hold', lang))}</text></g>"
    )

"""Static drawing in absolute coordinates: the body, the head, the floor, wall, mat, chair,
ball, bands and bottles, as SVG fragments the strip and the thumbnail put together."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from backcare.domain.poses import (
    HEAD_GAP,
    HEAD_RADIUS,
    PlacedBody,
    Point,
    PoseSet,
    Prop,
    View,
    wall_x,
)

if TYPE_CHECKING:
    pass

from backcare.reports.figures.common import (
    BALL,
    BAND,
    BOTTLE,
    CHAIR,
    FAR,
    FLOOR,
    HIGHLIGHT,
    INK,
    MAT,
    NEAR,
    SKIN,
    TRUNK,
    WALL,
    _fmt,
    _Frame,
)

# --- Static drawing (absolute coordinates) ------------------------------------------------


def _line(
    name: str,
    a: tuple[float, float],
    b: tuple[float, float],
    width: float,
    colour: str,
    extra: str = "",
) -> str:
    return (
        f'<line data-segment="{name}" x1="{_fmt(a[0])}" y1="{_fmt(-a[1])}" '
        f'x2="{_fmt(b[0])}" y2="{_fmt(-b[1])}" stroke="{colour}" stroke-width="{_fmt(width)}" '
        f'stroke-linecap="round"{extra}/>'
    )


def _layers(pose: PoseSet) -> list[tuple[str, list[str]]]:
    """Drawing order (layer colour, segment names): far side behind, near side in front."""
    arms = ["upper_arm", "forearm", "hand"]
    legs = ["thigh", "shin", "foot"]
    if pose.view == "side":
        near = "left" if pose.facing == "right" else "right"
        far = "right" if near == "left" else "left"
        return [
            (FAR, [f"{p}_{far}" for p in (*legs, *arms)]),
            (TRUNK, ["abdomen", "chest", "neck"]),
            (NEAR, [f"{p}_{near}" for p in legs]),
            (NEAR, [f"{p}_{near}" for p in arms]),
        ]
    return [
        (NEAR, [f"{p}_{s}" for s in ("left", "right") for p in legs]),
        (TRUNK, ["abdomen", "chest", "neck"]),
        (NEAR, [f"{p}_{s}" for s in ("left", "right") for p in arms]),
    ]


def _head_static(body: PlacedBody, view: View) -> str:
    neck = body.segments["neck"]
    hx, hy = body.head
    parts = [
        f'<circle data-part="head" cx="{_fmt(hx)}" cy="{_fmt(-hy)}" r="{_fmt(HEAD_RADIUS)}" '
        f'fill="{SKIN}" stroke="{INK}" stroke-width="1.2"/>'
    ]
    if view == "side":
        fx, fy = _rot((1.0, 0.0), neck.angle)
        ux, uy = _rot((0.0, 1.0), neck.angle)
        nose = (hx + fx * HEAD_RADIUS, hy + fy * HEAD_RADIUS)
        eye = (hx + fx * 5.5 + ux * 2.5, hy + fy * 5.5 + uy * 2.5)
        parts.append(
            f'<circle cx="{_fmt(nose[0])}" cy="{_fmt(-nose[1])}" r="2.6" fill="{SKIN}" '
            f'stroke="{INK}" stroke-width="1"/>'
        )
        parts.append(f'<circle cx="{_fmt(eye[0])}" cy="{_fmt(-eye[1])}" r="1.4" fill="{INK}"/>')
    elif view == "front":
        parts.append(_face_front(body.head, neck.angle, body.angles.get("head_turn", 0.0)))
    return "".join(parts)


def _face_front(head: tuple[float, float], angle: float, turn: float) -> str:
    """Eyes (and a nose once the head turns) that slide towards where the person looks."""
    shift = math.sin(math.radians(turn)) * 6.5
    out = ""
    for side in (-1, 1):
        x, y = _add(head, _rot((side * 4.0 + shift, 2.0), angle))
        out += f'<circle cx="{_fmt(x)}" cy="{_fmt(-y)}" r="1.4" fill="{INK}"/>'
    if abs(turn) > 10:
        x, y = _add(head, _rot((math.sin(math.radians(turn)) * HEAD_RADIUS, -1.5), angle))
        out += (
            f'<circle cx="{_fmt(x)}" cy="{_fmt(-y)}" r="2.2" fill="{SKIN}" stroke="{INK}" '
            f'stroke-width="0.8"/>'
        )
    return out


def _head_local(view: View, neck_length: float) -> str:
    """The head in the neck's own frame, for the animated figure."""
    from backcare.domain.poses import PlacedSegment

    neck = PlacedSegment("neck", (0.0, 0.0), (0.0, neck_length), 5.0, 0.0, 0.0)
    head = PlacedBody(view, {"neck": neck}, (0.0, neck_length + HEAD_GAP), None, 0.0, 0.0)
    return _head_static(head, view)


def _rot(v: tuple[float, float], degrees: float) -> tuple[float, float]:
    r = math.radians(degrees)
    return (v[0] * math.cos(r) - v[1] * math.sin(r), v[0] * math.sin(r) + v[1] * math.cos(r))


def _add(a: tuple[float, float], b: tuple[float, float]) -> tuple[float, float]:
    return (a[0] + b[0], a[1] + b[1])


def _backdrop(pose: PoseSet, bodies: list[PlacedBody], box: _Frame) -> list[str]:
    """Floor, mat, wall and chair: what stays put while the body moves (own coordinates)."""
    m = box.mirror
    left, right = sorted(((box.min_x) * m, (box.min_x + box.width) * m))
    out: list[str] = []
    kinds = {p.kind for p in pose.props}
    if "wall" in kinds:
        wall = wall_x(pose, bodies)
        if wall is None:  # front and top views: the wall is behind the person
            out.append(
                f'<rect data-prop="wall" x="{_fmt(left + 6)}" y="{_fmt(box.min_y + 4)}" '
                f'width="{_fmt(right - left - 12)}" height="{_fmt(-box.min_y - 4)}" rx="4" '
                f'fill="{WALL}"/>'
            )
        else:
            side = 1.0 if next(p for p in pose.props if p.kind == "wall").face == "front" else -1
            out.append(
                f'<rect data-prop="wall" x="{_fmt(min(wall, wall + side * 10))}" '
                f'y="{_fmt(box.min_y)}" width="10" height="{_fmt(-box.min_y)}" fill="{WALL}" '
                f'stroke="{FLOOR}" stroke-width="1"/>'
            )
    if pose.view != "top":
        out.append(
            f'<line data-prop="floor" x1="{_fmt(left)}" y1="0" x2="{_fmt(right)}" y2="0" '
            f'stroke="{FLOOR}" stroke-width="2" stroke-linecap="round"/>'
        )
    if "mat" in kinds:
        xs = [x for b in bodies for x in (b.extent()[0], b.extent()[2])]
        y = 0.0 if pose.view != "top" else -min(b.extent()[1] for b in bodies) + 6
        height = 5.0 if pose.view != "top" else -y + max(-b.extent()[3] for b in bodies) - 6
        if pose.view == "top":
            y = max(-b.extent()[3] for b in bodies) - 6
            height = -min(b.extent()[1] for b in bodies) + 6 - y
        out.insert(
            0,
            f'<rect data-prop="mat" x="{_fmt(min(xs) - 6)}" y="{_fmt(y)}" '
            f'width="{_fmt(max(xs) - min(xs) + 12)}" height="{_fmt(height)}" rx="2.5" '
            f'fill="{MAT}"/>',
        )
    if "chair" in kinds:
        out.append(_chair(bodies[0], pose))
    return out


def _chair(body: PlacedBody, pose: PoseSet) -> str:
    px, py = body.point("pelvis")
    seat = py - body.segments["abdomen"].radius
    if pose.view == "side":
        back, front = px - 18, px + 16
        return (
            f'<g data-prop="chair" stroke="{CHAIR}" stroke-width="4" stroke-linecap="round" '
            f'fill="none"><path d="M{_fmt(back)} 0 V{_fmt(-(seat + 38))} M{_fmt(back)} '
            f'{_fmt(-seat)} H{_fmt(front)} V0"/></g>'
        )
    return (
        f'<g data-prop="chair" stroke="{CHAIR}" stroke-width="4" stroke-linecap="round" '
        f'fill="none"><path d="M{_fmt(px - 22)} 0 V{_fmt(-seat)} H{_fmt(px + 22)} V0"/></g>'
    )


def _ball_static(body: PlacedBody) -> str:
    if body.ball is None:
        return ""
    bx, by = body.ball
    r = body.ball_radius
    return (
        f'<g data-prop="ball"><circle cx="{_fmt(bx)}" cy="{_fmt(-by)}" r="{_fmt(r)}" '
        f'fill="{BALL}" stroke="{INK}" stroke-width="1"/><path d="M{_fmt(bx - r * 0.6)} '
        f"{_fmt(-by - r * 0.35)} Q{_fmt(bx)} {_fmt(-by - r * 0.8)} {_fmt(bx + r * 0.6)} "
        f'{_fmt(-by - r * 0.35)}" stroke="#fff3c4" stroke-width="3" fill="none" '
        f'stroke-linecap="round"/></g>'
    )


def _prop_point(body: PlacedBody, name: str) -> tuple[float, float]:
    return body.point(name) if name != "ball" else (body.ball or (0.0, 0.0))


def _cuff(pose: PoseSet, prop: Prop) -> str | None:
    """The segment a band loops round, when it joins a point to its twin on the other side
    (knee to knee) in the side view, where the two points overlap: a cuff, not a line."""
    if pose.view != "side" or prop.attach is None or prop.to is None:
        return None
    base, _, side = prop.attach.rpartition("_")
    if prop.to != f"{base}_{'right' if side == 'left' else 'left'}":
        return None
    near = "left" if pose.facing == "right" else "right"
    host = _host(prop.model_copy(update={"attach": f"{base}_{near}"}))
    return host


CUFF_AT = 0.85  # a band above the knees sits a little above the joint


def _cuff_line(name: str, length: float, radius: float) -> tuple[Point, Point]:
    """The cuff across a segment in its own rest frame (the segment hangs down, y up)."""
    y = -length * CUFF_AT
    return (-(radius + 2.0), y), (radius + 2.0, y)


def _bands_static(pose: PoseSet, body: PlacedBody) -> list[str]:
    out: list[str] = []
    for prop in pose.props:
        if prop.kind != "band" or prop.attach is None:
            continue
        host = _cuff(pose, prop)
        if host is not None:
            seg = body.segments[host]
            a, b = _cuff_line(host, seg.length, seg.radius)
            ends = [_add(seg.start, _rot(p, seg.angle)) for p in (a, b)]
            out.append(_line("band", ends[0], ends[1], 4.0, BAND, ' data-prop="band"'))
            continue
        end = prop.to_fixed if prop.to_fixed is not None else _prop_point(body, prop.to or "")
        out.append(
            _line("band", _prop_point(body, prop.attach), end, 3.0, BAND, ' data-prop="band"')
        )
    return out


def _bottles_static(pose: PoseSet, body: PlacedBody) -> list[str]:
    out: list[str] = []
    for prop in pose.props:
        if prop.kind == "bottle" and prop.attach in body.segments:
            seg = body.segments[prop.attach]
            x, y = seg.end
            out.append(
                f'<rect data-prop="bottle" x="{_fmt(x - 4)}" y="{_fmt(-y - 8)}" width="8" '
                f'height="16" rx="3" fill="{BOTTLE}" stroke="{INK}" stroke-width="0.8" '
                f'transform="rotate({_fmt(-seg.angle)} {_fmt(x)} {_fmt(-y)})"/>'
            )
    return out


def _body_static(pose: PoseSet, body: PlacedBody, glow: set[str]) -> list[str]:
    """One keyframe, every limb a rounded line between its absolute joint points."""
    out: list[str] = []
    for name in sorted(glow):
        seg = body.segments[name]
        out.append(
            _line(
                f"glow_{name}",
                seg.start,
                seg.end,
                seg.radius * 2 + 6,
                HIGHLIGHT,
                ' data-highlight="true" stroke-opacity="0.5"',
            )
        )
    drawn_ball = False
    for colour, names in _layers(pose):
        if colour == TRUNK and not drawn_ball:
            out.append(_ball_static(body))
            drawn_ball = True
        for name in names:
            seg = body.segments[name]
            out.append(_line(name, seg.start, seg.end, seg.radius * 2, colour))
        if colour == TRUNK:
            out.append(_head_static(body, pose.view))
    out += _bottles_static(pose, body)
    out += _bands_static(pose, body)
    return out


def _svg(width: float, height: float, view_box: str, body: str, title: str, px: float) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{view_box}" '
        f'width="{_fmt(px)}" height="{_fmt(px * height / width)}" role="img" '
        f'aria-label="{escape(title, {chr(34): "&quot;"})}">'
        f"<title>{escape(title)}</title>{body}</svg>"
    )


def _host(prop: Prop) -> str | None:
    from backcare.domain.skeleton import _POINTS

    if prop.attach is None:
        return None
    return _POINTS[prop.attach][0] if prop.attach in _POINTS else prop.attach

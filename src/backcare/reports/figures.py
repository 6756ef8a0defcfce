"""Exercise figures as SVG, drawn from the keyframe poses in content/poses.

Three kinds, one look (so the web app, the PDFs and the README agree):
- `animated`: SMIL rotations about nested joint pivots, so a limb can only turn, never
  stretch; it moves at the exercise's pace and rests through its hold. No JavaScript.
- `strip`: every keyframe side by side with arrows, in absolute coordinates, for print.
- `thumb`: the most telling keyframe, small.

The pose maths lives in `backcare.domain.poses`; this module only draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal
from xml.sax.saxutils import escape

from backcare.domain.poses import (
    HEAD_GAP,
    HEAD_RADIUS,
    PlacedBody,
    Point,
    PoseSet,
    Prop,
    Segment,
    View,
    skeleton,
    solve,
    wall_x,
)

if TYPE_CHECKING:
    from backcare.domain.library import Exercise, Library

FigureKind = Literal["animated", "strip", "thumb"]

# A calm palette that prints well in grey too; the highlight is the one warm colour.
NEAR = "#2f5d8a"
FAR = "#8fa9c6"
TRUNK = "#3a6ea5"
SKIN = "#f1c9a5"
HIGHLIGHT = "#ff8a3d"
FLOOR = "#9aa5b1"
MAT = "#cfe7d6"
BALL = "#f5c451"
BAND = "#e0533d"
WALL = "#ebe5da"
CHAIR = "#b08962"
BOTTLE = "#58a6d6"
INK = "#33404d"

DEFAULT_PACE_S = 3.0  # circuit exercises have no pace of their own
START_PAUSE_S = 0.6
MIN_HOLD_S = 0.6
MAX_HOLD_S = 10.0  # long holds (planks) are shown for at most this long
PAD = 14.0
MIN_PANEL_WIDTH = 120.0  # a strip panel fits a two-word label under a standing figure
STRIP_SCALE = 0.8  # CSS px per body unit: every strip draws people at the same size


@dataclass(frozen=True)
class _Frame:
    """Where the figure sits on the page: the mirror for `facing: left` and the box."""

    mirror: float
    min_x: float
    min_y: float  # in SVG coordinates (y down)
    width: float
    height: float


def _segment_highlights(ex: Exercise, pose: PoseSet) -> set[str]:
    """Segments to glow: the pose file's choice, else the exercise's regions and muscles."""
    if pose.highlight:
        return set(pose.highlight)
    chosen: set[str] = set()
    by_region = {
        "low_back": {"abdomen"},
        "mid_back": {"chest"},
        "neck": {"neck"},
        "shoulder": {"upper_arm_left", "upper_arm_right"},
    }
    for region in ex.regions:
        chosen |= by_region.get(region, set())
    muscles = " ".join(ex.muscles).lower()
    if any(word in muscles for word in ("hamstring", "quadricep")):
        chosen |= {"thigh_left", "thigh_right"}
    if any(word in muscles for word in ("abdomin", "core", "oblique", "transvers")):
        chosen.add("abdomen")
    return chosen


def _hold_s(ex: Exercise, pose: PoseSet) -> float:
    """Seconds the animation holds a `hold` keyframe: the pose's choice, else the dosing's."""
    sets = ex.dosing.sets
    hold = pose.hold_s if pose.hold_s is not None else (sets.hold_s if sets is not None else 0)
    return min(float(hold), MAX_HOLD_S)


def animation_stops(
    ex: Exercise, pose: PoseSet
) -> tuple[list[tuple[float, int]], float, list[bool]]:
    """The animation's timeline: (time, keyframe) stops, total seconds, hold flags.

    One rep's movement takes the dosing's `pace_s`; a keyframe marked `hold` is held for the
    dosing's `hold_s` (the pose may override, e.g. a plank shows a few seconds of its hold).
    """
    sets = ex.dosing.sets
    pace = sets.pace_s if sets is not None else DEFAULT_PACE_S
    hold = max(_hold_s(ex, pose), MIN_HOLD_S)
    count = len(pose.keyframes)
    if pose.motion == "cycle":
        order = [*range(count), 0]
        step = pace / 2  # a cycle alternates sides: each half is one rep's out-and-back
    else:
        order = [*range(count), *range(count - 2, -1, -1)]
        step = pace / (2 * (count - 1))
    stops: list[tuple[float, int]] = [(0.0, order[0]), (START_PAUSE_S, order[0])]
    holding = [False, False]  # per stop: whether the movement into it is a hold
    t = START_PAUSE_S
    for index in order[1:]:
        t += step
        stops.append((t, index))
        holding.append(False)
        if pose.keyframes[index].hold:
            t += hold
            stops.append((t, index))
            holding.append(True)
    return stops, t, holding


_SOLVED: dict[int, tuple[PoseSet, list[PlacedBody]]] = {}


def _solved(pose: PoseSet) -> list[PlacedBody]:
    """Solved keyframes, kept per pose object: fitting a joint scans angles (up to ~0.1 s),
    and the web app asks for the same figure again and again. The library is frozen, so
    a pose object never changes; keeping the object in the value guards against id reuse."""
    hit = _SOLVED.get(id(pose))
    if hit is not None and hit[0] is pose:
        return hit[1]
    if len(_SOLVED) > 512:
        _SOLVED.clear()
    bodies = solve(pose)
    _SOLVED[id(pose)] = (pose, bodies)
    return bodies


def _fmt(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _box(pose: PoseSet, bodies: list[PlacedBody]) -> _Frame:
    mirror = -1.0 if pose.facing == "left" else 1.0
    xs: list[float] = []
    ys: list[float] = []
    for body in bodies:
        x0, y0, x1, y1 = body.extent()
        xs += [x0 * mirror, x1 * mirror]
        ys += [-y0, -y1]
    if pose.view != "top":
        ys.append(8.0)  # the floor and mat
    wall = wall_x(pose, bodies)
    if wall is not None:
        xs += [(wall - 8) * mirror, (wall + 8) * mirror]
    for prop in pose.props:
        if prop.to_fixed is not None:
            xs.append(prop.to_fixed[0] * mirror)
            ys.append(-prop.to_fixed[1])
        if prop.kind == "chair":
            pelvis = bodies[0].point("pelvis")
            xs += [(pelvis[0] - 22) * mirror, (pelvis[0] + 22) * mirror]
            ys.append(-(pelvis[1] + 40))
    min_x, max_x = min(xs) - PAD, max(xs) + PAD
    min_y, max_y = min(ys) - PAD, max(ys) + PAD / 2
    return _Frame(mirror, min_x, min_y, max_x - min_x, max_y - min_y)


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


def _host(prop: Prop) -> str | None:
    from backcare.domain.poses import _POINTS

    if prop.attach is None:
        return None
    return _POINTS[prop.attach][0] if prop.attach in _POINTS else prop.attach


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

"""Exercise poses as data, and the pure maths that turns them into a placed 2D body.

A pose set (content/poses/<exercise>.yaml) gives an exercise's keyframes as joint angles
in one view. Forward kinematics walks a fixed skeleton from the pelvis outwards, so every
limb keeps its length by construction; the body is then rotated to rest on two named
contact points (when a keyframe asks for it) and shifted so its lowest part touches the
floor. The renderer (`backcare.reports.figures`) only draws what this module computes. The skeleton
lives in `skeleton`, the pose-file models in `pose_model` (both re-exported here), and the
checks a content review runs in `pose_checks`.

Coordinates are body units (a standing figure is about 175 tall), x to the right, y up,
floor at y = 0. Angles are degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from backcare.domain.pose_model import (
    Fit,
    JointRange,
    JointRanges,
    Keyframe,
    PoseSet,
    Prop,
)
from backcare.domain.skeleton import (
    _POINTS,
    DOWN,
    FORWARD,
    HEAD_GAP,
    HEAD_RADIUS,
    JOINTS,
    SEGMENT_NAMES,
    SIDED,
    UP,
    BodySide,
    Facing,
    JointName,
    Motion,
    PropKind,
    Segment,
    View,
    joint_sign,
    point_names,
    skeleton,
)

__all__ = [
    "DOWN",
    "FORWARD",
    "HEAD_GAP",
    "HEAD_RADIUS",
    "JOINTS",
    "SEGMENT_NAMES",
    "SIDED",
    "UP",
    "BodySide",
    "Facing",
    "Fit",
    "JointName",
    "JointRange",
    "JointRanges",
    "Keyframe",
    "Motion",
    "PlacedBody",
    "PlacedSegment",
    "Point",
    "PoseSet",
    "Prop",
    "PropKind",
    "Segment",
    "View",
    "joint_angles",
    "joint_sign",
    "point_names",
    "skeleton",
    "solve",
    "wall_x",
]

# --- Forward kinematics -----------------------------------------------------------------------


Point = tuple[float, float]


def _rotate(vector: Point, degrees: float) -> Point:
    rad = math.radians(degrees)
    c, s = math.cos(rad), math.sin(rad)
    return (vector[0] * c - vector[1] * s, vector[0] * s + vector[1] * c)


def _add(a: Point, b: Point, scale: float = 1.0) -> Point:
    return (a[0] + b[0] * scale, a[1] + b[1] * scale)


@dataclass(frozen=True)
class PlacedSegment:
    name: str
    start: Point
    end: Point
    radius: float
    angle: float  # absolute rotation from the rest direction, degrees counter-clockwise
    relative: float  # rotation relative to the parent (what the joint does), degrees

    @property
    def length(self) -> float:
        return math.dist(self.start, self.end)

    def front(self, seg: Segment) -> Point:
        return _rotate(seg.front, self.angle)


@dataclass(frozen=True)
class PlacedBody:
    """A keyframe solved: every segment's end points, in floor coordinates."""

    view: View
    segments: dict[str, PlacedSegment]
    head: Point
    ball: Point | None  # the ball's centre when the pose uses one
    ball_radius: float
    root_angle: float  # absolute angle of the abdomen
    angles: dict[str, float] = field(default_factory=dict)  # every joint, after fitting

    def point(self, name: str) -> Point:
        """A named body point: a segment's start/end or a joint (see `point_names`)."""
        if name == "head":
            return self.head
        if name == "ball" and self.ball is not None:
            return self.ball
        segment, attr = _POINTS[name]
        seg = self.segments[segment]
        return seg.start if attr == "start" else seg.end

    def bottom(self, name: str) -> float:
        """The lowest y of the named point's rounded outline."""
        if name == "head":
            return self.head[1] - HEAD_RADIUS
        if name == "ball":
            return (self.ball[1] if self.ball else 0.0) - self.ball_radius
        segment, _ = _POINTS[name]
        bottom = self.point(name)[1] - self.segments[segment].radius
        if name.startswith("foot_"):
            # A foot rests on its heel as much as its toes: the ankle end counts too.
            shin = self.segments[f"shin_{name[5:]}"]
            bottom = min(bottom, shin.end[1] - shin.radius)
        return bottom

    def lowest(self) -> float:
        values = [min(s.start[1], s.end[1]) - s.radius for s in self.segments.values()]
        values.append(self.head[1] - HEAD_RADIUS)
        if self.ball is not None:
            values.append(self.ball[1] - self.ball_radius)
        return min(values)

    def extent(self) -> tuple[float, float, float, float]:
        """min x, min y, max x, max y of the drawn body."""
        xs: list[float] = []
        ys: list[float] = []
        for s in self.segments.values():
            for x, y in (s.start, s.end):
                xs += [x - s.radius, x + s.radius]
                ys += [y - s.radius, y + s.radius]
        xs += [self.head[0] - HEAD_RADIUS, self.head[0] + HEAD_RADIUS]
        ys += [self.head[1] - HEAD_RADIUS, self.head[1] + HEAD_RADIUS]
        if self.ball is not None:
            xs += [self.ball[0] - self.ball_radius, self.ball[0] + self.ball_radius]
            ys += [self.ball[1] - self.ball_radius, self.ball[1] + self.ball_radius]
        return min(xs), min(ys), max(xs), max(ys)


def joint_angles(pose: PoseSet) -> list[dict[str, float]]:
    """Each keyframe's full set of joint angles (`hip_left` ...), later frames inheriting."""
    current: dict[str, float] = {}
    for joint in JOINTS:
        if joint in SIDED:
            current[f"{joint}_left"] = current[f"{joint}_right"] = 0.0
        else:
            current[joint] = 0.0
    frames: list[dict[str, float]] = []
    for frame in pose.keyframes:
        for key, value in frame.joints.items():
            if "_" in key or key not in SIDED:
                current[key] = value
            else:
                current[f"{key}_left"] = current[f"{key}_right"] = value
        frames.append(dict(current))
    return frames


def _ball_prop(pose: PoseSet) -> Prop | None:
    return next((p for p in pose.props if p.kind == "ball"), None)


def _forward(
    pose: PoseSet, angles: dict[str, float], root_angle: float
) -> tuple[dict[str, PlacedSegment], Point, Point | None]:
    """Walk the skeleton from the pelvis at (0, 0); the abdomen turned by `root_angle`."""
    placed: dict[str, PlacedSegment] = {}
    bones = {s.name: s for s in skeleton(pose.view)}
    for seg in bones.values():
        if seg.parent is None:
            start: Point = (0.0, 0.0)
            absolute = root_angle
            relative = root_angle
        else:
            parent = placed[seg.parent]
            parent_seg = bones[seg.parent]
            start = _add(
                parent.start, _rotate(parent_seg.rest, parent.angle), parent.length * seg.along
            )
            start = _add(start, _rotate(seg.offset, parent.angle))
            assert seg.joint is not None
            key = seg.joint if seg.joint not in SIDED else f"{seg.joint}_{seg.side}"
            relative = joint_sign(pose.view, seg.joint, seg.side) * angles.get(key, 0.0)
            absolute = parent.angle + relative
        end = _add(start, _rotate(seg.rest, absolute), seg.length)
        placed[seg.name] = PlacedSegment(seg.name, start, end, seg.radius, absolute, relative)
    neck = placed["neck"]
    head = _add(neck.end, _rotate(UP, neck.angle), HEAD_GAP)
    ball: Point | None = None
    prop = _ball_prop(pose)
    if prop is not None and prop.attach is not None:
        host = placed[_POINTS[prop.attach][0]] if prop.attach in _POINTS else placed[prop.attach]
        host_seg = bones[host.name]
        base = _add(host.start, _rotate(host_seg.rest, host.angle), host.length * prop.at)
        normal = _rotate(host_seg.front, host.angle)
        sign = 1.0 if prop.face == "front" else -1.0
        ball = _add(base, normal, sign * (prop.size + host.radius))
    return placed, head, ball


def _bottom_of(
    name: str, placed: dict[str, PlacedSegment], ball: Point | None, ball_radius: float
) -> tuple[Point, float]:
    if name == "ball":
        assert ball is not None
        return ball, ball_radius
    segment, attr = _POINTS[name]
    seg = placed[segment]
    return (seg.start if attr == "start" else seg.end), seg.radius


def _contact_options(
    name: str, placed: dict[str, PlacedSegment], ball: Point | None, ball_radius: float
) -> list[tuple[Point, float]]:
    """Where a named contact can touch: a foot on its toes or on its heel (the ankle)."""
    options = [_bottom_of(name, placed, ball, ball_radius)]
    if name.startswith("foot_"):
        shin = placed[f"shin_{name[5:]}"]
        options.append((shin.end, shin.radius))
    return options


def _level_angle(
    pose: PoseSet, angles: dict[str, float], rest_on: tuple[str, str], near: float
) -> float:
    """The root angle that puts both `rest_on` points on one floor line, body above it."""
    placed, _head, ball = _forward(pose, angles, 0.0)
    prop = _ball_prop(pose)
    radius = prop.size if prop is not None else 0.0
    candidates: list[float] = []
    for a, ra in _contact_options(rest_on[0], placed, ball, radius):
        for b, rb in _contact_options(rest_on[1], placed, ball, radius):
            dx, dy = b[0] - a[0], b[1] - a[1]
            span = math.hypot(dx, dy)
            if span < 1e-6:
                continue
            current = math.degrees(math.atan2(dy, dx))
            # After turning by t, b is higher than a by span*sin(current+t): want rb - ra.
            target = math.degrees(math.asin(max(-1.0, min(1.0, (rb - ra) / span))))
            candidates += [target - current, 180 - target - current]
    best: tuple[float, float, float] | None = None
    for turn in candidates:
        body = _place(pose, angles, turn)
        # Both contacts on the floor and nothing below them: the least penetration wins;
        # ties (a symmetric body) go to the angle nearest the previous keyframe's.
        low = body.lowest()
        penetration = sum(body.bottom(name) - low for name in rest_on)
        # A body turned upside down on its contacts hangs below them: rule that out first.
        contact = max(body.bottom(rest_on[0]), body.bottom(rest_on[1]))
        middle = sum((s.start[1] + s.end[1]) / 2 for s in body.segments.values())
        if middle / len(body.segments) < contact:
            penetration += 1000.0
        score = (round(penetration, 2), abs(_wrap(turn - near)), _wrap(turn))
        if best is None or score < best:
            best = score
    return near if best is None else best[2]


def _wrap(degrees: float) -> float:
    return (degrees + 180.0) % 360.0 - 180.0


def _place(pose: PoseSet, angles: dict[str, float], root_angle: float) -> PlacedBody:
    placed, head, ball = _forward(pose, angles, root_angle)
    prop = _ball_prop(pose)
    return PlacedBody(
        pose.view, placed, head, ball, prop.size if prop else 0.0, root_angle, dict(angles)
    )


def _shift(body: PlacedBody, dx: float, dy: float) -> PlacedBody:
    def move(p: Point) -> Point:
        return (p[0] + dx, p[1] + dy)

    segments = {
        n: PlacedSegment(s.name, move(s.start), move(s.end), s.radius, s.angle, s.relative)
        for n, s in body.segments.items()
    }
    ball = move(body.ball) if body.ball is not None else None
    return PlacedBody(
        body.view, segments, move(body.head), ball, body.ball_radius, body.root_angle, body.angles
    )


def _orient(pose: PoseSet, frame: Keyframe, angles: dict[str, float], previous: float) -> float:
    if frame.rest_on is not None:
        root = _level_angle(pose, angles, frame.rest_on, previous)
    elif frame.trunk is not None:
        # Side view: leaning forward turns the upright abdomen clockwise.
        root = -frame.trunk if pose.view == "side" else frame.trunk
    else:
        root = previous
    # Keep the angle continuous so animations never spin the long way round.
    return previous + _wrap(root - previous)


def _grounded(pose: PoseSet, angles: dict[str, float], root: float) -> PlacedBody:
    body = _place(pose, angles, root)
    return body if pose.view == "top" else _shift(body, 0.0, -body.lowest())


def _fit(
    pose: PoseSet,
    frame: Keyframe,
    fit: Fit,
    angles: dict[str, float],
    previous: float,
    wall: float | None,
) -> dict[str, float]:
    """Scan the fitted joint for the angle that best puts its point on the floor or wall,
    keeping the frame's `rest_on` contacts down; ties go to the angle written."""
    keys = (
        [fit.joint]
        if "_" in fit.joint or fit.joint not in SIDED
        else [f"{fit.joint}_left", f"{fit.joint}_right"]
    )
    written = angles[keys[0]]

    def score(value: float) -> tuple[float, float, float]:
        trial = dict(angles) | dict.fromkeys(keys, value)
        body = _grounded(pose, trial, _orient(pose, frame, trial, previous))
        if fit.to == "wall" and wall is not None:
            toward = 1.0 if _wall_prop(pose).face == "front" else -1.0
            error = abs(wall - _touch_edge(body, fit.point, toward))
        else:
            error = body.bottom(fit.point) - body.lowest()
        for name in frame.rest_on or ():
            error += body.bottom(name) - body.lowest()
        return (round(error, 1), abs(value - written), value)

    # Coarse 5° steps, then 0.5° steps around the best: the same answer at a tenth the cost.
    coarse = [fit.min + 5 * i for i in range(int((fit.max - fit.min) / 5) + 1)]
    best = min(score(v) for v in coarse)
    fine = [best[2] + 0.5 * i for i in range(-10, 11) if fit.min <= best[2] + 0.5 * i <= fit.max]
    best = min([best, *(score(v) for v in fine)])
    assert best is not None
    return dict(angles) | dict.fromkeys(keys, best[2])


def _wall_prop(pose: PoseSet) -> Prop:
    return next(p for p in pose.props if p.kind == "wall")


def solve(pose: PoseSet) -> list[PlacedBody]:
    """Every keyframe placed: turned onto its contacts, fitted, on the floor, anchor x kept.

    Top views have no floor (we look down on it), so they are only centred.
    """
    bodies: list[PlacedBody] = []
    previous_root = 0.0
    anchor_x: float | None = None
    carried: dict[str, float] = {}
    written = joint_angles(pose)
    for index, frame in enumerate(pose.keyframes):
        # Fitted angles carry on to later frames unless those frames write them again.
        angles = written[index] | {k: v for k, v in carried.items() if not _writes(frame, k)}
        fits = (frame.fit,) if isinstance(frame.fit, Fit) else frame.fit or ()
        for fit in fits:
            wall = wall_x(pose, bodies[:1]) if bodies else None
            angles = _fit(pose, frame, fit, angles, previous_root, wall)
        carried = {k: v for k, v in angles.items() if v != written[index][k] or k in carried}
        root = _orient(pose, frame, angles, previous_root)
        previous_root = root
        body = _grounded(pose, angles, root)
        x = body.point(pose.anchor)[0]
        if anchor_x is None:
            anchor_x = x
        body.angles["head_turn"] = frame.head_turn
        bodies.append(_shift(body, anchor_x - x, 0.0))
    return bodies


def _writes(frame: Keyframe, key: str) -> bool:
    base = key.split("_")[0]
    return key in frame.joints or base in frame.joints


def _touch_edge(body: PlacedBody, name: str, toward: float) -> float:
    """The x of the named point's outline on the side facing `toward` (+1 right, -1 left)."""
    if name == "head":
        return body.head[0] + toward * HEAD_RADIUS
    if name in SEGMENT_NAMES:
        seg = body.segments[name]
        xs = (seg.start[0], seg.end[0])
        return (max(xs) + seg.radius) if toward > 0 else (min(xs) - seg.radius)
    segment, _ = _POINTS[name]
    return body.point(name)[0] + toward * body.segments[segment].radius


def wall_x(pose: PoseSet, bodies: list[PlacedBody]) -> float | None:
    """Where a side-view wall stands: touching its `touch` points in the first keyframe.

    Returned in the figure's own coordinates (before mirroring for `facing: left`)."""
    prop = next((p for p in pose.props if p.kind == "wall"), None)
    if prop is None or pose.view != "side" or not prop.touch:
        return None
    toward = 1.0 if prop.face == "front" else -1.0
    edges = [_touch_edge(bodies[0], name, toward) for name in prop.touch]
    return max(edges) if toward > 0 else min(edges)

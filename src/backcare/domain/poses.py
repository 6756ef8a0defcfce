"""Exercise poses as data, and the pure maths that turns them into a placed 2D body.

A pose set (content/poses/<exercise>.yaml) gives an exercise's keyframes as joint angles
in one view. Forward kinematics walks a fixed skeleton from the pelvis outwards, so every
limb keeps its length by construction; the body is then rotated to rest on two named
contact points (when a keyframe asks for it) and shifted so its lowest part touches the
floor. The renderer (`backcare.reports.figures`) only draws what this module computes.

Coordinates are body units (a standing figure is about 175 tall), x to the right, y up,
floor at y = 0. Angles are degrees.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.types import LocalizedText

View = Literal["side", "front", "top"]
Facing = Literal["right", "left"]
BodySide = Literal["left", "right"]
JointName = Literal["spine", "neck", "shoulder", "elbow", "wrist", "hip", "knee", "ankle"]
JOINTS: tuple[JointName, ...] = (
    "spine",
    "neck",
    "shoulder",
    "elbow",
    "wrist",
    "hip",
    "knee",
    "ankle",
)
SIDED: frozenset[str] = frozenset({"shoulder", "elbow", "wrist", "hip", "knee", "ankle"})
PropKind = Literal["mat", "ball", "band", "wall", "chair", "bottle"]
Motion = Literal["there_and_back", "cycle"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- The skeleton -------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """One rigid part of the body: where it hangs from its parent and how it is drawn."""

    name: str
    parent: str | None
    joint: JointName | None  # the joint between parent and this segment (None = rigid)
    side: BodySide | None
    length: float
    radius: float  # half the drawn thickness; also what touches the floor
    rest: tuple[float, float]  # direction when standing in the anatomical position
    front: tuple[float, float]  # the segment's anterior side when standing
    along: float = 1.0  # where on the parent it starts, as a fraction of the parent
    offset: tuple[float, float] = (0.0, 0.0)  # extra offset in the parent's rest frame


HEAD_RADIUS = 11.5
HEAD_GAP = 9.0  # from the top of the neck to the head's centre
UP, DOWN, FORWARD = (0.0, 1.0), (0.0, -1.0), (1.0, 0.0)


def skeleton(view: View) -> tuple[Segment, ...]:
    """The segments of the figure in a view, parents before children.

    In the front and top views the person faces the viewer, so their right side is on
    the viewer's left (negative x).
    """
    side_view = view == "side"
    segments: list[Segment] = [
        Segment("abdomen", None, None, None, 24, 10.5 if side_view else 13, UP, FORWARD),
        Segment("chest", "abdomen", "spine", None, 30, 11.5 if side_view else 15, UP, FORWARD),
        Segment("neck", "chest", "neck", None, 8, 5, UP, FORWARD),
    ]
    for body_side in ("left", "right"):
        lateral = 0.0 if side_view else (-1.0 if body_side == "right" else 1.0)
        foot_dir = FORWARD if side_view else (lateral, 0.0)
        segments += [
            Segment(
                f"upper_arm_{body_side}",
                "chest",
                "shoulder",
                body_side,
                29,
                5.5,
                DOWN,
                FORWARD,
                along=25 / 30,
                offset=(lateral * 15, 0.0),
            ),
            Segment(
                f"forearm_{body_side}",
                f"upper_arm_{body_side}",
                "elbow",
                body_side,
                26,
                4.6,
                DOWN,
                FORWARD,
            ),
            Segment(
                f"hand_{body_side}",
                f"forearm_{body_side}",
                "wrist",
                body_side,
                7,
                4.6,
                DOWN,
                FORWARD,
            ),
            Segment(
                f"thigh_{body_side}",
                "abdomen",
                "hip",
                body_side,
                44,
                7.5,
                DOWN,
                FORWARD,
                along=0.0,
                offset=(lateral * 8, 0.0),
            ),
            Segment(
                f"shin_{body_side}", f"thigh_{body_side}", "knee", body_side, 42, 6, DOWN, FORWARD
            ),
            Segment(
                f"foot_{body_side}",
                f"shin_{body_side}",
                "ankle",
                body_side,
                14 if side_view else 8,
                3.6,
                foot_dir,
                UP,
            ),
        ]
    return tuple(segments)


SEGMENT_NAMES: frozenset[str] = frozenset(s.name for s in skeleton("side"))


def joint_sign(view: View, joint: JointName, side: BodySide | None) -> float:
    """+1 when the joint's positive angle turns the child counter-clockwise (y up).

    Side view (facing right): flexion is positive for every joint; spine and neck flexion
    and knee flexion turn their segment clockwise. Front and top views: abduction (moving
    away from the midline) is positive, and the person's right side is on the left.
    """
    if view == "side":
        return -1.0 if joint in ("spine", "neck", "knee") else 1.0
    if joint in ("spine", "neck"):
        return 1.0  # positive = bending towards the person's right (viewer's left)
    return -1.0 if side == "right" else 1.0


# --- Pose data ------------------------------------------------------------------------------


class Prop(_Frozen):
    """A piece of equipment in the picture and where it sits.

    - mat: under the whole figure; chair: under the pelvis, reaching the floor.
    - ball: on a segment (`attach`, `at` fraction along it, on its `face` side), radius `size`.
    - bottle: held in a hand (`attach: hand_left`).
    - band: from body point `attach` to body point `to` (or to the wall/floor point `to_fixed`).
    - wall: in the side view, touching the named `touch` points (`face`: `back` puts it
      behind the figure, `front` in front); in the front and top views a backdrop.
    """

    kind: PropKind
    attach: str | None = None
    at: float = Field(default=1.0, ge=0, le=1)
    face: Literal["front", "back"] = "back"
    size: float = Field(default=30.0, gt=0, le=60)
    to: str | None = None
    to_fixed: tuple[float, float] | None = None
    touch: tuple[str, ...] = ()


class Fit(_Frozen):
    """Let the solver choose one joint's angle so a point touches the floor or the wall
    (e.g. the hip angle that sets a ball on the floor under the calves)."""

    joint: str
    point: str
    to: Literal["floor", "wall"] = "floor"
    min: float = -60
    max: float = 180


class Keyframe(_Frozen):
    """One position of the movement. Joints not named keep the previous keyframe's angle.

    `trunk` leans the pelvis-to-waist segment forward from upright (side view) or sideways
    (front view); `rest_on` instead turns the whole body so both named points rest on the
    floor (e.g. `[neck, foot_left]` for a bridge).
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    label: LocalizedText | None = None  # words under the strip picture, e.g. "Reach"
    trunk: float | None = Field(default=None, ge=-180, le=180)
    rest_on: tuple[str, str] | None = None
    hold: bool = False
    joints: dict[str, float] = Field(default_factory=dict)
    fit: Fit | tuple[Fit, ...] | None = None  # several are fitted in the order given
    # Turning the head to look over a shoulder (front view only; cervical rotation is
    # about 60-80° each way, exrx_joint_rom). Positive = towards the person's left.
    head_turn: float = Field(default=0.0, ge=-70, le=70)

    @model_validator(mode="after")
    def _joint_names(self) -> Keyframe:
        for key in self.joints:
            base, _, side = key.partition("_")
            if base not in JOINTS or (
                side and (base not in SIDED or side not in ("left", "right"))
            ):
                raise ValueError(f"unknown joint {key!r} (e.g. hip, hip_left, knee_right)")
        if self.trunk is not None and self.rest_on is not None:
            raise ValueError("give either trunk or rest_on, not both")
        return self


class PoseSet(_Frozen):
    """An exercise's figure: its view, props and keyframes (content/poses/<id>.yaml)."""

    exercise: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    view: View = "side"
    facing: Facing = "right"
    motion: Motion = "there_and_back"
    anchor: str = "pelvis"  # the point that keeps its x from keyframe to keyframe
    props: tuple[Prop, ...] = ()
    highlight: tuple[str, ...] = ()  # segments worked; empty = from the exercise's regions
    hold_s: float | None = Field(default=None, ge=0, le=60)  # shown hold, if not the dosing's
    floor_contacts: tuple[str, ...] = ()  # points that must touch the floor in every frame
    lies: Literal["face_up", "face_down"] = "face_up"  # top view: how the person lies
    keyframes: tuple[Keyframe, ...] = Field(min_length=2, max_length=5)

    @model_validator(mode="after")
    def _consistent(self) -> PoseSet:
        if self.keyframes[0].trunk is None and self.keyframes[0].rest_on is None:
            raise ValueError("the first keyframe needs trunk or rest_on")
        points = point_names()
        for name in (self.anchor, *self.floor_contacts):
            if name not in points:
                raise ValueError(f"unknown point {name!r}")
        for index, frame in enumerate(self.keyframes):
            for name in frame.rest_on or ():
                if name not in points and name != "ball":
                    raise ValueError(f"keyframes.{index}.rest_on: unknown point {name!r}")
        for seg in self.highlight:
            if seg not in SEGMENT_NAMES:
                raise ValueError(f"highlight: unknown segment {seg!r}")
        for prop in self.props:
            for ref in (prop.attach, prop.to, *prop.touch):
                if ref is not None and ref not in points and ref not in SEGMENT_NAMES:
                    raise ValueError(f"props.{prop.kind}: unknown point or segment {ref!r}")
        return self


class JointRange(_Frozen):
    min: float
    max: float
    meaning: str
    source: str


class JointRanges(_Frozen):
    """Human ranges of motion per view and joint (content/poses/_ranges.yaml)."""

    side: dict[JointName, JointRange]
    front: dict[JointName, JointRange]

    def for_view(self, view: View) -> dict[JointName, JointRange]:
        return self.side if view == "side" else self.front

    def sources(self) -> set[str]:
        return {r.source for r in (*self.side.values(), *self.front.values())}


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


_POINTS: dict[str, tuple[str, str]] = {
    "pelvis": ("abdomen", "start"),
    "waist": ("abdomen", "end"),
    "neck": ("chest", "end"),
    "head_base": ("neck", "end"),
}
for _side in ("left", "right"):
    _POINTS |= {
        f"shoulder_{_side}": (f"upper_arm_{_side}", "start"),
        f"elbow_{_side}": (f"upper_arm_{_side}", "end"),
        f"wrist_{_side}": (f"forearm_{_side}", "end"),
        f"hand_{_side}": (f"hand_{_side}", "end"),
        f"hip_{_side}": (f"thigh_{_side}", "start"),
        f"knee_{_side}": (f"thigh_{_side}", "end"),
        f"ankle_{_side}": (f"shin_{_side}", "end"),
        f"foot_{_side}": (f"foot_{_side}", "end"),
    }


def point_names() -> frozenset[str]:
    return frozenset({*_POINTS, "head"})


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


# --- Checks -------------------------------------------------------------------------------


def range_problems(pose: PoseSet, ranges: JointRanges) -> list[tuple[str, str]]:
    """(key, message) for every written joint angle, and every fit's search bounds, outside
    its human range of motion. Cheap (no solving), so the loader can run it on every load;
    fitted angles stay inside their bounds, so they are covered too."""
    table = ranges.for_view(pose.view)
    problems: list[tuple[str, str]] = []

    def check(key: str, joint: str, value: float) -> None:
        limit = table.get(joint)  # type: ignore[call-overload]
        if limit is not None and not limit.min - 0.01 <= value <= limit.max + 0.01:
            problems.append(
                (key, f"{value:g}° is outside {limit.min:g}..{limit.max:g}° ({limit.meaning})")
            )

    for index, angles in enumerate(joint_angles(pose)):
        for key, value in angles.items():
            check(f"keyframes.{index}.joints.{key}", key.split("_")[0], value)
        frame = pose.keyframes[index]
        fits = (frame.fit,) if isinstance(frame.fit, Fit) else frame.fit or ()
        for number, fit in enumerate(fits):
            for bound in ("min", "max"):
                check(
                    f"keyframes.{index}.fit.{number}.{bound}",
                    fit.joint.split("_")[0],
                    getattr(fit, bound),
                )
    return problems


def solved_range_problems(pose: PoseSet, ranges: JointRanges) -> list[tuple[str, str]]:
    """The same check on the solved keyframes' actual joint angles (for the tests)."""
    table = ranges.for_view(pose.view)
    problems: list[tuple[str, str]] = []
    for index, body in enumerate(solve(pose)):
        for key, value in body.angles.items():
            limit = table.get(key.split("_")[0])  # type: ignore[call-overload]
            if limit is not None and not limit.min - 0.01 <= value <= limit.max + 0.01:
                problems.append((f"keyframes.{index}.{key}", f"{value:g}° out of range"))
    return problems


def contact_problems(pose: PoseSet, tolerance: float = 3.0) -> list[tuple[str, str]]:
    """(key, message) for every `rest_on` or `floor_contacts` point off the floor, and
    every wall `touch` point off the wall."""
    bodies = solve(pose)
    problems: list[tuple[str, str]] = []
    if pose.view == "top":
        return problems
    for index, (frame, body) in enumerate(zip(pose.keyframes, bodies, strict=True)):
        for name in (*(frame.rest_on or ()), *pose.floor_contacts):
            height = body.bottom(name)
            if height > tolerance:
                problems.append((f"keyframes.{index}", f"{name} is {height:.1f} above the floor"))
    wall = wall_x(pose, bodies)
    for prop in pose.props:
        if prop.kind != "wall" or wall is None:
            continue
        for index, body in enumerate(bodies):
            for name in prop.touch:
                gap = _wall_gap(body, name, wall, prop.face, pose)
                if abs(gap) > tolerance * 2:
                    problems.append(
                        (f"keyframes.{index}", f"{name} is {gap:.1f} away from the wall")
                    )
    return problems


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


def _wall_gap(body: PlacedBody, name: str, wall: float, face: str, pose: PoseSet) -> float:
    toward = 1.0 if face == "front" else -1.0
    return (wall - _touch_edge(body, name, toward)) * toward


def body_orientation(
    body: PlacedBody, pose: PoseSet | None = None
) -> Literal["face_down", "face_up", "upright", "side"]:
    """How the trunk lies, from the chest's front normal: what a reader checks first.

    A top view looks down on someone lying on the floor; its pose file says which way up.
    """
    chest = body.segments["chest"]
    if body.view == "top":
        return pose.lies if pose is not None else "face_up"
    if body.view != "side":
        tilt = abs(_wrap(chest.angle))
        return "upright" if tilt < 45 else "side"
    _fx, fy = chest.front(skeleton("side")[1])
    up = _rotate(UP, chest.angle)
    if abs(up[1]) > 0.7:  # trunk more vertical than not
        return "upright"
    return "face_down" if fy < -0.5 else "face_up" if fy > 0.5 else "side"

"""What every figure shares: the palette, the sizes, the frame around the solved poses and
the timing of an animation's keyframes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from backcare.domain.poses import (
    PlacedBody,
    PoseSet,
    solve,
    wall_x,
)

if TYPE_CHECKING:
    from backcare.domain.library import Exercise


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

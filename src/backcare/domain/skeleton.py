"""The fixed skeleton the figures are built on: each rigid segment, where it hangs from its
parent, how long and thick it is, per view, and the named body points a pose file may use.
Coordinates are body units (a standing figure is about 175 tall), x to the right, y up."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

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

"""Checks a content review runs on a pose set: joints within human ranges (as written and as
solved), floor contacts that really touch, the wall where the pose says it is, and which way
the trunk lies."""

from __future__ import annotations

from typing import Literal

from backcare.domain.pose_model import (
    Fit,
    JointRanges,
    PoseSet,
)
from backcare.domain.poses import (
    PlacedBody,
    _rotate,
    _touch_edge,
    _wrap,
    joint_angles,
    solve,
    wall_x,
)
from backcare.domain.skeleton import (
    UP,
    skeleton,
)

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

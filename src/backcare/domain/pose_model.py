"""Exercise poses as data: the models of a pose file (content/poses/<exercise>.yaml) and of
the joint ranges (content/poses/_ranges.yaml), validated at load against the skeleton's joints,
segments and points."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.skeleton import (
    JOINTS,
    SEGMENT_NAMES,
    SIDED,
    Facing,
    JointName,
    Motion,
    PropKind,
    View,
    point_names,
)
from backcare.domain.types import LocalizedText


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


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

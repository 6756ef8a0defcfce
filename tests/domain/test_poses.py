"""Exercise poses: every exercise has them, the body keeps its limb lengths, stays within
human joint ranges, rests on the floor where its file says, and lies the way its steps say."""

from __future__ import annotations

import math
from pathlib import Path
from shutil import copytree

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.content import check_content, content_dir, load_library
from backcare.domain.library import Library
from backcare.domain.pose_checks import body_orientation, contact_problems, solved_range_problems
from backcare.domain.poses import (
    JOINTS,
    SIDED,
    Keyframe,
    PoseSet,
    joint_angles,
    skeleton,
    solve,
)

LIBRARY: Library = load_library()
POSES = sorted(LIBRARY.poses)


def test_every_exercise_has_poses() -> None:
    missing = sorted(set(LIBRARY.exercises) - set(LIBRARY.poses))
    assert not missing, f"exercises without content/poses/<id>.yaml: {missing}"


def test_every_pose_file_names_an_exercise() -> None:
    assert set(LIBRARY.poses) <= set(LIBRARY.exercises)


def test_joint_ranges_are_sourced() -> None:
    assert LIBRARY.joint_ranges is not None
    assert LIBRARY.joint_ranges.sources() <= set(LIBRARY.sources)
    for view in ("side", "front"):
        table = LIBRARY.joint_ranges.for_view(view)
        assert set(table) == set(JOINTS), view


@pytest.mark.parametrize("exercise_id", POSES)
def test_limb_lengths_stay_the_same_in_every_keyframe(exercise_id: str) -> None:
    pose = LIBRARY.poses[exercise_id]
    lengths = {s.name: s.length for s in skeleton(pose.view)}
    for index, body in enumerate(solve(pose)):
        for name, seg in body.segments.items():
            assert seg.length == pytest.approx(lengths[name], abs=1e-6), (index, name)


@pytest.mark.parametrize("exercise_id", POSES)
def test_solved_joints_stay_within_human_ranges(exercise_id: str) -> None:
    assert LIBRARY.joint_ranges is not None
    assert solved_range_problems(LIBRARY.poses[exercise_id], LIBRARY.joint_ranges) == []


@pytest.mark.parametrize("exercise_id", POSES)
def test_the_body_rests_on_the_floor_and_wall_where_it_should(exercise_id: str) -> None:
    pose = LIBRARY.poses[exercise_id]
    assert contact_problems(pose) == []
    if pose.view != "top":
        for body in solve(pose):
            assert body.lowest() == pytest.approx(0.0, abs=1e-6)  # on the floor, not in it


# How each `position` must look in the first keyframe (exercise.position is from its steps).
EXPECTED = {
    "prone": {"face_down"},
    "supine": {"face_up"},
    "quadruped": {"face_down"},
    "plank": {"face_down"},
    "standing": {"upright"},
    "seated": {"upright"},
    "side_lying": {"side"},
    "kneeling": {"upright", "face_down"},
}


@pytest.mark.parametrize("exercise_id", POSES)
def test_the_figure_lies_the_way_its_steps_say(exercise_id: str) -> None:
    exercise = LIBRARY.exercises[exercise_id]
    pose = LIBRARY.poses[exercise_id]
    assert body_orientation(solve(pose)[0], pose) in EXPECTED[exercise.position]


def test_back_extension_lies_face_down_and_lifts_the_chest() -> None:
    start, lifted = solve(LIBRARY.poses["back_extension"])
    assert body_orientation(start) == "face_down"
    assert lifted.head[1] > start.head[1] + 10  # the chest comes up
    assert lifted.bottom("foot_left") < 3  # the feet stay down


def test_wall_angel_stands_with_its_back_to_the_wall_and_slides_the_arms_up() -> None:
    pose = LIBRARY.poses["wall_angel"]
    assert pose.view == "front"  # facing us, so the wall is behind the person
    assert any(p.kind == "wall" for p in pose.props)
    start, up = solve(pose)
    assert body_orientation(start) == "upright"
    assert up.point("hand_left")[1] > start.point("hand_left")[1]


def test_dead_bug_lies_on_its_back_with_arms_and_knees_up() -> None:
    start = solve(LIBRARY.poses["dead_bug"])[0]
    assert body_orientation(start) == "face_up"
    for side in ("left", "right"):
        assert start.point(f"hand_{side}")[1] > start.point(f"shoulder_{side}")[1] + 40
        assert start.point(f"knee_{side}")[1] > start.point(f"hip_{side}")[1] + 30


def test_bird_dog_reaches_the_opposite_arm_and_leg() -> None:
    frames = solve(LIBRARY.poses["bird_dog"])
    reach = frames[1]
    assert body_orientation(frames[0]) == "face_down"
    # The near arm reaches forward past the head while the far leg extends back.
    assert reach.point("hand_left")[0] > reach.head[0]
    assert reach.point("foot_right")[0] < reach.point("pelvis")[0] - 60


# --- The kinematics themselves ------------------------------------------------------------

ANGLE = st.floats(min_value=-150, max_value=150, allow_nan=False)


@settings(max_examples=60, deadline=None)
@given(
    view=st.sampled_from(["side", "front"]),
    trunk=st.floats(min_value=-180, max_value=180, allow_nan=False),
    angles=st.lists(ANGLE, min_size=len(JOINTS), max_size=len(JOINTS)),
)
def test_forward_kinematics_keeps_every_length(
    view: str, trunk: float, angles: list[float]
) -> None:
    joints = dict(zip(JOINTS, angles, strict=True))
    pose = PoseSet.model_validate(
        {
            "exercise": "x",
            "view": view,
            "keyframes": [
                {"name": "a", "trunk": trunk, "joints": joints},
                {"name": "b", "joints": {"hip_left": 10}},
            ],
        }
    )
    lengths = {s.name: s.length for s in skeleton(pose.view)}
    for body in solve(pose):
        for name, seg in body.segments.items():
            assert math.dist(seg.start, seg.end) == pytest.approx(lengths[name], abs=1e-6)
        assert body.lowest() == pytest.approx(0.0, abs=1e-6)


@settings(max_examples=60, deadline=None)
@given(
    hip=st.floats(min_value=80, max_value=100, allow_nan=False),
    knee=st.floats(min_value=105, max_value=120, allow_nan=False),
    shoulder=st.floats(min_value=80, max_value=100, allow_nan=False),
    spine=st.floats(min_value=-10, max_value=10, allow_nan=False),
)
def test_rest_on_and_fit_set_all_fours_on_hands_knees_and_toes(
    hip: float, knee: float, shoulder: float, spine: float
) -> None:
    pose = PoseSet.model_validate(
        {
            "exercise": "x",
            "keyframes": [
                {"name": "a", "trunk": 0},
                {
                    "name": "b",
                    "rest_on": ["hand_left", "knee_left"],
                    # The knee angle that sets the toes down too, as the pose files do.
                    "fit": {"joint": "knee", "point": "foot_left", "min": 60, "max": 140},
                    "joints": {
                        "hip": hip,
                        "knee": knee,
                        "shoulder": shoulder,
                        "spine": spine,
                        "ankle": -50,
                        "wrist": -60,
                    },
                },
            ],
        }
    )
    body = solve(pose)[1]
    assert body_orientation(body) == "face_down"
    for point in ("hand_left", "knee_left", "foot_left"):
        assert body.bottom(point) == pytest.approx(0.0, abs=1), point


def test_later_keyframes_inherit_the_angles_they_do_not_name() -> None:
    pose = PoseSet.model_validate(
        {
            "exercise": "x",
            "keyframes": [
                {"name": "a", "trunk": 0, "joints": {"hip": 30, "knee_left": 40}},
                {"name": "b", "joints": {"hip_right": 10}},
            ],
        }
    )
    first, second = joint_angles(pose)
    assert first["hip_left"] == first["hip_right"] == 30
    assert second == first | {"hip_right": 10}
    assert {k.split("_")[0] for k in first} == set(JOINTS)
    assert all(("_" in k) == (k.split("_")[0] in SIDED) for k in first)


def test_an_unknown_joint_is_refused_with_its_name() -> None:
    with pytest.raises(ValueError, match="elbows"):
        Keyframe.model_validate({"name": "a", "trunk": 0, "joints": {"elbows": 10}})


# --- Loading: problems named with file and key ---------------------------------------------


def _copy_content(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    copytree(content_dir(), root)
    return root


def test_a_pose_for_an_unknown_exercise_is_reported_with_its_file(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    text = (root / "poses" / "dead_bug.yaml").read_text(encoding="utf-8")
    (root / "poses" / "ghost_bug.yaml").write_text(
        text.replace("exercise: dead_bug", "exercise: ghost_bug"), encoding="utf-8"
    )
    problems = [str(p) for p in check_content(root)]
    assert any(
        "poses/ghost_bug.yaml: exercise: unknown exercise id 'ghost_bug'" in p for p in problems
    ), problems


def test_a_joint_beyond_its_human_range_is_reported_with_its_key(tmp_path: Path) -> None:
    root = _copy_content(tmp_path)
    path = root / "poses" / "dead_bug.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("knee: 90, ankle: 0", "knee: 170, ankle: 0"),
        encoding="utf-8",
    )
    problems = [str(p) for p in check_content(root)]
    assert any(
        "poses/dead_bug.yaml: keyframes.0.joints.knee_left: 170° is outside" in p for p in problems
    ), problems

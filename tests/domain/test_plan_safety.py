"""Plans honour conditions and screening flags (plan.md "What each condition leaves out").

The table below is plan.md's, written here independently of content/safety_rules.yaml, so a
rule that quietly drops a tag, or an exercise tagged dishonestly, fails a test instead of
slipping a plank into a pregnancy plan.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.plans import Plan, generate_plan
from backcare.domain.profile import Profile
from backcare.domain.types import EQUIPMENT, LEVELS, PROFILE_CONDITIONS, REGIONS

# plan.md, condition by condition: the safety tags whose exercises it leaves out.
SPEC_CONFLICTS: dict[str, set[str]] = {
    "pregnant": {"prone", "supine", "full_plank", "side_plank", "ball", "loaded_flexion"}
    | {"fall_risk"},
    "osteoporosis": {"loaded_flexion", "loaded_rotation", "end_range_flexion"}
    | {"end_range_rotation", "high_impact"},
    "disc_herniation": {"loaded_flexion", "loaded_rotation"},
    "radicular": {"loaded_flexion", "loaded_rotation"},
    "cervical_radicular": {"neck_end_range", "neck_loaded"},
    "inflammatory_arthritis": {"neck_end_range", "neck_loaded"},
    "hypermobility": {"end_range_stretch"},
    "ankylosing_spondylitis": set(),
}
FLAGS = ("radicular", "cervical_radicular")


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def conflicts(plan: Plan, lib: Library, conditions: list[str]) -> list[tuple[str, str, str]]:
    """(exercise, condition, tag) for every exercise in the plan a condition forbids."""
    found = []
    for exercise_id in plan.exercise_ids():
        tags = set(lib.exercise(exercise_id).safety_tags)
        for condition in conditions:
            for tag in sorted(SPEC_CONFLICTS[condition] & tags):
                found.append((exercise_id, condition, tag))
    return found


def screening(flags: Sequence[str] = (), **parts: Any) -> dict[str, Any]:
    """A screening result as screening.md gives it, built directly (no answers needed)."""
    result: dict[str, Any] = {
        "urgency": "routine" if flags else "self_care",
        "red_flags": [{"id": f, "urgency": "routine", "because": []} for f in flags],
        "ibp": {},
        "instruments": {},
        "exercise": {"allowed": True, "reasons": []},
        "complete": True,
    }
    result.update(parts)
    return result


# --- Honest tags: what a physiotherapist reading the library would say ------------------------

CLINICIAN_TAGS = {
    "forearm_plank": {"full_plank", "high_load", "prone"},
    "ball_pike": {"full_plank", "loaded_flexion", "inverted", "ball", "fall_risk"},
    "side_plank": {"side_plank", "high_load"},
    "side_plank_knees": {"side_plank"},
    "back_extension": {"prone", "high_load", "spinal_extension"},  # hands behind the head
    "childs_pose": {"end_range_flexion"},  # held at the end of the range
    "knee_to_chest": {"end_range_flexion", "supine"},
    "cat_cow": {"end_range_flexion"},
    "open_book": {"end_range_rotation"},
    "thread_the_needle": {"end_range_rotation"},
    "neck_rotation": {"neck_end_range"},
    "four_direction_nods": {"neck_end_range"},
    "upper_trap_stretch": {"neck_end_range", "end_range_stretch"},
    "neck_isometric": {"neck_loaded"},
    "knee_plank": {"prone"},  # its first step is "lie face down"
}


@pytest.mark.parametrize("exercise_id", sorted(CLINICIAN_TAGS))
def test_exercises_carry_the_tags_a_clinician_would_give(lib: Library, exercise_id: str) -> None:
    tags = set(lib.exercise(exercise_id).safety_tags)
    assert CLINICIAN_TAGS[exercise_id] <= tags, CLINICIAN_TAGS[exercise_id] - tags


def test_every_ball_exercise_is_tagged_ball_and_fall_risk(lib: Library) -> None:
    for exercise in lib.exercises.values():
        on_ball = "ball" in exercise.equipment
        assert on_ball == ("ball" in exercise.safety_tags), exercise.id
        if on_ball:
            assert "fall_risk" in exercise.safety_tags, exercise.id


def test_gentle_moves_are_not_over_tagged(lib: Library) -> None:
    """Chin tucks are the first exercise for a trapped neck nerve; bridges keep a neutral spine."""
    assert not {"neck_end_range", "neck_loaded"} & set(lib.exercise("chin_tuck").safety_tags)
    for exercise_id in ("glute_bridge", "bird_dog", "hip_hinge", "pallof_press", "dead_bug"):
        tags = set(lib.exercise(exercise_id).safety_tags)
        assert not tags & {"loaded_flexion", "loaded_rotation", "end_range_flexion"}, exercise_id


POSITION_WORDS = {
    "prone": (r"\bface down\b", "俯卧"),
    "supine": (r"\bon your back\b", "仰卧"),
}


@pytest.mark.parametrize("tag", sorted(POSITION_WORDS))
def test_step_texts_agree_with_the_position_tags(lib: Library, tag: str) -> None:
    """A step that says "lie face down" makes the exercise a face-down one for pregnancy."""
    english, chinese = POSITION_WORDS[tag]
    for exercise in lib.exercises.values():
        says = any(
            re.search(english, step.en, re.IGNORECASE) or chinese in (step.zh or "")
            for step in exercise.steps
        )
        if says:
            assert tag in exercise.safety_tags, f"{exercise.id} says {tag} in its steps"


def test_the_rules_leave_out_what_plan_md_says(lib: Library) -> None:
    rules = {rule.condition: rule for rule in lib.safety_rules}
    for condition, tags in SPEC_CONFLICTS.items():
        assert tags <= set(rules[condition].excludes_tags), condition


# --- The property: no plan holds what a listed condition or flag forbids -----------------------

conditions_strategy = st.lists(
    st.sampled_from([c for c in PROFILE_CONDITIONS if c != "unhealed_injury"]),
    max_size=3,
    unique=True,
)
screenings = st.one_of(
    st.none(),
    st.builds(
        lambda flags, arthritis, pregnant: screening(
            flags=flags,
            answers={"inflammatory_arthritis": arthritis, "pregnant": pregnant},
        ),
        st.lists(st.sampled_from(FLAGS), max_size=2, unique=True),
        st.booleans(),
        st.booleans(),
    ),
)
profiles = st.builds(
    Profile,
    regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4, unique=True),
    equipment=st.lists(st.sampled_from(EQUIPMENT), max_size=6, unique=True),
    minutes=st.integers(5, 90),
    days_per_week=st.integers(1, 7),
    level=st.sampled_from(LEVELS),
    conditions=conditions_strategy,
    seed=st.integers(0, 2**31),
    screening=screenings,
)


def listed(profile: Profile) -> list[str]:
    """The profile's conditions and what its screening adds (flags and condition answers)."""
    found = list(profile.conditions)
    result = profile.screening or {}
    found += [f["id"] for f in result.get("red_flags", [])]
    found += [key for key, value in (result.get("answers") or {}).items() if value is True]
    return list(dict.fromkeys(found))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(profile=profiles)
def test_no_plan_holds_an_exercise_a_condition_or_flag_forbids(
    profile: Profile, lib: Library
) -> None:
    plan = generate_plan(profile, lib)
    conditions = listed(profile)
    assert conflicts(plan, lib, conditions) == []
    excluded = {e.exercise: set(e.reasons) for e in plan.excluded}
    for exercise in lib.exercises.values():
        tags = set(exercise.safety_tags)
        for condition in conditions:
            if SPEC_CONFLICTS[condition] & tags:
                assert condition in excluded.get(exercise.id, set()), (exercise.id, condition)


# --- Clinician cases ---------------------------------------------------------------------------

EVERYTHING = {"equipment": list(EQUIPMENT), "regions": list(REGIONS), "minutes": 45}


def test_pregnant_at_30_weeks_gets_no_plank_ball_or_face_down_step(lib: Library) -> None:
    result = screening(answers={"pregnant": True, "age": 31})
    plan = generate_plan(Profile.model_validate({**EVERYTHING, "screening": result}), lib)
    assert plan.days
    used = plan.exercise_ids()
    for exercise_id in ("ball_rollout", "side_plank", "forearm_plank", "ball_pike"):
        assert exercise_id not in used
    for exercise_id in used:
        exercise = lib.exercise(exercise_id)
        for step in exercise.steps:
            assert not re.search(r"face down|on your back", step.en, re.IGNORECASE), exercise_id
        assert "ball" not in exercise.equipment, exercise_id
    excluded = {e.exercise: e.reasons for e in plan.excluded}
    for exercise_id in ("ball_rollout", "side_plank", "forearm_plank", "knee_plank"):
        assert "pregnant" in excluded[exercise_id], exercise_id


def test_osteoporosis_at_68_leaves_out_end_range_and_loaded_flexion(lib: Library) -> None:
    profile = Profile.model_validate({**EVERYTHING, "conditions": ["osteoporosis"], "seed": 68})
    plan = generate_plan(profile, lib)
    assert plan.days
    excluded = {e.exercise: e.reasons for e in plan.excluded}
    for exercise_id in ("childs_pose", "cat_cow", "knee_to_chest", "open_book", "ball_pike"):
        assert "osteoporosis" in excluded[exercise_id], exercise_id
    # balance work is welcome: bird dog and back extension stay available
    assert "bird_dog" not in excluded
    assert "back_extension" not in excluded
    assert conflicts(plan, lib, ["osteoporosis"]) == []


@pytest.mark.parametrize(
    ("profile_conditions", "flags"), [(["disc_herniation"], []), ([], ["radicular"])]
)
def test_disc_herniation_or_radicular_flag_names_what_to_do_if_leg_symptoms_spread(
    lib: Library, profile_conditions: list[str], flags: list[str]
) -> None:
    profile = Profile.model_validate(
        {**EVERYTHING, "conditions": profile_conditions, "screening": screening(flags=flags)}
    )
    plan = generate_plan(profile, lib)
    reason = (profile_conditions + flags)[0]
    excluded = {e.exercise: e.reasons for e in plan.excluded}
    assert reason in excluded["ball_pike"]  # pike-up: flexion under body weight
    assert "ball_pike" not in plan.exercise_ids()
    spread = [w for w in plan.warnings if "spreads further down a leg" in w]
    assert len(spread) == 1
    assert "stop" in spread[0]
    assert "flare-up" in spread[0]


def test_a_leg_symptom_warning_needs_the_condition(lib: Library) -> None:
    plan = generate_plan(Profile.model_validate(EVERYTHING), lib)
    assert not [w for w in plan.warnings if "leg" in w]
    assert "ball_pike" not in {e.exercise for e in plan.excluded}


def test_neck_radiculopathy_gets_no_end_range_or_loaded_neck_moves(lib: Library) -> None:
    result = screening(flags=["cervical_radicular"], answers={"arm_symptoms_below_elbow": True})
    profile = Profile.model_validate(
        {**EVERYTHING, "regions": ["neck", "shoulder"], "screening": result}
    )
    plan = generate_plan(profile, lib)
    assert plan.days
    excluded = {e.exercise: e.reasons for e in plan.excluded}
    for exercise_id in ("neck_rotation", "four_direction_nods", "upper_trap_stretch"):
        assert excluded[exercise_id] == ["cervical_radicular"]
    assert "neck_isometric" in excluded
    assert "chin_tuck" not in excluded  # the gentle retraction stays
    assert conflicts(plan, lib, ["cervical_radicular"]) == []
    assert any("down an arm" in w for w in plan.warnings)


def test_without_the_arm_flag_neck_rotations_stay(lib: Library) -> None:
    profile = Profile.model_validate({**EVERYTHING, "regions": ["neck"], "screening": screening()})
    plan = generate_plan(profile, lib)
    assert "neck_rotation" not in {e.exercise for e in plan.excluded}


def test_inflammatory_arthritis_answer_leaves_out_the_neck(lib: Library) -> None:
    result = screening(answers={"inflammatory_arthritis": True})
    profile = Profile.model_validate({**EVERYTHING, "screening": result})
    plan = generate_plan(profile, lib)
    assert conflicts(plan, lib, ["inflammatory_arthritis"]) == []
    for exercise_id in plan.exercise_ids():
        assert "neck" not in lib.exercise(exercise_id).regions


def test_ankylosing_spondylitis_keeps_extension_adds_breathing_and_warns(lib: Library) -> None:
    profile = Profile.model_validate(
        {
            **EVERYTHING,
            "regions": ["low_back", "mid_back"],
            "conditions": ["ankylosing_spondylitis"],
        }
    )
    plan = generate_plan(profile, lib)
    assert plan.days
    assert not [e for e in plan.excluded if "ankylosing_spondylitis" in e.reasons]
    for day in plan.days:
        assert "chest_expansion" in day.exercises(), day.day
    assert any("spinal_extension" in lib.exercise(ex).safety_tags for ex in plan.exercise_ids())
    warning = " ".join(plan.warnings)
    assert "fall" in warning
    assert "end of its range" in warning


# --- Levels: regressions first, advanced moves only when chosen or earned ----------------------

LADDERS = [
    ("knee_plank", "forearm_plank"),
    ("side_plank_knees", "side_plank"),
    ("prone_press_up", "back_extension"),
    ("glute_bridge", "ball_bridge"),
]


def week(level: str, history: Sequence[Any] = (), **extra: Any) -> Plan:
    profile = Profile.model_validate(
        {
            "equipment": list(EQUIPMENT),
            "regions": ["low_back"],
            "minutes": 45,
            "days_per_week": 7,
            "level": level,
            **extra,
        }
    )
    return generate_plan(profile, load_library(), history)


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_a_beginner_gets_the_knee_plank_not_the_forearm_plank(seed: int) -> None:
    used = week("beginner", seed=seed).exercise_ids()
    assert "knee_plank" in used
    for easier, harder in LADDERS:
        assert harder not in used, (easier, harder)
    assert not {"ball_pike", "ball_rollout", "ball_hamstring_curl"} & used


def test_difficulty_follows_the_ladders(lib: Library) -> None:
    """A regression is never harder than the exercise it eases."""
    for exercise in lib.exercises.values():
        if exercise.regression:
            easier = lib.exercise(exercise.regression)
            assert LEVELS.index(easier.difficulty) <= LEVELS.index(exercise.difficulty), exercise.id
    assert lib.exercise("forearm_plank").difficulty == "intermediate"
    assert lib.exercise("ball_pike").difficulty == "advanced"
    assert lib.exercise("knee_plank").difficulty == "beginner"


def test_advanced_moves_only_when_chosen() -> None:
    intermediate = week("intermediate").exercise_ids()
    advanced = week("advanced").exercise_ids()
    assert not {"ball_pike", "ball_rollout"} & intermediate
    assert {"forearm_plank", "side_plank"} & intermediate
    assert {"ball_pike", "ball_rollout", "ball_hamstring_curl"} & advanced


def test_a_beginner_earns_the_forearm_plank() -> None:
    from datetime import UTC, datetime, timedelta

    from backcare.domain.records import ExerciseFeedback, SessionRecord

    easy = [
        SessionRecord(
            user_id="u",
            day=1,
            started_at=datetime(2026, 3, 2, tzinfo=UTC) + timedelta(days=n),
            feedback=(ExerciseFeedback(exercise="knee_plank", effort="too_easy"),),
        )
        for n in (1, 2)
    ]
    plan = week("beginner", easy)
    assert "forearm_plank" in plan.exercise_ids()
    assert "knee_plank" not in plan.exercise_ids()
    assert any(c.exercise == "knee_plank" and c.after == "Forearm plank" for c in plan.changes)


def test_an_inflammatory_pattern_gets_chest_expansion_without_the_fused_spine_warning(
    lib: Library,
) -> None:
    pattern = screening(ibp={"calin": {"applicable": True, "count": 5, "of": 5, "met": True}})
    # seed 2 and 12 minutes: a plain plan's short cool-down holds no chest expansion
    base = {"regions": ["low_back", "mid_back"], "minutes": 12, "seed": 2}
    without = generate_plan(Profile.model_validate(base), lib)
    assert without.days
    assert not any("chest_expansion" in day.exercises() for day in without.days)
    plan = generate_plan(Profile.model_validate({**base, "screening": pattern}), lib)
    for day in plan.days:
        assert "chest_expansion" in day.exercises(), day.day
    assert not [w for w in plan.warnings if "fused spine" in w]


def test_the_catalogue_marks_the_planners_fixed_notes() -> None:
    from backcare.domain.plan_safety import EMPHASIS_NOTE, MID_BACK_NOTE
    from backcare.labels import PLAN_NOTES

    assert PLAN_NOTES == (EMPHASIS_NOTE, MID_BACK_NOTE)


@pytest.mark.parametrize("complete", [False, True, None])
def test_an_incomplete_screening_gives_no_plan(lib: Library, complete: bool | None) -> None:
    """screening.md: `complete` false means no plan, even if the result says allowed."""
    from backcare.domain.plans import PlanRefused

    result = screening()
    if complete is None:
        del result["complete"]  # saved before the key existed
    else:
        result["complete"] = complete
    profile = Profile.model_validate({**EVERYTHING, "screening": result})
    if complete is False:
        with pytest.raises(PlanRefused) as refused:
            generate_plan(profile, lib)
        assert "not complete" in refused.value.reasons[0]
    else:
        assert generate_plan(profile, lib).days

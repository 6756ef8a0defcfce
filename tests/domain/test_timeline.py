"""Session timelines (plan.md "Session timeline"): contiguous steps that match their plan."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.plans import (
    CircuitBlock,
    CooldownBlock,
    Plan,
    PlanDay,
    SetsBlock,
    WarmupBlock,
    generate_plan,
)
from backcare.domain.profile import Profile
from backcare.domain.timeline import (
    Timeline,
    build_timeline,
    day_seconds,
    day_timeline,
)
from backcare.domain.types import EQUIPMENT, LEVELS, REGIONS


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def check_timeline(line: Timeline, day: PlanDay) -> None:
    t = 0
    for step in line.steps:
        assert step.t == t, "contiguous"
        t += step.duration_s
    assert line.total_s == t == line.steps[-1].t + line.steps[-1].duration_s
    assert line.steps[-1].phase == "done"
    assert line.total_s / 60 == day.minutes
    for index, step in enumerate(line.steps[:-1]):
        if step.phase == "rest":
            following = line.steps[index + 1]
            assert following.phase == "work"
            assert following.exercise == step.exercise
    for number, block in enumerate(day.blocks):
        steps = [s for s in line.steps if s.block == number and s.phase != "done"]
        work = [s for s in steps if s.phase == "work"]
        if isinstance(block, SetsBlock):
            assert len(work) == block.sets
            sides = 2 if block.per_side else 1
            expected = math.ceil(block.reps * (block.pace_s + block.hold_s) * sides)
            assert {s.duration_s for s in work} == {expected}
            assert sum(s.phase == "set_rest" for s in steps) == (block.sets - 1) * (
                block.rest_s > 0
            )
        else:
            n, r = len(block.exercises), block.rounds
            assert [s.exercise for s in work] == block.exercises * r
            assert {s.duration_s for s in work} == {block.work_s}
            rests = [s for s in steps if s.phase == "rest"]
            assert len(rests) == (n - 1) * r * (block.rest_s > 0)
            round_rests = [s for s in steps if s.phase == "round_rest"]
            assert len(round_rests) == (r - 1) * (block.round_rest_s > 0)
        assert steps[0].phase == "prepare"
        assert steps[0].duration_s == block.prepare_s


@settings(max_examples=80, deadline=None)
@given(
    regions=st.lists(st.sampled_from(REGIONS), min_size=1, max_size=4, unique=True),
    equipment=st.lists(st.sampled_from(EQUIPMENT), max_size=6, unique=True),
    minutes=st.integers(5, 90),
    days=st.integers(1, 7),
    level=st.sampled_from(LEVELS),
    seed=st.integers(0, 1000),
)
def test_every_timeline_is_contiguous_and_matches_its_plan(
    regions: list[str],
    equipment: list[str],
    minutes: int,
    days: int,
    level: str,
    seed: int,
    lib: Library,
) -> None:
    profile = Profile.model_validate(
        {
            "regions": regions,
            "equipment": equipment,
            "minutes": minutes,
            "days_per_week": days,
            "level": level,
            "seed": seed,
        }
    )
    plan = generate_plan(profile, lib)
    for day in plan.days:
        line = build_timeline(plan, day.day, lib)
        check_timeline(line, day)
        assert line.total_s <= minutes * 60


blocks = st.one_of(
    st.builds(
        CircuitBlock,
        rounds=st.integers(3, 5),
        round_rest_s=st.integers(0, 120),
        exercises=st.lists(
            st.sampled_from(["a", "b", "c", "d", "e", "f", "g"]), min_size=5, max_size=7
        ),
    ),
    st.builds(
        SetsBlock,
        exercise=st.just("s"),
        sets=st.integers(1, 5),
        reps=st.integers(1, 20),
        hold_s=st.integers(0, 5),
        rest_s=st.integers(0, 60),
        pace_s=st.floats(0.5, 6),
        per_side=st.booleans(),
    ),
    st.builds(
        WarmupBlock,
        exercises=st.lists(st.just("w"), min_size=1, max_size=4),
        rounds=st.integers(1, 3),
        rest_s=st.integers(0, 10),
    ),
    st.builds(CooldownBlock, exercises=st.lists(st.just("c"), min_size=1, max_size=4)),
)


@settings(max_examples=150, deadline=None)
@given(day_blocks=st.lists(blocks, min_size=1, max_size=6))
def test_any_blocks_lay_out_end_to_end(day_blocks: list[CircuitBlock]) -> None:
    """The layout rules hold for any block the models accept, not only generated ones."""
    line = day_timeline(PlanDay(day=1, title="t", minutes=0, blocks=day_blocks))
    assert line.total_s == day_seconds(day_blocks), "the generator's sum agrees with the steps"
    check_timeline(line, PlanDay(day=1, title="t", minutes=line.total_s / 60, blocks=day_blocks))


def test_the_spec_example_circuit() -> None:
    """plan.md: a 5-exercise circuit of 3 rounds; prepare, then work and rests naming the next."""
    block = CircuitBlock(
        rounds=3,
        round_rest_s=60,
        exercises=["back_extension", "ball_pike", "dead_bug", "bird_dog", "glute_bridge"],
    )
    line = day_timeline(PlanDay(day=1, title="x", minutes=0, blocks=[block]))
    first = [(s.t, s.phase, s.duration_s, s.exercise, s.round) for s in line.steps[:3]]
    assert first == [
        (0, "prepare", 10, "back_extension", 1),
        (10, "work", 30, "back_extension", 1),
        (40, "rest", 10, "ball_pike", 1),
    ]
    # 10 prepare + 15 × 30 work + 12 × 10 rest + 2 × 60 between rounds
    assert line.total_s == 10 + 450 + 120 + 120


def test_a_sets_block_counts_reps_holds_and_sides() -> None:
    block = SetsBlock(
        exercise="butterfly", sets=3, reps=10, hold_s=2, rest_s=30, pace_s=3, per_side=True
    )
    line = day_timeline(PlanDay(day=2, title="x", minutes=0, blocks=[block]))
    assert [s.phase for s in line.steps] == [
        "prepare",
        "work",
        "set_rest",
        "work",
        "set_rest",
        "work",
        "done",
    ]
    assert line.steps[1].duration_s == 10 * (3 + 2) * 2
    assert [s.round for s in line.steps if s.phase == "work"] == [1, 2, 3]


def test_an_unknown_exercise_or_day_is_refused(lib: Library) -> None:
    plan = Plan(
        days=[PlanDay(day=1, title="x", minutes=1, blocks=[WarmupBlock(exercises=["nope"])])]
    )
    with pytest.raises(KeyError, match="nope"):
        build_timeline(plan, 1, lib)
    with pytest.raises(KeyError, match="no day 4"):
        build_timeline(plan, 4, lib)


def test_a_circuit_outside_the_article_is_not_a_valid_plan() -> None:
    with pytest.raises(ValueError, match="30 s"):
        CircuitBlock(rounds=3, work_s=45, exercises=list("abcde"))
    with pytest.raises(ValueError, match="less than or equal to 5"):
        CircuitBlock(rounds=6, exercises=list("abcde"))
    with pytest.raises(ValueError, match="at least 5 items"):
        CircuitBlock(rounds=3, exercises=list("abcd"))

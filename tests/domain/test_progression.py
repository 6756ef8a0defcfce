"""Feedback drives the next plan: pain up by 2 or "too hard" regresses or swaps, "too easy"
twice progresses, always within the article's ranges, and each change is explained."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.content import load_library
from backcare.domain.library import Library
from backcare.domain.plans import CircuitBlock, Plan, SetsBlock, generate_plan
from backcare.domain.profile import Profile
from backcare.domain.progression import fold_history, ladder, level_dose
from backcare.domain.records import Effort, ExerciseFeedback, SessionRecord
from backcare.domain.types import EQUIPMENT

START = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_library()


def session(
    n: int,
    *feedback: tuple[str, Effort | None, int | None],
    before: int | None = None,
    after: int | None = None,
) -> SessionRecord:
    return SessionRecord(
        user_id="u",
        day=1,
        started_at=START + timedelta(days=n),
        pain_before=before,
        pain_after=after,
        feedback=tuple(ExerciseFeedback(exercise=e, effort=f, pain=p) for e, f, p in feedback),
    )


def test_too_easy_twice_in_a_row_is_one_step_up() -> None:
    state = fold_history(
        [session(1, ("wall_angel", "too_easy", None)), session(2, ("wall_angel", "too_easy", None))]
    )
    assert state.trend("wall_angel").offset == 1
    assert state.trend("wall_angel").because == "it felt easy twice"


def test_a_right_in_between_resets_the_run() -> None:
    state = fold_history(
        [
            session(1, ("wall_angel", "too_easy", None)),
            session(2, ("wall_angel", "right", None)),
            session(3, ("wall_angel", "too_easy", None)),
        ]
    )
    assert state.trend("wall_angel").offset == 0


def test_sessions_are_read_in_the_order_they_happened() -> None:
    later, earlier = (
        session(5, ("dead_bug", "too_hard", None)),
        session(1, ("dead_bug", "too_easy", None)),
    )
    assert fold_history([later, earlier]).trend("dead_bug").offset == -1


def test_too_hard_or_pain_up_by_two_is_one_step_down() -> None:
    hard = fold_history([session(1, ("bird_dog", "too_hard", None))]).trend("bird_dog")
    assert (hard.offset, hard.because) == (-1, "it felt too hard")
    sore = fold_history([session(1, ("bird_dog", "right", 5), before=3)]).trend("bird_dog")
    assert (sore.offset, sore.because) == (-1, "pain went up from 3 to 5")
    mild = fold_history([session(1, ("bird_dog", "right", 4), before=3)]).trend("bird_dog")
    assert mild.offset == 0


def test_a_session_that_raised_pain_regresses_its_exercises_and_flags_a_flare() -> None:
    state = fold_history([session(1, ("bird_dog", "right", None), before=2, after=5)])
    assert state.trend("bird_dog").offset == -1
    assert state.flare is not None
    assert "2 to 5" in state.flare.say()


def test_the_ladder_stays_in_the_article_range(lib: Library) -> None:
    dosing = lib.exercise("wall_angel").dosing.sets
    assert dosing is not None
    rungs = ladder(dosing)
    assert rungs[0] == (2, 6)
    assert rungs[-1] == (4, 10)
    assert (3, 8) in rungs
    assert (3, 10) in rungs
    assert all(2 <= s <= 4 and 6 <= r <= 10 for s, r in rungs)
    assert level_dose(lib.exercise("wall_angel"), "intermediate", gentle=False) == (3, 8)
    assert level_dose(lib.exercise("wall_angel"), "advanced", gentle=True) == (2, 6)


def neck_profile(level: str) -> Profile:
    return Profile.model_validate(
        {
            "regions": ["shoulder", "mid_back"],
            "equipment": list(EQUIPMENT),
            "level": level,
            "days_per_week": 7,
            "minutes": 30,
        }
    )


def sets_of(plan: Plan, exercise: str) -> set[tuple[int, int]]:
    return {
        (b.sets, b.reps)
        for d in plan.days
        for b in d.blocks
        if isinstance(b, SetsBlock) and b.exercise == exercise
    }


def test_easy_twice_progresses_the_dose_and_says_why(lib: Library) -> None:
    easy = [
        session(1, ("wall_angel", "too_easy", None)),
        session(2, ("wall_angel", "too_easy", None)),
    ]
    plan = generate_plan(neck_profile("intermediate"), lib, easy)
    assert sets_of(plan, "wall_angel") == {(3, 10)}
    texts = [c.text for c in plan.changes]
    assert "wall angel: 3 × 8 → 3 × 10 because it felt easy twice" in texts


def test_too_hard_at_the_easiest_dose_swaps_for_the_regression(lib: Library) -> None:
    hard = [session(1, ("wall_angel", "too_hard", None))]
    plan = generate_plan(neck_profile("beginner"), lib, hard)
    used = plan.exercise_ids()
    assert "wall_angel" not in used
    assert "floor_angel" in used
    change = next(c for c in plan.changes if c.exercise == "wall_angel")
    assert change.direction == "swap"
    assert change.text == "wall angel → floor angel because it felt too hard"


def test_too_hard_above_the_bottom_steps_the_dose_down(lib: Library) -> None:
    hard = [session(1, ("wall_angel", "too_hard", None))]
    plan = generate_plan(neck_profile("intermediate"), lib, hard)
    assert sets_of(plan, "wall_angel") == {(3, 6)}
    change = next(c for c in plan.changes if c.exercise == "wall_angel")
    assert (change.direction, change.before, change.after) == ("regress", "3 × 8", "3 × 6")


def test_a_circuit_exercise_that_was_too_hard_leaves_the_circuit(lib: Library) -> None:
    profile = Profile(equipment=list(EQUIPMENT), days_per_week=7)
    before = generate_plan(profile, lib)
    circuit_ids = {
        e for d in before.days for b in d.blocks if isinstance(b, CircuitBlock) for e in b.exercises
    }
    target = sorted(circuit_ids)[0]
    after = generate_plan(profile, lib, [session(1, (target, "too_hard", None))])
    after_ids = {
        e for d in after.days for b in d.blocks if isinstance(b, CircuitBlock) for e in b.exercises
    }
    assert target not in after_ids
    change = next(c for c in after.changes if c.exercise == target)
    assert change.direction == "swap"
    assert "too hard" in change.text


def test_a_flare_makes_the_next_plan_gentle(lib: Library) -> None:
    plan = generate_plan(Profile(), lib, [session(1, before=2, after=6)])
    assert plan.gentle
    assert any("from 2 to 6" in w for w in plan.warnings)


@settings(max_examples=60, deadline=None)
@given(
    history=st.lists(
        st.tuples(
            st.sampled_from(["wall_angel", "butterfly", "lucky_cat", "open_book", "bird_dog"]),
            st.sampled_from(["too_easy", "right", "too_hard", None]),
            st.one_of(st.none(), st.integers(0, 10)),
        ),
        max_size=25,
    ),
    level=st.sampled_from(["beginner", "intermediate", "advanced"]),
)
def test_any_feedback_keeps_doses_in_the_article_ranges(
    history: list[tuple[str, Effort | None, int | None]], level: str, lib: Library
) -> None:
    records = [session(n, item, before=3) for n, item in enumerate(history)]
    plan = generate_plan(neck_profile(level), lib, records)
    for day in plan.days:
        assert day.minutes <= 30
        for block in day.blocks:
            if isinstance(block, SetsBlock):
                dosing = lib.exercise(block.exercise).dosing.sets
                assert dosing is not None
                assert block.sets in dosing.sets
                assert block.reps in dosing.reps
    for change in plan.changes:
        assert change.because
        assert change.text


def test_a_circuit_exercise_easy_twice_is_swapped_for_its_progression(lib: Library) -> None:
    profile = Profile(equipment=list(EQUIPMENT), days_per_week=7, minutes=40)
    before = generate_plan(profile, lib)
    in_circuits = [
        e for d in before.days for b in d.blocks if isinstance(b, CircuitBlock) for e in b.exercises
    ]
    candidates = [
        ex
        for ex in (lib.exercise(e) for e in dict.fromkeys(in_circuits))
        if ex.progression and lib.exercise(ex.progression).dosing.circuit is not None
    ]
    assert candidates, "the library has circuit exercises with a harder version"
    easier = candidates[0]
    easy = [
        session(1, (easier.id, "too_easy", None)),
        session(2, (easier.id, "too_easy", None)),
    ]
    after = generate_plan(profile, lib, easy)
    used = after.exercise_ids()
    assert easier.id not in used
    assert easier.progression in used
    change = next(c for c in after.changes if c.exercise == easier.id)
    harder = lib.exercise(easier.progression or "")
    assert change.text == (
        f"{easier.name.en.lower()} → {harder.name.en.lower()} because it felt easy twice"
    )

"""A graded walking programme comes with every plan (issue 13), as the added plan key
`walking` (plan.md: the project adds keys, never renames): walks a week and minutes a walk,
week by week up to the target, from content/walking.yaml and its sources."""

from __future__ import annotations

import itertools

from backcare.content import load_library
from backcare.domain.plans import generate_plan
from backcare.domain.profile import Profile
from backcare.services.plans import parse_plan, plan_json

PROFILE = {"regions": ["low_back"], "minutes": 20, "days_per_week": 3}


def test_a_plan_carries_a_graded_walking_programme() -> None:
    library = load_library()
    plan = generate_plan(Profile.model_validate(PROFILE), library)
    rules = library.walking
    assert rules is not None
    assert plan.walking is not None
    minutes = [week.minutes for week in plan.walking.weeks]
    assert minutes[0] == rules.start_minutes
    assert minutes[-1] == rules.target_minutes
    assert all(b - a == rules.step_minutes for a, b in itertools.pairwise(minutes))
    assert {week.walks for week in plan.walking.weeks} == {rules.walks_per_week}
    assert [week.week for week in plan.walking.weeks] == list(range(1, len(minutes) + 1))
    assert {"pocovi_2024", "bull_2020"} <= set(plan.walking.sources)


def test_the_target_is_the_who_weekly_minimum() -> None:
    """150 minutes of moderate activity a week (bull_2020): 5 walks of 30 minutes."""
    rules = load_library().walking
    assert rules is not None
    assert rules.walks_per_week * rules.target_minutes == 150


def test_a_gentle_plan_starts_walking_shorter() -> None:
    library = load_library()
    screening = {"exercise": {"allowed": True, "reasons": []}, "pain_now": 8}
    gentle = generate_plan(Profile.model_validate({**PROFILE, "screening": screening}), library)
    usual = generate_plan(Profile.model_validate(PROFILE), library)
    assert gentle.gentle
    assert gentle.walking is not None
    assert usual.walking is not None
    assert gentle.walking.weeks[0].minutes < usual.walking.weeks[0].minutes
    assert gentle.walking.weeks[-1].minutes == usual.walking.weeks[-1].minutes


def test_the_walking_key_survives_the_plan_json() -> None:
    library = load_library()
    data = plan_json(generate_plan(Profile.model_validate(PROFILE), library))
    assert data["walking"]["weeks"][0]["minutes"] > 0
    assert (
        parse_plan(data).walking == generate_plan(Profile.model_validate(PROFILE), library).walking
    )
    old = {key: value for key, value in data.items() if key != "walking"}
    assert parse_plan(old).walking is None  # plans saved before the key still read

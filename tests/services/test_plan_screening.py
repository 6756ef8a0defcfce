"""services.plans.make_plan: a profile without a screening is checked against the user's
latest saved screening (api.md, POST /api/v1/plans), the same for the CLI and the API."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from backcare.content import load_library
from backcare.domain.plans import PlanRefused, generate_plan
from backcare.domain.profile import Profile
from backcare.services.plans import latest_screening, make_plan, with_latest_screening
from backcare.services.screening import parse_answers, run_screening, save_screening
from backcare.store import open_repository
from backcare.store.repository import SqlRepository
from tests.answers import complete

# Complete screenings (amended spec: an incomplete one refuses any plan).
EMERGENCY = complete(saddle_numbness=True)
ORDINARY = complete(regions=["low_back"], pain_now=3, duration_weeks=6)
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[SqlRepository]:
    store = open_repository(f"sqlite:///{tmp_path / 'backcare.db'}")
    yield store
    store.close()


def _screen(repo: SqlRepository, user_id: str, answers: dict[str, object], at: datetime) -> None:
    parsed = parse_answers(answers)
    save_screening(repo, user_id, parsed, run_screening(parsed, load_library()), at)


def test_without_a_saved_screening_the_profile_alone_decides(repo: SqlRepository) -> None:
    user = repo.local_user()
    profile = Profile(seed=3)
    used, plan = make_plan(repo, user.id, profile, load_library())
    assert used == profile
    assert plan == generate_plan(profile, load_library())


def test_the_latest_saved_screening_refuses_a_plan(repo: SqlRepository) -> None:
    user = repo.local_user()
    _screen(repo, user.id, ORDINARY, START)
    _screen(repo, user.id, EMERGENCY, START + timedelta(days=1))
    with pytest.raises(PlanRefused):
        make_plan(repo, user.id, Profile(), load_library())


def test_an_older_refusal_gives_way_to_a_newer_screening(repo: SqlRepository) -> None:
    user = repo.local_user()
    _screen(repo, user.id, EMERGENCY, START)
    _screen(repo, user.id, ORDINARY, START + timedelta(days=1))
    latest = latest_screening(repo, user.id)
    assert latest is not None
    assert latest.answers["pain_now"] == 3
    used, plan = make_plan(repo, user.id, Profile(), load_library())
    assert used.screening == latest.result
    assert plan.days


def test_a_screening_in_the_profile_wins_over_the_saved_one(repo: SqlRepository) -> None:
    user = repo.local_user()
    _screen(repo, user.id, EMERGENCY, START)
    own = run_screening(parse_answers(ORDINARY), load_library()).model_dump(mode="json")
    profile = Profile(screening=own)
    assert with_latest_screening(repo, user.id, profile) is profile
    used, plan = make_plan(repo, user.id, profile, load_library())
    assert used.screening == own
    assert plan.days


def test_another_users_screening_does_not_apply(repo: SqlRepository) -> None:
    user = repo.local_user()
    other = repo.create_user("other@example.org", "")
    _screen(repo, other.id, EMERGENCY, START)
    assert latest_screening(repo, user.id) is None
    used, _ = make_plan(repo, user.id, Profile(), load_library())
    assert used.screening is None

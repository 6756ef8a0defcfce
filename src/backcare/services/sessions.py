"""Guided-session use-cases: keep what a session did and how it felt, so the next plan adapts.

The player's log says how far the session went (a stopped session is kept as far as it went);
the feedback (pain before and after, too easy / right / too hard per exercise) is what
`backcare plan --progress` reads back through `progression.fold_history`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from backcare.domain.plans import Plan, SetsBlock, block_exercises
from backcare.domain.records import Effort, ExerciseFeedback, PlanRecord, SessionRecord
from backcare.errors import BadInput
from backcare.services.plans import plan_json

if TYPE_CHECKING:
    from backcare.domain.player import PlayerLog
    from backcare.domain.ports import Repository

# What a person may type or a form may send for "how did it feel"; an empty answer is not
# here on purpose (unanswered is not "right": it would break a run of "too easy").
EFFORTS: dict[str, Effort] = {
    "1": "too_easy",
    "e": "too_easy",
    "easy": "too_easy",
    "too_easy": "too_easy",
    "2": "right",
    "r": "right",
    "right": "right",
    "3": "too_hard",
    "h": "too_hard",
    "hard": "too_hard",
    "too_hard": "too_hard",
}


def parse_pain(text: str | int | None, key: str = "pain") -> int | None:
    """A 0-10 rating; empty means not answered."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None
    try:
        value = int(str(text).strip())
    except ValueError:
        raise BadInput(key, f"must be a whole number from 0 to 10, got {text!r}") from None
    if not 0 <= value <= 10:
        raise BadInput(key, f"must be from 0 to 10, got {value}")
    return value


def parse_effort(text: str, key: str = "effort") -> Effort:
    try:
        return EFFORTS[text.strip().lower().replace(" ", "_")]
    except KeyError:
        raise BadInput(key, f"must be too_easy, right or too_hard, got {text!r}") from None


def exercises_to_rate(plan: Plan, day: int, done: Sequence[str]) -> list[str]:
    """The day's main exercises (not warm-up or cool-down) that were done, in plan order:
    the ones whose dose feedback can change."""
    main: list[str] = []
    for block in plan.day(day).blocks:
        if block.kind in ("circuit", "sets") or isinstance(block, SetsBlock):
            main += [ex for ex in block_exercises(block) if ex not in main]
    return [ex for ex in main if ex in done]


def plan_id_for(repo: Repository, user_id: str, plan: Plan) -> str:
    """The id of the saved plan this one is (by id, else the newest with the same content);
    a plan made elsewhere is kept now, so the session can refer to it."""
    if plan.id and repo.get_plan(user_id, plan.id) is not None:
        return plan.id
    content = {**plan_json(plan), "id": None}
    for record in sorted(repo.list_plans(user_id), key=lambda r: r.created_at, reverse=True):
        if {**record.plan, "id": None} == content:
            return record.id
    record = repo.add_plan(
        PlanRecord(user_id=user_id, created_at=datetime.now(UTC), profile={}, plan=plan_json(plan))
    )
    return record.id


def session_record(
    user_id: str,
    plan_id: str | None,
    log: PlayerLog,
    pain_before: int | None = None,
    pain_after: int | None = None,
    feedback: Sequence[ExerciseFeedback] = (),
) -> SessionRecord:
    started = log.started_at or datetime.now(UTC)
    return SessionRecord(
        user_id=user_id,
        plan_id=plan_id,
        day=log.day,
        started_at=started,
        ended_at=log.ended_at or started,
        completed_steps=log.completed_steps,
        total_steps=log.total_steps,
        pain_before=pain_before,
        pain_after=pain_after,
        feedback=tuple(feedback),
        completed=log.completed,
    )


def record_session(
    repo: Repository,
    user_id: str,
    plan: Plan,
    log: PlayerLog,
    pain_before: int | None = None,
    pain_after: int | None = None,
    feedback: Sequence[ExerciseFeedback] = (),
) -> SessionRecord:
    """Saves the session (however far it went) with its feedback."""
    plan_id = plan_id_for(repo, user_id, plan)
    return repo.add_session(
        session_record(user_id, plan_id, log, pain_before, pain_after, feedback)
    )

"""The weekly exercise plan (plan.md "Plan"), its public face: the models (from
`plan_model`, where the generator's own modules import them, so nothing here imports in a
circle) and `generate_plan`, which runs the generator in `planner`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from backcare.domain.plan_model import (
    CIRCUIT_EXERCISES,
    CIRCUIT_REST_S,
    CIRCUIT_ROUNDS,
    CIRCUIT_WORK_S,
    OPENER_ROUND_REST_S,
    PLAN_SCHEMA_VERSION,
    PREPARE_S,
    Block,
    CircuitBlock,
    CooldownBlock,
    Exclusion,
    Plan,
    PlanChange,
    PlanDay,
    PlanRefused,
    SetsBlock,
    WarmupBlock,
    block_exercises,
)

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.profile import Profile
    from backcare.domain.records import SessionRecord

__all__ = [
    "CIRCUIT_EXERCISES",
    "CIRCUIT_REST_S",
    "CIRCUIT_ROUNDS",
    "CIRCUIT_WORK_S",
    "OPENER_ROUND_REST_S",
    "PLAN_SCHEMA_VERSION",
    "PREPARE_S",
    "Block",
    "CircuitBlock",
    "CooldownBlock",
    "Exclusion",
    "Plan",
    "PlanChange",
    "PlanDay",
    "PlanRefused",
    "SetsBlock",
    "WarmupBlock",
    "block_exercises",
    "generate_plan",
]


def generate_plan(
    profile: Profile, library: Library, history: Sequence[SessionRecord] = ()
) -> Plan:
    """A week of sessions for `profile`, adapted to the feedback in `history`.

    Raises PlanRefused when the screening says exercise is not allowed now. The generator is
    imported here, when a plan is made, so reading a plan file does not load it.
    """
    from backcare.domain.planner import build_plan

    return build_plan(profile, library, history)

"""Plan use-cases shared by the CLI and the web app: read a profile or a plan file, make a
plan, keep it, and make the next one from the sessions done since.

Input a person can fix raises `BadInput` naming the key ("minutes: must be at most 90"), so the
CLI (exit 2) and the API (422) say the same thing.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from backcare.domain.plans import PLAN_SCHEMA_VERSION, Plan, generate_plan
from backcare.domain.profile import Profile
from backcare.domain.records import PlanRecord, ScreeningRecord, SessionRecord
from backcare.errors import BOUND_WORDS, BadInput

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.ports import Repository

PROFILE_KEYS = tuple(Profile.model_fields)


def _where(loc: Sequence[int | str]) -> str:
    """A pydantic location as a key path: regions[1], screening.exercise."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "profile"


def _message(error: Any, known: Sequence[str]) -> tuple[str, str]:
    loc = [p for p in error.get("loc", ()) if not str(p).startswith("function-")]
    key = _where(loc)
    kind = error.get("type", "")
    given = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        close = difflib.get_close_matches(str(loc[-1]) if loc else key, known, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return key, f"unknown key{hint}"
    if kind == "literal_error":
        return key, f"must be one of {ctx.get('expected', '')}, got {given!r}"
    if kind in BOUND_WORDS:
        return key, f"must be {BOUND_WORDS[kind]} {next(iter(ctx.values()), '')}, got {given!r}"
    if kind == "list_type":
        return key, f"must be a list, got {given!r}"
    if kind in ("dict_type", "model_type"):
        return key, f"must be a JSON object, got {given!r}"
    if kind == "too_short":
        return key, f"must list at least {ctx.get('min_length', 1)}, got {given!r}"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    return key, f"{message[:1].lower()}{message[1:]}, got {given!r}"


def parse_profile(data: object) -> Profile:
    """Decoded JSON as a Profile, or BadInput naming the first wrong key.

    `schema_version` (plan files carry one) is accepted and dropped.
    """
    if not isinstance(data, dict):
        raise BadInput("profile", f"must be a JSON object, got {type(data).__name__}")
    values = {k: v for k, v in data.items() if k != "schema_version"}
    try:
        return Profile.model_validate(values)
    except ValidationError as exc:
        key, message = _message(exc.errors()[0], PROFILE_KEYS)
        raise BadInput(key, message) from None


def parse_plan(data: object) -> Plan:
    """A plan read back from a file (as `backcare plan --save` or the API writes it)."""
    if not isinstance(data, dict):
        raise BadInput("plan", f"must be a JSON object, got {type(data).__name__}")
    version = data.get("schema_version", PLAN_SCHEMA_VERSION)
    if version != PLAN_SCHEMA_VERSION:
        raise BadInput("schema_version", f"must be {PLAN_SCHEMA_VERSION}, got {version!r}")
    # Keys added beside the contract's (the API adds `created_at`) are not the plan's own.
    known = {k: v for k, v in data.items() if k in Plan.model_fields}
    try:
        return Plan.model_validate(known)
    except ValidationError as exc:
        key, message = _message(exc.errors()[0], tuple(Plan.model_fields))
        raise BadInput(key, message) from None


def split_plan_file(data: object) -> tuple[Plan, dict[str, Any] | None]:
    """A plan file's plan and, when it carries one, its profile (for the handout's goals).

    Plan files may carry keys the plan model does not know (`profile`, notes from other
    tools); the plan keeps its own keys and the profile is read, nothing else.
    Raises BadInput naming the first wrong key.
    """
    if not isinstance(data, dict):
        raise BadInput("plan", f"must be a JSON object, got {type(data).__name__}")
    plan = parse_plan({k: v for k, v in data.items() if k in Plan.model_fields})
    profile = data.get("profile")
    return plan, profile if isinstance(profile, dict) else None


def read_json_file(path: Path, option: str) -> object:
    """Decoded JSON from `path`; a missing or malformed file is BadInput naming `option`."""
    from backcare import limits

    # Read bounded and parsed without recursion errors: /dev/zero or [[[[...]]]] end cleanly.
    text = limits.read_text_file(path, option)
    return limits.parse_json(text, option, str(path))


def plan_json(plan: Plan) -> dict[str, Any]:
    """The plan.md JSON (with `schema_version`), as files and the API carry it."""
    return plan.model_dump(mode="json")


def latest_screening(repo: Repository, user_id: str) -> ScreeningRecord | None:
    """The user's newest saved screening (the repository lists them oldest first)."""
    screenings = repo.list_screenings(user_id)
    return screenings[-1] if screenings else None


def with_latest_screening(repo: Repository, user_id: str, profile: Profile) -> Profile:
    """The profile, carrying the latest saved screening when it has none of its own.

    api.md: a plan is refused "when the latest screening (or the one in the profile) does not
    allow exercise", so a screening saved earlier still guards a plan made without one.
    """
    if profile.screening is not None:
        return profile
    latest = latest_screening(repo, user_id)
    if latest is None:
        return profile
    return profile.model_copy(update={"screening": latest.result})


def make_plan(
    repo: Repository,
    user_id: str,
    profile: Profile,
    library: Library,
    history: Sequence[SessionRecord] | None = None,
) -> tuple[Profile, Plan]:
    """The plan for this user: the profile with the latest saved screening applied, adapted
    to `history` (default: every session the user saved), as the CLI and the API both make it.

    Returns the profile actually used (keep it with the plan). Raises PlanRefused when the
    screening does not allow exercise.
    """
    used = with_latest_screening(repo, user_id, profile)
    sessions = repo.list_sessions(user_id) if history is None else history
    return used, generate_plan(used, library, sessions)


def save_plan(repo: Repository, user_id: str, profile: Profile, plan: Plan) -> Plan:
    """Keeps the plan (and the profile it came from) so sessions and `--progress` find it."""
    record = repo.add_plan(
        PlanRecord(
            user_id=user_id,
            created_at=datetime.now(UTC),
            profile=profile.model_dump(mode="json"),
            plan=plan_json(plan),
        )
    )
    saved = plan.model_copy(update={"id": record.id})
    return saved


def latest_plan(repo: Repository, user_id: str) -> PlanRecord | None:
    """The newest plan saved with its profile (plans kept only for a session have none)."""
    plans = [p for p in repo.list_plans(user_id) if p.profile]
    return max(plans, key=lambda p: p.created_at) if plans else None


def progress_plan(
    repo: Repository, user_id: str, library: Library, profile: Profile | None = None
) -> tuple[Profile, Plan]:
    """The next plan: the latest saved plan's profile (unless one is given), adapted to every
    session saved so far."""
    if profile is None:
        latest = latest_plan(repo, user_id)
        if latest is None:
            raise BadInput(
                "--progress", "no saved plan yet: make one with `backcare plan --profile FILE`"
            )
        profile = parse_profile(latest.profile)
    return make_plan(repo, user_id, profile, library)

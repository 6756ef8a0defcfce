"""The kit: everything the running reminder needs, resolved once by the `backcare` command
(which may import the library, the store and pydantic) and handed over as plain JSON, so the
long-running process imports none of them (see bench/bench_reminders.py).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from backcare.domain.reminders import BreakRules, desk_break_exercises, posture_tips

if TYPE_CHECKING:
    from backcare.domain.library import Library

KIT_SCHEMA_VERSION = 1
STEPS_SHOWN = 4  # a notification has room for a few short steps


@dataclass(frozen=True)
class Kit:
    rules: BreakRules
    exercises: tuple[dict[str, Any], ...] = ()  # {id, name, steps}
    tips: tuple[dict[str, str], ...] = ()  # {id, title, text}
    folder: Path = Path(".")  # where the event spool and the state file live
    dry_run: bool = False
    python: str = field(default_factory=lambda: sys.executable)
    regions: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "schema_version": KIT_SCHEMA_VERSION,
            "rules": self.rules.as_dict(),
            "exercises": list(self.exercises),
            "tips": list(self.tips),
            "folder": str(self.folder),
            "dry_run": self.dry_run,
            "python": self.python,
            "regions": list(self.regions),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Kit:
        if data.get("schema_version") != KIT_SCHEMA_VERSION:
            raise ValueError(f"kit schema_version {data.get('schema_version')!r} is unknown")
        return cls(
            rules=BreakRules().updated(data["rules"]),
            exercises=tuple(data.get("exercises", ())),
            tips=tuple(data.get("tips", ())),
            folder=Path(data["folder"]),
            dry_run=bool(data.get("dry_run", False)),
            python=str(data.get("python") or sys.executable),
            regions=tuple(data.get("regions", ())),
        )

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(json.dumps(self.as_dict(), ensure_ascii=False, indent=1), "utf-8")
        os.replace(temporary, path)

    @classmethod
    def load(cls, path: Path) -> Kit:
        return cls.from_dict(json.loads(path.read_text("utf-8")))


def build_kit(
    library: Library,
    rules: BreakRules,
    regions: Sequence[str],
    folder: Path,
    *,
    lang: str = "en",
    dry_run: bool = False,
) -> Kit:
    """Desk-break exercises for the person's regions and posture tips, in their language."""
    exercises = desk_break_exercises(list(library.exercises.values()), regions)
    tips = posture_tips(list(library.advice.values()))
    return Kit(
        rules=rules,
        exercises=tuple(
            {
                "id": ex.id,
                "name": ex.name.get(lang),
                "steps": [step.get(lang) for step in ex.steps[:STEPS_SHOWN]],
            }
            for ex in exercises
        ),
        tips=tuple(
            {"id": tip.id, "title": tip.title.get(lang), "text": tip.text.get(lang)} for tip in tips
        ),
        folder=folder,
        dry_run=dry_run,
        regions=tuple(regions),
    )


def regions_from_latest_plan() -> tuple[str, ...]:
    """The regions of the person's newest saved plan; () when there is none or no store."""
    try:
        from backcare.store import open_repository

        repo = open_repository()
    except Exception:
        return ()
    try:
        user = repo.local_user()
        plans = repo.list_plans(user.id)
        if not plans:
            return ()
        newest = max(plans, key=lambda p: p.created_at)
        regions = newest.profile.get("regions") or ()
        return tuple(str(r) for r in regions)
    except Exception:
        return ()
    finally:
        close = getattr(repo, "close", None)
        if callable(close):
            close()

"""Reads `content/` into a validated, cross-checked `Library`.

Every problem is reported with its file and key, so a clinician editing YAML sees exactly
what to fix. Loading fails loudly (ContentError) rather than serving half a library.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from backcare.domain.conditions import Cond
from backcare.domain.library import (
    Advice,
    Cause,
    CriteriaSet,
    Exercise,
    ExerciseRule,
    Instrument,
    Library,
    RedFlag,
    ReminderDefaults,
    SafetyRule,
    Source,
)
from backcare.domain.questions import Question

if TYPE_CHECKING:  # imported where YAML is read: a library from the cache needs none of them
    from backcare.domain.glossary import Glossary
    from backcare.domain.poses import PoseSet

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    file: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}: {self.key}" if self.key else self.file
        return f"{where}: {self.message}"


class ContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        lines = "\n".join(str(p) for p in problems[:20])
        more = f"\n... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(f"content library has {len(problems)} problem(s):\n{lines}{more}")


def content_dir() -> Path:
    """Where the library lives: BACKCARE_CONTENT_DIR, the installed copy, or the checkout."""
    from backcare.config import get_settings

    configured = get_settings().content_dir
    if configured is not None:
        return configured
    packaged = Path(__file__).resolve().parent.parent / "_content"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "content"


class _Reader:
    """Collects problems while reading, so one run reports all of them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []

    def rel(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent))
        except ValueError:
            return str(path)

    def problem(self, path: Path | str, key: str, message: str) -> None:
        name = self.rel(path) if isinstance(path, Path) else path
        self.problems.append(Problem(name, key, message))

    def yaml(self, path: Path) -> Any:
        # Imported here: a library read back from the cache (cache.py) needs no YAML.
        import yaml

        # The C loader is several times faster; fall back where libyaml is missing.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        try:
            with path.open(encoding="utf-8") as handle:
                return yaml.load(handle, Loader=loader)
        except FileNotFoundError:
            self.problem(path, "", "file is missing")
        except yaml.YAMLError as exc:
            self.problem(path, "", f"not valid YAML: {exc}".replace("\n", " "))
        return None

    def model(self, model: type[M], data: Any, path: Path, prefix: str = "") -> M | None:
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(p) for p in err["loc"])
                key = f"{prefix}.{loc}" if prefix and loc else prefix or loc
                self.problem(path, key, err["msg"])
            return None

    def listing(self, model: type[M], path: Path, optional: bool = False) -> list[M]:
        if optional and not path.exists():
            return []
        data = self.yaml(path)
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(path, "", "expected a list of entries")
            return []
        items: list[M] = []
        for index, entry in enumerate(data):
            label = entry.get("id", index) if isinstance(entry, dict) else index
            if isinstance(entry, dict) and "condition" in entry and "id" not in entry:
                label = entry["condition"]
            item = self.model(model, entry, path, prefix=str(label))
            if item is not None:
                items.append(item)
        return items

    def folder(self, model: type[M], folder: Path, match_stem: bool = True) -> list[M]:
        items: list[M] = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            data = self.yaml(path)
            if data is None:
                continue
            item = self.model(model, data, path)
            if item is None:
                continue
            if match_stem and getattr(item, "id", path.stem) != path.stem:
                self.problem(path, "id", f"id {getattr(item, 'id', '')!r} must match file name")
            items.append(item)
        return items

    def unique(self, items: Iterable[Any], where: str, attr: str = "id") -> dict[str, Any]:
        found: dict[str, Any] = {}
        for item in items:
            key = getattr(item, attr)
            if key in found:
                self.problem(where, key, f"duplicate {attr} {key!r}")
            found[key] = item
        return found


def _cross_check(reader: _Reader, library: Library) -> None:
    """References must resolve: sources, exercise links, flag references, instruments."""
    known = set(library.sources)

    def sources(where: str, key: str, ids: Iterable[str | None]) -> None:
        for source_id in ids:
            if source_id is not None and source_id not in known:
                reader.problem(where, key, f"unknown source id {source_id!r}")

    for ex in library.exercises.values():
        where = f"content/exercises/{ex.id}.yaml"
        sources(where, "sources", ex.sources)
        sources(where, "dosing", ex.dosing.sources())
        for kind in ("regression", "progression"):
            target = getattr(ex, kind)
            if target is not None and target not in library.exercises:
                reader.problem(where, kind, f"unknown exercise id {target!r}")
    for cause in library.causes.values():
        sources("content/causes.yaml", cause.id, cause.sources)
    for advice in library.advice.values():
        sources("content/advice.yaml", advice.id, advice.sources)
    for rule in library.safety_rules:
        sources("content/safety_rules.yaml", rule.condition, rule.sources)
        for included in rule.plan_includes:
            if included not in library.exercises:
                reader.problem(
                    "content/safety_rules.yaml", rule.condition, f"unknown exercise {included!r}"
                )
    seen_flags: set[str] = set()
    for flag in library.red_flags:
        sources("content/red_flags.yaml", flag.id, flag.sources)
        for ref in flag.when.flags():
            if ref not in seen_flags:
                reader.problem(
                    "content/red_flags.yaml", flag.id, f"refers to {ref!r} before it is defined"
                )
        seen_flags.add(flag.id)
    for criteria in library.criteria.values():
        sources(f"content/criteria/{criteria.id}.yaml", "sources", criteria.sources)
    for inst in library.instruments.values():
        where = f"content/instruments/{inst.id}.yaml"
        sources(where, "sources", inst.sources)
        sources(where, "mic_source", [inst.mic_source])
    for exercise_rule in library.exercise_rules:
        sources("content/exercise_rules.yaml", exercise_rule.id, exercise_rule.sources)
    if library.reminders is not None:
        sources("content/reminders.yaml", "sources", library.reminders.sources)
    if library.walking is not None:
        sources("content/walking.yaml", "sources", library.walking.sources)
    _check_screening_keys(reader, library)


def _check_screening_keys(reader: _Reader, library: Library) -> None:
    """A rule must read real answer keys and flags: a misspelt key would never fire."""
    from backcare.domain.answers import ANSWER_KEYS

    answer_keys = set(ANSWER_KEYS)
    flag_ids = {flag.id for flag in library.red_flags}
    rules: list[tuple[str, str, Cond | None]] = [
        ("content/red_flags.yaml", f.id, f.when) for f in library.red_flags
    ]
    rules += [
        (f"content/criteria/{c.id}.yaml", item.id, item.when)
        for c in library.criteria.values()
        for item in c.items
    ]
    rules += [
        (f"content/criteria/{c.id}.yaml", "applicable_when", c.applicable_when)
        for c in library.criteria.values()
    ]
    rules += [
        ("content/causes.yaml", c.id, e.when) for c in library.causes.values() for e in c.evidence
    ]
    rules += [("content/advice.yaml", a.id, a.when) for a in library.advice.values()]
    rules += [("content/exercise_rules.yaml", r.id, r.when) for r in library.exercise_rules]
    rules += [("content/questions.yaml", q.key, q.relevant_when) for q in library.questions]
    for where, key, cond in rules:
        if cond is None:
            continue
        for unknown in sorted(cond.keys() - answer_keys):
            reader.problem(where, key, f"unknown answer key {unknown!r}")
        for unknown in sorted(cond.flags() - flag_ids):
            reader.problem(where, key, f"unknown red flag {unknown!r}")


def _poses(reader: _Reader, folder: Path) -> dict[str, PoseSet]:
    """content/poses/<exercise>.yaml; files starting with `_` hold shared data (ranges)."""
    from backcare.domain.poses import PoseSet

    found: dict[str, PoseSet] = {}
    for path in sorted(folder.glob("[!_]*.yaml")) if folder.is_dir() else []:
        data = reader.yaml(path)
        pose = None if data is None else reader.model(PoseSet, data, path)
        if pose is None:
            continue
        if pose.exercise != path.stem:
            reader.problem(path, "exercise", f"{pose.exercise!r} must match the file name")
        found[pose.exercise] = pose
    return found


def _check_poses(reader: _Reader, library: Library) -> None:
    """Each pose file names a known exercise and stays in human joint ranges. Whether the
    solved figure rests on the floor is checked by tests/domain/test_poses.py, not on load."""
    from backcare.domain.pose_checks import range_problems

    ranges = library.joint_ranges
    if ranges is not None:
        for source_id in sorted(ranges.sources() - set(library.sources)):
            reader.problem("content/poses/_ranges.yaml", "source", f"unknown source {source_id!r}")
    for exercise_id, pose in library.poses.items():
        where = f"content/poses/{exercise_id}.yaml"
        if exercise_id not in library.exercises:
            reader.problem(where, "exercise", f"unknown exercise id {exercise_id!r}")
        for key, message in range_problems(pose, ranges) if ranges is not None else []:
            reader.problem(where, key, message)


def _read(root: Path, only: frozenset[str] | None = None) -> tuple[Library | None, list[Problem]]:
    """Read and check the library; `only` reads just those parts (and sources)."""
    from backcare.domain.glossary import Glossary
    from backcare.domain.poses import JointRanges
    from backcare.domain.walking import WalkingRules

    reader = _Reader(root)
    parts: dict[str, Callable[[], Any]] = {
        "sources": lambda: reader.unique(
            reader.listing(Source, root / "sources.yaml"), "content/sources.yaml"
        ),
        "exercises": lambda: reader.unique(
            reader.folder(Exercise, root / "exercises"), "content/exercises"
        ),
        "causes": lambda: reader.unique(
            reader.listing(Cause, root / "causes.yaml", optional=True), "content/causes.yaml"
        ),
        "advice": lambda: reader.unique(
            reader.listing(Advice, root / "advice.yaml", optional=True), "content/advice.yaml"
        ),
        "safety_rules": lambda: tuple(
            reader.listing(SafetyRule, root / "safety_rules.yaml", optional=True)
        ),
        "red_flags": lambda: tuple(
            reader.unique(
                reader.listing(RedFlag, root / "red_flags.yaml", optional=True),
                "content/red_flags.yaml",
            ).values()
        ),
        "criteria": lambda: reader.unique(
            reader.folder(CriteriaSet, root / "criteria"), "content/criteria"
        ),
        "instruments": lambda: reader.unique(
            reader.folder(Instrument, root / "instruments"), "content/instruments"
        ),
        "questions": lambda: tuple(
            reader.unique(
                reader.listing(Question, root / "questions.yaml", optional=True),
                "content/questions.yaml",
                attr="key",
            ).values()
        ),
        "exercise_rules": lambda: tuple(
            reader.listing(ExerciseRule, root / "exercise_rules.yaml", optional=True)
        ),
    }
    parts["poses"] = lambda: _poses(reader, root / "poses")
    parts["joint_ranges"] = lambda: (
        reader.model(JointRanges, reader.yaml(root / "poses" / "_ranges.yaml"), root / "poses")
        if (root / "poses" / "_ranges.yaml").exists()
        else None
    )
    parts["reminders"] = lambda: (
        reader.model(
            ReminderDefaults, reader.yaml(root / "reminders.yaml"), root / "reminders.yaml"
        )
        if (root / "reminders.yaml").exists()
        else None
    )
    parts["walking"] = lambda: (
        reader.model(WalkingRules, reader.yaml(root / "walking.yaml"), root / "walking.yaml")
        if (root / "walking.yaml").exists()
        else None
    )
    if only is not None:
        return _read_parts(reader, parts, only)
    values = {name: build() for name, build in parts.items()}
    if not values["exercises"] and not reader.problems:
        reader.problem(root / "exercises", "", "no exercises found")
    try:
        library = Library(**values)
    except ValidationError as exc:  # pragma: no cover - parts are validated above
        reader.problem(root, "", str(exc))
        return None, reader.problems
    _cross_check(reader, library)
    _check_poses(reader, library)
    if (root / "glossary.yaml").exists():
        reader.model(Glossary, reader.yaml(root / "glossary.yaml"), root / "glossary.yaml")
    return library, reader.problems


def _read_parts(
    reader: _Reader, parts: dict[str, Callable[[], Any]], only: frozenset[str]
) -> tuple[Library | None, list[Problem]]:
    """A partial library: each part validated and its sources checked, the rest left empty.

    Built with model_construct because the parts are validated already, so the models of
    the parts not read (exercises, poses) are never needed.
    """
    values = {name: parts[name]() for name in ("sources", *sorted(only))}
    library = Library.model_construct(**{"exercises": {}, **values})
    _cross_check(reader, library)
    return (None if reader.problems else library), reader.problems


SCREENING_PARTS = frozenset(
    {"red_flags", "criteria", "instruments", "causes", "advice", "questions", "exercise_rules"}
)


@lru_cache(maxsize=8)
def _load_screening(root: Path) -> Library:
    from backcare.content import cache  # kept on disk like the full library (cache.py)

    cached = cache.read(root, "screening")
    if cached is not None:
        return cached
    library, problems = _read(root, SCREENING_PARTS)
    if problems or library is None:
        raise ContentError(problems)
    cache.write(root, library, "screening")
    return library


def load_screening_library(root: Path | None = None) -> Library:
    """Only what a screening reads (red flags, criteria, questionnaires, causes, advice,
    questions, exercise rules and sources), without exercises or poses, so a one-file
    `backcare screen` skips most of the loading. Validated like the full library; raises
    ContentError otherwise."""
    return _load_screening((root or content_dir()).resolve())


def load_glossary(root: Path | None = None) -> Glossary:
    """content/glossary.yaml: the one Chinese term for each English term (tests check every
    Chinese text against it; the program itself never needs it). Raises ContentError."""
    from backcare.domain.glossary import Glossary

    path = (root or content_dir()) / "glossary.yaml"
    reader = _Reader(path.parent)
    glossary = reader.model(Glossary, reader.yaml(path), path)
    if glossary is None:
        raise ContentError(reader.problems)
    return glossary


def check_content(root: Path | None = None) -> list[Problem]:
    """Every problem in the library at `root` (default: the configured one)."""
    return _read(root or content_dir())[1]


@lru_cache(maxsize=8)
def _load(root: Path) -> Library:
    from backcare.content import cache  # a clean library is kept on disk (cache.py says why)

    cached = cache.read(root)
    if cached is not None:
        return cached
    library, problems = _read(root)
    if problems or library is None:
        raise ContentError(problems)
    cache.write(root, library)
    return library


def load_library(root: Path | None = None) -> Library:
    """The validated library, cached per folder; raises ContentError listing every problem."""
    return _load((root or content_dir()).resolve())

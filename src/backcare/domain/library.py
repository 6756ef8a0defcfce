"""The content library's models: exercises, sources, causes, red flags, criteria, instruments,
advice and safety rules. Authored as YAML under `content/` and validated here, so a clinician
can review a diff of data instead of Python. The loader lives in `backcare.content`.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from backcare.domain.conditions import Cond, Facts
from backcare.domain.questions import Question
from backcare.domain.types import (
    Condition,
    Equipment,
    Level,
    LocalizedText,
    Region,
    Routine,
    SafetyTag,
    Urgency,
)

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any

    from backcare.domain.poses import JointRanges, PoseSet
    from backcare.domain.reminders import BreakRules
    from backcare.domain.walking import WalkingRules

Id = str  # snake_case identifiers; checked by the pattern below
ID_PATTERN = r"^[a-z][a-z0-9_]*$"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


# --- Sources -------------------------------------------------------------------------------


class Source(Frozen):
    """One citation, listed once in sources.yaml and referred to by id everywhere else."""

    id: str = Field(pattern=ID_PATTERN)
    kind: Literal["article", "guideline", "paper", "review", "book", "form", "website"]
    authors: tuple[str, ...] = ()
    year: int | None = Field(default=None, ge=1900, le=2100)
    title: str
    published_in: str | None = None
    doi: str | None = None
    url: str | None = None
    note: str | None = None
    # What the work itself found or says, quoted or closely restated from its abstract or
    # text, so a reviewer can check each link to it against the paper, not against our note.
    supports: str | None = None

    @model_validator(mode="after")
    def _findable(self) -> Source:
        if self.kind != "article" and not (self.doi or self.url):
            raise ValueError("a source needs a doi or a url so a reader can find it")
        return self

    def citation(self) -> str:
        """A short human citation: 'Hill et al. 2008, Arthritis Rheum'."""
        who = self.authors[0].split(",")[0] if self.authors else self.title
        if len(self.authors) > 2:
            who += " et al."
        elif len(self.authors) == 2:
            who += " & " + self.authors[1].split(",")[0]
        year = f" {self.year}" if self.year else ""
        return f"{who}{year}"


# --- Exercises -------------------------------------------------------------------------------


class IntRange(Frozen):
    min: int = Field(ge=0)
    max: int = Field(ge=0)

    @model_validator(mode="before")
    @classmethod
    def _from_pair(cls, value: object) -> object:
        """Accept `[2, 4]` as well as `{min: 2, max: 4}`."""
        if isinstance(value, list | tuple) and len(value) == 2:
            return {"min": value[0], "max": value[1]}
        return value

    @model_validator(mode="after")
    def _ordered(self) -> IntRange:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self

    def __contains__(self, value: int) -> bool:
        return self.min <= value <= self.max


class SetsDosing(Frozen):
    """Sets × reps, the article's form for the neck and shoulder routine (content.md 4b)."""

    sets: IntRange
    reps: IntRange
    hold_s: int = Field(default=0, ge=0, le=120)  # hold at the end of each rep
    pace_s: float = Field(default=3.0, gt=0, le=30)  # seconds for one rep's movement
    rest_s: int = Field(default=30, ge=0, le=300)  # rest between sets
    per_side: bool = False  # reps are done on each side, so a set takes twice as long
    source: str


class CircuitDosing(Frozen):
    """Timed work in a circuit: the article's 30 s work / 10 s rest (content.md 4a)."""

    work_s: int = Field(default=30, ge=5, le=120)
    rest_s: int = Field(default=10, ge=0, le=120)
    source: str


class LevelDose(Frozen):
    sets: int | None = Field(default=None, ge=1)
    reps: int | None = Field(default=None, ge=1)
    work_s: int | None = Field(default=None, ge=5)


class Dosing(Frozen):
    circuit: CircuitDosing | None = None
    sets: SetsDosing | None = None
    levels: dict[Level, LevelDose] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _consistent(self) -> Dosing:
        if self.circuit is None and self.sets is None:
            raise ValueError("dosing needs circuit or sets")
        if self.sets is not None:
            missing = {"beginner", "intermediate", "advanced"} - set(self.levels)
            if missing:
                raise ValueError(f"sets dosing needs a dose per level; missing {sorted(missing)}")
            for level, dose in self.levels.items():
                if dose.sets is not None and dose.sets not in self.sets.sets:
                    raise ValueError(f"{level}: {dose.sets} sets is outside {self.sets.sets}")
                if dose.reps is not None and dose.reps not in self.sets.reps:
                    raise ValueError(f"{level}: {dose.reps} reps is outside {self.sets.reps}")
        return self

    def sources(self) -> list[str]:
        return [d.source for d in (self.circuit, self.sets) if d is not None]


Position = Literal[
    "standing", "seated", "prone", "supine", "side_lying", "quadruped", "kneeling", "plank"
]


class Exercise(Frozen):
    """One exercise: what to do, for whom, how much, and where that comes from."""

    id: str = Field(pattern=ID_PATTERN)
    name: LocalizedText
    article_name: str | None = None  # what the source article calls it, when it names it
    summary: LocalizedText
    steps: tuple[LocalizedText, ...] = Field(min_length=2)
    cues: tuple[LocalizedText, ...] = Field(min_length=1)  # short lines to speak
    mistakes: tuple[LocalizedText, ...] = Field(min_length=1)
    regions: tuple[Region, ...] = Field(min_length=1)
    equipment: tuple[Equipment, ...] = ()  # everything needed; empty = none
    position: Position
    muscles: tuple[str, ...] = ()
    safety_tags: tuple[SafetyTag, ...] = ()
    contraindications: tuple[Condition, ...] = ()
    # The lowest level it is offered at unasked: a beginner gets the regression of an
    # intermediate move (a knee plank before a forearm plank) until feedback earns it.
    difficulty: Level = "beginner"
    cautions: tuple[LocalizedText, ...] = ()
    regression: str | None = None
    progression: str | None = None
    routines: tuple[Routine, ...] = Field(min_length=1)
    # An easier or no-equipment stand-in that a plan may rotate into its routines, but not one
    # of the routine's own named moves (content.md 4: the circuit has 11, the core set six).
    substitute: bool = False
    dosing: Dosing
    illustration: str  # figure id (poses under content/poses or the exercise id)
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _not_self_referencing(self) -> Exercise:
        for kind in ("regression", "progression"):
            if getattr(self, kind) == self.id:
                raise ValueError(f"{kind} points at the exercise itself")
        return self


# --- Causes, advice, safety rules ----------------------------------------------------------


class CauseEvidence(Frozen):
    """One answer pattern that supports a cause, with its weight towards likelihood."""

    when: Cond
    weight: float = Field(default=1.0, gt=0)
    why: LocalizedText  # plain words shown to the person


class Cause(Frozen):
    id: Literal[
        "degenerative_bone",
        "strain_circulation",
        "metastatic_cancer",
        "hypertrophic_spondylitis",
        "ankylosing_spondylitis",
        "posture_disc",
    ]
    name: LocalizedText
    summary: LocalizedText
    markers: tuple[LocalizedText, ...] = Field(min_length=1)
    what_to_do: LocalizedText
    evidence: tuple[CauseEvidence, ...] = ()
    thresholds: dict[str, float] = Field(default_factory=lambda: {"high": 3.0, "moderate": 1.5})
    sources: tuple[str, ...] = Field(min_length=1)


class Advice(Frozen):
    id: str = Field(pattern=ID_PATTERN)
    title: LocalizedText
    text: LocalizedText
    when: Cond | None = None  # fits a screening when this holds; None = always
    tags: tuple[str, ...] = ()  # e.g. posture, desk, sleep: the reminders pick posture tips
    sources: tuple[str, ...] = Field(min_length=1)


class SafetyRule(Frozen):
    """A condition excludes exercises by safety tag, region or routine, with its source."""

    condition: Condition
    excludes_tags: tuple[SafetyTag, ...] = ()
    excludes_regions: tuple[Region, ...] = ()
    excludes_all: bool = False  # no exercise at all until cleared (e.g. unhealed injury)
    reason: LocalizedText
    # What to watch for while exercising with this condition, shown with the plan.
    plan_warning: LocalizedText | None = None
    # Exercises the plan adds to every day's cool-down when they fit (e.g. breathing work for
    # ankylosing spondylitis).
    plan_includes: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)


# --- Screening content ---------------------------------------------------------------------


class FlagNote(Frozen):
    """One sentence telling a person which of their answers made a flag fire. `{key}` in the
    text is replaced by that answer (numbers without a needless ".0")."""

    when: Cond
    text: LocalizedText

    @model_validator(mode="after")
    def _fields_known(self) -> FlagNote:
        for text in (self.text.en, self.text.zh or ""):
            used = {name for _, name, _, _ in string.Formatter().parse(text) if name}
            unknown = used - self.when.keys()
            if unknown:
                raise ValueError(f"the text names {sorted(unknown)}, which `when` does not read")
        return self


class RedFlag(Frozen):
    id: str = Field(pattern=ID_PATTERN)
    urgency: Urgency
    when: Cond
    title: LocalizedText
    message: LocalizedText  # what it may mean, in plain words
    action: LocalizedText  # what to do now
    asks: tuple[str, ...] = ()  # answer keys to list under `unanswered` when absent
    notes: tuple[FlagNote, ...] = ()  # which answers fired it, for the rules with many parts
    sources: tuple[str, ...] = Field(min_length=1)

    def explanations(self, facts: Facts, lang: str) -> list[str]:
        """The notes whose `when` holds, filled in with the person's answers."""
        values = _Answers({key: _plain(value) for key, value in facts.answers.items()})
        return [
            note.text.get(lang).format_map(values) for note in self.notes if note.when.holds(facts)
        ]


class _Answers(dict[str, object]):
    """Answers to fill a note with; one the note's branch did not need reads as "?"."""

    def __missing__(self, key: str) -> object:
        return "?"


def _plain(value: object) -> object:
    """6.0 weeks reads as 6 weeks."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


class CriterionItem(Frozen):
    id: str = Field(pattern=ID_PATTERN)
    label: LocalizedText
    when: Cond


class CriteriaSet(Frozen):
    id: str = Field(pattern=ID_PATTERN)
    name: LocalizedText
    applicable_when: Cond | None = None
    items: tuple[CriterionItem, ...] = Field(min_length=1)
    met_at: int | None = None  # count needed for `met`
    thresholds: dict[str, int] = Field(default_factory=dict)  # e.g. refer: 4, hla_b27_test: 3
    sources: tuple[str, ...] = Field(min_length=1)


class Licence(Frozen):
    owner: str
    terms: str
    ships_wording: bool  # whether the exact item wording may be shipped
    official_form: str | None = None  # where to get the official form
    # Why the items are in the original language only, shown on pages in other languages
    # (the RMDQ: no licensed Chinese translation ships, so its statements stay English).
    wording_note: LocalizedText | None = None


class InstrumentOption(Frozen):
    value: str | int | bool
    label: LocalizedText


class InstrumentItem(Frozen):
    id: str
    label: LocalizedText  # exact wording only where the licence allows it
    options: tuple[InstrumentOption, ...] = ()


class Band(Frozen):
    max: float  # upper bound, inclusive
    label: str


class Instrument(Frozen):
    id: Literal["startback", "odi", "rmdq", "ndi", "pain_nrs"]
    name: LocalizedText
    description: LocalizedText
    regions: tuple[Region, ...] = ()  # where it matters; empty = any
    items: tuple[InstrumentItem, ...] = ()
    bands: tuple[Band, ...] = ()
    scoring: dict[str, float | int | str] = Field(default_factory=dict)
    minimal_important_change: float | None = None
    # A share of the starting score the change must also reach (percent), where the source
    # states one: pain 30 % (Ostelo 2008). Both must be met for "better" or "worse".
    minimal_important_change_percent: float | None = Field(default=None, gt=0, le=100)
    mic_source: str | None = None
    identifier: str | None = None  # canonical identifier (LOINC or a URL) for FHIR
    licence: Licence
    sources: tuple[str, ...] = Field(min_length=1)


class ExerciseRule(Frozen):
    """A screening finding that stops exercise (`blocks`) or lets the plan exclude some."""

    id: str = Field(pattern=ID_PATTERN)
    when: Cond
    blocks: bool = False  # exercise.allowed becomes false
    exclude_condition: Condition | None = None  # the plan applies this condition's exclusions
    reason: LocalizedText
    sources: tuple[str, ...] = Field(min_length=1)


class ReminderDefaults(Frozen):
    """Break reminder defaults (content/reminders.yaml): how often and how long, with sources.
    The person's own settings (config.toml) override them one key at a time."""

    every_min: int
    micro_break_min: int
    long_break_min: int
    long_break_every: int
    snooze_min: int
    work_hours: str  # e.g. 09:00-18:00; an end before the start crosses midnight
    work_days: tuple[str, ...]
    why: LocalizedText  # the reasoning behind the numbers, in plain words
    sources: tuple[str, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _valid_rules(self) -> ReminderDefaults:
        self.rules()  # raises ValueError naming the field
        return self

    def rules(self) -> BreakRules:
        # Imported here: only the reminders need it, not a screening's start-up (issue 17).
        from backcare.domain.reminders import BreakRules, WorkHours, parse_weekdays

        return BreakRules(
            every_min=self.every_min,
            micro_break_min=self.micro_break_min,
            long_break_min=self.long_break_min,
            long_break_every=self.long_break_every,
            snooze_min=self.snooze_min,
            work_hours=WorkHours.parse(self.work_hours),
            work_days=parse_weekdays(",".join(self.work_days)),
        )


class Library(Frozen):
    """Everything in `content/`, validated and cross-checked; lookups by id."""

    sources: dict[str, Source]
    exercises: dict[str, Exercise]
    causes: dict[str, Cause] = Field(default_factory=dict)
    advice: dict[str, Advice] = Field(default_factory=dict)
    safety_rules: tuple[SafetyRule, ...] = ()
    red_flags: tuple[RedFlag, ...] = ()
    criteria: dict[str, CriteriaSet] = Field(default_factory=dict)
    instruments: dict[str, Instrument] = Field(default_factory=dict)
    poses: dict[str, PoseSet] = Field(default_factory=dict)  # by exercise id
    joint_ranges: JointRanges | None = None  # content/poses/_ranges.yaml
    questions: tuple[Question, ...] = ()  # screening questions, in asking order
    exercise_rules: tuple[ExerciseRule, ...] = ()
    reminders: ReminderDefaults | None = None  # content/reminders.yaml
    walking: WalkingRules | None = None  # content/walking.yaml: the plans' graded walking

    @classmethod
    def model_rebuild(
        cls,
        *,
        force: bool = False,
        raise_errors: bool = True,
        _parent_namespace_depth: int = 2,
        _types_namespace: Mapping[str, Any] | None = None,
    ) -> bool | None:
        """Builds the validator once the pose and walking models are loaded.

        They are imported here, not with this module: a library read back from the cache
        for a screening holds none of them, and their modules cost about a tenth of a
        `backcare screen` (issue 17). pydantic calls this on the first validation (the
        model's validator is built on first use, `defer_build`)."""
        from backcare.domain.poses import JointRanges, PoseSet
        from backcare.domain.walking import WalkingRules

        namespace = {"JointRanges": JointRanges, "PoseSet": PoseSet, "WalkingRules": WalkingRules}
        return super().model_rebuild(
            force=force,
            raise_errors=raise_errors,
            _parent_namespace_depth=_parent_namespace_depth + 1,
            _types_namespace={**namespace, **(_types_namespace or {})},
        )

    def exercise(self, exercise_id: str) -> Exercise:
        try:
            return self.exercises[exercise_id]
        except KeyError:
            raise KeyError(f"unknown exercise {exercise_id!r}") from None

    def routine(self, routine: Routine, substitutes: bool = True) -> list[Exercise]:
        """Exercises of one routine, in library order; `substitutes=False` keeps its own moves."""
        return [
            e
            for e in self.exercises.values()
            if routine in e.routines and (substitutes or not e.substitute)
        ]

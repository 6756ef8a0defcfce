"""Vocabulary shared by the whole domain: regions, equipment, levels, conditions, languages.

These names are public (see shared/spec): keep them, add to them, never rename them.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, BeforeValidator, ConfigDict, model_validator

Region = Literal["low_back", "mid_back", "neck", "shoulder"]
REGIONS: tuple[Region, ...] = ("low_back", "mid_back", "neck", "shoulder")

Equipment = Literal["mat", "ball", "band", "wall", "chair", "bottle"]
EQUIPMENT: tuple[Equipment, ...] = ("mat", "ball", "band", "wall", "chair", "bottle")

Level = Literal["beginner", "intermediate", "advanced"]
LEVELS: tuple[Level, ...] = ("beginner", "intermediate", "advanced")

# Conditions a plan profile may name (plan.md), then every condition: those plus the
# screening-only one. Each name is written once; the tuples are read off the Literals.
ProfileCondition = Literal[
    "pregnant",
    "unhealed_injury",
    "osteoporosis",
    "ankylosing_spondylitis",
    "hypermobility",
    "disc_herniation",
]
# Screening-only conditions: an answer (`inflammatory_arthritis`) or a red flag (`radicular`,
# `cervical_radicular`) whose exclusions the plan applies (plan.md "What each condition leaves
# out").
Condition = Literal[ProfileCondition, "inflammatory_arthritis", "radicular", "cervical_radicular"]
PROFILE_CONDITIONS: tuple[ProfileCondition, ...] = get_args(ProfileCondition)
CONDITIONS: tuple[Condition, ...] = get_args(Condition)

# Safety tags describe what an exercise asks of the body, so rules can exclude by tag
# (e.g. pregnancy excludes lying face down) instead of by hand-kept lists.
SafetyTag = Literal[
    "prone",  # lying face down
    "supine",  # lying on the back
    "loaded_flexion",  # bending the spine forward under load (crunch-like)
    "loaded_rotation",  # twisting the spine under load
    "spinal_extension",  # arching the back
    "end_range_stretch",  # passive stretch to the end of a joint's range
    "inverted",  # hips above the head
    "high_load",  # demanding on the trunk (planks, pikes)
    "balance",  # needs balance (ball, single leg)
    "neck_movement",  # active neck movement
    "overhead_arms",  # arms raised above the head
    "kneeling",  # on hands and knees or kneeling
    "floor",  # needs getting down to the floor
    "full_plank",  # body held straight on forearms or hands and toes (or feet on a ball)
    "side_plank",  # body held up sideways on one forearm, on the feet or the knees
    "ball",  # done on or with an exercise ball
    "fall_risk",  # a fall is possible (an unstable ball under the body)
    "end_range_flexion",  # the spine bent forward to the end of its range, held or repeated
    "end_range_rotation",  # the spine twisted to the end of its range
    "high_impact",  # jumping, hopping or running: landings jolt the spine
    "neck_end_range",  # neck taken to the end of its range in extension, rotation or side bend
    "neck_loaded",  # neck pushing against resistance (a hand, a band, a weight)
]

Routine = Literal[
    "back_core_hip_circuit",  # content.md 4a
    "neck_shoulder",  # content.md 4b
    "core_six",  # content.md 4c
    "warmup",
    "cooldown",
    "desk_break",  # micro-breaks for the reminders
]

# Worst first: the order matters (the overall urgency is the worst of the red flags).
Urgency = Literal["emergency", "urgent", "soon", "routine", "self_care"]
URGENCIES: tuple[Urgency, ...] = ("emergency", "urgent", "soon", "routine", "self_care")


def worst_urgency(urgencies: list[Urgency] | tuple[Urgency, ...]) -> Urgency:
    """The most pressing urgency, `self_care` when there is none."""
    if not urgencies:
        return "self_care"
    return min(urgencies, key=URGENCIES.index)


Lang = Literal["en", "zh"]
LANGS: tuple[Lang, ...] = ("en", "zh")


def _text_from_plain_string(value: Any) -> Any:
    """Let authors write `name: Wall angel` for English-only text."""
    if isinstance(value, str):
        return {"en": value}
    return value


class _LocalizedText(BaseModel):
    """Text a person reads, per language; English is required, others fall back to it."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    en: str
    zh: str | None = None

    @model_validator(mode="after")
    def _not_blank(self) -> _LocalizedText:
        if not self.en.strip():
            raise ValueError("English text must not be empty")
        return self

    def get(self, lang: str = "en") -> str:
        """The text in `lang`, or English when that translation is missing."""
        value = getattr(self, lang, None) if lang in LANGS else None
        return value or self.en

    def __str__(self) -> str:
        return self.en


LocalizedText = Annotated[_LocalizedText, BeforeValidator(_text_from_plain_string)]
Text = _LocalizedText

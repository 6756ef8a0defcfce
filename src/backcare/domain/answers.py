"""The screening answers (shared/spec/screening.md, "Answers"): one pydantic model, strict.

Every key is optional: an absent key (or an explicit null) is *unknown*, which never meets a
rule. Types are strict so a form's "yes" is an error, never a silent `True`, and unknown keys
are an error so a typo cannot silently drop a red flag.
"""

from __future__ import annotations

from typing import Annotated, Any, Final, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from backcare.domain.types import Region

Sex = Literal["female", "male", "other"]
Onset = Literal["sudden", "gradual"]
Bother = Literal["not_at_all", "slightly", "moderately", "very_much", "extremely"]
BOTHER: tuple[Bother, ...] = ("not_at_all", "slightly", "moderately", "very_much", "extremely")

STARTBACK_ITEMS = 9
ODI_SECTIONS = 10
RMDQ_ITEMS = 24
NDI_SECTIONS = 10

Section = Annotated[int, Field(ge=0, le=5)]

# A safety answer may be "not sure": it counts as yes for the red flag it feeds (screening.md).
NOT_SURE: Final = "not_sure"
SafetyAnswer = bool | Literal["not_sure"]

# The safety questions, exactly as screening.md lists them: `complete` needs `age` and each
# of these answered (yes, no or not sure). Inflammatory-pattern and questionnaire answers
# are not safety questions.
SAFETY_KEYS: tuple[str, ...] = (
    "saddle_numbness",
    "bladder_change",
    "bowel_incontinence",
    "sexual_dysfunction_new",
    "bilateral_leg_symptoms",
    "progressive_leg_weakness",
    "neck_vascular_signs",
    "myelopathy_signs",
    "meningism_signs",
    "arm_symptoms_below_elbow",
    "progressive_arm_weakness",
    "cancer_history",
    "unexplained_weight_loss",
    "night_pain_constant",
    "fever",
    "infection_risk",
    "long_term_steroids",
    "osteoporosis",
    "major_trauma",
    "minor_trauma",
    "recent_spinal_surgery",
    "leg_pain_below_knee",
)
# What `complete` needs: the age (several red flags turn on it) and every safety answer.
COMPLETE_KEYS: tuple[str, ...] = ("age", *SAFETY_KEYS)


def _startback_items(value: list[Any]) -> list[Any]:
    """Items 1–8 are agree (true) / disagree (false); item 9 is how bothersome (Hill 2008)."""
    for number, item in enumerate(value[:8], 1):
        if not isinstance(item, bool):
            raise ValueError(f"item {number} must be true or false, got {item!r}")
    last = value[8]
    if not isinstance(last, str) or last not in BOTHER:
        raise ValueError(f"item 9 must be one of {', '.join(BOTHER)}, got {last!r}")
    return value


StartBackAnswers = Annotated[
    list[bool | str],
    Field(min_length=STARTBACK_ITEMS, max_length=STARTBACK_ITEMS),
    AfterValidator(_startback_items),
]


class ScreeningAnswers(BaseModel):
    """Everything a person may tell the screening; see screening.md for each key's meaning."""

    model_config = ConfigDict(
        strict=True, extra="forbid", frozen=True, allow_inf_nan=False, defer_build=True
    )

    age: int | None = Field(default=None, ge=16, le=110)
    sex: Sex | None = None
    regions: list[Region] | None = None
    pain_now: int | None = Field(default=None, ge=0, le=10)
    duration_weeks: float | None = Field(default=None, ge=0)
    onset: Onset | None = None
    onset_age: int | None = Field(default=None, ge=0, le=110)
    morning_stiffness_minutes: int | None = Field(default=None, ge=0)
    worse_on_rising: bool | None = None
    worse_after_long_work: bool | None = None
    worse_with_cold: bool | None = None
    worse_with_fatigue: bool | None = None
    improves_with_activity: bool | None = None
    improves_with_rest: bool | None = None
    night_pain: bool | None = None
    wakes_second_half_night: bool | None = None
    night_pain_constant: SafetyAnswer | None = None
    buttock_pain: bool | None = None
    alternating_buttock_pain: bool | None = None
    nsaid_response_48h: bool | None = None
    family_history_spa: bool | None = None
    arthritis_history: bool | None = None
    enthesitis_history: bool | None = None
    psoriasis_history: bool | None = None
    leg_pain_below_knee: SafetyAnswer | None = None
    bilateral_leg_symptoms: SafetyAnswer | None = None
    progressive_leg_weakness: SafetyAnswer | None = None
    saddle_numbness: SafetyAnswer | None = None
    bladder_change: SafetyAnswer | None = None
    bowel_incontinence: SafetyAnswer | None = None
    sexual_dysfunction_new: SafetyAnswer | None = None
    cancer_history: SafetyAnswer | None = None
    unexplained_weight_loss: SafetyAnswer | None = None
    fever: SafetyAnswer | None = None
    infection_risk: SafetyAnswer | None = None
    long_term_steroids: SafetyAnswer | None = None
    osteoporosis: SafetyAnswer | None = None
    major_trauma: SafetyAnswer | None = None
    recent_spinal_surgery: SafetyAnswer | None = None
    minor_trauma: SafetyAnswer | None = None
    myelopathy_signs: SafetyAnswer | None = None
    arm_symptoms_below_elbow: SafetyAnswer | None = None
    progressive_arm_weakness: SafetyAnswer | None = None
    meningism_signs: SafetyAnswer | None = None
    neck_vascular_signs: SafetyAnswer | None = None
    heavy_physical_work: bool | None = None
    sitting_hours_per_day: float | None = Field(default=None, ge=0, le=24)
    crosses_legs: bool | None = None
    pregnant: bool | None = None
    unhealed_injury: bool | None = None
    inflammatory_arthritis: bool | None = None
    startback: StartBackAnswers | None = None
    odi: (
        Annotated[list[Section | None], Field(min_length=ODI_SECTIONS, max_length=ODI_SECTIONS)]
        | None
    ) = None
    rmdq: Annotated[list[bool], Field(min_length=RMDQ_ITEMS, max_length=RMDQ_ITEMS)] | None = None
    ndi: (
        Annotated[list[Section | None], Field(min_length=NDI_SECTIONS, max_length=NDI_SECTIONS)]
        | None
    ) = None

    def given(self) -> dict[str, Any]:
        """The answered keys only, as plain values (what the rules look at)."""
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def missing_for_complete(self) -> list[str]:
        """`age` and the safety questions not answered yet, in screening.md's order."""
        given = self.__dict__  # every field, by name: a look-up each, not an attribute
        return [key for key in COMPLETE_KEYS if given[key] is None]

    def not_sure(self) -> list[str]:
        """The safety questions answered "not sure"."""
        given = self.__dict__
        return [key for key in SAFETY_KEYS if given[key] == NOT_SURE]


def as_safety_facts(given: dict[str, Any]) -> dict[str, Any]:
    """Answers as the red-flag and exercise-safety rules read them: "not sure" counts as yes."""
    return {k: True if v == NOT_SURE else v for k, v in given.items()}


def without_not_sure(given: dict[str, Any]) -> dict[str, Any]:
    """Answers as the pattern rules (criteria, causes, advice) read them: "not sure" is
    unknown, so it never supports a cause or a criterion."""
    return {k: v for k, v in given.items() if v != NOT_SURE}


ANSWER_KEYS: tuple[str, ...] = tuple(ScreeningAnswers.model_fields)

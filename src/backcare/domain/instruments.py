"""Scoring of the questionnaires: STarT Back, ODI, RMDQ, NDI and the pain NRS.

The arithmetic follows each instrument's published scoring (source ids in the instruments'
content files); cut-offs and bands are read from that content, so a clinician reviews them
as data. Results are the `instruments` entries of the screening result (screening.md).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from backcare.domain.library import Instrument

StartBackRisk = Literal["low", "medium", "high"]
OdiBand = Literal["minimal", "moderate", "severe", "crippled", "bed_bound"]
NdiBand = Literal["none", "mild", "moderate", "severe", "complete"]
PainBand = Literal["none", "mild", "moderate", "severe"]


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class StartBackScore(_Out):
    total: int = Field(ge=0, le=9)
    psychosocial: int = Field(ge=0, le=5)
    risk: StartBackRisk


class OdiScore(_Out):
    percent: float = Field(ge=0, le=100)
    band: OdiBand


class RmdqScore(_Out):
    score: int = Field(ge=0, le=24)
    of: int = 24


class NdiScore(_Out):
    score: int = Field(ge=0, le=50)
    percent: float = Field(ge=0, le=100)
    band: NdiBand


class PainScore(_Out):
    score: int = Field(ge=0, le=10)
    band: PainBand


class NotScoredError(ValueError):
    """Too few answers to score; the message is a warning for the result."""


def band_of(instrument: Instrument, value: float) -> str:
    """The first band whose inclusive upper bound holds `value` (bands are ordered)."""
    for band in instrument.bands:
        if value <= band.max:
            return band.label
    raise ValueError(f"{instrument.id}: no band holds {value}")


def _param(instrument: Instrument, name: str) -> int:
    value = instrument.scoring.get(name)
    if not isinstance(value, int):
        raise ValueError(f"{instrument.id}: scoring.{name} must be a whole number")
    return value


def score_startback(instrument: Instrument, items: Sequence[bool | str]) -> StartBackScore:
    """Hill 2008: items 1–8 score 1 when agreed; item 9 scores 1 at `very_much`/`extremely`.

    Psychosocial subscale = items 5–9; high risk at subscale ≥ 4, else low at total ≤ 3.
    """
    bothersome = {str(v) for v in str(instrument.scoring.get("item9_scores", "")).split()}
    points = [1 if item is True else 0 for item in items[:8]]
    points.append(1 if isinstance(items[8], str) and items[8] in bothersome else 0)
    total = sum(points)
    first = _param(instrument, "psychosocial_from_item") - 1
    psychosocial = sum(points[first:])
    risk: StartBackRisk
    if psychosocial >= _param(instrument, "high_psychosocial_at"):
        risk = "high"
    elif total <= _param(instrument, "low_total_at_most"):
        risk = "low"
    else:
        risk = "medium"
    return StartBackScore(total=total, psychosocial=psychosocial, risk=risk)


def _round_half_up(value: Fraction, places: int = 0) -> Fraction:
    """Round as people do (2.5 → 3), exactly; Python's round() rounds half to even."""
    scale = Fraction(10) ** places
    return Fraction(math.floor(value * scale + Fraction(1, 2))) / scale


def score_odi(instrument: Instrument, sections: Sequence[int | None]) -> OdiScore:
    """Fairbank & Pynsent 2000: sum / (5 × sections answered) × 100, to one decimal.

    Not scored below `min_answered` sections (a project choice; see screening.md).
    """
    answered = [s for s in sections if s is not None]
    need = _param(instrument, "min_answered")
    if len(answered) < need:
        raise NotScoredError(
            f"odi: not scored, only {len(answered)} of 10 sections answered (needs {need})"
        )
    percent = _round_half_up(Fraction(sum(answered) * 100, 5 * len(answered)), 1)
    return OdiScore(percent=float(percent), band=band_of(instrument, float(percent)))


def score_rmdq(items: Sequence[bool]) -> RmdqScore:
    """Roland & Morris 1983: the number of statements that apply today, 0–24."""
    return RmdqScore(score=sum(1 for item in items if item is True), of=len(items))


def score_ndi(instrument: Instrument, sections: Sequence[int | None]) -> NdiScore:
    """Vernon & Mior 1991: sum of ten 0–5 sections (0–50), prorated when a few are missing.

    Prorated like the ODI (sum / (5 × answered) × 50) and rounded to the nearest whole
    number, half up; percent = score × 2; bands from Vernon 2008.
    """
    answered = [s for s in sections if s is not None]
    missing = len(sections) - len(answered)
    allowed = _param(instrument, "max_missing")
    if missing > allowed:
        raise NotScoredError(
            f"ndi: not scored, {missing} of 10 sections missing (at most {allowed} may be)"
        )
    score = int(_round_half_up(Fraction(sum(answered) * 50, 5 * len(answered))))
    return NdiScore(
        score=score,
        percent=float(score * 2),
        band=band_of(instrument, score),
    )


def score_pain(instrument: Instrument, pain_now: int) -> PainScore:
    """Pain on the 0–10 numeric rating scale, with the content's severity band."""
    return PainScore(score=pain_now, band=band_of(instrument, pain_now))

"""A person's records as a FHIR R4 `Bundle`, for a doctor's or another app's system.

Built with the `fhir.resources` R4B models (FHIR 4.3, the R4 line), so every resource is
checked by the library as it is made: a `Patient` without name or contact (only backcare's
user id), a `QuestionnaireResponse` for each questionnaire answered in a screening (pointing at
the instrument's canonical identifier from the content library), and an `Observation` for each
pain rating (LOINC 72514-3, pain severity 0-10) and each questionnaire score.

Ids and `fullUrl`s are name-based UUIDs of the records' own ids, so exporting the same records
twice gives the same bundle, and a receiver can tell a re-sent resource from a new one.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from backcare.domain.library import Instrument, Library
    from backcare.domain.ports import Repository
    from backcare.domain.records import DiaryEntry, ScreeningRecord, SessionRecord

LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
BACKCARE_USER = "urn:backcare:user"  # identifier system for backcare's own user ids
BACKCARE_SCORE = "urn:backcare:score"  # local code system: one code per questionnaire score
_NAMESPACE = uuid.UUID("5d0c5b7e-6a7f-4b8e-9a43-0f3c2a8b7e11")  # fixed: stable UUIDs

# Pain severity on the 0-10 numeric rating scale, as LOINC names it.
PAIN_CODE = ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported")

# LOINC codes for a questionnaire's total score, where LOINC has one.
SCORE_CODES: dict[str, tuple[str, str]] = {
    "odi": ("97909-6", "Oswestry disability index score ODI"),
}

# The screening result's field holding each score, its unit and range (screening.md).
SCORE_FIELDS: dict[str, tuple[str, str, str]] = {
    # instrument: (result field, UCUM code, words)
    "odi": ("percent", "%", "Oswestry Disability Index, percent"),
    "ndi": ("score", "{score}", "Neck Disability Index score (0-50)"),
    "rmdq": ("score", "{score}", "Roland-Morris Disability Questionnaire score (0-24)"),
    "startback": ("total", "{score}", "STarT Back Screening Tool total score (0-9)"),
}
QUESTIONNAIRES = ("startback", "odi", "ndi", "rmdq")  # answers that are questionnaires

_LOINC_CODE = re.compile(r"^\d{1,7}-\d$")


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def _moment(value: datetime) -> str:
    """FHIR dateTime: a time needs a zone, and stored times without one are UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.isoformat()


def _day(value: date) -> str:
    return value.isoformat()


def canonical(instrument_id: str, library: Library | None) -> str:
    """The questionnaire's canonical URL: the library's identifier when it is a URL or URN,
    LOINC's form URL when it is a LOINC code, else a backcare URN."""
    identifier = _identifier(instrument_id, library)
    system, _, code = identifier.partition("|")
    if system == LOINC and _LOINC_CODE.match(code):
        return f"{LOINC}/q/{code}"
    if identifier.startswith(("http://", "https://", "urn:")):
        return identifier
    if _LOINC_CODE.match(identifier):
        return f"{LOINC}/q/{identifier}"
    return f"urn:backcare:questionnaire:{instrument_id}"


def _identifier(instrument_id: str, library: Library | None) -> str:
    instrument = library.instruments.get(instrument_id) if library else None
    return (instrument.identifier or "").strip() if instrument else ""


def pain_coding(library: Library | None) -> dict[str, str]:
    """The pain rating's code: the library's `pain_nrs` identifier (`system|code`) where it
    gives one, else LOINC 72514-3."""
    code, display = PAIN_CODE
    system, bar, given = _identifier("pain_nrs", library).partition("|")
    if bar and system and given:
        coding = {"system": system, "code": given}
        if system == LOINC and given == code:
            coding["display"] = display
        return coding
    return {"system": LOINC, "code": code, "display": display}


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]}]


def _quantity(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": unit}


class _Builder:
    """Collects entries; each resource is validated by its fhir.resources model when added."""

    def __init__(self, user_id: str, library: Library | None) -> None:
        self.library = library
        self.patient_url = f"urn:uuid:{_uuid('Patient', user_id)}"
        self.pain_code = pain_coding(library)
        self.entries: list[dict[str, Any]] = []
        self.add(
            "Patient",
            self.patient_url,
            {"identifier": [{"system": BACKCARE_USER, "value": user_id}], "active": True},
        )

    def add(self, kind: str, full_url: str, body: dict[str, Any]) -> None:
        from importlib import import_module

        model = getattr(import_module(f"fhir.resources.R4B.{kind.lower()}"), kind)
        resource = model.model_validate(
            {"resourceType": kind, "id": full_url.removeprefix("urn:uuid:"), **body}
        )
        self.entries.append(
            {"fullUrl": full_url, "resource": resource.model_dump(mode="json", exclude_none=True)}
        )

    def subject(self) -> dict[str, str]:
        return {"reference": self.patient_url}

    # --- pain ratings ----------------------------------------------------------------------

    def pain(self, key: str, pain: int, when: str, note: str = "") -> None:
        self.add(
            "Observation",
            f"urn:uuid:{_uuid('Observation', 'pain', key)}",
            {
                "status": "final",
                "category": _survey(),
                "code": {"coding": [self.pain_code], "text": "Pain severity (0-10)"},
                "subject": self.subject(),
                "effectiveDateTime": when,
                "valueQuantity": _quantity(pain, "{score}"),
                **({"note": [{"text": note}]} if note else {}),
            },
        )

    def diary(self, entry: DiaryEntry) -> None:
        self.pain(entry.id, entry.pain, _day(entry.date), entry.note.strip())

    def session(self, session: SessionRecord) -> None:
        if session.pain_before is not None:
            when = _moment(session.started_at)
            self.pain(f"{session.id}/before", session.pain_before, when, "Before a guided session")
        if session.pain_after is not None:
            when = _moment(session.ended_at or session.started_at)
            self.pain(f"{session.id}/after", session.pain_after, when, "After a guided session")
        for index, feedback in enumerate(session.feedback):
            if feedback.pain is not None:
                exercise = self.exercise_name(feedback.exercise)
                when = _moment(session.ended_at or session.started_at)
                self.pain(
                    f"{session.id}/feedback/{index}", feedback.pain, when, f"During {exercise}"
                )

    def exercise_name(self, exercise_id: str) -> str:
        exercise = self.library.exercises.get(exercise_id) if self.library else None
        return exercise.name.en if exercise else exercise_id.replace("_", " ")

    # --- screenings ------------------------------------------------------------------------

    def screening(self, record: ScreeningRecord) -> None:
        when = _moment(record.created_at)
        pain_now = record.answers.get("pain_now")
        if isinstance(pain_now, int) and not isinstance(pain_now, bool) and 0 <= pain_now <= 10:
            self.pain(f"{record.id}/pain_now", pain_now, when, "Answered in a screening")
        responses: dict[str, str] = {}
        for instrument_id in QUESTIONNAIRES:
            answers = record.answers.get(instrument_id)
            if isinstance(answers, list) and answers:
                responses[instrument_id] = self.response(record, instrument_id, answers, when)
        scored = record.result.get("instruments")
        for instrument_id, (field, unit, words) in SCORE_FIELDS.items():
            entry = scored.get(instrument_id) if isinstance(scored, dict) else None
            if not isinstance(entry, dict):
                continue
            value = entry.get(field)
            if isinstance(value, int | float) and not isinstance(value, bool):
                self.score(record, instrument_id, entry, float(value), unit, words, when, responses)

    def _item(self, instrument: Instrument | None, index: int, answer: Any) -> dict[str, Any]:
        """One answered item; the wording is included only where the licence allows it."""
        item_model = (
            instrument.items[index] if instrument and index < len(instrument.items) else None
        )
        item: dict[str, Any] = {"linkId": item_model.id if item_model else str(index + 1)}
        if item_model and instrument and instrument.licence.ships_wording:
            item["text"] = item_model.label.en
        if isinstance(answer, bool):
            value: dict[str, Any] = {"valueBoolean": answer}
        elif isinstance(answer, int):
            value = {"valueInteger": answer}
        else:
            coding: dict[str, Any] = {"code": str(answer)}
            for option in item_model.options if item_model else ():
                if option.value == answer:
                    coding["display"] = option.label.en
            value = {"valueCoding": coding}
        item["answer"] = [value]
        return item

    def response(
        self, record: ScreeningRecord, instrument_id: str, answers: list[Any], when: str
    ) -> str:
        instrument = self.library.instruments.get(instrument_id) if self.library else None
        items = [
            self._item(instrument, index, answer)
            for index, answer in enumerate(answers)
            if answer is not None  # a section left blank has no answer (ODI, NDI)
        ]
        full_url = f"urn:uuid:{_uuid('QuestionnaireResponse', record.id, instrument_id)}"
        self.add(
            "QuestionnaireResponse",
            full_url,
            {
                "questionnaire": canonical(instrument_id, self.library),
                "status": "completed",
                "subject": self.subject(),
                "authored": when,
                **({"item": items} if items else {}),
            },
        )
        return full_url

    def score(
        self,
        record: ScreeningRecord,
        instrument_id: str,
        entry: dict[str, Any],
        value: float,
        unit: str,
        words: str,
        when: str,
        responses: dict[str, str],
    ) -> None:
        coding = [{"system": BACKCARE_SCORE, "code": instrument_id, "display": words}]
        if instrument_id in SCORE_CODES:
            code, display = SCORE_CODES[instrument_id]
            coding.insert(0, {"system": LOINC, "code": code, "display": display})
        body: dict[str, Any] = {
            "status": "final",
            "category": _survey(),
            "code": {"coding": coding, "text": words},
            "subject": self.subject(),
            "effectiveDateTime": when,
            "valueQuantity": _quantity(value, unit),
        }
        label = entry.get("band") or entry.get("risk")
        if isinstance(label, str):
            body["interpretation"] = [{"text": label.replace("_", " ")}]
        if instrument_id in responses:
            body["derivedFrom"] = [{"reference": responses[instrument_id]}]
        self.add(
            "Observation",
            f"urn:uuid:{_uuid('Observation', 'score', record.id, instrument_id)}",
            body,
        )


def _records(
    repo: Repository, user_id: str
) -> Iterator[tuple[datetime, ScreeningRecord | DiaryEntry | SessionRecord]]:
    for screening in repo.list_screenings(user_id):
        yield screening.created_at, screening
    for entry in repo.list_diary(user_id):
        yield datetime.combine(entry.date, datetime.min.time()), entry
    for session in repo.list_sessions(user_id):
        yield session.started_at, session


def build_bundle(
    repo: Repository,
    user_id: str,
    library: Library | None,
    generated_at: datetime | None = None,
) -> dict[str, Any]:
    """Every pain rating, questionnaire and score of one person, as a FHIR R4 Bundle (JSON)."""
    from fhir.resources.R4B.bundle import Bundle

    from backcare.domain.records import DiaryEntry, ScreeningRecord

    builder = _Builder(user_id, library)
    ordered = sorted(_records(repo, user_id), key=lambda pair: _moment(pair[0]))
    for _, record in ordered:
        if isinstance(record, ScreeningRecord):
            builder.screening(record)
        elif isinstance(record, DiaryEntry):
            builder.diary(record)
        else:
            builder.session(record)
    bundle = Bundle.model_validate(
        {
            "resourceType": "Bundle",
            "id": _uuid("Bundle", user_id),
            "type": "collection",
            "timestamp": _moment(generated_at or datetime.now(UTC)),
            "entry": builder.entries,
        }
    )
    data: dict[str, Any] = bundle.model_dump(mode="json", exclude_none=True)
    return data

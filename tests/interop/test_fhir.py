"""The FHIR export: a valid R4 Bundle (checked by fhir.resources' R4B models) holding one
QuestionnaireResponse per questionnaire answered, one Observation per pain rating (LOINC
72514-3) and one per questionnaire score."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from typing import Any

import pytest
from fhir.resources.R4B import get_fhir_model_class
from fhir.resources.R4B.bundle import Bundle

from backcare.domain.records import ScreeningRecord
from backcare.interop.fhir import build_bundle, canonical
from tests.reports.fakes import (
    OTHER_ID,
    USER_ID,
    FakeRepository,
    at,
    fill_history,
    screening_result,
    tiny_library,
)

NOW = datetime(2025, 6, 1, 12, tzinfo=UTC)


@pytest.fixture
def repo() -> FakeRepository:
    repo = FakeRepository()
    fill_history(repo, date(2025, 3, 3), 42)
    fill_history(repo, date(2025, 3, 3), 10, seed=99, user_id=OTHER_ID)
    return repo


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


def is_pain(obs: dict[str, Any]) -> bool:
    return any(c["code"] == "72514-3" for c in obs["code"]["coding"])


def test_bundle_and_every_resource_validate(repo: FakeRepository) -> None:
    bundle = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    parsed = Bundle.model_validate(bundle)
    assert parsed.type == "collection"
    assert bundle["timestamp"].startswith("2025-06-01T12:00:00")
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = get_fhir_model_class(resource["resourceType"])
        model.model_validate(resource)  # raises when the resource is not valid FHIR
        assert entry["fullUrl"] == f"urn:uuid:{resource['id']}"
    assert len(resources(bundle, "Patient")) == 1


def test_one_pain_observation_per_rating(repo: FakeRepository) -> None:
    bundle = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    pain = [o for o in resources(bundle, "Observation") if is_pain(o)]
    diary = repo.list_diary(USER_ID)
    sessions = repo.list_sessions(USER_ID)
    screenings = repo.list_screenings(USER_ID)
    expected = Counter(
        [e.pain for e in diary]
        + [s.pain_before for s in sessions if s.pain_before is not None]
        + [s.pain_after for s in sessions if s.pain_after is not None]
        + [f.pain for s in sessions for f in s.feedback if f.pain is not None]
        + [s.answers["pain_now"] for s in screenings]
    )
    assert Counter(int(o["valueQuantity"]["value"]) for o in pain) == expected
    for obs in pain:
        assert obs["code"]["coding"][0]["system"] == "http://loinc.org"
        assert 0 <= obs["valueQuantity"]["value"] <= 10
        assert obs["category"][0]["coding"][0]["code"] == "survey"
    noted = {o["effectiveDateTime"]: o.get("note") for o in pain}
    with_note = [e for e in diary if e.note]
    assert with_note
    assert noted[with_note[0].date.isoformat()] == [{"text": with_note[0].note}]
    notes = Counter(o["note"][0]["text"] for o in pain if "note" in o)
    assert notes["During Dead bug"] == sum(len(s.feedback) for s in sessions)
    assert notes["Before a guided session"] == len(sessions)


def test_questionnaire_responses_point_at_the_instruments(repo: FakeRepository) -> None:
    library = tiny_library()
    bundle = build_bundle(repo, USER_ID, library, generated_at=NOW)
    responses = resources(bundle, "QuestionnaireResponse")
    # Two screenings, each answering the ODI and the RMDQ.
    assert Counter(r["questionnaire"] for r in responses) == {
        "https://q.invalid/Questionnaire/odi": 2,  # the library's identifier
        "urn:backcare:questionnaire:rmdq": 2,  # no identifier in this library
    }
    odi = next(r for r in responses if r["questionnaire"].endswith("/odi"))
    first = repo.list_screenings(USER_ID)[0]
    assert [i["answer"][0]["valueInteger"] for i in odi["item"]] == first.answers["odi"]
    assert all(r["status"] == "completed" for r in responses)


def test_blank_sections_have_no_item_and_choices_are_codings() -> None:
    repo = FakeRepository()
    repo.add_screening(
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(date(2025, 3, 3)),
            answers={
                "odi": [1, None, 2, 2, 1, 0, 1, 1, None, 3],
                "startback": [True, False, True, False, True, True, False, False, "very_much"],
            },
            result=screening_result(30.0, 0, []),
        )
    )
    bundle = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    by_questionnaire = {r["questionnaire"]: r for r in resources(bundle, "QuestionnaireResponse")}
    odi = by_questionnaire["https://q.invalid/Questionnaire/odi"]
    assert [i["linkId"] for i in odi["item"]] == ["1", "3", "4", "5", "6", "7", "8", "10"]
    startback = by_questionnaire["urn:backcare:questionnaire:startback"]
    assert startback["item"][0]["answer"] == [{"valueBoolean": True}]
    assert startback["item"][8]["answer"] == [{"valueCoding": {"code": "very_much"}}]


def test_score_observations_derive_from_their_responses(repo: FakeRepository) -> None:
    bundle = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    scores = [o for o in resources(bundle, "Observation") if not is_pain(o)]
    by_code: dict[str, list[dict[str, Any]]] = {}
    for obs in scores:
        local = next(
            c["code"] for c in obs["code"]["coding"] if c["system"] == "urn:backcare:score"
        )
        by_code.setdefault(local, []).append(obs)
    assert {k: len(v) for k, v in by_code.items()} == {"odi": 2, "rmdq": 2, "startback": 2}
    odi_values = [o["valueQuantity"] for o in by_code["odi"]]
    assert [(v["value"], v["code"]) for v in odi_values] == [(40.0, "%"), (18.0, "%")]
    assert any(c["code"] == "97909-6" for c in by_code["odi"][0]["code"]["coding"])
    full_urls = {e["fullUrl"]: e["resource"] for e in bundle["entry"]}
    for obs in by_code["odi"] + by_code["rmdq"]:
        (source,) = obs["derivedFrom"]
        assert full_urls[source["reference"]]["resourceType"] == "QuestionnaireResponse"
    assert by_code["startback"][0]["interpretation"] == [{"text": "medium"}]


def test_every_reference_resolves_inside_the_bundle(repo: FakeRepository) -> None:
    bundle = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    full_urls = {e["fullUrl"] for e in bundle["entry"]}
    patient = resources(bundle, "Patient")[0]
    assert patient["identifier"] == [{"system": "urn:backcare:user", "value": USER_ID}]
    for entry in bundle["entry"]:
        resource = entry["resource"]
        if "subject" in resource:
            assert resource["subject"]["reference"] in full_urls
    assert len(full_urls) == len(bundle["entry"])


def test_export_is_stable_and_holds_only_this_person(repo: FakeRepository) -> None:
    first = build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW)
    assert build_bundle(repo, USER_ID, tiny_library(), generated_at=NOW) == first
    other = build_bundle(repo, OTHER_ID, tiny_library(), generated_at=NOW)
    ids = {e["fullUrl"] for e in first["entry"]}
    assert ids.isdisjoint(e["fullUrl"] for e in other["entry"])
    assert len(resources(other, "QuestionnaireResponse")) == 4


def test_a_person_with_no_records_gets_a_bundle_with_only_the_patient() -> None:
    bundle = build_bundle(FakeRepository(), USER_ID, None, generated_at=NOW)
    Bundle.model_validate(bundle)
    assert [e["resource"]["resourceType"] for e in bundle["entry"]] == ["Patient"]


def test_canonical_forms() -> None:
    library = tiny_library()
    assert canonical("odi", library) == "https://q.invalid/Questionnaire/odi"
    assert canonical("pain_nrs", library) == "http://loinc.org/q/72514-3"  # system|code
    assert canonical("rmdq", library) == "urn:backcare:questionnaire:rmdq"
    assert canonical("odi", None) == "urn:backcare:questionnaire:odi"


def test_the_shipped_library_names_the_pain_code_and_questionnaires() -> None:
    from backcare.content import load_library

    library = load_library()
    repo = FakeRepository()
    fill_history(repo, date(2025, 3, 3), 14)
    bundle = build_bundle(repo, USER_ID, library, generated_at=NOW)
    Bundle.model_validate(bundle)
    pain = [o for o in resources(bundle, "Observation") if is_pain(o)]
    assert pain
    for response in resources(bundle, "QuestionnaireResponse"):
        instrument = response["questionnaire"].rsplit("/", 1)[-1]
        assert response["questionnaire"] == canonical(instrument, library)
        assert not response["questionnaire"].startswith("urn:backcare:")

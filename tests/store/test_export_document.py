"""The JSON export document: every record with `schema_version`; import takes it back,
idempotently, and refuses a newer or damaged document without changing anything."""

from __future__ import annotations

import copy
import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backcare.domain.records import DiaryEntry, ExerciseFeedback, SessionRecord, User
from backcare.domain.types import REGIONS
from backcare.errors import BadInput
from backcare.services.export import (
    SCHEMA_VERSION,
    SECTIONS,
    export_csv,
    export_json,
    import_json,
)
from backcare.store import open_repository
from backcare.store.repository import SqlRepository
from tests.store.conftest import sqlite_url

FIXTURES = Path(__file__).parent / "fixtures"
T0 = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def new_user(repo: SqlRepository) -> User:
    return repo.create_user(f"person-{uuid.uuid4().hex[:8]}@example.org", "secret-hash")


def fixture_v1() -> dict[str, Any]:
    document: dict[str, Any] = json.loads((FIXTURES / "export_v1.json").read_text())
    return document


def everything(repo: SqlRepository, user_id: str) -> dict[str, Any]:
    """The user's records without the export's own metadata, for before/after comparisons."""
    document = export_json(repo, user_id)
    return {section: document[section] for section in SECTIONS}


def test_a_version_1_export_imports(repo: SqlRepository) -> None:
    user = new_user(repo)
    summary = import_json(repo, user.id, fixture_v1())
    assert summary.added == {
        "screenings": 1,
        "plans": 1,
        "sessions": 1,
        "diary": 2,
        "reminder_events": 1,
    }
    (entry, _) = repo.list_diary(user.id)
    assert entry.id == "d10000000000000000000000000000d1"
    assert entry.user_id == user.id  # records belong to whoever imports them
    assert entry.note == "Stiff after a long drive"
    (session,) = repo.list_sessions(user.id)
    assert session.feedback == (ExerciseFeedback(exercise="bird_dog", pain=2, effort="right"),)
    assert session.started_at == datetime(2026, 11, 2, 18, 0, tzinfo=UTC)


def test_importing_twice_adds_nothing(repo: SqlRepository) -> None:
    user = new_user(repo)
    import_json(repo, user.id, fixture_v1())
    before = everything(repo, user.id)
    again = import_json(repo, user.id, fixture_v1())
    assert again.total_added == 0
    assert again.total_skipped == 6
    assert everything(repo, user.id) == before


def test_export_then_import_into_another_account_gives_the_same_records(
    repo: SqlRepository,
) -> None:
    source, target = new_user(repo), new_user(repo)
    import_json(repo, source.id, fixture_v1())
    document = json.loads(json.dumps(export_json(repo, source.id)))
    assert document["schema_version"] == SCHEMA_VERSION
    assert "secret-hash" not in json.dumps(document)
    import_json(repo, target.id, document)

    def without_owner(data: dict[str, Any]) -> dict[str, Any]:
        for items in data.values():
            for item in items:
                item.pop("user_id")
        return data

    assert without_owner(everything(repo, target.id)) == without_owner(everything(repo, source.id))


def test_a_newer_schema_version_is_refused(repo: SqlRepository) -> None:
    user = new_user(repo)
    document = fixture_v1()
    document["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(BadInput) as caught:
        import_json(repo, user.id, document)
    assert caught.value.key == "schema_version"
    assert "update backcare" in caught.value.message
    assert everything(repo, user.id) == {section: [] for section in SECTIONS}


@pytest.mark.parametrize(
    ("damage", "key"),
    [
        (lambda d: d["diary"][1].update(pain=11), "diary[1].pain"),
        (lambda d: d["sessions"][0]["feedback"][0].update(effort="meh"), "sessions[0].feedback"),
        (lambda d: d["reminder_events"][0].pop("at"), "reminder_events[0].at"),
        (lambda d: d["diary"][0].update(colour="red"), "diary[0].colour"),
        (lambda d: d.update(diary="lots"), "diary"),
        (lambda d: d["plans"].append(7), "plans[1]"),
        (lambda d: d.pop("schema_version"), "schema_version"),
        (lambda d: d.update(schema_version="1"), "schema_version"),
        (lambda d: d.update(workouts=[]), "workouts"),
        (lambda d: d["diary"][1].update(note="a\x00b"), "diary[1]"),
    ],
)
def test_a_damaged_document_is_refused_with_its_first_problem_and_nothing_changes(
    repo: SqlRepository, damage: Any, key: str
) -> None:
    user = new_user(repo)
    kept = repo.add_diary(
        DiaryEntry(user_id=user.id, date=date(2026, 10, 1), pain=2, created_at=T0, updated_at=T0)
    )
    document = fixture_v1()
    damage(document)
    with pytest.raises(BadInput) as caught:
        import_json(repo, user.id, document)
    assert caught.value.key.startswith(key), caught.value
    assert str(caught.value).startswith(f"{caught.value.key}: ")
    assert "\n" not in str(caught.value)
    assert repo.list_diary(user.id) == [kept]
    assert repo.list_sessions(user.id) == []


@pytest.mark.parametrize("document", [[], "export", None, 3])
def test_a_document_that_is_not_an_object_is_refused(repo: SqlRepository, document: Any) -> None:
    with pytest.raises(BadInput) as caught:
        import_json(repo, new_user(repo).id, document)
    assert caught.value.key == "document"


def test_csv_of_diary_and_sessions(repo: SqlRepository) -> None:
    user = new_user(repo)
    import_json(repo, user.id, fixture_v1())
    repo.add_diary(
        DiaryEntry(
            user_id=user.id,
            date=date(2026, 11, 4),
            pain=5,
            regions=("neck", "shoulder"),
            note="=HYPERLINK(1)",
            created_at=T0,
            updated_at=T0,
        )
    )
    diary_lines = export_csv(repo, user.id, "diary").splitlines()
    assert diary_lines[0] == "id,date,pain,regions,note,created_at,updated_at"
    assert diary_lines[1].startswith("d10000000000000000000000000000d1,2026-11-02,4,low_back,")
    # A note never reaches a spreadsheet as a formula.
    assert ",neck;shoulder,'=HYPERLINK(1)," in diary_lines[3]

    session_lines = export_csv(repo, user.id, "sessions").splitlines()
    assert session_lines[0].startswith("id,plan_id,day,started_at,ended_at,minutes,completed")
    assert ",21.0,yes,14,14,5,3,bird_dog:2:right" in session_lines[1]
    assert export_csv(repo, user.id, "diary", start=date(2026, 11, 3)).count("\n") == 3


@pytest.fixture(scope="module")
def shared_repo(tmp_path_factory: pytest.TempPathFactory) -> Any:
    repository = open_repository(sqlite_url(tmp_path_factory.mktemp("roundtrip")))
    yield repository
    repository.close()


diary_entries = st.lists(
    st.tuples(
        # Up to T0's day: an import refuses days past tomorrow (issue 15).
        st.dates(date(2020, 1, 1), T0.date()),
        st.integers(0, 10),
        st.lists(st.sampled_from(REGIONS), unique=True, max_size=4),
        st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=60),
    ),
    max_size=8,
)
sessions = st.lists(
    st.tuples(
        st.integers(0, 10**5),  # within a day of T0, which is in the past
        st.integers(1, 60),
        st.lists(
            st.tuples(
                st.sampled_from(["bird_dog", "cat_cow"]),
                st.none() | st.integers(0, 10),
                st.sampled_from([None, "too_easy", "right", "too_hard"]),
            ),
            max_size=3,
        ),
    ),
    max_size=5,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(diary_entries, sessions)
def test_any_records_survive_export_and_import(
    shared_repo: SqlRepository, entries: list[Any], played: list[Any]
) -> None:
    source, target = new_user(shared_repo), new_user(shared_repo)
    for day, pain, regions, note in entries:
        shared_repo.add_diary(
            DiaryEntry(
                user_id=source.id,
                date=day,
                pain=pain,
                regions=tuple(regions),
                note=note,
                created_at=T0,
                updated_at=T0,
            )
        )
    for seconds, minutes, feedback in played:
        start = T0 + timedelta(seconds=seconds)
        shared_repo.add_session(
            SessionRecord(
                user_id=source.id,
                day=1,
                started_at=start,
                ended_at=start + timedelta(minutes=minutes),
                feedback=tuple(
                    ExerciseFeedback(exercise=e, pain=p, effort=f) for e, p, f in feedback
                ),
            )
        )
    document = json.loads(json.dumps(export_json(shared_repo, source.id)))
    first = import_json(shared_repo, target.id, copy.deepcopy(document))
    second = import_json(shared_repo, target.id, document)
    assert first.total_added == len(entries) + len(played)
    assert second.total_added == 0
    assert [
        e.model_copy(update={"user_id": source.id}) for e in shared_repo.list_diary(target.id)
    ] == (shared_repo.list_diary(source.id))
    assert [
        s.model_copy(update={"user_id": source.id}) for s in shared_repo.list_sessions(target.id)
    ] == shared_repo.list_sessions(source.id)

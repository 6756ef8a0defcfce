"""The repository contract (domain.ports.Repository), on SQLite and on PostgreSQL: records
come back as saved, belong to one user, and go when the user goes."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from backcare.domain.ports import Repository
from backcare.domain.records import (
    DiaryEntry,
    ExerciseFeedback,
    PlanRecord,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
    User,
)
from backcare.errors import Conflict
from backcare.store import tables
from backcare.store.repository import SqlRepository

T0 = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def new_user(repo: SqlRepository) -> User:
    return repo.create_user(f"person-{uuid.uuid4().hex[:8]}@example.org", "hash")


def diary(user: User, day: date, pain: int = 3, **extra: object) -> DiaryEntry:
    return DiaryEntry(user_id=user.id, date=day, pain=pain, created_at=T0, updated_at=T0, **extra)


def session(user: User, started: datetime, **extra: object) -> SessionRecord:
    return SessionRecord(user_id=user.id, day=1, started_at=started, **extra)


def test_sql_repository_satisfies_the_port(repo: SqlRepository) -> None:
    port: Repository = repo  # mypy checks the shape; this checks it at run time too
    for name in Repository.__dict__:
        if not name.startswith("_"):
            assert callable(getattr(port, name)), name


def test_users_are_found_by_id_and_by_email_in_any_case(repo: SqlRepository) -> None:
    user = repo.create_user("  Ana.Silva@Example.ORG ", "h1")
    assert user.email == "ana.silva@example.org"
    assert repo.get_user(user.id) == user
    assert repo.get_user_by_email("ANA.SILVA@example.org") == user
    assert repo.get_user_by_email("nobody@example.org") is None
    assert repo.get_user("0" * 32) is None


def test_an_email_can_be_registered_once(repo: SqlRepository) -> None:
    user = new_user(repo)
    with pytest.raises(Conflict) as caught:
        repo.create_user(user.email.upper(), "other")
    assert caught.value.key == "email"


def test_set_password_hash(repo: SqlRepository) -> None:
    user = new_user(repo)
    repo.set_password_hash(user.id, "new-hash")
    found = repo.get_user(user.id)
    assert found is not None
    assert found.password_hash == "new-hash"


def test_local_user_is_made_once_and_then_reused(repo: SqlRepository) -> None:
    first = repo.local_user()
    assert repo.local_user() == first
    assert first.password_hash == ""  # nobody can sign in as the command line's user


@pytest.mark.parametrize(
    "record_of",
    [
        lambda u: ScreeningRecord(
            user_id=u.id,
            created_at=T0,
            answers={"age": 44, "pain_regions": ["low_back"], "nested": {"a": [1, 2]}},
            result={"urgency": "self_care", "exercise": {"allowed": True, "reasons": []}},
        ),
        lambda u: PlanRecord(
            user_id=u.id,
            created_at=T0,
            profile={"regions": ["neck"], "minutes": 20},
            plan={"days": [{"day": 1, "blocks": []}], "title": "颈部 neck"},
        ),
    ],
    ids=["screening", "plan"],
)
def test_screenings_and_plans_come_back_as_saved(repo: SqlRepository, record_of: object) -> None:
    user = new_user(repo)
    record = record_of(user)  # type: ignore[operator]
    if isinstance(record, ScreeningRecord):
        repo.add_screening(record)
        assert repo.get_screening(user.id, record.id) == record
        assert repo.list_screenings(user.id) == [record]
    else:
        repo.add_plan(record)
        assert repo.get_plan(user.id, record.id) == record
        assert repo.list_plans(user.id) == [record]


def test_sessions_keep_feedback_and_timestamps_in_utc(repo: SqlRepository) -> None:
    user = new_user(repo)
    paris = timezone(timedelta(hours=1))
    record = session(
        user,
        datetime(2026, 11, 20, 18, 0, tzinfo=paris),
        plan_id=uuid.uuid4().hex,
        ended_at=datetime(2026, 11, 20, 18, 25, tzinfo=paris),
        completed_steps=12,
        total_steps=14,
        pain_before=5,
        pain_after=3,
        feedback=(
            ExerciseFeedback(exercise="bird_dog", pain=2, effort="right"),
            ExerciseFeedback(exercise="side_plank", effort="too_hard"),
        ),
        completed=True,
    )
    repo.add_session(record)
    (stored,) = repo.list_sessions(user.id)
    assert stored == record  # equal instants
    assert stored.started_at.utcoffset() == timedelta(0)
    assert stored.started_at.hour == 17
    assert repo.get_session(user.id, record.id) == record


def test_lists_come_oldest_first(repo: SqlRepository) -> None:
    user = new_user(repo)
    later = repo.add_session(session(user, T0 + timedelta(days=2)))
    earlier = repo.add_session(session(user, T0))
    assert repo.list_sessions(user.id) == [earlier, later]
    d2 = repo.add_diary(diary(user, date(2026, 11, 19)))
    d1 = repo.add_diary(diary(user, date(2026, 11, 18)))
    assert repo.list_diary(user.id) == [d1, d2]


def test_date_ranges_include_both_ends(repo: SqlRepository) -> None:
    user = new_user(repo)
    days = [date(2026, 11, d) for d in (1, 2, 3, 4, 5)]
    for day in days:
        repo.add_diary(diary(user, day))
        repo.add_session(session(user, datetime.combine(day, datetime.min.time(), UTC)))
        repo.add_reminder_event(
            ReminderEvent(
                user_id=user.id,
                at=datetime.combine(day, datetime.max.time(), UTC),
                kind="micro",
                action="done",
            )
        )
    start, end = date(2026, 11, 2), date(2026, 11, 4)
    assert [e.date for e in repo.list_diary(user.id, start, end)] == days[1:4]
    assert [s.started_at.date() for s in repo.list_sessions(user.id, start, end)] == days[1:4]
    assert [e.at.date() for e in repo.list_reminder_events(user.id, start, end)] == days[1:4]
    assert len(repo.list_diary(user.id, start=start)) == 4
    assert len(repo.list_diary(user.id, end=start)) == 2


def test_diary_update_and_delete(repo: SqlRepository) -> None:
    user = new_user(repo)
    entry = repo.add_diary(diary(user, date(2026, 11, 20), pain=6, regions=("neck",), note="x"))
    changed = entry.model_copy(
        update={"pain": 2, "regions": ("neck", "shoulder"), "note": "better", "updated_at": T0}
    )
    assert repo.update_diary(changed) == changed
    assert repo.get_diary(user.id, entry.id) == changed
    assert repo.delete_diary(user.id, entry.id) is True
    assert repo.get_diary(user.id, entry.id) is None
    assert repo.delete_diary(user.id, entry.id) is False
    assert repo.update_diary(changed) is None


def test_another_users_records_are_not_found(repo: SqlRepository) -> None:
    owner, other = new_user(repo), new_user(repo)
    entry = repo.add_diary(diary(owner, date(2026, 11, 20)))
    screening = repo.add_screening(
        ScreeningRecord(user_id=owner.id, created_at=T0, answers={}, result={})
    )
    plan = repo.add_plan(PlanRecord(user_id=owner.id, created_at=T0, profile={}, plan={}))
    sess = repo.add_session(session(owner, T0))

    assert repo.get_diary(other.id, entry.id) is None
    assert repo.get_screening(other.id, screening.id) is None
    assert repo.get_plan(other.id, plan.id) is None
    assert repo.get_session(other.id, sess.id) is None
    assert repo.list_diary(other.id) == []
    assert repo.list_sessions(other.id) == []
    assert repo.list_screenings(other.id) == []
    assert repo.list_plans(other.id) == []
    # Nor can they change or delete it.
    assert repo.update_diary(entry.model_copy(update={"user_id": other.id, "pain": 9})) is None
    assert repo.delete_diary(other.id, entry.id) is False
    assert repo.get_diary(owner.id, entry.id) == entry


def test_saving_the_same_id_twice_is_a_conflict(repo: SqlRepository) -> None:
    user = new_user(repo)
    entry = repo.add_diary(diary(user, date(2026, 11, 20)))
    with pytest.raises(Conflict):
        repo.add_diary(entry)
    assert repo.list_diary(user.id) == [entry]


def test_records_need_an_existing_user(repo: SqlRepository) -> None:
    ghost = User(email="ghost@example.org", created_at=T0)
    with pytest.raises(Conflict):
        repo.add_diary(diary(ghost, date(2026, 11, 20)))


def _rows_of(repo: SqlRepository, user_id: str) -> int:
    owned = (
        tables.ScreeningRow,
        tables.PlanRow,
        tables.SessionRow,
        tables.DiaryEntryRow,
        tables.ReminderEventRow,
        tables.AuthSessionRow,
    )
    with repo.engine.connect() as connection:
        return sum(
            connection.scalar(select(func.count()).where(row.user_id == user_id)) or 0
            for row in owned
        )


def test_delete_user_removes_every_record_and_only_theirs(repo: SqlRepository) -> None:
    gone, kept = new_user(repo), new_user(repo)
    for user in (gone, kept):
        repo.add_diary(diary(user, date(2026, 11, 20)))
        repo.add_session(session(user, T0))
        repo.add_screening(ScreeningRecord(user_id=user.id, created_at=T0, answers={}, result={}))
        repo.add_plan(PlanRecord(user_id=user.id, created_at=T0, profile={}, plan={}))
        repo.add_reminder_event(
            ReminderEvent(user_id=user.id, at=T0, kind="long", action="snoozed")
        )
        repo.create_auth_session(user.id, "web", 3600)
    assert _rows_of(repo, gone.id) == 6

    repo.delete_user(gone.id)

    assert repo.get_user(gone.id) is None
    assert repo.get_user_by_email(gone.email) is None
    assert _rows_of(repo, gone.id) == 0
    assert _rows_of(repo, kept.id) == 6


def test_import_records_skips_ids_already_saved(repo: SqlRepository) -> None:
    user = new_user(repo)
    records = [
        diary(user, date(2026, 11, 19)),
        session(user, T0),
        PlanRecord(user_id=user.id, created_at=T0, profile={}, plan={}),
    ]
    assert repo.import_records(user.id, records) == {
        "diary_entries": 1,
        "sessions": 1,
        "plans": 1,
    }
    assert repo.import_records(user.id, records) == {}
    assert len(repo.list_diary(user.id)) == 1


def test_import_records_is_all_or_nothing(
    repo: SqlRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure half-way (here: the third record) leaves nothing of the import behind."""
    from backcare.store.repos import transfer as module

    user = new_user(repo)
    records = [diary(user, date(2026, 11, d)) for d in (17, 18, 19)]
    real_to_row = module._to_row
    calls: list[int] = []

    def failing_to_row(record: object) -> object:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        return real_to_row(record)  # type: ignore[arg-type]

    monkeypatch.setattr(module, "_to_row", failing_to_row)
    with pytest.raises(RuntimeError):
        repo.import_records(user.id, records)
    monkeypatch.undo()
    assert repo.list_diary(user.id) == []


def test_import_for_an_unknown_user_is_refused(repo: SqlRepository) -> None:
    with pytest.raises(Conflict):
        repo.import_records("0" * 32, [])

"""An in-memory Repository and a believable history of records for report and export tests.

The history is made from a seed, so every test that uses it sees the same person: pain that
eases from about 6 to about 3 over the weeks, three sessions planned a week and most of them
done, a screening at the start and one later, and two plans (the second progresses one
exercise and adds a set to another).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta

from backcare.domain.library import Library
from backcare.domain.ports import Repository
from backcare.domain.progress import ProgressSummary, summarise
from backcare.domain.records import (
    DiaryEntry,
    ExerciseFeedback,
    PlanRecord,
    ReminderEvent,
    ScreeningRecord,
    SessionRecord,
    User,
)

USER_ID = "u" * 32
OTHER_ID = "o" * 32


def at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


class FakeRepository:
    """Just enough of the Repository port for reading a person's history."""

    def __init__(self) -> None:
        self.users: dict[str, User] = {}
        self.screenings: list[ScreeningRecord] = []
        self.plans: list[PlanRecord] = []
        self.sessions: list[SessionRecord] = []
        self.diary: list[DiaryEntry] = []
        self.reminders: list[ReminderEvent] = []

    def get_user(self, user_id: str) -> User | None:
        return self.users.get(user_id)

    def local_user(self) -> User:
        if USER_ID not in self.users:
            self.users[USER_ID] = User(
                id=USER_ID, email="local@localhost", created_at=at(date(2025, 1, 1))
            )
        return self.users[USER_ID]

    def add_screening(self, record: ScreeningRecord) -> ScreeningRecord:
        self.screenings.append(record)
        return record

    def list_screenings(self, user_id: str) -> list[ScreeningRecord]:
        return sorted(
            (s for s in self.screenings if s.user_id == user_id), key=lambda s: s.created_at
        )

    def add_plan(self, record: PlanRecord) -> PlanRecord:
        self.plans.append(record)
        return record

    def list_plans(self, user_id: str) -> list[PlanRecord]:
        return sorted((p for p in self.plans if p.user_id == user_id), key=lambda p: p.created_at)

    def add_session(self, record: SessionRecord) -> SessionRecord:
        self.sessions.append(record)
        return record

    def list_sessions(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[SessionRecord]:
        return sorted(
            (
                s
                for s in self.sessions
                if s.user_id == user_id
                and (start is None or s.started_at.date() >= start)
                and (end is None or s.started_at.date() <= end)
            ),
            key=lambda s: s.started_at,
        )

    def add_diary(self, entry: DiaryEntry) -> DiaryEntry:
        self.diary.append(entry)
        return entry

    def list_diary(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[DiaryEntry]:
        return sorted(
            (
                e
                for e in self.diary
                if e.user_id == user_id
                and (start is None or e.date >= start)
                and (end is None or e.date <= end)
            ),
            key=lambda e: (e.date, e.created_at),
        )

    def add_reminder_event(self, event: ReminderEvent) -> ReminderEvent:
        self.reminders.append(event)
        return event

    def list_reminder_events(
        self, user_id: str, start: date | None = None, end: date | None = None
    ) -> list[ReminderEvent]:
        return sorted(
            (
                e
                for e in self.reminders
                if e.user_id == user_id
                and (start is None or e.at.date() >= start)
                and (end is None or e.at.date() <= end)
            ),
            key=lambda e: e.at,
        )


def plan_json(exercises: list[str], wall_angel_sets: int) -> dict[str, object]:
    return {
        "days": [
            {
                "day": 1,
                "title": "Back, core and hips",
                "minutes": 19.5,
                "blocks": [
                    {"kind": "warmup", "exercises": ["cat_cow"], "work_s": 30, "rest_s": 10},
                    {
                        "kind": "circuit",
                        "work_s": 30,
                        "rest_s": 10,
                        "rounds": 3,
                        "round_rest_s": 60,
                        "exercises": exercises,
                    },
                    {
                        "kind": "sets",
                        "exercise": "wall_angel",
                        "sets": wall_angel_sets,
                        "reps": 8,
                        "hold_s": 0,
                        "rest_s": 30,
                    },
                ],
            }
        ],
        "excluded": [],
        "warnings": [],
    }


def screening_result(
    odi: float, rmdq: int, red_flags: list[dict[str, object]]
) -> dict[str, object]:
    urgencies = [str(f["urgency"]) for f in red_flags]
    order = ["emergency", "urgent", "soon", "routine", "self_care"]
    urgency = min(urgencies, key=order.index) if urgencies else "self_care"
    return {
        "urgency": urgency,
        "red_flags": red_flags,
        "ibp": {},
        "causes": [],
        "instruments": {
            "startback": {"total": 4, "psychosocial": 2, "risk": "medium"},
            "odi": {"percent": odi, "band": "moderate" if odi > 20 else "minimal"},
            "rmdq": {"score": rmdq, "of": 24},
        },
        "exercise": {"allowed": True, "reasons": []},
        "unanswered": [],
        "advice": [],
    }


def fill_history(
    repo: Repository | FakeRepository,
    start: date,
    days: int,
    seed: int = 7,
    user_id: str = USER_ID,
) -> None:
    """A person's history over `days` days from `start`."""
    rng = random.Random(seed)
    odi_sections = [3, 2, 2, 3, 1, 2, 2, 1, 2, 2]  # 20 of 50 -> 40 %
    repo.add_screening(
        ScreeningRecord(
            user_id=user_id,
            created_at=at(start, 8),
            answers={
                "age": 42,
                "pain_now": 6,
                "odi": odi_sections,
                "rmdq": [True] * 9 + [False] * 15,
            },
            result=screening_result(
                40.0,
                9,
                [{"id": "radicular", "urgency": "routine", "because": ["leg_pain_below_knee"]}],
            ),
        )
    )
    later = start + timedelta(days=max(1, days * 2 // 3))
    repo.add_screening(
        ScreeningRecord(
            user_id=user_id,
            created_at=at(later, 8),
            answers={
                "age": 42,
                "pain_now": 3,
                "odi": [1, 1, 1, 2, 0, 1, 1, 0, 1, 1],
                "rmdq": [True] * 3 + [False] * 21,
            },
            result=screening_result(18.0, 3, []),
        )
    )
    profile = {"regions": ["low_back"], "days_per_week": 3, "minutes": 20, "level": "beginner"}
    repo.add_plan(
        PlanRecord(
            user_id=user_id,
            created_at=at(start, 8),
            profile=profile,
            plan=plan_json(
                ["back_extension", "dead_bug", "bird_dog", "glute_bridge", "side_plank"], 2
            ),
        )
    )
    repo.add_plan(
        PlanRecord(
            user_id=user_id,
            created_at=at(start + timedelta(days=max(1, days // 2)), 8),
            profile=profile,
            plan=plan_json(
                ["ball_back_extension", "dead_bug", "bird_dog", "glute_bridge", "side_plank"], 3
            ),
        )
    )
    for offset in range(days):
        day = start + timedelta(days=offset)
        progress = offset / max(1, days - 1)
        pain = max(0, min(10, round(6 - 3 * progress + rng.uniform(-1, 1))))
        if rng.random() < 0.85:
            note = "Stiff after a long day at the desk." if offset % 9 == 4 else ""
            repo.add_diary(
                DiaryEntry(
                    user_id=user_id,
                    date=day,
                    pain=pain,
                    regions=("low_back",),
                    note=note,
                    created_at=at(day, 20),
                    updated_at=at(day, 20),
                )
            )
        if day.weekday() in (0, 2, 4) and rng.random() < 0.8:
            completed = rng.random() < 0.9
            repo.add_session(
                SessionRecord(
                    user_id=user_id,
                    day=1,
                    started_at=at(day, 18),
                    ended_at=at(day, 18) + timedelta(minutes=20 if completed else 8),
                    completed_steps=40 if completed else 15,
                    total_steps=40,
                    pain_before=pain,
                    pain_after=max(0, pain - 1),
                    feedback=(ExerciseFeedback(exercise="dead_bug", pain=pain, effort="right"),),
                    completed=completed,
                )
            )


def _exercise(exercise_id: str, **links: str) -> dict[str, object]:
    return {
        "id": exercise_id,
        "name": {"en": exercise_id.replace("_", " ").capitalize()},
        "summary": {"en": "A test exercise."},
        "steps": [{"en": "Start."}, {"en": "Finish."}],
        "cues": [{"en": "Breathe."}],
        "mistakes": [{"en": "Rushing."}],
        "regions": ["low_back"],
        "position": "prone",
        "routines": ["back_core_hip_circuit"],
        "dosing": {"circuit": {"work_s": 30, "rest_s": 10, "source": "test"}},
        "illustration": exercise_id,
        "sources": ["test"],
        **links,
    }


def _instrument(instrument_id: str, mic: float | None, identifier: str | None) -> dict[str, object]:
    return {
        "id": instrument_id,
        "name": {"en": f"{instrument_id.upper()} questionnaire"},
        "description": {"en": "A test instrument."},
        "minimal_important_change": mic,
        "mic_source": "test" if mic is not None else None,
        "identifier": identifier,
        "licence": {"owner": "test", "terms": "free", "ships_wording": True},
        "sources": ["test"],
    }


def tiny_library(pain_mic: float = 2, odi_mic: float = 10, rmdq_mic: float = 5) -> Library:
    """A library with just what progress needs: linked exercises, instruments with their
    minimal important changes (test values, named by the caller), and one red flag."""
    return Library.model_validate(
        {
            "sources": {
                "test": {
                    "id": "test",
                    "kind": "website",
                    "title": "Test",
                    "url": "https://t.invalid",
                }
            },
            "exercises": {
                e["id"]: e
                for e in (
                    _exercise("back_extension", progression="ball_back_extension"),
                    _exercise("ball_back_extension"),
                    _exercise("glute_bridge"),
                    _exercise("ball_bridge", regression="glute_bridge"),
                    _exercise("dead_bug"),
                    _exercise("wall_angel"),
                )
            },
            "instruments": {
                i["id"]: i
                for i in (
                    _instrument("pain_nrs", pain_mic, "http://loinc.org|72514-3"),
                    _instrument("odi", odi_mic, "https://q.invalid/Questionnaire/odi"),
                    _instrument("rmdq", rmdq_mic, None),
                    _instrument("ndi", None, None),
                )
            },
            "red_flags": [
                {
                    "id": "cauda_equina",
                    "urgency": "emergency",
                    "when": {"key": "saddle_numbness"},
                    "title": {"en": "Possible pressure on the nerves at the base of the spine"},
                    "message": {"en": "This needs checking today."},
                    "action": {"en": "Go to an emergency department now."},
                    "sources": ["test"],
                }
            ],
        }
    )


def summary_of(
    repo: Repository, start: date, end: date, library: Library | None = None
) -> ProgressSummary:
    """The progress summary of every record `repo` holds for USER_ID over [start, end]
    (the tiny library unless another is given)."""
    return summarise(
        repo.list_diary(USER_ID),
        repo.list_sessions(USER_ID),
        repo.list_screenings(USER_ID),
        repo.list_plans(USER_ID),
        start,
        end,
        library or tiny_library(),
    )

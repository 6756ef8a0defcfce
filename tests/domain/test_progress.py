"""Progress maths on small hand-made histories: each test states the history and the figures a
person would work out by hand."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from backcare.domain.progress import (
    PlanSummary,
    adherence,
    exercise_changes,
    minimal_important_changes,
    pain_points,
    pain_trend,
    plan_summary,
    score_trends,
    screening_summary,
    streaks,
    summarise,
    week_start,
)
from backcare.domain.records import DiaryEntry, PlanRecord, ScreeningRecord, SessionRecord
from tests.reports.fakes import USER_ID, at, plan_json, screening_result, tiny_library

MONDAY = date(2025, 3, 3)  # a Monday


def diary(day: date, pain: int, note: str = "") -> DiaryEntry:
    return DiaryEntry(
        user_id=USER_ID,
        date=day,
        pain=pain,
        note=note,
        created_at=at(day, 20),
        updated_at=at(day, 20),
    )


def session(
    day: date, completed: bool = True, before: int | None = None, after: int | None = None
) -> SessionRecord:
    return SessionRecord(
        user_id=USER_ID,
        day=1,
        started_at=at(day, 18),
        ended_at=at(day, 18) + timedelta(minutes=20),
        completed=completed,
        pain_before=before,
        pain_after=after,
    )


def plan(day: date, per_week: int | None = 3, exercises: list[str] | None = None) -> PlanRecord:
    profile = {"days_per_week": per_week} if per_week is not None else {}
    return PlanRecord(
        user_id=USER_ID,
        created_at=at(day, 8),
        profile=profile,
        plan=plan_json(exercises or ["back_extension", "dead_bug"], 2),
    )


def screening(
    day: date, odi: float, rmdq: int, flags: list[dict[str, object]] | None = None
) -> ScreeningRecord:
    return ScreeningRecord(
        user_id=USER_ID,
        created_at=at(day, 8),
        answers={},
        result=screening_result(odi, rmdq, flags or []),
    )


MICS = minimal_important_changes(tiny_library(pain_mic=2))


def test_weeks_start_on_monday() -> None:
    assert week_start(date(2025, 3, 9)) == MONDAY  # Sunday
    assert week_start(MONDAY) == MONDAY
    assert week_start(date(2025, 3, 10)) == date(2025, 3, 10)


# --- pain ---------------------------------------------------------------------------------


def test_pain_drop_of_two_points_in_weekly_means_is_flagged_better() -> None:
    # Week 1: 6, 6, 7 -> 6.3; week 2: 4, 4 -> 4.0; change -2.3, beyond the 2-point MIC.
    entries = [diary(MONDAY, 6), diary(MONDAY + timedelta(1), 6), diary(MONDAY + timedelta(2), 7)]
    entries += [diary(MONDAY + timedelta(7), 4), diary(MONDAY + timedelta(8), 4)]
    trend = pain_trend(entries, [], MONDAY, MONDAY + timedelta(13), MICS["pain_nrs"])
    assert [w.mean for w in trend.weeks] == [6.3, 4.0]
    assert [w.days_rated for w in trend.weeks] == [3, 2]
    assert trend.change == -2.3
    assert trend.direction == "better"


def pairs(*days_and_pain: tuple[int, int]) -> list[DiaryEntry]:
    """Two ratings a day apart for each (day, pain): a compared week needs two rated days."""
    return [diary(MONDAY + timedelta(d + k), p) for d, p in days_and_pain for k in (0, 1)]


def test_a_change_of_exactly_the_mic_counts() -> None:
    # Premise since issue 14: each compared week holds two rated days.
    trend = pain_trend(pairs((0, 5), (7, 3)), [], MONDAY, MONDAY + timedelta(20), MICS["pain_nrs"])
    assert trend.change == -2.0
    assert trend.direction == "better"
    worse = pain_trend(pairs((0, 5), (14, 7)), [], MONDAY, MONDAY + timedelta(20), MICS["pain_nrs"])
    assert worse.change == 2.0
    assert worse.direction == "worse"


def test_a_change_below_the_mic_is_steady() -> None:
    entries = pairs((0, 5), (7, 4))
    trend = pain_trend(entries, [], MONDAY, MONDAY + timedelta(13), MICS["pain_nrs"])
    assert trend.change == -1.0
    assert trend.direction == "steady"


def test_the_mic_comes_from_the_library() -> None:
    entries = pairs((0, 6), (7, 3))
    strict = minimal_important_changes(tiny_library(pain_mic=4))["pain_nrs"]
    assert pain_trend(entries, [], MONDAY, MONDAY + timedelta(13), strict).direction == "steady"
    assert pain_trend(entries, [], MONDAY, MONDAY + timedelta(13), None).direction == "unknown"


def test_one_week_has_no_change() -> None:
    trend = pain_trend([diary(MONDAY, 5)], [], MONDAY, MONDAY + timedelta(6), MICS["pain_nrs"])
    assert trend.first_week == trend.last_week == 5.0
    assert trend.change is None
    assert trend.direction == "unknown"


def test_the_last_week_is_the_last_seven_days_not_a_lone_monday() -> None:
    # Two weeks at 6 then 3, and one Monday at 9: the last seven days are 3 x 6 and 9 -> 3.9.
    entries = [diary(MONDAY + timedelta(d), 6 if d < 7 else 3) for d in range(14)]
    entries.append(diary(MONDAY + timedelta(14), 9))
    trend = pain_trend(entries, [], MONDAY, MONDAY + timedelta(14), MICS["pain_nrs"])
    assert trend.weeks[-1].mean == 9.0  # the calendar week, as the chart shows it
    assert (trend.first_week, trend.last_week, trend.change) == (6.0, 3.9, -2.1)
    assert trend.direction == "better"


def test_weekly_mean_uses_one_value_per_day() -> None:
    # Two entries on Monday (8 and 4 -> 6) and one on Tuesday (3): (6 + 3) / 2 = 4.5.
    entries = [diary(MONDAY, 8), diary(MONDAY, 4), diary(MONDAY + timedelta(1), 3)]
    trend = pain_trend(entries, [], MONDAY, MONDAY + timedelta(6))
    assert trend.weeks[0].mean == 4.5
    assert trend.weeks[0].middle == MONDAY + timedelta(1)  # Mon and Tue: x.5 rounds up


def test_session_rating_fills_a_day_without_diary_and_diary_wins() -> None:
    tuesday = MONDAY + timedelta(1)
    points = pain_points(
        [diary(MONDAY, 5)],
        [session(MONDAY, before=9, after=1), session(tuesday, before=7, after=2)],
        MONDAY,
        MONDAY + timedelta(6),
    )
    assert [(p.date, p.pain, p.source) for p in points] == [
        (MONDAY, 5, "diary"),
        (tuesday, 7, "session"),  # before the session; the after-rating is left out
    ]


def test_records_outside_the_period_are_left_out() -> None:
    entries = [diary(MONDAY - timedelta(1), 9), diary(MONDAY, 2), diary(MONDAY + timedelta(7), 9)]
    trend = pain_trend(entries, [session(MONDAY - timedelta(2))], MONDAY, MONDAY + timedelta(6))
    assert [p.pain for p in trend.points] == [2]
    assert trend.session_days == ()


# --- adherence ----------------------------------------------------------------------------


def test_full_week_plans_days_per_week_and_counts_completed_sessions() -> None:
    sessions = [
        session(MONDAY),
        session(MONDAY + timedelta(2)),
        session(MONDAY + timedelta(4), completed=False),
    ]
    done = adherence(sessions, [plan(MONDAY)], MONDAY, MONDAY + timedelta(6))
    assert [(w.planned, w.done, w.started) for w in done.weeks] == [(3, 2, 3)]
    assert done.percent == pytest.approx(66.7)
    assert done.minutes == 60.0


def test_plan_made_midweek_asks_its_share_of_the_week() -> None:
    # Made on Thursday: 4 days x 3/7 = 1.71 -> 2 sessions; the next week asks all 3.
    thursday = MONDAY + timedelta(3)
    done = adherence([], [plan(thursday)], MONDAY, MONDAY + timedelta(13))
    assert [w.planned for w in done.weeks] == [2, 3]
    assert done.percent == 0.0


def test_a_new_plan_takes_over_from_its_day() -> None:
    # 3 a week Mon-Wed (9/7) then 5 a week Thu-Sun (20/7): 29/7 = 4.14 -> 4.
    plans = [plan(MONDAY - timedelta(7), 3), plan(MONDAY + timedelta(3), 5)]
    done = adherence([], plans, MONDAY, MONDAY + timedelta(6))
    assert done.weeks[0].planned == 4


def test_without_a_plan_nothing_is_planned_and_percent_is_unknown() -> None:
    done = adherence([session(MONDAY)], [], MONDAY, MONDAY + timedelta(6))
    assert done.planned == 0
    assert done.done == 1
    assert done.percent is None


def test_plan_without_days_per_week_asks_one_session_per_plan_day() -> None:
    done = adherence([], [plan(MONDAY, per_week=None)], MONDAY, MONDAY + timedelta(6))
    assert done.planned == 1  # plan_json has one day


def test_percent_is_capped_at_one_hundred() -> None:
    sessions = [session(MONDAY + timedelta(d)) for d in range(7)]
    done = adherence(sessions, [plan(MONDAY)], MONDAY, MONDAY + timedelta(6))
    assert done.done == 7
    assert done.percent == 100.0


# --- streaks --------------------------------------------------------------------------------


def test_day_streaks_count_consecutive_days_and_today_does_not_break_them() -> None:
    days = [MONDAY, MONDAY + timedelta(2), MONDAY + timedelta(3), MONDAY + timedelta(4)]
    end = MONDAY + timedelta(5)  # nothing yet on the last day
    result = streaks([session(d) for d in days], [], MONDAY, end)
    assert result.current_days == 3
    assert result.longest_days == 3
    broken = streaks([session(d) for d in days], [], MONDAY, end + timedelta(1))
    assert broken.current_days == 0


def test_week_streaks_count_weeks_that_met_the_plan() -> None:
    sessions = [session(MONDAY + timedelta(week * 7 + d)) for week in (0, 2, 3) for d in (0, 2, 4)]
    end = MONDAY + timedelta(4 * 7 + 1)  # a fifth week has just begun
    done = adherence(sessions, [plan(MONDAY)], MONDAY, end)
    result = streaks(sessions, done.weeks, MONDAY, end)
    assert [w.done >= w.planned for w in done.weeks] == [True, False, True, True, False]
    assert result.current_weeks == 2
    assert result.longest_weeks == 2


# --- questionnaire scores ------------------------------------------------------------------


def test_odi_drop_of_ten_points_is_better_and_rmdq_below_mic_is_steady() -> None:
    screenings = [screening(MONDAY, 40.0, 9), screening(MONDAY + timedelta(28), 28.0, 6)]
    trends = {
        t.instrument: t for t in score_trends(screenings, MONDAY, MONDAY + timedelta(30), MICS)
    }
    assert set(trends) == {"odi", "rmdq"}  # no NDI answered
    assert (trends["odi"].first, trends["odi"].latest, trends["odi"].change) == (40, 28, -12)
    assert trends["odi"].direction == "better"
    assert trends["odi"].unit == "percent"
    assert trends["rmdq"].change == -3
    assert trends["rmdq"].direction == "steady"


def test_scores_without_a_mic_have_unknown_direction() -> None:
    screenings = [
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(MONDAY + timedelta(d), 8),
            answers={},
            result={"urgency": "self_care", "instruments": {"ndi": {"score": s, "percent": s * 2}}},
        )
        for d, s in ((0, 30), (14, 10))
    ]
    (ndi,) = score_trends(screenings, MONDAY, MONDAY + timedelta(20), MICS)
    assert ndi.change == -20
    assert ndi.direction == "unknown"  # the tiny library gives NDI no MIC


def test_malformed_scores_are_skipped() -> None:
    bad = [
        ScreeningRecord(
            user_id=USER_ID,
            created_at=at(MONDAY, 8),
            answers={},
            result={"instruments": {"odi": {"percent": "high"}, "rmdq": {"score": 99}}},
        )
    ]
    assert score_trends(bad, MONDAY, MONDAY, MICS) == []


# --- exercises made harder or easier ----------------------------------------------------


def test_swaps_to_a_progression_or_regression_and_dose_changes_are_found() -> None:
    library = tiny_library()
    first = plan(MONDAY, exercises=["back_extension", "ball_bridge", "dead_bug"])
    second = PlanRecord(
        user_id=USER_ID,
        created_at=at(MONDAY + timedelta(14), 8),
        profile={"days_per_week": 3},
        plan=plan_json(["ball_back_extension", "glute_bridge", "dead_bug"], 3),
    )
    changes = exercise_changes([second, first], library)  # order of the input does not matter
    found = {(c.exercise, c.kind, c.how, c.replaced_by, c.before, c.after) for c in changes}
    assert found == {
        ("back_extension", "progressed", "swapped", "ball_back_extension", None, None),
        ("ball_bridge", "regressed", "swapped", "glute_bridge", None, None),
        ("wall_angel", "progressed", "dose", None, "2 × 8", "3 × 8"),
    }
    assert all(c.at == second.created_at for c in changes)


def test_the_link_may_be_written_on_the_newer_exercise() -> None:
    # glute_bridge has no progression, but ball_bridge names glute_bridge as its regression.
    library = tiny_library()
    older = plan(MONDAY, exercises=["glute_bridge"])
    newer = plan(MONDAY + timedelta(7), exercises=["ball_bridge"])
    (change,) = [c for c in exercise_changes([older, newer], library) if c.how == "swapped"]
    assert (change.exercise, change.kind, change.replaced_by) == (
        "glute_bridge",
        "progressed",
        "ball_bridge",
    )


def test_unrelated_swaps_and_same_plans_are_no_change() -> None:
    library = tiny_library()
    older = plan(MONDAY, exercises=["dead_bug"])
    same = plan(MONDAY + timedelta(7), exercises=["dead_bug"])
    other = plan(MONDAY + timedelta(14), exercises=["back_extension"])
    assert exercise_changes([older, same], library) == []
    assert exercise_changes([same, other], library) == []


# --- screening, plan, whole summary --------------------------------------------------------


def test_latest_screening_urgency_and_red_flags_in_plain_words() -> None:
    flag = {"id": "cauda_equina", "urgency": "emergency", "because": ["saddle_numbness"]}
    unknown = {"id": "new_flag", "urgency": "routine", "because": []}
    screenings = [
        screening(MONDAY + timedelta(7), 30, 5, [flag, unknown]),
        screening(MONDAY, 40, 9),
    ]
    summary = screening_summary(screenings, tiny_library())
    assert summary is not None
    assert summary.urgency == "emergency"
    assert summary.at == at(MONDAY + timedelta(7), 8)
    assert [(f.id, f.urgency) for f in summary.red_flags] == [
        ("cauda_equina", "emergency"),
        ("new_flag", "routine"),
    ]
    assert summary.red_flags[0].action == "Go to an emergency department now."
    assert summary.red_flags[1].title == "new flag"  # not in the library: its id in words
    assert summary.startback_risk == "medium"
    assert screening_summary([], None) is None


def test_plan_summary_reads_the_newest_plan() -> None:
    older = plan(MONDAY, 2, ["dead_bug"])
    newer = PlanRecord(
        user_id=USER_ID,
        created_at=at(MONDAY + timedelta(3), 8),
        profile={"days_per_week": 4, "minutes": 25, "level": "beginner", "regions": ["neck"]},
        plan=plan_json(["back_extension"], 2),
    )
    assert plan_summary([newer, older]) == PlanSummary(
        at=newer.created_at,
        days_per_week=4,
        minutes=25,
        level="beginner",
        regions=("neck",),
        exercises=("back_extension", "wall_angel"),
    )


def test_summary_of_a_period() -> None:
    library = tiny_library()
    entries = [
        diary(MONDAY + timedelta(d), 6 if d < 7 else 3, "stiff" if d == 1 else "")
        for d in range(14)
    ]
    sessions = [session(MONDAY + timedelta(d)) for d in (0, 2, 4, 7, 9, 11)]
    plans = [plan(MONDAY - timedelta(10), exercises=["back_extension"])]
    plans.append(plan(MONDAY + timedelta(7), exercises=["ball_back_extension"]))
    screenings = [
        screening(MONDAY - timedelta(10), 40, 9),
        screening(MONDAY + timedelta(20), 10, 1),
    ]
    summary = summarise(
        entries, sessions, screenings, plans, MONDAY, MONDAY + timedelta(13), library
    )
    assert summary.pain.change == -3.0
    assert summary.pain.direction == "better"
    assert (summary.adherence.planned, summary.adherence.done) == (6, 6)
    assert summary.streaks.current_weeks == 2
    # The plan in force at the start is compared with the one made during the period.
    assert [(c.exercise, c.kind) for c in summary.exercise_changes] == [
        ("back_extension", "progressed")
    ]
    # The screening after the end is not known yet; the one before the start is the latest.
    assert summary.screening is not None
    assert summary.screening.at == at(MONDAY - timedelta(10), 8)
    assert summary.scores == ()  # no screening inside the period
    assert [(n.date, n.note) for n in summary.notes] == [(MONDAY + timedelta(1), "stiff")]


def test_end_before_start_is_refused() -> None:
    with pytest.raises(ValueError, match="before start"):
        summarise([], [], [], [], MONDAY, MONDAY - timedelta(1))


def test_empty_history_gives_an_empty_summary() -> None:
    summary = summarise([], [], [], [], MONDAY, MONDAY + timedelta(27))
    assert summary.pain.points == ()
    assert summary.adherence.planned == 0
    assert len(summary.adherence.weeks) == 4
    assert summary.screening is None
    assert summary.plan is None


# --- issue 14: a change is called only with enough data, and only when it matters ------------


def test_two_ratings_a_year_apart_are_too_little_data() -> None:
    entries = [diary(MONDAY, 7), diary(MONDAY + timedelta(365), 4)]
    trend = pain_trend(entries, [], MONDAY, MONDAY + timedelta(365), MICS["pain_nrs"])
    assert not trend.enough_data
    assert trend.change is None
    assert trend.direction == "unknown"
    assert trend.opening is not None
    assert trend.closing is not None
    assert (trend.opening.days_rated, trend.closing.days_rated) == (1, 1)


def test_a_year_apart_with_two_ratings_each_end_names_its_dates() -> None:
    late = MONDAY + timedelta(365)
    entries = [diary(MONDAY, 7), diary(MONDAY + timedelta(2), 7)]
    entries += [diary(late, 4), diary(late + timedelta(1), 4)]
    trend = pain_trend(entries, [], MONDAY, late + timedelta(1), MICS["pain_nrs"])
    assert trend.enough_data
    assert trend.opening is not None
    assert trend.closing is not None
    assert (trend.opening.first, trend.opening.last, trend.opening.mean) == (
        MONDAY,
        MONDAY + timedelta(2),
        7.0,
    )
    assert (trend.closing.first, trend.closing.last, trend.closing.mean) == (
        late,
        late + timedelta(1),
        4.0,
    )
    assert trend.change == -3.0
    assert trend.direction == "better"


def test_pain_needs_two_points_and_thirty_percent() -> None:
    """Ostelo 2008: 2 points and 30 % of the start; backcare asks both."""
    both = minimal_important_changes(tiny_library(pain_mic=2))["pain_nrs"].model_copy(
        update={"percent": 30.0}
    )
    # 9 -> 7: 2 points but 22 %: not yet a change that matters.
    high = pain_trend(pairs((0, 9), (7, 7)), [], MONDAY, MONDAY + timedelta(13), both)
    assert high.change == -2.0
    assert high.direction == "steady"
    # 6 -> 4: 2 points and 33 %: better.
    low = pain_trend(pairs((0, 6), (7, 4)), [], MONDAY, MONDAY + timedelta(13), both)
    assert low.direction == "better"


def test_the_library_states_both_parts_of_the_pain_mic() -> None:
    from backcare.content import load_library

    mic = minimal_important_changes(load_library())["pain_nrs"]
    assert (mic.value, mic.percent, mic.source) == (2, 30, "ostelo_2008")


def test_a_week_with_a_plan_in_force_never_plans_zero() -> None:
    """Issue 14: a plan made on a Sunday asked 3/7 of a session that week, rounded to 0, and
    the chart showed "planned 0 / done 1" though a plan was in force."""
    sunday = MONDAY + timedelta(days=6)
    done = adherence([session(sunday)], [plan(sunday)], MONDAY, MONDAY + timedelta(13))
    assert [(w.planned, w.done) for w in done.weeks] == [(1, 1), (3, 0)]
    none = adherence([], [], MONDAY, MONDAY + timedelta(6))
    assert [(w.planned, w.done) for w in none.weeks] == [(0, 0)]

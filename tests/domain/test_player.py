"""The session player: a state machine over a timeline, stepped by a fake clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from backcare.domain.plans import CircuitBlock, PlanDay, SetsBlock, WarmupBlock
from backcare.domain.player import Countdown, Finished, Paused, Player, Resumed, StepChanged
from backcare.domain.timeline import Timeline, day_timeline


class FakeClock:
    def __init__(self) -> None:
        self.t = 1000.0
        self.start = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        return self.t

    def now(self) -> datetime:
        return self.start + timedelta(seconds=self.t - 1000.0)

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def line() -> Timeline:
    day = PlanDay(
        day=1,
        title="Test",
        minutes=0,
        blocks=[
            WarmupBlock(exercises=["cat_cow"], work_s=20, rest_s=0),
            CircuitBlock(rounds=3, exercises=["a", "b", "c", "d", "e"]),
            SetsBlock(exercise="wall_angel", sets=2, reps=8, rest_s=30, pace_s=3),
        ],
    )
    return day_timeline(day)


def test_start_shows_the_first_step_and_its_countdown(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    events = player.start()
    assert events[0] == StepChanged(0, line.steps[0], "start")
    assert Countdown(0, 10) in events
    assert player.state == "running"
    assert player.remaining_s() == 10


def test_time_moves_through_steps_exactly(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(9.5)
    assert player.tick() == [Countdown(0, 1)]
    clock.advance(0.5)
    events = player.tick()
    assert StepChanged(1, line.steps[1], "time") in events
    assert player.step.phase == "work"
    assert player.remaining_s() == 20
    clock.advance(25)  # late tick: catches up through every step it missed
    player.tick()
    assert player.elapsed_s() == pytest.approx(35)


def test_countdown_is_reported_once_per_shown_second(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    shown = []
    for _ in range(40):
        clock.advance(0.25)
        shown += [e.seconds_left for e in player.tick() if isinstance(e, Countdown)]
    assert shown[:10] == [9, 8, 7, 6, 5, 4, 3, 2, 1, 20]


def test_pause_and_resume_keep_the_remaining_time_exact(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(3.25)
    assert Paused(0) in player.pause()
    left = player.remaining_s()
    assert left == pytest.approx(6.75)
    clock.advance(600)  # a long pause moves nothing
    assert player.tick() == []
    assert player.remaining_s() == left
    assert player.resume() == [Resumed(0)]
    clock.advance(6.7)
    player.tick()
    assert player.index == 0
    assert player.remaining_s() == pytest.approx(0.05)
    clock.advance(0.05)
    player.tick()
    assert player.index == 1


def test_skip_moves_to_the_next_step_and_back_returns(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(4)
    events = player.skip()
    assert events[0] == StepChanged(1, line.steps[1], "skip")
    assert player.remaining_s() == line.steps[1].duration_s
    clock.advance(2)
    player.back()
    assert player.index == 0
    assert player.remaining_s() == 10


def test_skip_while_paused_stays_paused(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    player.pause()
    player.skip()
    clock.advance(100)
    player.tick()
    assert player.state == "paused"
    assert player.index == 1
    assert player.remaining_s() == line.steps[1].duration_s


def test_quitting_keeps_the_partial_log(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(10 + 20 + 10 + 30 + 10 + 12)  # prepare, warm-up, prepare, a, rest, 12 s of b
    player.tick()
    assert player.step.exercise == "b"
    assert player.step.phase == "work"
    events = player.stop()
    assert events == [Finished(completed=False)]
    log = player.log()
    assert log.completed is False
    assert log.completed_steps == 5
    assert log.exercises == ("cat_cow", "a")
    assert log.work_seconds == pytest.approx(20 + 30 + 12)
    assert log.total_steps == len(line.steps) - 1
    assert log.started_at == clock.start
    assert log.ended_at == clock.start + timedelta(seconds=92)
    assert player.tick() == []
    assert player.skip() == []


def test_running_to_the_end_finishes_once(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(line.total_s + 5)
    events = player.tick()
    assert events.count(Finished(completed=True)) == 1
    assert player.state == "finished"
    log = player.log()
    assert log.completed
    assert log.completed_steps == log.total_steps
    assert log.exercises == ("cat_cow", "a", "b", "c", "d", "e", "wall_angel")
    assert player.progress() == 1.0
    assert player.tick() == []


def test_skipping_the_last_step_finishes(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(line.steps[-2].t + 1)
    player.tick()
    events = player.skip()
    assert Finished(completed=True) in events
    assert player.log().skipped_steps == 1


@settings(max_examples=200, deadline=None)
@given(
    actions=st.lists(
        st.tuples(st.sampled_from(["wait", "pause", "resume", "skip", "back"]), st.floats(0, 50)),
        max_size=30,
    )
)
def test_timeline_position_never_runs_ahead_of_the_clock(
    actions: list[tuple[str, float]],
) -> None:
    """Without skips the player is never further along than the time spent running."""
    day = PlanDay(
        day=1,
        title="x",
        minutes=0,
        blocks=[CircuitBlock(rounds=3, exercises=["a", "b", "c", "d", "e"])],
    )
    line = day_timeline(day)
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    running_time = 0.0
    skipped = False
    for action, seconds in actions:
        if action == "wait":
            if player.state == "running":
                running_time += seconds
            clock.advance(seconds)
            player.tick()
        elif action in ("skip", "back"):
            skipped = True
            getattr(player, action)()
        else:
            getattr(player, action)()
        assert 0 <= player.remaining_s() <= player.step.duration_s
        if not skipped and player.state != "finished":
            assert player.elapsed_s() == pytest.approx(min(running_time, line.total_s))


def test_only_main_exercises_are_offered_for_rating(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(12)  # warm-up work
    player.tick()
    assert player.exercise_to_rate() is None
    clock.advance(60)  # t = 72 s: the rest after the circuit's first exercise (40-70 s)
    player.tick()
    assert player.step.phase == "rest"
    assert player.exercise_to_rate() == "a"


def test_spoken_cues_come_from_the_exercise_content() -> None:
    from backcare.content import load_library
    from backcare.domain.player import spoken_cue

    lib = load_library()
    wall_angel = lib.exercise("wall_angel")
    day = PlanDay(
        day=1,
        title="x",
        minutes=0,
        blocks=[SetsBlock(exercise="wall_angel", sets=3, reps=8, rest_s=30)],
    )
    steps = day_timeline(day).steps
    said = [spoken_cue(step, lib) for step in steps]
    name = wall_angel.name.en
    assert said[0] == f"Get ready. {name}."
    assert said[1] == f"{name}. {wall_angel.cues[0].en}"
    assert said[3] == f"{name}. {wall_angel.cues[1 % len(wall_angel.cues)].en}"
    assert said[2] == "Rest. Set 2 is next."
    assert said[-1] == "Session complete. Well done."
    assert spoken_cue(steps[1], lib, "zh").startswith(wall_angel.name.get("zh"))


def test_skipping_every_step_to_the_end_is_not_a_done_session(line: Timeline) -> None:
    """Reaching the end by skipping is not exercise: the log says not completed, no step done,
    so adherence does not count it (issue 14)."""
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    while player.state == "running":
        clock.advance(0.5)
        player.skip()
    assert player.state == "finished"
    log = player.log()
    assert log.completed_steps == 0
    assert log.exercises == ()
    assert not log.completed


def test_a_session_with_only_the_warm_up_done_is_not_completed(line: Timeline) -> None:
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(line.steps[2].t)  # prepare and the warm-up's work step ran out
    player.tick()
    while player.state == "running":
        player.skip()
    log = player.log()
    assert log.completed_steps >= 1
    assert not log.completed, "no main exercise was done"


def test_reported_steps_are_counted_as_the_terminal_counts_them(line: Timeline) -> None:
    from backcare.domain.player import counted_steps

    steps = line.steps
    closing = len(steps) - 1
    assert steps[closing].phase == "done"
    done, total = counted_steps(steps, [0, 1, closing, len(steps) + 5])
    assert done == {0, 1}  # the closing mark and an index past the end are not steps
    assert total == len(steps) - 1
    # A player that ran every step agrees with the terminal player's own log.
    clock = FakeClock()
    player = Player(line, clock)
    player.start()
    clock.advance(sum(step.duration_s for step in steps) + 1)
    player.tick()
    log = player.log()
    assert len(counted_steps(steps, range(len(steps)))[0]) == log.completed_steps
    assert total == log.total_steps

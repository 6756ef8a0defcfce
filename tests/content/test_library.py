"""The real exercise library: it loads clean, its links resolve, and it keeps the article's
routines and doses (shared/brief/content.md section 4)."""

from __future__ import annotations

import pytest

from backcare.content import check_content
from backcare.domain.library import Exercise, Library

from .conftest import CONTENT


def test_real_library_has_no_problems() -> None:
    assert [str(p) for p in check_content(CONTENT)] == []


def test_library_is_large_enough_to_plan_from(library: Library) -> None:
    assert len(library.exercises) >= 36


@pytest.mark.parametrize("kind", ["regression", "progression"])
def test_every_link_resolves_to_another_exercise(library: Library, kind: str) -> None:
    for ex in library.exercises.values():
        target = getattr(ex, kind)
        if target is not None:
            assert target in library.exercises, f"{ex.id}.{kind} -> {target}"
            assert target != ex.id


@pytest.mark.parametrize("kind", ["regression", "progression"])
def test_following_links_never_comes_back(library: Library, kind: str) -> None:
    """Easier-and-easier (or harder-and-harder) chains end instead of looping."""
    for start in library.exercises.values():
        seen = {start.id}
        current: Exercise | None = start
        while current is not None and getattr(current, kind) is not None:
            nxt = getattr(current, kind)
            assert nxt not in seen, f"{kind} chain from {start.id} loops at {nxt}"
            seen.add(nxt)
            current = library.exercises.get(nxt)


def test_a_regression_is_never_also_the_progression(library: Library) -> None:
    for ex in library.exercises.values():
        if ex.regression and ex.progression:
            assert ex.regression != ex.progression, ex.id


def test_every_exercise_is_complete_for_a_plan(library: Library) -> None:
    """plan.md: instructions, regions, equipment, dosing, an illustration and a source."""
    for ex in library.exercises.values():
        assert len(ex.steps) >= 2, ex.id
        assert 2 <= len(ex.cues) <= 4, ex.id
        assert all(len(c.en) <= 60 for c in ex.cues), f"{ex.id}: cues are spoken, keep them short"
        assert ex.mistakes, ex.id
        assert ex.illustration == ex.id
        assert ex.sources, ex.id
        assert set(ex.sources) <= set(library.sources), ex.id
        assert ex.name.zh, f"{ex.id} needs a Chinese name"
        assert ex.muscles, ex.id


def test_lying_positions_carry_their_safety_tags(library: Library) -> None:
    """The pregnancy rule excludes by tag, so a face-down or face-up exercise must say so."""
    for ex in library.exercises.values():
        if ex.position in ("prone", "supine"):
            assert ex.position in ex.safety_tags, ex.id
        if ex.position in ("prone", "supine", "side_lying", "quadruped", "kneeling", "plank"):
            assert "floor" in ex.safety_tags, ex.id
        if ex.position in ("quadruped", "kneeling"):
            assert "kneeling" in ex.safety_tags, ex.id


def test_equipment_lists_only_what_is_needed(library: Library) -> None:
    """Ball and band moves name them; the article's own floor moves need nothing else."""
    for ex in library.exercises.values():
        if ex.id.startswith("ball_"):
            assert "ball" in ex.equipment, ex.id
        if ex.id.startswith("banded_") or ex.id == "pallof_press":
            assert "band" in ex.equipment, ex.id
    assert library.exercise("butterfly").equipment == ()
    assert library.exercise("butterfly_bottle").equipment == ("bottle",)
    assert library.exercise("butterfly").progression == "butterfly_bottle"


# --- The article's routines -------------------------------------------------------------------


BACK_CORE_HIP = {
    "back_extension",
    "ball_pike",
    "ball_bridge",
    "ball_hamstring_curl",
    "ball_back_extension",
    "ball_rollout",
    "bird_dog",
    "side_plank",
    "banded_clamshell",
    "banded_glute_bridge",
    "banded_row",
}
NECK_SHOULDER = {
    "open_book",
    "four_direction_nods",
    "wall_angel",
    "butterfly",
    "lucky_cat",
    "gecko_wall_crawl",
}
CORE_SIX = {"dead_bug", "forearm_plank", "bird_dog", "side_plank", "glute_bridge", "pallof_press"}


def _named(library: Library, routine: str) -> set[str]:
    return {ex.id for ex in library.routine(routine, substitutes=False)}  # type: ignore[arg-type]


def test_the_routines_hold_the_articles_counts(library: Library) -> None:
    assert _named(library, "back_core_hip_circuit") == BACK_CORE_HIP
    assert _named(library, "neck_shoulder") == NECK_SHOULDER
    assert _named(library, "core_six") == CORE_SIX


def test_substitutes_join_routines_without_counting_as_their_moves(library: Library) -> None:
    everything = {ex.id for ex in library.routine("back_core_hip_circuit")}
    assert everything > BACK_CORE_HIP
    for ex_id in everything - BACK_CORE_HIP:
        assert library.exercise(ex_id).substitute


@pytest.mark.parametrize(
    ("exercise_id", "article_name"),
    [
        ("back_extension", "back extension"),
        ("ball_pike", "pike"),
        ("wall_angel", "wall angel"),
        ("butterfly", "butterfly"),
        ("lucky_cat", "lucky cat"),
        ("gecko_wall_crawl", "gecko"),
        ("four_direction_nods", "nods"),
        ("open_book", "thoracic"),
        ("dead_bug", "dead bug"),
        ("forearm_plank", "forearm plank"),
    ],
)
def test_the_articles_exercises_are_marked_as_its_own(
    library: Library, exercise_id: str, article_name: str
) -> None:
    ex = library.exercise(exercise_id)
    assert ex.article_name is not None
    assert article_name in ex.article_name
    assert "article" in ex.sources


def test_completions_say_where_they_come_from(library: Library) -> None:
    """Exercises the article does not name cite a paper, guideline or review instead."""
    for ex in library.exercises.values():
        if ex.article_name is None:
            assert set(ex.sources) - {"article"}, ex.id


def test_circuit_exercises_use_the_articles_30_10(library: Library) -> None:
    for ex_id in BACK_CORE_HIP | CORE_SIX:
        circuit = library.exercise(ex_id).dosing.circuit
        assert circuit is not None, ex_id
        assert (circuit.work_s, circuit.rest_s, circuit.source) == (30, 10, "article")


def test_dead_bug_is_thirty_seconds_of_work(library: Library) -> None:
    circuit = library.exercise("dead_bug").dosing.circuit
    assert circuit is not None
    assert circuit.work_s == 30


@pytest.mark.parametrize(
    ("exercise_id", "sets", "reps", "hold_s"),
    [
        ("open_book", (2, 4), (6, 10), None),
        ("wall_angel", (2, 4), (6, 10), 0),
        ("butterfly", (2, 4), (10, 15), 2),
        ("butterfly_bottle", (2, 4), (10, 15), 2),
        ("lucky_cat", (2, 4), (10, 15), 2),
        ("gecko_wall_crawl", (2, 4), (6, 10), 0),
        ("four_direction_nods", None, (3, 5), 0),
    ],
)
def test_neck_and_shoulder_doses_follow_the_article(
    library: Library,
    exercise_id: str,
    sets: tuple[int, int] | None,
    reps: tuple[int, int],
    hold_s: int | None,
) -> None:
    dose = library.exercise(exercise_id).dosing.sets
    assert dose is not None
    assert dose.source == "article"
    assert (dose.reps.min, dose.reps.max) == reps
    if sets is not None:
        assert (dose.sets.min, dose.sets.max) == sets
    if hold_s is not None:
        assert dose.hold_s == hold_s
    levels = library.exercise(exercise_id).dosing.levels
    assert set(levels) == {"beginner", "intermediate", "advanced"}
    reps_by_level = [levels[lv].reps or 0 for lv in ("beginner", "intermediate", "advanced")]
    assert reps_by_level == sorted(reps_by_level), "harder levels never do fewer reps"


def test_neck_shoulder_routine_is_not_for_pregnancy_or_unhealed_injury(library: Library) -> None:
    for ex_id in NECK_SHOULDER:
        ex = library.exercise(ex_id)
        assert {"pregnant", "unhealed_injury"} <= set(ex.contraindications), ex_id
        assert "article" in ex.sources


def test_warmup_cooldown_and_desk_moves_have_gentle_sourced_timings(library: Library) -> None:
    for routine in ("warmup", "cooldown", "desk_break"):
        moves = library.routine(routine)  # type: ignore[arg-type]
        assert len(moves) >= 3, routine
        for ex in moves:
            circuit = ex.dosing.circuit
            assert circuit is not None, ex.id
            assert circuit.rest_s <= 10, ex.id
            assert circuit.source in library.sources, ex.id


def test_the_articles_own_exercises_read_in_chinese(library: Library) -> None:
    """The source article is Chinese; its own exercises carry Chinese steps and cues."""
    for ex in library.exercises.values():
        if ex.article_name is not None:
            assert all(step.zh for step in ex.steps), ex.id
            assert all(cue.zh for cue in ex.cues), ex.id
            assert ex.summary.zh, ex.id

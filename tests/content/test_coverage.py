"""Enough exercises for the plan generator (plan.md): circuits of 5–7 and sets blocks from what
fits the person, for every region, with no equipment and with the default equipment, and for
people whose conditions leave some exercises out."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from backcare.domain.library import Exercise, Library
from backcare.domain.types import REGIONS

CIRCUIT_ROUTINES = {"back_core_hip_circuit", "core_six"}
SETS_ROUTINES = CIRCUIT_ROUTINES | {"neck_shoulder"}
NO_EQUIPMENT: tuple[str, ...] = ()
DEFAULT_EQUIPMENT = ("mat", "wall", "chair")  # plan.md profile default


def excluded(ex: Exercise, conditions: Sequence[str], library: Library) -> bool:
    """The safety rules and the exercise's own contraindications, as plan.md applies them."""
    if set(conditions) & set(ex.contraindications):
        return True
    for rule in library.safety_rules:
        if rule.condition in conditions and (
            rule.excludes_all
            or set(rule.excludes_tags) & set(ex.safety_tags)
            or set(rule.excludes_regions) & set(ex.regions)
        ):
            return True
    return False


def usable_in_a_block(ex: Exercise) -> bool:
    """A circuit takes circuit-dosed moves of the circuit routines; a sets block takes
    sets-dosed moves of any main routine (warm-up, cool-down and desk moves do not count)."""
    in_circuit = ex.dosing.circuit is not None and bool(set(ex.routines) & CIRCUIT_ROUTINES)
    in_sets = ex.dosing.sets is not None and bool(set(ex.routines) & SETS_ROUTINES)
    return in_circuit or in_sets


def fitting(
    library: Library, region: str, equipment: Sequence[str], conditions: Sequence[str] = ()
) -> list[Exercise]:
    return [
        ex
        for ex in library.exercises.values()
        if region in ex.regions
        and set(ex.equipment) <= set(equipment)
        and not excluded(ex, conditions, library)
    ]


@pytest.mark.parametrize("equipment", [NO_EQUIPMENT, DEFAULT_EQUIPMENT], ids=["none", "default"])
@pytest.mark.parametrize("region", REGIONS)
def test_seven_block_exercises_per_region(
    library: Library, region: str, equipment: tuple[str, ...]
) -> None:
    found = [ex.id for ex in fitting(library, region, equipment) if usable_in_a_block(ex)]
    assert len(found) >= 7, f"{region} with {equipment or 'no equipment'}: {found}"


@pytest.mark.parametrize("equipment", [NO_EQUIPMENT, DEFAULT_EQUIPMENT], ids=["none", "default"])
@pytest.mark.parametrize("routine", ["warmup", "cooldown"])
def test_three_warmup_and_cooldown_moves_without_equipment(
    library: Library, routine: str, equipment: tuple[str, ...]
) -> None:
    found = [
        ex.id
        for ex in library.exercises.values()
        if routine in ex.routines and set(ex.equipment) <= set(equipment)
    ]
    assert len(found) >= 3, found


def test_pregnancy_still_leaves_five_low_back_circuit_moves(library: Library) -> None:
    found = [
        ex
        for ex in fitting(library, "low_back", NO_EQUIPMENT, ["pregnant"])
        if ex.dosing.circuit is not None and set(ex.routines) & CIRCUIT_ROUTINES
    ]
    assert len(found) >= 5, [ex.id for ex in found]
    assert not {"prone", "supine", "loaded_flexion"} & {t for ex in found for t in ex.safety_tags}
    # Standing, side-lying and hands-and-knees positions, not only one kind.
    assert len({ex.position for ex in found}) >= 3


@pytest.mark.parametrize("condition", ["osteoporosis", "disc_herniation", "hypermobility"])
def test_other_conditions_still_leave_a_low_back_circuit(library: Library, condition: str) -> None:
    found = [
        ex
        for ex in fitting(library, "low_back", NO_EQUIPMENT, [condition])
        if usable_in_a_block(ex)
    ]
    assert len(found) >= 5


def test_unhealed_injury_leaves_nothing(library: Library) -> None:
    for region in REGIONS:
        assert fitting(library, region, DEFAULT_EQUIPMENT, ["unhealed_injury"]) == []


def test_inflammatory_arthritis_leaves_out_every_neck_exercise(library: Library) -> None:
    assert fitting(library, "neck", DEFAULT_EQUIPMENT, ["inflammatory_arthritis"]) == []
    assert fitting(library, "low_back", DEFAULT_EQUIPMENT, ["inflammatory_arthritis"])


def test_desk_breaks_fit_an_office_with_only_a_chair(library: Library) -> None:
    found = [ex for ex in library.routine("desk_break") if set(ex.equipment) <= {"chair"}]
    assert len(found) >= 5
    assert all(ex.position in ("standing", "seated") for ex in found)

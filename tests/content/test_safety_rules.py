"""content/safety_rules.yaml: one sourced rule per condition, each leaving out what its source
says to leave out."""

from __future__ import annotations

from backcare.domain.library import Library, SafetyRule
from backcare.domain.types import Condition


def rule(library: Library, condition: Condition) -> SafetyRule:
    (found,) = [r for r in library.safety_rules if r.condition == condition]
    return found


def test_one_rule_per_condition(library: Library) -> None:
    conditions = [r.condition for r in library.safety_rules]
    assert len(conditions) == len(set(conditions))
    assert set(conditions) == {
        "pregnant",
        "unhealed_injury",
        "osteoporosis",
        "ankylosing_spondylitis",
        "hypermobility",
        "disc_herniation",
        "inflammatory_arthritis",
        "radicular",
        "cervical_radicular",
    }


def test_every_rule_cites_a_known_source_and_explains_itself(library: Library) -> None:
    for r in library.safety_rules:
        assert r.sources, r.condition
        assert set(r.sources) <= set(library.sources), r.condition
        assert len(r.reason.en) > 40, r.condition
        assert r.reason.zh, r.condition


def test_pregnancy_follows_acog_804(library: Library) -> None:
    # plan.md (amended, issue 12): also full and side planks, ball work and fall risks.
    r = rule(library, "pregnant")
    assert {"prone", "supine", "loaded_flexion"} <= set(r.excludes_tags)
    assert {"full_plank", "side_plank", "ball", "fall_risk"} <= set(r.excludes_tags)
    assert "acog_2020" in r.sources
    assert library.sources["acog_2020"].doi == "10.1097/AOG.0000000000003772"


def test_unhealed_injury_excludes_everything(library: Library) -> None:
    r = rule(library, "unhealed_injury")
    assert r.excludes_all
    assert "article" in r.sources


def test_osteoporosis_follows_too_fit_to_fracture(library: Library) -> None:
    r = rule(library, "osteoporosis")
    # plan.md (amended, issue 12): end-range flexion and rotation and high impact too.
    assert {"loaded_flexion", "loaded_rotation"} <= set(r.excludes_tags)
    assert {"end_range_flexion", "end_range_rotation", "high_impact"} <= set(r.excludes_tags)
    assert "balance" not in r.excludes_tags  # balance work is welcome
    assert library.sources["giangregorio_2014"].doi == "10.1007/s00198-013-2523-2"
    assert "giangregorio_2014" in r.sources


def test_disc_herniation_and_hypermobility(library: Library) -> None:
    # plan.md (amended, issue 12): loaded rotation too.
    assert rule(library, "disc_herniation").excludes_tags == ("loaded_flexion", "loaded_rotation")
    assert rule(library, "hypermobility").excludes_tags == ("end_range_stretch",)


def test_ankylosing_spondylitis_keeps_everything_but_says_why(library: Library) -> None:
    r = rule(library, "ankylosing_spondylitis")
    assert not (r.excludes_all)
    assert not (r.excludes_tags)
    assert not (r.excludes_regions)
    assert "ramiro_2023" in r.sources
    assert "exercise" in r.reason.en
    assert r.plan_warning is not None
    assert "fall" in r.plan_warning.en
    assert r.plan_includes == ("chest_expansion",)


def test_inflammatory_arthritis_waits_for_clearance_of_the_neck(library: Library) -> None:
    r = rule(library, "inflammatory_arthritis")
    assert r.excludes_regions == ("neck",)
    assert not r.excludes_all
    assert "clear" in r.reason.en

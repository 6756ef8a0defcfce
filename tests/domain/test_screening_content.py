"""The screening's content: the spec's red flags with their urgencies, the article's causes,
sources on every rule, and rules that only read real answers, flags and results."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from backcare.content import load_library
from backcare.content.loader import check_content, content_dir
from backcare.domain.conditions import Cond

SPEC_FLAGS = {
    "cauda_equina": "emergency",
    "progressive_neuro_deficit": "emergency",
    "neck_vascular": "emergency",
    "meningism": "emergency",
    "myelopathy": "urgent",
    "progressive_arm_weakness": "urgent",
    "malignancy": "urgent",
    "malignancy_possible": "soon",
    "infection": "urgent",
    "infection_possible": "soon",
    "major_trauma": "emergency",
    "fracture": "urgent",
    "axial_spa": "routine",
    "young_onset": "routine",
    "radicular": "routine",
    "cervical_radicular": "routine",
    "startback_high": "routine",
}
CAUSES = {
    "degenerative_bone",
    "strain_circulation",
    "metastatic_cancer",
    "hypertrophic_spondylitis",
    "ankylosing_spondylitis",
    "posture_disc",
}
RESULT_PATH = re.compile(
    r"^(urgency|complete|exercise\.allowed|ibp\.(calin|asas|berlin|article)\.(met|applicable|count)"
    r"|ibp\.ng65\.(refer|hla_b27_test|applicable|count)"
    r"|instruments\.(startback\.(risk|total|psychosocial)|odi\.(percent|band)|rmdq\.score"
    r"|ndi\.(score|percent|band)|pain_nrs\.(score|band))|causes\.[a-z_]+)$"
)


def all_conditions() -> list[Cond]:
    lib = load_library()
    found: list[Cond | None] = [f.when for f in lib.red_flags]
    for criteria in lib.criteria.values():
        found += [criteria.applicable_when, *(item.when for item in criteria.items)]
    found += [e.when for c in lib.causes.values() for e in c.evidence]
    found += [a.when for a in lib.advice.values()]
    found += [r.when for r in lib.exercise_rules]
    found += [q.relevant_when for q in lib.questions]
    return [cond for cond in found if cond is not None]


def results(cond: Cond) -> set[str]:
    found = {cond.result} if cond.result else set()
    for child in (*(cond.any_ or ()), *(cond.all_ or ()), *([cond.not_] if cond.not_ else [])):
        found |= results(child)
    return found


def test_every_spec_red_flag_in_table_order_with_its_urgency() -> None:
    flags = load_library().red_flags
    assert [f.id for f in flags][: len(SPEC_FLAGS)] == list(SPEC_FLAGS)
    assert {f.id: f.urgency for f in flags} == SPEC_FLAGS


def test_cervical_radicular_waits_for_every_flag_above_radicular() -> None:
    """Its rule names those flags one by one; a flag added above `radicular` must join it."""
    flags = load_library().red_flags
    ids = [f.id for f in flags]
    above = set(ids[: ids.index("radicular")])
    rule = next(f for f in flags if f.id == "cervical_radicular")
    assert rule.when.flags() == above


def test_new_sources_carry_their_doi_or_address() -> None:
    sources = load_library().sources
    assert sources["downie_2013"].doi == "10.1136/bmj.f7095"
    assert "cervical-radiculopathy" in (sources["nice_cks_cervical_radiculopathy"].url or "")
    flags = {f.id: f for f in load_library().red_flags}
    assert {"downie_2013", "finucane_2020"} <= set(flags["fracture"].sources)
    assert "nice_cks_cervical_radiculopathy" in flags["cervical_radicular"].sources


def test_the_articles_six_causes() -> None:
    assert set(load_library().causes) == CAUSES


def test_every_rule_is_sourced() -> None:
    lib = load_library()
    sourced = [
        *lib.red_flags,
        *lib.criteria.values(),
        *lib.instruments.values(),
        *lib.causes.values(),
        *lib.advice.values(),
        *lib.exercise_rules,
    ]
    for item in sourced:
        assert item.sources
        assert set(item.sources) <= set(lib.sources)


def test_rules_read_only_known_results() -> None:
    paths = set().union(*(results(cond) for cond in all_conditions()))
    assert paths
    for path in paths:
        assert RESULT_PATH.match(path), path
    causes = {p.split(".")[1] for p in paths if p.startswith("causes.")}
    assert causes <= CAUSES


def test_keep_active_and_the_advice_the_issue_names_exist() -> None:
    advice = load_library().advice
    for advice_id in (
        "keep_active",
        "sitting_break",
        "dont_cross_legs",
        "early_rheumatology_review",
    ):
        assert advice_id in advice


@pytest.mark.parametrize(
    ("file", "old", "new", "problem"),
    [
        ("red_flags.yaml", "{key: saddle_numbness}", "{key: saddle_numbnes}", "saddle_numbnes"),
        ("causes.yaml", "{flag: malignancy}", "{flag: malignacy}", "unknown red flag"),
        ("advice.yaml", "{key: crosses_legs}", "{key: crossed_legs}", "crossed_legs"),
    ],
)
def test_a_misspelt_key_is_a_content_problem(
    tmp_path: Path, file: str, old: str, new: str, problem: str
) -> None:
    root = tmp_path / "content"
    shutil.copytree(content_dir(), root)
    text = (root / file).read_text(encoding="utf-8")
    assert old in text
    (root / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in check_content(root)]
    assert any(file in p and problem in p for p in problems), problems

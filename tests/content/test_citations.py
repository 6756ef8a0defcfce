# ruff: noqa: E501 - the table keeps each title whole, as the DOI landing page gives it
"""Citations say what their papers say.

Two tables written by hand from the papers themselves (not read back from the YAML), so a
typo in sources.yaml or a source linked to the wrong exercise fails here:
- DOI_TITLES pins every DOI in content/sources.yaml to the title it resolves to;
- STUDIED lists, for the experimental papers cited by exercises, the exercises whose
  movement the paper actually tested. A paper may back only those.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from backcare.cli.main import app
from backcare.content import check_content
from backcare.domain.library import Library

# id -> (DOI, the paper's title as the DOI's landing page gives it, case-insensitive).
DOI_TITLES: dict[str, tuple[str, str]] = {
    "downie_2013": (
        "10.1136/bmj.f7095",
        "Red flags to screen for malignancy and fracture in patients with low back pain",
    ),
    "mcgill_1998": (
        "10.1093/ptj/78.7.754",
        "Low back exercises: evidence for improving exercise regimens",
    ),
    "callaghan_1998": (
        "10.1093/ptj/78.1.8",
        "The relationship between lumbar spine load and muscle activity during extensor exercises",
    ),
    "ekstrom_2007": (
        "10.2519/jospt.2007.2471",
        "Electromyographic analysis of core trunk, hip, and thigh muscles during 9 rehabilitation exercises",
    ),
    "ekstrom_2003": (
        "10.2519/jospt.2003.33.5.247",
        "Surface electromyographic analysis of exercises for the trapezius and serratus anterior muscles",
    ),
    "escamilla_2010": (
        "10.2519/jospt.2010.3073",
        "Core muscle activation during Swiss ball and traditional abdominal exercises",
    ),
    "lehman_2005": (
        "10.1186/1746-1340-13-14",
        "Trunk muscle activity during bridging exercises on and off a Swissball",
    ),
    "distefano_2009": (
        "10.2519/jospt.2009.2796",
        "Gluteal muscle activation during common therapeutic exercises",
    ),
    "wang_2012": (
        "10.1371/journal.pone.0052082",
        "A meta-analysis of core stability exercise versus general exercise for chronic low back pain",
    ),
    "hayden_2021": ("10.1002/14651858.CD009790.pub2", "Exercise therapy for chronic low back pain"),
    "blanpied_2017": ("10.2519/jospt.2017.0302", "Neck pain: revision 2017"),
    "jull_2002": (
        "10.1097/00007632-200209010-00004",
        "A randomized controlled trial of exercise and manipulative therapy for cervicogenic headache",
    ),
    "andersen_2008": (
        "10.1002/art.23256",
        "Effect of two contrasting types of physical exercise on chronic neck muscle pain",
    ),
    "cools_2007": (
        "10.1177/0363546507303560",
        "Rehabilitation of scapular muscle balance: which exercises to prescribe?",
    ),
    "reinold_2004": (
        "10.2519/jospt.2004.34.7.385",
        "Electromyographic analysis of the rotator cuff and deltoid musculature during common shoulder external rotation exercises",
    ),
    "hardwick_2006": (
        "10.2519/jospt.2006.2306",
        "A comparison of serratus anterior muscle activation during a wall slide exercise and other traditional exercises",
    ),
    "kebaetse_1999": (
        "10.1016/S0003-9993(99)90088-6",
        "Thoracic position effect on shoulder range of motion, strength, and three-dimensional scapular kinematics",
    ),
    "garber_2011": (
        "10.1249/MSS.0b013e318213fefb",
        "Quantity and quality of exercise for developing and maintaining cardiorespiratory, musculoskeletal, and neuromotor fitness in apparently healthy adults",
    ),
    "bull_2020": (
        "10.1136/bjsports-2020-102955",
        "World Health Organization 2020 guidelines on physical activity and sedentary behaviour",
    ),
    "waongenngarm_2021": (
        "10.5271/sjweh.3949",
        "Effects of an active break and postural shift intervention on preventing neck and low-back pain among high-risk office workers",
    ),
    "pocovi_2024": (
        "10.1016/S0140-6736(24)00755-4",
        "Effectiveness and cost-effectiveness of an individualised, progressive walking and education intervention for the prevention of low back pain recurrence in Australia (WalkBack)",
    ),
    "acog_2020": (
        "10.1097/AOG.0000000000003772",
        "Physical activity and exercise during pregnancy and the postpartum period",
    ),
    "mottola_2018": (
        "10.1136/bjsports-2018-100056",
        "2019 Canadian guideline for physical activity throughout pregnancy",
    ),
    "giangregorio_2014": (
        "10.1007/s00198-013-2523-2",
        "Too Fit To Fracture: exercise recommendations for individuals with osteoporosis or osteoporotic vertebral fracture",
    ),
    "callaghan_mcgill_2001": (
        "10.1016/S0268-0033(00)00063-2",
        "Intervertebral disc herniation: studies on a porcine model exposed to highly repetitive flexion/extension motion with compressive force",
    ),
    "russek_2019": (
        "10.1093/ptj/pzz078",
        "Recognizing and effectively managing hypermobility-related conditions",
    ),
    "ramiro_2023": (
        "10.1136/ard-2022-223296",
        "ASAS-EULAR recommendations for the management of axial spondyloarthritis: 2022 update",
    ),
    "zhang_pope_2015": (
        "10.1186/s13075-015-0643-0",
        "Cervical spine involvement in rheumatoid arthritis over time: results from a meta-analysis",
    ),
    "soucie_2011_rom": (
        "10.1111/j.1365-2516.2010.02399.x",
        "Range of motion measurements: reference values and a database for comparison studies",
    ),
    "machado_2006": (
        "10.1097/01.brs.0000214884.18502.93",
        "The McKenzie method for low back pain: a systematic review of the literature with a meta-analysis approach",
    ),
    "buckley_2015": (
        "10.1136/bjsports-2015-094618",
        "The sedentary office: an expert statement on the growing case for change towards better health and productivity",
    ),
    "dunstan_2012": (
        "10.2337/dc11-1931",
        "Breaking up prolonged sitting reduces postprandial glucose and insulin responses",
    ),
    "mclean_2001": (
        "10.1016/S0003-6870(00)00071-5",
        "Computer terminal work and the benefit of microbreaks",
    ),
    "finucane_2020": (
        "10.2519/jospt.2020.9971",
        "International framework for red flags for potential serious spinal pathologies",
    ),
    "greenhalgh_2018": (
        "10.1016/j.msksp.2018.06.002",
        "Assessment and management of cauda equina syndrome",
    ),
    "rushton_2023": (
        "10.2519/jospt.2022.11147",
        "International framework for examination of the cervical region for potential of vascular pathologies of the neck prior to musculoskeletal intervention",
    ),
    "calin_1977": (
        "10.1001/jama.1977.03270510035017",
        "Clinical history as a screening test for ankylosing spondylitis",
    ),
    "sieper_2009": (
        "10.1136/ard.2008.101501",
        "New criteria for inflammatory back pain in patients with chronic back pain",
    ),
    "rudwaleit_2006": (
        "10.1002/art.21619",
        "Inflammatory back pain in ankylosing spondylitis: a reassessment of the clinical history for application as classification and diagnostic criteria",
    ),
    "hill_2008": (
        "10.1002/art.23563",
        "A primary care back pain screening tool: identifying patient subgroups for initial treatment",
    ),
    "fairbank_2000": ("10.1097/00007632-200011150-00017", "The Oswestry Disability Index"),
    "roland_1983": (
        "10.1097/00007632-198303000-00004",
        "A study of the natural history of back pain. Part I: development of a reliable and sensitive measure of disability in low-back pain",
    ),
    "vernon_2008": (
        "10.1016/j.jmpt.2008.08.006",
        "The Neck Disability Index: state-of-the-art, 1991-2008",
    ),
    "macdermid_2009": (
        "10.2519/jospt.2009.2930",
        "Measurement properties of the Neck Disability Index: a systematic review",
    ),
    "serlin_1995": (
        "10.1016/0304-3959(94)00178-H",
        "When is cancer pain mild, moderate or severe?",
    ),
    "moseley_butler_2015": (
        "10.1016/j.jpain.2015.05.005",
        "Fifteen years of explaining pain: the past, present, and future",
    ),
    "may_aina_2012": (
        "10.1016/j.math.2012.05.003",
        "Centralization and directional preference: a systematic review",
    ),
    "sherrington_2019": (
        "10.1002/14651858.CD012424.pub2",
        "Exercise for preventing falls in older people living in the community",
    ),
    "vleeming_2008": (
        "10.1007/s00586-008-0602-4",
        "European guidelines for the diagnosis and treatment of pelvic girdle pain",
    ),
    "dagfinrud_2008": (
        "10.1002/14651858.CD002822.pub3",
        "Physiotherapy interventions for ankylosing spondylitis",
    ),
    "mcgill_2010": (
        "10.1519/SSC.0b013e3181df4521",
        "Core training: evidence translating to better performance and injury prevention",
    ),
    "westerveld_2009": (
        "10.1007/s00586-008-0764-0",
        "Spinal fractures in patients with ankylosing spinal disorders",
    ),
    "regnaux_2019": (
        "10.1002/14651858.CD011321.pub2",
        "Exercise programmes for ankylosing spondylitis",
    ),
}

# Experimental papers cited by exercises -> the exercises whose movement the paper tested.
STUDIED: dict[str, set[str]] = {
    # The wall slide of Hardwick et al. faces the wall, forearms on it, sliding up: the gecko
    # crawl. The wall angel (back to the wall) and the floor angel were not studied.
    "hardwick_2006": {"gecko_wall_crawl"},
    # Jull et al. trained low-load craniocervical flexion (a nod lying down), which no
    # exercise here is; the chin tuck is a retraction drill.
    "jull_2002": set(),
    # Cools et al.: side-lying external rotation, side-lying forward flexion, prone horizontal
    # abduction with external rotation, prone extension; not a standing W or a prone Y.
    "cools_2007": {"side_lying_external_rotation"},
    # Ekstrom et al. 2003: the prone arm raise overhead in line with the lower trapezius.
    "ekstrom_2003": {"prone_y_raise"},
    # Callaghan et al. found trunk-lifting extension loads the spine most and argued for leg
    # and opposite arm-leg lifts on hands and knees: support for the bird dog only.
    "callaghan_1998": {"bird_dog"},
    # Reinold et al. compared external rotation lying on the side, prone, and standing at 0,
    # 45 and 90 degrees of abduction: the last is the lucky cat's 90/90 rotation.
    "reinold_2004": {"side_lying_external_rotation", "lucky_cat"},
}


def test_every_doi_is_pinned_to_its_title(library: Library) -> None:
    with_doi = {s.id: s for s in library.sources.values() if s.doi}
    unpinned = sorted(set(with_doi) - set(DOI_TITLES))
    assert not unpinned, f"add these to DOI_TITLES after checking each DOI: {unpinned}"
    for source_id, (doi, title) in DOI_TITLES.items():
        source = library.sources.get(source_id)
        assert source is not None, source_id
        assert source.doi == doi, (source_id, source.doi, doi)
        assert source.title.lower().startswith(title.lower()), (source_id, source.title)


def test_calin_and_rudwaleit_carry_their_dois(library: Library) -> None:
    assert library.sources["calin_1977"].doi == "10.1001/jama.1977.03270510035017"
    assert library.sources["rudwaleit_2006"].doi == "10.1002/art.21619"


@pytest.mark.parametrize("paper", sorted(STUDIED))
def test_a_paper_backs_only_the_exercises_it_studied(library: Library, paper: str) -> None:
    citing = {
        ex.id
        for ex in library.exercises.values()
        if paper in ex.sources or paper in ex.dosing.sources()
    }
    assert citing <= STUDIED[paper], f"{paper} did not study {sorted(citing - STUDIED[paper])}"


def test_corrected_links_quote_what_the_paper_found(library: Library) -> None:
    """A reviewer reads in the record what each re-checked paper actually supports."""
    for paper in ("hardwick_2006", "jull_2002", "cools_2007", "callaghan_1998", "ekstrom_2003"):
        assert library.sources[paper].supports, paper


def test_ng59_is_not_cited_for_leg_crossing_and_discs(library: Library) -> None:
    """NG59 says nothing about crossed legs bulging discs; that claim is the article's."""
    assert "nice_ng59" not in library.causes["posture_disc"].sources


def test_content_check_fails_an_advice_record_without_a_source(content_copy: Path) -> None:
    path = content_copy / "advice.yaml"
    records = yaml.safe_load(path.read_text(encoding="utf-8"))
    records[0]["sources"] = []
    path.write_text(yaml.safe_dump(records, allow_unicode=True), encoding="utf-8")
    problems = check_content(content_copy)
    assert [(p.file, p.key) for p in problems] == [
        ("content/advice.yaml", f"{records[0]['id']}.sources")
    ]
    result = CliRunner().invoke(app, ["content", "check", "--path", str(content_copy)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"content/advice.yaml: {records[0]['id']}.sources: ")

"""Chinese uses one word for one thing (content/glossary.yaml) and Chinese punctuation.

Every zh text of the content library and every msgstr of the interface catalogue is checked:
the glossary's term wherever the English has its word, never a listed variant (瑞士球 for
瑜伽球, 理疗师 for 物理治疗师, 紧迫 for the urgent label, 你 for 您), and full-width
punctuation (，。：；（）) next to Chinese characters.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from babel.messages.pofile import read_po

from backcare.content import load_glossary
from backcare.domain.glossary import Glossary, GlossaryTerm
from backcare.domain.library import Library
from backcare.web import i18n

from .conftest import CONTENT
from .test_translations import walk

CJK = r"[\u3400-\u9fff]"
# ASCII punctuation touching a Chinese character (spaces allowed between): 疼痛, 然后 / 注意:
HALF_WIDTH = re.compile(rf"{CJK}\s*[,;:!?()]|[,;:!?(]\s*{CJK}|{CJK}\.(?!\d)")


def catalogue_pairs() -> Iterator[tuple[str, str | None, str | None]]:
    path = i18n.LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        for message in read_po(handle):
            if not message.id:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            for en, zh in zip(ids, strings, strict=False):
                yield f"messages.po {en[:40]!r}", en, zh or None


def content_pairs(library: Library) -> Iterator[tuple[str, str | None, str | None]]:
    for path, text in walk(library, ""):
        yield path, text.en, text.zh


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary(CONTENT)


def test_the_glossary_holds_the_agreed_terms(glossary: Glossary) -> None:
    terms = {term.id: term.zh for term in glossary.terms}
    assert terms["urgency_emergency"] == "紧急"
    assert terms["urgency_urgent"] == "尽快（24–48 小时内）"
    assert terms["urgency_soon"] == "近期（约两周内）"
    assert terms["urgency_routine"] == "常规"
    assert terms["physiotherapist"] == "物理治疗师"
    assert terms["exercise_ball"] == "瑜伽球"
    assert terms["inflammatory_arthritis"] == "炎性关节炎"
    assert terms["rheumatology"] == "风湿免疫科"
    assert terms["polite_you"] == "您"


def test_the_checks_catch_each_kind_of_drift(glossary: Glossary) -> None:
    """Guards the two tests below: each rule fires on a made-up stray text."""
    strays = [
        ("a", "Lie over the exercise ball.", "趴在瑞士球上。"),
        ("b", "Ask a physiotherapist.", "请咨询理疗师。"),
        ("c", "Urgent", "紧迫"),
        ("d", "URGENT: see a doctor within 24 to 48 hours", "紧急：请就医"),
        ("e", "Soon", "尽快"),
        ("f", "You can rest.", "你可以休息。"),
        ("g", "See a rheumatologist.", "请看风湿科医生。"),
    ]
    flagged = {problem.split(":")[0] for problem in glossary.problems(strays)}
    assert flagged == {"a", "b", "c", "d", "e", "f", "g"}
    good = [
        ("a", "Lie over the exercise ball.", "趴在瑜伽球上。"),
        ("c", "Urgent", "尽快（24–48 小时内）"),
        ("d", "URGENT: see a doctor within 24 to 48 hours", "尽快：请在 24–48 小时内看医生"),
    ]
    assert glossary.problems(good) == []


def test_a_variant_equal_to_the_term_is_refused() -> None:
    with pytest.raises(ValueError, match="variant"):
        GlossaryTerm(id="ball", en=("ball",), zh="瑜伽球", variants=("瑜伽球",))


def test_content_chinese_follows_the_glossary(library: Library, glossary: Glossary) -> None:
    problems = glossary.problems(content_pairs(library))
    assert not problems, f"{len(problems)} problems, e.g. {problems[:8]}"


def test_interface_chinese_follows_the_glossary(glossary: Glossary) -> None:
    problems = glossary.problems(catalogue_pairs())
    assert not problems, f"{len(problems)} problems, e.g. {problems[:8]}"


def test_chinese_uses_full_width_punctuation(library: Library) -> None:
    pairs = [*content_pairs(library), *catalogue_pairs()]
    stray = [f"{where}: {zh}" for where, _, zh in pairs if zh and HALF_WIDTH.search(zh)]
    assert not stray, stray[:8]


def test_chinese_keeps_every_number_of_the_english(library: Library) -> None:
    """A translation that drops a number has dropped a fact: the reminders' evidence
    sentences (breaks every 20 to 40 minutes, 2-minute walks) were once cut from the zh."""
    dropped = []
    for where, en, zh in content_pairs(library):
        if en and zh:
            missing = set(re.findall(r"\d+", en)) - set(re.findall(r"\d+", zh))
            if missing:
                dropped.append(f"{where}: {sorted(missing)}")
    assert not dropped, dropped[:8]

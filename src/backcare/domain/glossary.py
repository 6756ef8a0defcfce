"""One Chinese term for each English term (content/glossary.yaml), so a reader meets the
same word for the same thing on every screen: the urgency labels, 物理治疗师, 瑜伽球 for the
ball, 炎性关节炎, 风湿免疫科 and the polite 您. Pure checks over (English, Chinese) pairs; the
tests feed them every content text and every catalogue message.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class GlossaryTerm(BaseModel):
    """One term. `match` says how the English is found: `word` anywhere as a whole word
    (the Chinese must then hold the term), `label` as a whole label or a label's `TERM:`
    prefix (the Chinese must then be, or start with, the term), `none` never (only the
    variants are checked, e.g. 你 for 您)."""

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    en: tuple[str, ...] = ()
    zh: str = Field(min_length=1)
    variants: tuple[str, ...] = ()  # translations never to use
    match: Literal["word", "label", "none"] = "word"
    note: str | None = None

    @model_validator(mode="after")
    def _consistent(self) -> GlossaryTerm:
        if self.match != "none" and not self.en:
            raise ValueError("a term matched in English needs its English words")
        if any(v == self.zh or not v for v in self.variants):
            raise ValueError("a variant must differ from the term")
        return self

    @property
    def head(self) -> str:
        """The label's word without its bracketed gloss: 尽快 for 尽快（24–48 小时内）."""
        return self.zh.split("（", 1)[0]

    def problems(self, en: str | None, zh: str) -> list[str]:
        """What is wrong with this Chinese text for this term, if anything."""
        found: list[str] = []
        rest = zh.replace(self.zh, "")
        found += [f"uses {v!r}, not {self.zh!r}" for v in self.variants if v in rest]
        if en is None or self.match == "none":
            return found
        if self.match == "word":
            for word in self.en:
                if re.search(rf"\b{re.escape(word)}", en, re.IGNORECASE) and self.zh not in zh:
                    found.append(f"{word!r} is {self.zh!r}")
        else:
            for word in self.en:
                label = en.strip()
                if label.lower() == word.lower() and zh.strip() != self.zh:
                    found.append(f"the label {word!r} is {self.zh!r}")
                elif label.lower().startswith(word.lower() + ":") and not zh.startswith(
                    self.head + "："
                ):
                    found.append(f"the label {word!r} starts {self.head + '：'!r}")
        return found


class Glossary(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    terms: tuple[GlossaryTerm, ...] = Field(min_length=1)

    def problems(self, texts: Iterable[tuple[str, str | None, str | None]]) -> list[str]:
        """`where: problem` for each (where, English, Chinese) that strays from a term."""
        found: list[str] = []
        for where, en, zh in texts:
            if not zh:
                continue
            for term in self.terms:
                found += [f"{where}: {p}" for p in term.problems(en, zh)]
        return found

"""The terminal screening in Chinese says why the RMDQ statements stay English (issue 13)."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from backcare.cli.screen_cmds import _ask_instrument, _Dialogue
from backcare.content import load_library


class _Typed(_Dialogue):
    """A terminal whose person ticks nothing: `y` to the offer, `n` to every statement."""

    def __init__(self, out: Console) -> None:
        super().__init__(out)
        self.asked: list[str] = []

    def ask(self, prompt: str, style: str = "") -> str:
        self.asked.append(prompt)
        return "y" if len(self.asked) == 1 else "n"


@pytest.mark.parametrize(("lang", "shown"), [("zh", True), ("en", False)])
def test_the_rmdq_says_why_it_is_english_only_on_chinese_screens(lang: str, shown: bool) -> None:
    library = load_library()
    question = next(q for q in library.questions if q.key == "rmdq")
    out = Console(file=io.StringIO(), width=200, color_system=None)
    talk = _Typed(out)
    ticked = _ask_instrument(talk, question, library.instruments["rmdq"], lang)
    assert ticked == [False] * 24
    note = library.instruments["rmdq"].licence.wording_note
    assert note is not None
    printed = out.file.getvalue()  # type: ignore[attr-defined]
    assert (note.get("zh")[:12] in printed) is shown

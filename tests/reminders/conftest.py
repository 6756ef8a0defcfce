"""A small content library and a private BACKCARE_HOME for the reminder tests, so they do not
depend on the real content being finished (or on the person's own settings)."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

REAL_CONTENT = Path(__file__).resolve().parents[2] / "content"

SOURCES = """
- id: article
  kind: article
  title: "The source article"
- id: test_guideline
  kind: guideline
  title: "A guideline used by the test library"
  url: "https://example.invalid/guideline"
"""


def desk_exercise(ex_id: str, name: str, regions: str, steps: list[str]) -> str:
    step_lines = "\n".join(f"  - en: {s}" for s in steps)
    return (
        textwrap.dedent(
            f"""\
        id: {ex_id}
        name: {{en: {name}}}
        summary: {{en: A short move for a desk break.}}
        steps:
        """
        )
        + step_lines
        + textwrap.dedent(
            f"""
        cues:
          - en: Slowly.
        mistakes:
          - en: Rushing.
        regions: [{regions}]
        equipment: [chair]
        position: seated
        routines: [desk_break]
        dosing:
          sets: {{sets: [1, 2], reps: [5, 10], source: test_guideline}}
          levels:
            beginner: {{sets: 1, reps: 5}}
            intermediate: {{sets: 1, reps: 8}}
            advanced: {{sets: 2, reps: 10}}
        illustration: {ex_id}
        sources: [test_guideline]
        """
        )
    )


FLOOR_EXERCISE = """\
id: floor_move
name: {en: Floor move}
summary: {en: Not for the desk.}
steps:
  - en: Lie down.
  - en: Get up.
cues:
  - en: Easy.
mistakes:
  - en: None.
regions: [low_back]
equipment: [mat]
position: supine
routines: [core_six]
dosing:
  circuit: {work_s: 30, rest_s: 10, source: article}
illustration: floor_move
sources: [article]
"""

ADVICE = """
- id: sit_tall
  title: {en: Sit tall}
  text: {en: Let the chair carry your back and keep both feet flat.}
  tags: [posture, desk]
  sources: [test_guideline]
- id: uncross_legs
  title: {en: Uncross your legs}
  text: {en: Crossed legs tilt the pelvis; put both feet down.}
  tags: [posture]
  sources: [article]
- id: sleep_pillow
  title: {en: Pillow height}
  text: {en: Not a desk tip.}
  tags: [sleep]
  sources: [article]
"""


def write_library(root: Path) -> Path:
    (root / "exercises").mkdir(parents=True)
    (root / "sources.yaml").write_text(SOURCES)
    (root / "exercises" / "chin_tuck.yaml").write_text(
        desk_exercise(
            "chin_tuck",
            "Chin tuck",
            "neck",
            [
                "Sit tall with your eyes level.",
                "Draw your chin straight back.",
                "Hold, then relax.",
            ],
        )
    )
    (root / "exercises" / "seated_extension.yaml").write_text(
        desk_exercise(
            "seated_extension",
            "Seated back extension",
            "low_back, mid_back",
            ["Sit at the front of the chair.", "Hands on your lower back.", "Lean back gently."],
        )
    )
    (root / "exercises" / "floor_move.yaml").write_text(FLOOR_EXERCISE)
    (root / "advice.yaml").write_text(ADVICE)
    # The real defaults file, so the tests check what ships.
    shutil.copy(REAL_CONTENT / "reminders.yaml", root / "reminders.yaml")
    sources = (REAL_CONTENT / "sources.yaml").read_text()
    (root / "sources.yaml").write_text(
        sources
        + "\n"
        + SOURCES.replace('- id: article\n  kind: article\n  title: "The source article"\n', "")
    )
    return root


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture
def home(tmp_path: Path, content_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """BACKCARE_HOME and BACKCARE_CONTENT_DIR in a temporary folder, settings cache cleared."""
    from backcare.config import get_settings
    from backcare.content.loader import _load

    home = tmp_path / "home"
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    monkeypatch.setenv("BACKCARE_CONTENT_DIR", str(content_dir))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    get_settings.cache_clear()
    _load.cache_clear()
    yield home
    get_settings.cache_clear()
    _load.cache_clear()

"""Rich renderings shared by several commands."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcare.domain.library import Exercise, Library


def dose_text(ex: Exercise, level: str = "beginner") -> str:
    """The exercise's dosing in words, e.g. '2–4 sets of 6–10, hold 2 s'."""
    parts: list[str] = []
    if ex.dosing.sets is not None:
        s = ex.dosing.sets
        text = f"{s.sets.min}–{s.sets.max} sets of {s.reps.min}–{s.reps.max}"
        if s.per_side:
            text += " each side"
        if s.hold_s:
            text += f", hold {s.hold_s} s"
        parts.append(text)
    if ex.dosing.circuit is not None:
        c = ex.dosing.circuit
        parts.append(f"in a circuit: {c.work_s} s work, {c.rest_s} s rest")
    return "; ".join(parts)


def render_exercise(ex: Exercise, lib: Library, lang: str = "en") -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    body.append(ex.summary.get(lang) + "\n\n")
    body.append("Steps\n", style="bold")
    for n, step in enumerate(ex.steps, 1):
        body.append(f"  {n}. {step.get(lang)}\n")
    body.append("\nCues\n", style="bold")
    for cue in ex.cues:
        body.append(f"  • {cue.get(lang)}\n")
    body.append("\nCommon mistakes\n", style="bold")
    for mistake in ex.mistakes:
        body.append(f"  • {mistake.get(lang)}\n")
    body.append("\nDose: ", style="bold")
    body.append(dose_text(ex) + "\n")
    body.append("Regions: ", style="bold")
    body.append(", ".join(ex.regions) + "\n")
    body.append("Equipment: ", style="bold")
    body.append((", ".join(ex.equipment) or "none") + "\n")
    if ex.contraindications or ex.cautions:
        body.append("Not for: ", style="bold yellow")
        body.append(", ".join(c.replace("_", " ") for c in ex.contraindications) or "-")
        body.append("\n")
        for caution in ex.cautions:
            body.append(f"  ! {caution.get(lang)}\n", style="yellow")
    links = []
    if ex.regression:
        links.append(f"easier: {ex.regression}")
    if ex.progression:
        links.append(f"harder: {ex.progression}")
    if links:
        body.append("Variations: ", style="bold")
        body.append(", ".join(links) + "\n")
    body.append("Sources: ", style="bold")
    body.append("; ".join(lib.sources[s].citation() for s in ex.sources if s in lib.sources))
    return Group(Panel(body, title=f"[bold]{ex.name.get(lang)}[/] ({ex.id})", expand=False))

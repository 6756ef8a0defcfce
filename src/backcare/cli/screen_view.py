"""How a screening result reads on a terminal (Rich). Translation only: every finding comes
from the result; the library only supplies titles and labels for the ids it names."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.library import Library
    from backcare.domain.screening import ScreeningResult

URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold white on dark_orange3",
    "soon": "bold black on yellow",
    "routine": "bold white on blue",
    "self_care": "bold white on green",
}
URGENCY_LABEL = {
    "emergency": "EMERGENCY: go to an emergency department now",
    "urgent": "URGENT: see a doctor within 24 to 48 hours",
    "soon": "SOON: see a doctor within about two weeks",
    "routine": "ROUTINE: see a doctor or physiotherapist if not better in 4 to 6 weeks",
    "self_care": "SELF-CARE: no warning signs in your answers",
}
CRITERIA_NAMES = {
    "calin": "Calin 1977",
    "asas": "ASAS 2009",
    "berlin": "Berlin 2006",
    "ng65": "NICE NG65 referral",
    "article": "The article's seven features",
}
INSTRUMENT_NAMES = {
    "startback": "STarT Back",
    "odi": "Oswestry Disability Index",
    "rmdq": "Roland-Morris",
    "ndi": "Neck Disability Index",
    "pain_nrs": "Pain now (0-10)",
}


def banner(result: ScreeningResult, library: Library, lang: str = "en") -> RenderableType:
    """The urgency in colour with what to do now: the actions of the flags that fired."""
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    flags = {flag.id: flag for flag in library.red_flags}
    actions: list[str] = []
    for hit in result.red_flags:
        if hit.urgency == result.urgency and hit.id in flags:
            action = flags[hit.id].action.get(lang)
            if action not in actions:
                actions.append(action)
    if not actions:
        general = library.advice.get(
            "self_care_ok" if result.urgency == "self_care" else f"see_doctor_{result.urgency}"
        )
        if general is not None:
            actions.append(general.text.get(lang))
    for action in actions:
        body.append(f"{action}\n")
    return Panel(
        body,
        title=URGENCY_LABEL[result.urgency],
        title_align="left",
        border_style=URGENCY_STYLE[result.urgency].split()[-1],
        style="",
        subtitle="backcare does not diagnose; when in doubt, see a doctor",
    )


def render_result(
    result: ScreeningResult,
    answers: ScreeningAnswers,
    library: Library,
    lang: str = "en",
) -> list[RenderableType]:
    """The whole result for a person: banner, flags, criteria, scores, causes, advice."""
    from rich.table import Table
    from rich.text import Text

    from backcare.domain.conditions import Facts
    from backcare.domain.ibp import item_states

    parts: list[RenderableType] = [
        Text(f" {URGENCY_LABEL[result.urgency]} ", style=URGENCY_STYLE[result.urgency]),
        banner(result, library, lang),
    ]
    flags = {flag.id: flag for flag in library.red_flags}
    questions = {q.key: q for q in library.questions}

    if result.red_flags:
        text = Text()
        text.append("Warning signs\n", style="bold underline")
        for hit in result.red_flags:
            flag = flags.get(hit.id)
            title = flag.title.get(lang) if flag else hit.id
            text.append(f"• {title} ", style="bold")
            text.append(f"[{hit.urgency.replace('_', ' ')}]\n", style=URGENCY_STYLE[hit.urgency])
            if flag is not None:
                text.append(f"  {flag.message.get(lang)}\n")
                text.append(f"  What to do: {flag.action.get(lang)}\n", style="italic")
            if hit.because:
                text.append(f"  Because you answered: {', '.join(hit.because)}\n", style="dim")
        parts.append(text)

    if result.unanswered:
        text = Text()
        text.append("Not answered yet (safety questions)\n", style="bold underline")
        for key in result.unanswered:
            question = questions.get(key)
            text.append(f"• {question.text.get(lang) if question else key}\n", style="yellow")
        parts.append(text)

    states = item_states(library, Facts(answers.given()), lang)
    ibp = result.ibp
    needs = {cid: library.criteria[cid].met_at for cid in ("calin", "asas", "berlin")}
    outcomes = {
        "calin": (ibp.calin.applicable, ibp.calin.count, ibp.calin.of, ibp.calin.met),
        "asas": (ibp.asas.applicable, ibp.asas.count, ibp.asas.of, ibp.asas.met),
        "berlin": (ibp.berlin.applicable, ibp.berlin.count, ibp.berlin.of, ibp.berlin.met),
        "ng65": (ibp.ng65.applicable, ibp.ng65.count, len(states["ng65"]), ibp.ng65.refer),
        "article": (ibp.article.applicable, ibp.article.count, ibp.article.of, None),
    }
    text = Text()
    text.append("Inflammatory back pain criteria\n", style="bold underline")
    for cid, (applicable, count, of, met) in outcomes.items():
        text.append(f"{CRITERIA_NAMES[cid]}: ", style="bold")
        if not applicable:
            text.append(f"{count} of {of}, but does not apply to your answers\n", style="dim")
            continue
        if cid == "ng65":
            verdict = (
                "refer to a rheumatologist"
                if ibp.ng65.refer
                else "an HLA-B27 blood test first"
                if ibp.ng65.hla_b27_test
                else "no referral on these features"
            )
        elif met is None:
            verdict = "features counted"
        else:
            verdict = f"{'met' if met else 'not met'} (needs {needs[cid]})"
        text.append(f"{count} of {of}: {verdict}\n", style="green" if met else "")
        met_labels = [label for label, ok in states[cid] if ok]
        other_labels = [label for label, ok in states[cid] if not ok]
        if met_labels:
            text.append(f"  met: {'; '.join(met_labels)}\n")
        if other_labels:
            text.append(f"  not met or not answered: {'; '.join(other_labels)}\n", style="dim")
    parts.append(text)

    scores = result.instruments.model_dump()
    if scores:
        table = Table(title="Questionnaire scores", title_justify="left", expand=False)
        table.add_column("questionnaire")
        table.add_column("score")
        table.add_column("band")
        for key, value in scores.items():
            if key == "startback":
                score = f"total {value['total']}/9, psychosocial {value['psychosocial']}/5"
                band = f"{value['risk']} risk"
            elif key == "odi":
                score, band = f"{value['percent']} %", value["band"].replace("_", " ")
            elif key == "rmdq":
                score, band = f"{value['score']}/{value['of']}", "-"
            elif key == "ndi":
                score = f"{value['score']}/50 ({value['percent']:g} %)"
                band = value["band"]
            else:
                score, band = f"{value['score']}/10", value["band"]
            table.add_row(INSTRUMENT_NAMES.get(key, key), score, band)
        parts.append(table)
    for warning in result.warnings:
        parts.append(Text(f"Note: {warning}", style="yellow"))

    if result.causes:
        text = Text()
        text.append("What may be behind it (not a diagnosis)\n", style="bold underline")
        for cause_hit in result.causes:
            cause = library.causes.get(cause_hit.id)
            name = cause.name.get(lang) if cause else cause_hit.id
            text.append(f"• {name} ", style="bold")
            text.append(f"({cause_hit.likelihood})\n")
            for why in cause_hit.why:
                text.append(f"  - {why}\n")
            if cause is not None:
                text.append(f"  What to do: {cause.what_to_do.get(lang)}\n", style="italic")
        parts.append(text)

    exercise = Text()
    exercise.append("Exercise: ", style="bold underline")
    if result.exercise.allowed:
        exercise.append("the exercise programme is suitable for you.\n", style="green")
    else:
        exercise.append("please do not start the exercises yet.\n", style="bold red")
    for reason in result.exercise.reasons:
        exercise.append(f"  - {reason}\n")
    parts.append(exercise)

    if result.advice:
        text = Text()
        text.append("Advice\n", style="bold underline")
        for item in result.advice:
            advice = library.advice.get(item.id)
            title = advice.title.get(lang) if advice else item.id
            text.append(f"• {title}: ", style="bold")
            text.append(f"{item.text}\n")
        parts.append(text)
    return parts

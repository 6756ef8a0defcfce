"""How a screening result reads on a terminal (Rich). Translation only: every finding comes
from the result; the library only supplies titles and labels for the ids it names.

Headings go through the interface's gettext catalogue (the one the web app and the PDF report
use), so `--lang zh` reads Chinese; `N_()` marks the constants below for extraction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

from backcare.labels import BAND_LABELS as BAND_LABEL

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.library import Library
    from backcare.domain.questions import Question
    from backcare.domain.screening import ScreeningResult


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a constant for the catalogue; it is translated where it is shown."""
    return message


URGENCY_STYLE = {
    "emergency": "bold white on red",
    "urgent": "bold white on dark_orange3",
    "soon": "bold black on yellow",
    "routine": "bold white on blue",
    "self_care": "bold white on green",
}
URGENCY_LABEL = {
    "emergency": N_("EMERGENCY: go to an emergency department now"),
    "urgent": N_("URGENT: see a doctor within 24 to 48 hours"),
    "soon": N_("SOON: see a doctor within about two weeks"),
    "routine": N_("ROUTINE: see a doctor or physiotherapist if not better in 4 to 6 weeks"),
    "self_care": N_("SELF-CARE: no warning signs in your answers"),
}
CRITERIA_NAMES = {
    "calin": "Calin 1977",
    "asas": "ASAS 2009",
    "berlin": "Berlin 2006",
    "ng65": N_("NICE NG65 referral"),
    "article": N_("The article's seven features"),
}
INSTRUMENT_NAMES = {
    "startback": N_("STarT Back"),
    "odi": N_("Oswestry Disability Index"),
    "rmdq": N_("Roland-Morris"),
    "ndi": N_("Neck Disability Index"),
    "pain_nrs": N_("Pain now (0-10)"),
}
# The units questions carry (content/questions.yaml `unit`), so any view that shows them
# next to an answer box can translate them: `_(question.unit)`.
UNIT_WORDS = (N_("years"), N_("weeks"), N_("minutes"), N_("hours"))
URGENCY_WORD = {
    "emergency": N_("emergency"),
    "urgent": N_("urgent"),
    "soon": N_("soon"),
    "routine": N_("routine"),
    "self_care": N_("self care"),
}


def _marks(lang: str) -> tuple[str, str, str, str]:
    """Colon, list separator and brackets of the language: Chinese takes full-width marks."""
    return ("：", "；", "（", "）") if lang == "zh" else (": ", "; ", "(", ")")


def _gettext(lang: str) -> Callable[[str], str]:
    """The catalogue lookup the PDF report uses, so the CLI says the same words."""
    from backcare.reports.printing import translations

    return translations(lang).gettext


def banner(result: ScreeningResult, library: Library, lang: str = "en") -> RenderableType:
    """The urgency in colour with what to do now: the actions of the flags that fired."""
    from rich.panel import Panel
    from rich.text import Text

    _ = _gettext(lang)
    body = Text()
    flags = {flag.id: flag for flag in library.red_flags}
    actions: list[str] = []
    for hit in result.red_flags:
        if hit.urgency == result.urgency and hit.id in flags:
            action = flags[hit.id].action.get(lang)
            if action not in actions:
                actions.append(action)
    if not actions:
        # "No warning signs" only when every safety question was answered (screening.md).
        calm = "self_care_ok" if result.complete else ""
        general = library.advice.get(
            calm if result.urgency == "self_care" else f"see_doctor_{result.urgency}"
        )
        if general is not None:
            actions.append(general.text.get(lang))
    for action in actions:
        body.append(f"{action}\n")
    return Panel(
        body,
        title=_(URGENCY_LABEL[result.urgency]),
        title_align="left",
        border_style=URGENCY_STYLE[result.urgency].split()[-1],
        style="",
        subtitle=_("backcare does not diagnose; when in doubt, see a doctor"),
    )


def _unanswered_first(
    result: ScreeningResult,
    library: Library,
    questions: Mapping[str, Question],
    lang: str,
) -> RenderableType:
    """screening.md: an incomplete screening's text opens with the safety questions it still
    needs, in plain words (the content's own wording, so it is in the person's language)."""
    from rich.text import Text

    rule = next((r for r in library.exercise_rules if r.id == "screening_incomplete"), None)
    text = Text()
    if rule is not None:
        text.append(rule.reason.get(lang) + "\n", style="bold red")
    if result.red_flags and result.urgency in ("emergency", "urgent", "soon"):
        # A warning sign already found must not wait below the list of questions.
        _ = _gettext(lang)
        said = _("Your answers so far already show a warning sign (%(urgency)s); more below.")
        text.append(
            said % {"urgency": _(URGENCY_LABEL[result.urgency])} + "\n",
            style=URGENCY_STYLE[result.urgency],
        )
    missing = result.missing or [k for k in result.unanswered if k in questions]
    for key in missing:
        question = questions.get(key)
        text.append(f"  • {question.text.get(lang) if question else key}\n")
    return text


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

    _ = _gettext(lang)
    colon, sep, opening, closing = _marks(lang)
    from backcare.reports.report import content_words

    localise = content_words(library, lang)
    parts: list[RenderableType] = []
    questions = {q.key: q for q in library.questions}
    if not result.complete:
        parts.append(_unanswered_first(result, library, questions, lang))
    if result.complete or result.urgency != "self_care":
        # An incomplete screening with no flag must not say "no warning signs".
        parts += [
            Text(f" {_(URGENCY_LABEL[result.urgency])} ", style=URGENCY_STYLE[result.urgency]),
            banner(result, library, lang),
        ]
    flags = {flag.id: flag for flag in library.red_flags}

    if result.red_flags:
        text = Text()
        text.append(_("Warning signs") + "\n", style="bold underline")
        for hit in result.red_flags:
            flag = flags.get(hit.id)
            title = flag.title.get(lang) if flag else hit.id
            text.append(f"• {title} ", style="bold")
            text.append(f"[{_(URGENCY_WORD[hit.urgency])}]\n", style=URGENCY_STYLE[hit.urgency])
            if flag is not None:
                text.append(f"  {flag.message.get(lang)}\n")
                what = _("What to do: %(action)s") % {"action": flag.action.get(lang)}
                text.append(f"  {what}\n", style="italic")
            if hit.because:
                # Name the questions, not the answer keys: a person never sees the keys.
                text.append("  " + _("Because you said:") + "\n", style="dim")
                for key in hit.because:
                    asked = questions.get(key)
                    said = asked.text.get(lang) if asked else key.replace("_", " ")
                    text.append(f"    - {said}\n", style="dim")
        parts.append(text)

    if result.unanswered:
        text = Text()
        text.append(_("Not answered yet (safety questions)") + "\n", style="bold underline")
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
    text.append(_("Inflammatory back pain criteria") + "\n", style="bold underline")
    for cid, (applicable, count, of, met) in outcomes.items():
        text.append(f"{_(CRITERIA_NAMES[cid])}{colon}", style="bold")
        if not applicable:
            text.append(
                _("%(count)d of %(of)d, but does not apply to your answers")
                % {"count": count, "of": of}
                + "\n",
                style="dim",
            )
            continue
        if cid == "ng65":
            verdict = (
                _("refer to a rheumatologist")
                if ibp.ng65.refer
                else _("an HLA-B27 blood test first")
                if ibp.ng65.hla_b27_test
                else _("no referral on these features")
            )
        elif met is None:
            verdict = _("features counted")
        else:
            verdict = (_("met (needs %(n)d)") if met else _("not met (needs %(n)d)")) % {
                "n": needs[cid]
            }
        counted = _("%(count)d of %(of)d: %(verdict)s") % {
            "count": count,
            "of": of,
            "verdict": verdict,
        }
        text.append(f"{counted}\n", style="green" if met else "")
        met_labels = [label for label, ok in states[cid] if ok]
        other_labels = [label for label, ok in states[cid] if not ok]
        if met_labels:
            text.append("  " + _("met: %(items)s") % {"items": sep.join(met_labels)} + "\n")
        if other_labels:
            others = _("not met or not answered: %(items)s") % {"items": sep.join(other_labels)}
            text.append(f"  {others}\n", style="dim")
    parts.append(text)

    scores = result.instruments.model_dump()
    if scores:
        table = Table(title=_("Questionnaire scores"), title_justify="left", expand=False)
        table.add_column(_("questionnaire"))
        table.add_column(_("score"))
        table.add_column(_("band"))
        for key, value in scores.items():
            if key == "startback":
                score = _("total %(total)s/9, psychosocial %(psychosocial)s/5") % value
                band = _("%(risk)s risk") % {
                    "risk": _(BAND_LABEL.get(value["risk"], value["risk"]))
                }
            elif key == "odi":
                score, band = (
                    f"{value['percent']} %",
                    _(BAND_LABEL.get(value["band"], value["band"])),
                )
            elif key == "rmdq":
                score, band = f"{value['score']}/{value['of']}", "-"
            elif key == "ndi":
                score = f"{value['score']}/50 ({value['percent']:g} %)"
                band = _(BAND_LABEL.get(value["band"], value["band"]))
            else:
                score = f"{value['score']}/10"
                band = _(BAND_LABEL.get(value["band"], value["band"]))
            table.add_row(_(INSTRUMENT_NAMES[key]) if key in INSTRUMENT_NAMES else key, score, band)
        parts.append(table)
    for warning in result.warnings:
        parts.append(Text(_("Note: %(warning)s") % {"warning": warning}, style="yellow"))

    if result.causes:
        text = Text()
        text.append(_("What may be behind it (not a diagnosis)") + "\n", style="bold underline")
        for cause_hit in result.causes:
            cause = library.causes.get(cause_hit.id)
            name = cause.name.get(lang) if cause else cause_hit.id
            text.append(f"• {name} ", style="bold")
            likelihood = BAND_LABEL.get(cause_hit.likelihood)
            shown = _(likelihood) if likelihood else cause_hit.likelihood
            text.append(f"{opening}{shown}{closing}\n")
            for why in cause_hit.why:
                text.append(f"  - {localise(why)}\n")
            if cause is not None:
                what = _("What to do: %(action)s") % {"action": cause.what_to_do.get(lang)}
                text.append(f"  {what}\n", style="italic")
        parts.append(text)

    exercise = Text()
    exercise.append(_("Exercise:") + " ", style="bold underline")
    if result.exercise.allowed:
        exercise.append(_("the exercise programme is suitable for you.") + "\n", style="green")
    else:
        exercise.append(_("please do not start the exercises yet.") + "\n", style="bold red")
    for reason in result.exercise.why or result.exercise.reasons:
        exercise.append(f"  - {localise(reason)}\n")
    parts.append(exercise)

    if result.advice:
        text = Text()
        text.append(_("Advice") + "\n", style="bold underline")
        for item in result.advice:
            advice = library.advice.get(item.id)
            title = advice.title.get(lang) if advice else item.id
            text.append(f"• {title}{colon}", style="bold")
            text.append(f"{localise(item.text)}\n")
        parts.append(text)
    return parts

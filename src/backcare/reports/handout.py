"""The printable home-exercise handout: a plan rendered to PDF by WeasyPrint.

A cover with the person's goals, safety notes and when to stop and see a doctor; then each
day, and for each exercise its figure strip, plain steps, cues, dosing and a row of tick
boxes for the week. The page is HTML and CSS (A4 or Letter via `@page`), the figures are
the same SVG the web app shows, so they print sharp. Words go through gettext `_()`.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any, Literal

from backcare.domain.plan_notes import said_notes
from backcare.domain.plan_safety import warning_text
from backcare.domain.plans import Plan, SetsBlock, block_exercises
from backcare.reports.figures import exercise_svg
from backcare.reports.printing import (
    content_lang,
    data_uri,
    environment,
    stylesheet,
    translations,
    write_pdf,
)

if TYPE_CHECKING:
    from backcare.domain.library import Library

Paper = Literal["a4", "letter"]
PAPER_SIZES: dict[str, str] = {"a4": "A4", "letter": "Letter"}


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Mark a word for the catalogue; it is translated where the handout shows it."""
    return message


# The planner's day titles and the conditions an exclusion names reach the handout in
# English; marked here so the catalogue carries them and the page shows them translated.
DAY_TITLES = (
    N_("Back, core and hips"),
    N_("Core stability"),
    N_("Neck and shoulders"),
    N_("Gentle mobility"),
    N_("Upper back mobility"),
)
CONDITION_WORDS = {
    "pregnant": N_("pregnancy"),
    "unhealed_injury": N_("an injury that has not healed"),
    "osteoporosis": N_("osteoporosis"),
    "ankylosing_spondylitis": N_("ankylosing spondylitis"),
    "hypermobility": N_("hypermobility"),
    "disc_herniation": N_("disc herniation"),
    "inflammatory_arthritis": N_("inflammatory arthritis"),
    "radicular": N_("pain spreading below the knee"),
    "cervical_radicular": N_("arm symptoms from the neck"),
}
# Weeks to tick for each plan day: a plan is reviewed after about six weeks (the article's
# "see a doctor if not better in 4 to 6 weeks"), so the handout tracks that long.
TICK_WEEKS = 6
# Red flags worth a line on the cover: the ones that send a person to a doctor soon or now.
COVER_URGENCIES = ("emergency", "urgent", "soon")


def unknown_exercises(plan: Plan, library: Library) -> list[str]:
    """Exercise ids in the plan that the library does not have (a plan from another version)."""
    return sorted(ex for ex in plan.exercise_ids() if ex not in library.exercises)


def _dosing_words(block: Any, gettext: Any, comma: str = ", ") -> str:
    """The block's dose in plain words: sets × reps, or work/rest × rounds."""
    _ = gettext
    if isinstance(block, SetsBlock):
        words = _("%(sets)d sets × %(reps)d reps", sets=block.sets, reps=block.reps)
        if block.per_side:
            words += " " + _("on each side")
        if block.hold_s:
            words += comma + _("hold %(s)d s at the end of each rep", s=block.hold_s)
        if block.rest_s:
            words += comma + _("rest %(s)d s between sets", s=block.rest_s)
        return str(words)
    words = _(
        "%(work)d s work, %(rest)d s rest, %(rounds)d round(s)",
        work=block.work_s,
        rest=block.rest_s,
        rounds=block.rounds,
    )
    if block.rounds > 1 and block.round_rest_s:
        words += comma + _("%(s)d s rest between rounds", s=block.round_rest_s)
    return str(words)


def _days(plan: Plan, library: Library, lang: str, gettext: Any) -> list[dict[str, Any]]:
    _ = gettext
    titles = {
        "warmup": _("Warm-up"),
        "circuit": _("Circuit"),
        "cooldown": _("Cool-down"),
        "sets": _("Sets"),
    }
    strips: dict[str, str] = {}
    thumbs: dict[str, str] = {}
    first_shown: dict[str, int] = {}  # exercise id -> day it is first shown in full
    days = []
    for plan_day in plan.days:
        blocks = []
        for block in plan_day.blocks:
            cards = []
            for exercise_id in block_exercises(block):
                exercise = library.exercises.get(exercise_id)
                if exercise is None:
                    continue
                seen_on = first_shown.get(exercise_id)
                if seen_on is None or seen_on == plan_day.day:
                    # In full the first time; later days point back to it, keeping the
                    # handout short enough to print.
                    first_shown[exercise_id] = plan_day.day
                    if exercise_id not in strips:
                        strips[exercise_id] = data_uri(
                            exercise_svg(exercise_id, library, "strip", lang)
                        )
                    cards.append({"exercise": exercise, "strip": strips[exercise_id]})
                else:
                    if exercise_id not in thumbs:
                        thumbs[exercise_id] = data_uri(
                            exercise_svg(exercise_id, library, "thumb", lang)
                        )
                    cards.append(
                        {"exercise": exercise, "thumb": thumbs[exercise_id], "seen_on": seen_on}
                    )
            blocks.append(
                {
                    "kind": block.kind,
                    "title": titles[block.kind],
                    "dosing": _dosing_words(block, gettext, MARKS[content_lang(lang)]["comma"]),
                    "cards": cards,
                    "circuit": not isinstance(block, SetsBlock),
                }
            )
        days.append({"day": plan_day, "title": _(plan_day.title), "blocks": blocks})
    return days


# Punctuation between words: Chinese takes full-width marks (issue 13).
MARKS = {
    "en": {
        "colon": ": ",
        "comma": ", ",
        "list": ", ",
        "semi": "; ",
        "open": " (",
        "close": ")",
        "stop": ".",
    },
    "zh": {
        "colon": "：",
        "comma": "，",
        "list": "、",
        "semi": "；",
        "open": "（",
        "close": "）",
        "stop": "。",
    },
}


def _goals(profile: dict[str, Any] | None, gettext: Any, separator: str = ", ") -> list[str]:
    """The person's goals in words, from the profile the plan was made for."""
    _ = gettext
    if not profile:
        return []
    region_words = {
        "low_back": _("low back"),
        "mid_back": _("middle back"),
        "neck": _("neck"),
        "shoulder": _("shoulders"),
    }
    goals: list[str] = []
    stated = profile.get("goals")
    if isinstance(stated, list):
        goals += [str(g) for g in stated if str(g).strip()]
    regions = [region_words.get(str(r), str(r)) for r in profile.get("regions") or []]
    if regions:
        goals.append(_("Ease and strengthen: %(areas)s.", areas=separator.join(regions)))
    minutes, days = profile.get("minutes"), profile.get("days_per_week")
    if isinstance(minutes, int) and isinstance(days, int):
        goals.append(
            _(
                "Exercise %(days)d day(s) a week, about %(minutes)d minutes each time.",
                days=days,
                minutes=minutes,
            )
        )
    return goals


def render_handout_html(
    plan: Plan,
    library: Library,
    *,
    profile: dict[str, Any] | None = None,
    lang: str = "en",
    paper: Paper = "a4",
    made_on: date | None = None,
) -> str:
    """The handout as one self-contained HTML page (styles and figures inline)."""
    env = environment(lang)
    catalogue = translations(lang)

    def gettext(message: str, **values: Any) -> str:
        text = catalogue.gettext(message)
        return text % values if values else text

    css = stylesheet("handout.css")
    red_flags = [flag for flag in library.red_flags if flag.urgency in COVER_URGENCIES]
    red_flags.sort(key=lambda flag: COVER_URGENCIES.index(flag.urgency))
    names = {ex_id: ex.name.get(lang) for ex_id, ex in library.exercises.items()}
    return env.get_template("handout.html").render(
        plan=plan,
        # A condition's safety note comes from the content in the handout's language.
        warnings=said_notes(
            plan.warnings,
            plan.notes,
            catalogue.gettext,
            lambda text: catalogue.gettext(warning_text(text, library, content_lang(lang))),
        ),
        days=_days(plan, library, lang, gettext),
        goals=_goals(profile, gettext, MARKS[content_lang(lang)]["list"]),
        red_flags=red_flags,
        excluded=[
            {
                "name": names.get(e.exercise, e.exercise),
                "reasons": [gettext(CONDITION_WORDS.get(r, r)) for r in e.reasons],
            }
            for e in plan.excluded
        ],
        css=css,
        tick_weeks=TICK_WEEKS,
        page_size=PAPER_SIZES[paper],
        lang=lang,
        mark=MARKS[content_lang(lang)],
        made_on=made_on or datetime.now(UTC).date(),
    )


def render_handout_pdf(
    plan: Plan,
    library: Library,
    *,
    profile: dict[str, Any] | None = None,
    lang: str = "en",
    paper: Paper = "a4",
    made_on: date | None = None,
) -> bytes:
    """The handout as PDF bytes (WeasyPrint; needs Debian's Pango); it fetches nothing from
    outside, like the report."""
    return write_pdf(
        render_handout_html(plan, library, profile=profile, lang=lang, paper=paper, made_on=made_on)
    )

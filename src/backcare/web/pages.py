"""Helpers the page routes share: words for the vocabulary's ids, and error pages."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from backcare.labels import BAND_LABELS, EQUIPMENT_LABELS, LEVEL_LABELS, REGION_LABELS
from backcare.web import i18n


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Marks a string for translation where it is defined; translated where it is shown."""
    return message


CONDITION_LABELS = {
    "pregnant": N_("Pregnant"),
    "unhealed_injury": N_("An injury or operation not yet healed"),
    "osteoporosis": N_("Osteoporosis"),
    "ankylosing_spondylitis": N_("Ankylosing spondylitis"),
    "hypermobility": N_("Very flexible joints (hypermobility)"),
    "disc_herniation": N_("Disc herniation (slipped disc)"),
}
URGENCY_LABELS = {
    "emergency": N_("Emergency: go to an emergency department now"),
    "urgent": N_("Urgent: see a doctor within 24 to 48 hours"),
    "soon": N_("Soon: see a doctor within about two weeks"),
    "routine": N_("Routine: see a doctor or physiotherapist if not better in 4 to 6 weeks"),
    "self_care": N_("Self-care: you can look after this yourself for now"),
}
# The level alone, for a tag or for a banner whose advice comes from the flag that set it.
URGENCY_SHORT = {
    "emergency": N_("Emergency"),
    "urgent": N_("Urgent"),
    "soon": N_("Soon"),
    "routine": N_("Routine"),
    "self_care": N_("Self-care"),
}
URGENCY_ICONS = {"emergency": "!!", "urgent": "!", "soon": "›", "routine": "i", "self_care": "✓"}
LIKELIHOOD_LABELS = {"high": N_("likely"), "moderate": N_("possible"), "low": N_("less likely")}
PHASE_LABELS = {
    "prepare": N_("Get ready"),
    "work": N_("Work"),
    "hold": N_("Hold"),
    "rest": N_("Rest"),
    "round_rest": N_("Rest between rounds"),
    "set_rest": N_("Rest between sets"),
    "done": N_("Done"),
}
EFFORT_LABELS = {"too_easy": N_("Too easy"), "right": N_("About right"), "too_hard": N_("Too hard")}
BLOCK_LABELS = {
    "warmup": N_("Warm-up"),
    "circuit": N_("Circuit"),
    "sets": N_("Sets"),
    "cooldown": N_("Cool-down"),
}

LABELS = {
    "region": REGION_LABELS,
    "equipment": EQUIPMENT_LABELS,
    "level": LEVEL_LABELS,
    "condition": CONDITION_LABELS,
    "urgency": URGENCY_LABELS,
    "urgency_icon": URGENCY_ICONS,
    "urgency_short": URGENCY_SHORT,
    "likelihood": LIKELIHOOD_LABELS,
    "phase": PHASE_LABELS,
    "effort": EFFORT_LABELS,
    "block": BLOCK_LABELS,
    "band": BAND_LABELS,
}

ERROR_TEXT = {
    "csrf": (
        N_("This form has expired"),
        N_("Please go back, reload the page and try again. Nothing was changed."),
    ),
    404: (N_("Page not found"), N_("There is nothing here, or it is not yours to see.")),
    405: (N_("Not allowed"), N_("This page cannot be used that way.")),
    500: (
        N_("Something went wrong"),
        N_("Something went wrong on our side. Nothing you saved was lost; please try again."),
    ),
}


def render_error(request: Request, status_code: int, kind: str) -> Response:
    """An error page that needs no database (it may be the database that failed)."""
    from backcare.web.deps import Page, Runtime

    rt: Runtime = request.app.state.runtime
    lang = i18n.choose(
        request.query_params.get("lang"),
        request.cookies.get("backcare_lang"),
        request.headers.get("accept-language"),
        rt.settings.lang,
    )
    page = Page(request=request, rt=rt, user=None, session_token=None, browser_id="-", lang=lang)
    key: str | int = "csrf" if kind == "csrf" else status_code
    title, text = ERROR_TEXT.get(key, (N_("Something went wrong"), N_("Please try again.")))
    try:
        return page.render(
            "error.html",
            status_code=status_code,
            title=page.gettext(title),
            text=page.gettext(text),
            labels=LABELS,
        )
    except Exception:  # the templates themselves failed: still answer plainly
        return HTMLResponse(f"<h1>{status_code}</h1>", status_code=status_code)

"""Words for the ids a screening result carries (score bands, STarT Back risk), marked for
gettext once, so the CLI, the web pages and the printed pages say the same thing."""

from __future__ import annotations


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Marks a string for extraction; it is translated where it is shown."""
    return message


BAND_LABELS = {
    "none": N_("none"),
    "minimal": N_("minimal"),
    "mild": N_("mild"),
    "moderate": N_("moderate"),
    "severe": N_("severe"),
    "crippled": N_("crippled"),
    "bed_bound": N_("bed bound"),
    "complete": N_("complete"),
    "low": N_("low"),
    "medium": N_("medium"),
    "high": N_("high"),
}

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

# Why a plan left an exercise out (plan.md `excluded[].reasons`): every condition, including the
# screening-only ones, in the words the handout uses.
CONDITION_REASONS = {
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

# The planner's fixed notes (domain.plan_safety), marked here so the catalogue carries them;
# tests/domain/test_plan_safety.py keeps the two copies equal.
PLAN_NOTES = (
    N_(
        "Your answers fit inflammatory back pain: the plan favours back extension and "
        "thoracic (mid-back) mobility. Please see a doctor about it; regular movement "
        "helps most alongside treatment."
    ),
    N_("Adding mid_back to your regions adds thoracic mobility work."),
)

# What the voice says at each change of a session, in the terminal coach and the browser
# player alike (domain.player.spoken_cue fills them in; keys are its step kinds).
CUE_WORDS = {
    "prepare": N_("Get ready. %(name)s."),
    "work": N_("%(name)s. %(cue)s"),
    "rest": N_("Rest. Next: %(name)s."),
    "round_rest": N_("Rest. Round %(n)d is next."),
    "set_rest": N_("Rest. Set %(n)d is next."),
    "done": N_("Session complete. Well done."),
}

# The planner's notes with numbers (domain.plan_notes): message ids the adapters translate and
# then fill; tests/cli/test_plan_notes_zh.py keeps these copies equal to the domain's.
PLAN_NOTE_IDS = (
    N_(
        "Doses start at the gentle end of each range because %(because)s. Some soreness is "
        "normal; stop an exercise that causes real pain."
    ),
    N_("your STarT Back result is high risk"),
    N_("your pain is %(pain)s of 10"),
    N_("your pain went up from %(before)s to %(after)s in the last session"),
    N_("%(first)s and %(second)s"),
    N_(", "),
    N_(
        "A full circuit needs about 15 minutes; with %(minutes)s minutes the circuit days become "
        "mobility and sets instead."
    ),
    N_(
        "Not enough exercises fit your regions, equipment and conditions to fill %(minutes)s "
        "minutes on day(s) %(days)s; more equipment or regions give longer sessions."
    ),
    N_(
        "No exercise in the library fits these regions, equipment and conditions; try adding "
        "equipment (a mat, a wall or a chair) or another region."
    ),
)

# Why a typed reply is no answer (domain.questions.ReplyError): message ids the terminal's
# questions translate and then fill; tests/cli/test_screen_interactive_zh.py keeps these copies
# equal to the domain's.
REPLY_PROBLEM_IDS = (
    N_("this is a safety question: please answer yes, no or not sure (y/n/?)"),
    N_("this question cannot be skipped: please answer it"),
    N_("please answer yes, no or not sure (y/n/?)"),
    N_("please answer yes or no (y/n), or press Enter to skip"),
    N_("please enter a whole number"),
    N_("please enter a number"),
    N_("please enter a finite number"),
    N_("please enter at least %(min)s"),
    N_("please enter at most %(max)s"),
    N_("please choose one of the numbers 1 to %(count)s"),
)

# What session feedback changed in a plan and why (domain.plan_notes CHANGE_*, progression):
# message ids the adapters translate and fill; tests/cli/test_plan_changes_zh.py keeps these
# copies equal to the domain's.
PLAN_CHANGE_IDS = (
    N_("%(name)s: %(before)s → %(after)s because %(because)s"),
    N_("%(name)s → %(target)s because %(because)s"),
    N_("%(name)s: swapped for another exercise because %(because)s"),
    N_("it felt easy twice"),
    N_("it felt easy again"),
    N_("it felt too hard"),
    N_("pain went up from %(before)s to %(after)s"),
    N_("pain went up from %(before)s to %(after)s in that session"),
)

# The profile's choices in words (plan.md ids), for the plan builder page and the
# interactive `backcare plan` alike.
REGION_LABELS = {
    "low_back": N_("Lower back"),
    "mid_back": N_("Middle back"),
    "neck": N_("Neck"),
    "shoulder": N_("Shoulders"),
}
EQUIPMENT_LABELS = {
    "mat": N_("Mat"),
    "ball": N_("Exercise ball"),
    "band": N_("Resistance band"),
    "wall": N_("A wall"),
    "chair": N_("Chair"),
    "bottle": N_("Water bottles"),
}
LEVEL_LABELS = {
    "beginner": N_("Beginner"),
    "intermediate": N_("Intermediate"),
    "advanced": N_("Advanced"),
}

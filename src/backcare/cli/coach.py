"""The terminal coach: draws the session player's state (Rich Live), reads single keys in
cbreak mode and speaks a cue at each change.

Only the screen, the keys and the voice live here; `domain.player.Player` decides what happens
when. The loop wakes when the shown second changes or a key arrives, so a countdown costs a
fraction of a percent of one core.
"""

from __future__ import annotations

import math
import os
import select
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from backcare.cli.common import console
from backcare.labels import CUE_WORDS

if TYPE_CHECKING:
    from rich.console import RenderableType

    from backcare.domain.library import Library
    from backcare.domain.player import Event, Player
    from backcare.domain.ports import Speaker
    from backcare.domain.records import Effort


class SystemClock:
    """The real clock, for the coach (tests use a fake one)."""

    def monotonic(self) -> float:
        return time.monotonic()

    def now(self) -> datetime:
        return datetime.now(UTC)


def clock_text(seconds: float) -> str:
    """Whole seconds as m:ss, rounded up the way a countdown shows them."""
    whole = max(math.ceil(seconds - 1e-9), 0)
    return f"{whole // 60}:{whole % 60:02d}"


def exercise_name(lib: Library, exercise: str | None, lang: str = "en") -> str:
    """The exercise's name in `lang`, or its id when the library does not know it."""
    if exercise is None:
        return ""
    found = lib.exercises.get(exercise)
    return found.name.get(lang) if found else exercise


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional marker name)
    """Marks a string for the catalogue; it is translated where the coach shows it."""
    return message


def translator(lang: str) -> Callable[[str], str]:
    """The interface catalogue's gettext for `lang` (en or zh), shared with the web app."""
    from backcare.reports.printing import translations

    return translations(lang).gettext


def plural(lang: str) -> Callable[[str, str, int], str]:
    """ngettext for `lang`: Chinese has one form, English two."""
    from backcare.reports.printing import translations

    return translations(lang).ngettext


# The same words the web player shows (one catalogue entry each).
PHASE_LABELS = {
    "prepare": N_("Get ready"),
    "work": N_("Work"),
    "hold": N_("Hold"),
    "rest": N_("Rest"),
    "round_rest": N_("Rest between rounds"),
    "set_rest": N_("Rest between sets"),
    "done": N_("Done"),
}
BLOCK_LABELS = {
    "warmup": N_("Warm-up"),
    "circuit": N_("Circuit"),
    "sets": N_("Sets"),
    "cooldown": N_("Cool-down"),
}
KEYS_HELP = N_("space pause/resume   n or → skip   b or ← back   q quit")
# Shown only while there is an exercise to rate, so a key on screen always does something.
KEYS_HELP_RATE = N_("space pause/resume   n or → skip   b or ← back   1/2/3 rate   q quit")
# Rating keys: how the exercise just done felt, asked again at the end only when unrated.
RATING_KEYS: dict[str, Effort] = {"1": "too_easy", "2": "right", "3": "too_hard"}
RATING_WORDS = {"too_easy": N_("too easy"), "right": N_("right"), "too_hard": N_("too hard")}

# A 3 × 5 block font for the countdown: readable from a mat two metres away.
_FONT = {
    "0": ("███", "█ █", "█ █", "█ █", "███"),
    "1": (" █ ", "██ ", " █ ", " █ ", "███"),
    "2": ("███", "  █", "███", "█  ", "███"),
    "3": ("███", "  █", "███", "  █", "███"),
    "4": ("█ █", "█ █", "███", "  █", "  █"),
    "5": ("███", "█  ", "███", "  █", "███"),
    "6": ("███", "█  ", "███", "█ █", "███"),
    "7": ("███", "  █", "  █", "  █", "  █"),
    "8": ("███", "█ █", "███", "█ █", "███"),
    "9": ("███", "█ █", "███", "  █", "███"),
    ":": ("   ", " █ ", "   ", " █ ", "   "),
}


def big_digits(text: str) -> str:
    rows = ["  ".join(_FONT[ch][row] for ch in text if ch in _FONT) for row in range(5)]
    return "\n".join(rows)


def render_coach(
    player: Player, lib: Library, lang: str = "en", ratings: dict[str, Effort] | None = None
) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel
    from rich.progress_bar import ProgressBar
    from rich.text import Text

    _ = translator(lang)
    ngettext = plural(lang)
    step = player.step
    exercise = lib.exercises.get(step.exercise or "")
    head = Text()
    head.append(
        _("Day %(day)d: %(title)s")
        % {"day": player.timeline.day, "title": _(player.timeline.title)},
        style="bold",
    )
    if player.state == "paused":
        head.append("   " + _("PAUSED (space to go on)"), style="bold yellow")
    now = Text()
    label = _(PHASE_LABELS[step.phase])
    colour = {"work": "bold green", "hold": "bold green", "prepare": "bold cyan"}.get(
        step.phase, "bold blue"
    )
    now.append(_("%(phase)s: ") % {"phase": label}, style=colour)
    if step.phase in ("rest", "round_rest", "set_rest"):
        now.append(
            _("next %(exercise)s") % {"exercise": exercise_name(lib, step.exercise, lang)},
            style="bold",
        )
    else:
        now.append(exercise_name(lib, step.exercise, lang), style="bold")
    seconds = player.seconds_shown()
    shown = str(seconds) if seconds < 100 else clock_text(seconds)
    countdown = Text(big_digits(shown), style=colour)
    where = Text()
    if step.kind is not None and step.phase != "done":
        if step.kind == "sets":
            where.append(_("Set %(n)d of %(total)d") % {"n": step.round, "total": step.rounds})
            if step.reps:
                reps = ngettext("%(n)d rep", "%(n)d reps", step.reps) % {"n": step.reps}
                where.append(f" · {reps}")
        else:
            where.append(
                _("%(block)s · round %(n)d of %(total)d")
                % {"block": _(BLOCK_LABELS[step.kind]), "n": step.round, "total": step.rounds}
            )
    following = player.next_step
    if following is not None and following.exercise and following.exercise != step.exercise:
        then = _("then: %(exercise)s") % {"exercise": exercise_name(lib, following.exercise, lang)}
        where.append(f"   {then}", style="dim")
    how = Text()
    if exercise is not None and step.phase != "done":
        for number, line in enumerate(exercise.steps, 1):
            how.append(f"{number}. {line.get(lang)}\n")
        for cue in exercise.cues:
            how.append(f"» {cue.get(lang)}\n", style="italic")
    total = player.timeline.total_s
    bar = ProgressBar(total=max(total, 1), completed=player.elapsed_s(), width=60)
    clock = Text(
        _("%(elapsed)s of %(total)s")
        % {"elapsed": clock_text(player.elapsed_s()), "total": clock_text(total)}
    )
    rate = Text()
    target = player.exercise_to_rate()
    if target is not None:
        rate.append(
            _("How is %(exercise)s? ") % {"exercise": exercise_name(lib, target, lang)},
            style="bold",
        )
        rate.append(_("1 too easy · 2 right · 3 too hard"))
        given = (ratings or {}).get(target)
        if given is not None:
            rate.append(
                "   " + _("(you said: %(effort)s)") % {"effort": _(RATING_WORDS[given])},
                style="green",
            )
    keys = _(KEYS_HELP_RATE if target is not None else KEYS_HELP)
    body = Group(head, Text(""), now, countdown, where, Text(""), how, bar, clock, rate)
    return Panel(body, subtitle=keys, border_style="green")


class KeyReader:
    """Single key presses from a terminal in cbreak mode (restored on exit); without a
    terminal it only waits, so the session still runs on the clock."""

    def __init__(self, stream: Any) -> None:
        self.fd: int | None = None
        self._saved: Any = None
        try:
            fd = stream.fileno()
        except (AttributeError, OSError, ValueError):
            return
        if os.isatty(fd):
            self.fd = fd

    @contextmanager
    def active(self) -> Iterator[KeyReader]:
        if self.fd is None:
            yield self
            return
        import termios
        import tty

        self._saved = termios.tcgetattr(self.fd)
        try:
            tty.setcbreak(self.fd)
            yield self
        finally:
            termios.tcsetattr(self.fd, termios.TCSADRAIN, self._saved)

    def read(self, timeout: float | None) -> list[str]:
        """The keys pressed within `timeout` seconds, in order (arrows as `skip`/`back`)."""
        if self.fd is None:
            time.sleep(timeout if timeout is not None else 1.0)
            return []
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return []
        return split_keys(os.read(self.fd, 64).decode(errors="ignore"))


ARROWS = {"\x1b[C": "skip", "\x1b[D": "back", "\x1b[A": "", "\x1b[B": ""}


def split_keys(data: str) -> list[str]:
    """Several keys can arrive in one read (a fast typist, a paste): keep each of them."""
    keys: list[str] = []
    while data:
        arrow = next((seq for seq in ARROWS if data.startswith(seq)), None)
        if arrow is not None:
            if ARROWS[arrow]:
                keys.append(ARROWS[arrow])
            data = data[len(arrow) :]
        else:
            keys.append(data[0])
            data = data[1:]
    return keys


def handle_key(player: Player, key: str, ratings: dict[str, Effort]) -> list[Event]:
    key = key.lower()
    if key in RATING_KEYS:
        target = player.exercise_to_rate()
        if target is not None:
            ratings[target] = RATING_KEYS[key]
        return []
    if key in (" ", "p"):
        return player.toggle()
    if key in ("n", "s", "skip"):
        return player.skip()
    if key in ("b", "back"):
        return player.back()
    if key in ("q", "\x1b", "\x03"):
        return player.stop()
    return []


def _speak(events: list[Event], lib: Library, speaker: Speaker, lang: str) -> None:
    from backcare.domain.player import StepChanged, spoken_cue

    changes = [e for e in events if isinstance(e, StepChanged)]
    if changes:  # after a catch-up only the newest change is worth saying
        _ = translator(lang)
        words = {key: _(text) for key, text in CUE_WORDS.items()}
        speaker.say(spoken_cue(changes[-1].step, lib, lang, words))


def run_coach(
    player: Player, lib: Library, speaker: Speaker, lang: str = "en"
) -> dict[str, Effort]:
    """Walks the timeline on the real clock until it ends or the person quits; returns the
    ratings given on the way (exercise → effort)."""
    from rich.live import Live

    ratings: dict[str, Effort] = {}
    out = console()
    keys = KeyReader(sys.stdin)
    with (
        keys.active(),
        Live(render_coach(player, lib, lang), console=out, auto_refresh=False, screen=True) as live,
    ):
        try:
            _speak(player.start(), lib, speaker, lang)
            live.update(render_coach(player, lib, lang), refresh=True)
            while player.state in ("running", "paused"):
                if player.state == "running":
                    # Wake when the shown second changes (or a key comes), not before.
                    fraction = player.remaining_s() % 1.0
                    timeout: float | None = min(max(fraction, 0.01), 1.0)
                else:
                    timeout = None
                pressed = keys.read(timeout)
                events = [e for key in pressed for e in handle_key(player, key, ratings)]
                events += player.tick()
                _speak(events, lib, speaker, lang)
                if events or pressed:
                    live.update(render_coach(player, lib, lang, ratings), refresh=True)
        except KeyboardInterrupt:
            player.stop()
    return ratings

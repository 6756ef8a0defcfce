"""`backcare remind run|status|config|install|uninstall`: break and posture reminders.

`run` resolves settings and content here (where the library and the store may be imported)
and then replaces itself with the small `backcare.reminders.daemon` process.
"""

from __future__ import annotations

import os
import subprocess
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from backcare.cli.common import ExitStatus, fail, library, print_json

if TYPE_CHECKING:
    from backcare.domain.library import Library
    from backcare.domain.reminders import BreakRules
    from backcare.reminders.settings import ReminderSettings

remind_app = typer.Typer(
    help="Break and posture reminders for people who sit all day.", no_args_is_help=True
)

# Settings keys and the options that set them, so an error names what the person typed.
OPTION_FOR = {
    "every_min": "--every",
    "micro_break_min": "--break",
    "long_break_min": "--long-break",
    "long_break_every": "--long-every",
    "snooze_min": "--snooze",
    "work_hours": "--work-hours",
    "work_days": "--work-days",
    "regions": "--regions",
}


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


# The options `run` and `config` share (one definition, so their help never drifts apart).
EveryOption = Annotated[
    int | None, typer.Option("--every", help="Minutes of sitting before a break.")
]
BreakOption = Annotated[
    int | None, typer.Option("--break", help="Length of a micro-break, in minutes.")
]
LongBreakOption = Annotated[
    int | None, typer.Option("--long-break", help="Length of the long break, in minutes.")
]
WorkHoursOption = Annotated[
    str | None, typer.Option("--work-hours", help="e.g. 09:00-18:00 (22:00-06:00 works).")
]
WorkDaysOption = Annotated[
    str | None, typer.Option("--work-days", help="e.g. mon-fri or mon,wed,fri.")
]
FormatOption = Annotated[OutputFormat, typer.Option("--format")]


def _folder() -> Path:
    from backcare.config import get_settings

    return get_settings().data_dir / "reminders"


def _config_file() -> Path:
    from backcare.config import get_settings

    return get_settings().config_file


def _defaults(lib: Library) -> BreakRules:
    from backcare.domain.reminders import BreakRules

    return lib.reminders.rules() if lib.reminders is not None else BreakRules()


def _read_settings() -> ReminderSettings:
    from backcare.reminders.settings import SettingsError, read_settings

    try:
        return read_settings(_config_file())
    except SettingsError as exc:
        fail(f"{exc} (fix it, or run `backcare remind config --reset`)")


def _option_error(message: str) -> str:
    """'every_min: 0 must be ...' -> '--every: 0 must be ...'."""
    key, _, rest = message.partition(":")
    option = OPTION_FOR.get(key.strip())
    return f"{option}:{rest}" if option and rest else message


def _changes(**options: Any) -> dict[str, Any]:
    from backcare.domain.reminders import parse_weekdays

    changes = {key: value for key, value in options.items() if value is not None}
    if isinstance(changes.get("work_days"), str):
        try:
            changes["work_days"] = list(parse_weekdays(changes["work_days"]))
        except ValueError as exc:
            fail(_option_error(str(exc)))
    if isinstance(changes.get("regions"), str):
        changes["regions"] = [r for r in changes["regions"].replace(" ", "").split(",") if r]
    if isinstance(changes.get("work_hours"), str):
        changes["work_hours"] = changes["work_hours"].replace(" ", "")
    return changes


def _describe(rules: BreakRules) -> str:
    long = (
        f"every {rules.long_break_every} breaks a {rules.long_break_min}-min one"
        if rules.long_break_every
        else "no long breaks"
    )
    return (
        f"a {rules.micro_break_min}-min break after {rules.every_min} min of sitting, {long}; "
        f"snooze {rules.snooze_min} min; {rules.work_hours} on {','.join(rules.work_days)}"
    )


@remind_app.command("run")
def run(
    every: EveryOption = None,
    break_min: BreakOption = None,
    long_break: LongBreakOption = None,
    work_hours: WorkHoursOption = None,
    work_days: WorkDaysOption = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Print reminders on stdout (with a bell); save nothing."),
    ] = False,
    lang: Annotated[str, typer.Option(help="Language of the reminders: en or zh.")] = "en",
) -> None:
    """Run in the foreground until Ctrl-C: a desktop notification (or a line on stdout) at
    each break, with a desk exercise for your regions and a posture tip."""
    from backcare.reminders.daemon import read_state
    from backcare.reminders.kit import build_kit, regions_from_latest_plan

    changes = _changes(
        every_min=every,
        micro_break_min=break_min,
        long_break_min=long_break,
        work_hours=work_hours,
        work_days=work_days,
    )
    settings = _read_settings()
    lib = library()
    try:
        rules = settings.rules(_defaults(lib)).updated(changes)
    except ValueError as exc:
        fail(_option_error(str(exc)))
    folder = _folder()
    running = read_state(folder)
    if running is not None and not dry_run:
        fail(
            f"a reminder is already running (pid {running['pid']}); stop it first",
            ExitStatus.ERROR,
        )
    regions = settings.regions or regions_from_latest_plan()
    kit = build_kit(lib, rules, regions, folder, lang=lang, dry_run=dry_run)
    kit_path = folder / ("kit-dry-run.json" if dry_run else "kit.json")
    kit.save(kit_path)
    _become_daemon(kit_path)


def _become_daemon(kit_path: Path) -> None:
    """Replace this process with the small reminder process (a child on Windows)."""
    argv = [sys.executable, "-m", "backcare.reminders.daemon", str(kit_path)]
    sys.stdout.flush()
    sys.stderr.flush()
    if os.name == "posix":
        os.execv(sys.executable, argv)
    raise typer.Exit(subprocess.call(argv))  # pragma: no cover - Windows


@remind_app.command("status")
def status(
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Whether a reminder is running, which idle detector and notifier it uses, your rules,
    autostart, and today's breaks."""
    import asyncio
    import contextlib

    from backcare.desktop.idle import choose_idle_monitor
    from backcare.desktop.notify import choose_notifier
    from backcare.reminders import autostart
    from backcare.reminders.daemon import read_state
    from backcare.reminders.events import pending_events

    lib = library()
    rules = _read_settings().rules(_defaults(lib))
    folder = _folder()
    state = read_state(folder)
    if state is not None:
        idle_name, notifier_name = state.get("idle"), state.get("notifier")
        with contextlib.suppress(ValueError, TypeError):
            rules = rules.updated(state.get("rules") or {})  # what the running one uses
    else:
        idle_name = choose_idle_monitor().name
        notifier_name = asyncio.run(choose_notifier()).name
    report: dict[str, Any] = {
        "running": state is not None,
        "state": state,
        "idle": idle_name,
        "notifier": notifier_name,
        "rules": rules.as_dict(),
        "settings_file": str(_config_file()),
        "autostart": [str(p) for p in autostart.installed()],
        "pending_events": pending_events(folder),
        "today": _today_counts(),
    }
    if fmt is OutputFormat.json:
        print_json(report)
        return
    if state is not None:
        line = f"running (pid {state['pid']}) since {state.get('started_at')}"
        if state.get("next_in_min") is not None:
            line += f"; next {state.get('next_kind')} break in {state['next_in_min']:.0f} min"
        typer.echo(f"Reminder: {line}")
    else:
        typer.echo("Reminder: not running (start it with `backcare remind run`)")
    typer.echo(f"Idle detection: {idle_name}")
    typer.echo(f"Notifications: {notifier_name}")
    typer.echo(f"Rules: {_describe(rules)}")
    typer.echo(f"Settings file: {report['settings_file']}")
    typer.echo(f"Autostart: {', '.join(report['autostart']) or 'not installed'}")
    today = report["today"]
    if today is None:
        typer.echo("Breaks today: the store could not be opened")
    else:
        counts = ", ".join(f"{n} {action}" for action, n in today.items()) or "none yet"
        typer.echo(f"Breaks today: {counts}")
    if report["pending_events"]:
        typer.echo(f"Waiting to be saved: {report['pending_events']} event(s)")


def _today_counts() -> dict[str, int] | None:
    """Today's break events by action, from the store; None when it cannot be opened."""
    from datetime import date

    try:
        from backcare.store import open_repository

        repo = open_repository()
    except Exception:
        return None
    try:
        user = repo.local_user()
        counts: dict[str, int] = {}
        today = date.today()
        for event in repo.list_reminder_events(user.id, today, today):
            if event.at.astimezone().date() == today:
                counts[event.action] = counts.get(event.action, 0) + 1
        return counts
    except Exception:
        return None
    finally:
        repo.close()


@remind_app.command("config")
def config(
    every: EveryOption = None,
    break_min: BreakOption = None,
    long_break: LongBreakOption = None,
    long_every: Annotated[
        int | None,
        typer.Option("--long-every", help="Every Nth break is the long one (0: never)."),
    ] = None,
    snooze: Annotated[int | None, typer.Option("--snooze", help="Snooze minutes.")] = None,
    work_hours: WorkHoursOption = None,
    work_days: WorkDaysOption = None,
    regions: Annotated[
        str | None,
        typer.Option("--regions", help="Regions for desk exercises, e.g. neck,low_back."),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Forget your settings; use the defaults.")
    ] = False,
    fmt: FormatOption = OutputFormat.text,
) -> None:
    """Show or change your reminder settings (the [reminders] table of config.toml)."""
    from backcare.reminders.settings import ReminderSettings, SettingsError, write_settings

    changes = _changes(
        every_min=every,
        micro_break_min=break_min,
        long_break_min=long_break,
        long_break_every=long_every,
        snooze_min=snooze,
        work_hours=work_hours,
        work_days=work_days,
        regions=regions,
    )
    path = _config_file()
    lib = library()
    defaults = _defaults(lib)
    settings = ReminderSettings() if reset else _read_settings()
    if changes:
        try:
            settings = settings.with_values(changes)
            settings.rules(defaults)
        except SettingsError as exc:
            fail(_option_error(str(exc)))
    if changes or reset:
        try:
            write_settings(path, settings)
        except (SettingsError, OSError) as exc:
            fail(f"{path}: {exc}", ExitStatus.ERROR)
    rules = settings.rules(defaults)
    values = {**rules.as_dict(), "regions": list(settings.regions)}
    yours = set(settings.values)
    if fmt is OutputFormat.json:
        print_json({"settings_file": str(path), "values": values, "yours": sorted(yours)})
        return
    for key, value in values.items():
        shown = ",".join(value) if isinstance(value, list) else value
        if key == "regions" and not value:
            shown = "from your newest plan"
        origin = "yours" if key in yours else "default"
        typer.echo(f"{key:<17} {shown!s:<24} ({origin})")
    typer.echo(f"Settings file: {path}")
    if lib.reminders is not None:
        cited = ", ".join(
            "the source article" if lib.sources[s].kind == "article" else lib.sources[s].citation()
            for s in lib.reminders.sources
            if s in lib.sources
        )
        typer.echo(f"Why these defaults: {lib.reminders.why.get('en')}")
        typer.echo(f"Sources: {cited}")


@remind_app.command("install")
def install(
    systemd: Annotated[
        bool, typer.Option("--systemd", help="A systemd user unit instead of XDG autostart.")
    ] = False,
) -> None:
    """Start the reminder with your desktop session."""
    from backcare.reminders import autostart

    if not sys.platform.startswith("linux"):
        fail("install: autostart entries are written for Linux desktops only")
    path = autostart.install("systemd" if systemd else "xdg")
    typer.echo(f"Wrote {path}")
    if systemd:
        typer.echo(f"Enable it with: systemctl --user enable --now {autostart.UNIT_FILE}")
    else:
        typer.echo("The reminder starts at your next login.")


@remind_app.command("uninstall")
def uninstall() -> None:
    """Remove the autostart entry and the systemd user unit, if present."""
    from backcare.reminders import autostart

    removed = autostart.uninstall()
    for path in removed:
        typer.echo(f"Removed {path}")
    if any(p.name == autostart.UNIT_FILE for p in removed):
        typer.echo(f"If it was enabled: systemctl --user disable --now {autostart.UNIT_FILE}")
    if not removed:
        typer.echo("Nothing to remove: no autostart entry was installed.")

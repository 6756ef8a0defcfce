"""The `backcare` command's Typer app. Sub-commands live in their own modules, each importing
heavy libraries only inside the command that needs them, so `backcare --help` starts fast.

The console entry point is `backcare.cli.main:run`, which answers the commonest invocations
without building this app first (cli/fast.py); tests use `app` from either module."""

from __future__ import annotations

import typer

from backcare import __version__
from backcare.cli import data_cmds, diary_cmds, report_cmds
from backcare.cli.content_cmds import content_app, exercises_app
from backcare.cli.handout_cmds import handout
from backcare.cli.plan_cmds import plan
from backcare.cli.remind_cmds import remind_app
from backcare.cli.screen_command import screen
from backcare.cli.serve_cmd import serve
from backcare.cli.session_cmds import session_app

app = typer.Typer(
    name="backcare",
    help="backcare: an offline coach for back, neck and shoulder pain. "
    "It does not diagnose: red flags send you to a doctor.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
app.add_typer(content_app, name="content")
app.add_typer(exercises_app, name="exercises")
# Other command groups register themselves below, one line each.
app.command("screen")(screen)
app.command("plan")(plan)
app.add_typer(session_app, name="session")
app.add_typer(diary_cmds.diary_app, name="diary")
app.command("history")(data_cmds.history)
app.command("export")(data_cmds.export)
app.command("import")(data_cmds.import_)
app.command("chart")(report_cmds.chart)
app.command("report")(report_cmds.report)
app.command("progress")(report_cmds.progress)
app.add_typer(remind_app, name="remind")
app.command("serve")(serve)
app.command("handout")(handout)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"backcare {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version."
    ),
) -> None:
    """backcare: screening, exercise plans, guided sessions, a pain diary and break reminders."""

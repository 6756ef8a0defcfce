"""The long-running reminder stays small: its modules pull in no heavy library (pydantic,
YAML, SQLAlchemy, the CLI or web stacks). bench/bench_reminders.py gives the figures."""

from __future__ import annotations

from tests.fresh_imports import packages_loaded_by

HEAVY = {
    "pydantic",
    "pydantic_core",
    "pydantic_settings",
    "yaml",
    "sqlalchemy",
    "alembic",
    "typer",
    "click",
    "rich",
    "fastapi",
    "jinja2",
    "matplotlib",
}


def test_the_daemon_path_imports_nothing_heavy() -> None:
    loaded = packages_loaded_by(
        "import backcare.reminders.daemon, backcare.desktop.idle, backcare.desktop.notify\n"
        "import backcare.reminders.events, backcare.reminders.runner, backcare.reminders.kit"
    )
    assert not (loaded & HEAVY)

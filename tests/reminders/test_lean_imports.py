"""The long-running reminder stays small: its modules pull in no heavy library (pydantic,
YAML, SQLAlchemy, the CLI or web stacks). bench/bench_reminders.py gives the figures."""

from __future__ import annotations

import subprocess
import sys

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
    code = (
        "import sys\n"
        "import backcare.reminders.daemon, backcare.desktop.idle, backcare.desktop.notify\n"
        "import backcare.reminders.events, backcare.reminders.runner, backcare.reminders.kit\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout.split()
    assert not ({name.split(".")[0] for name in loaded} & HEAVY)

"""`backcare --help` loads the command-line framework and little else (make bench: at most
8x a bare `python -c pass`): what only some commands need is imported inside them."""

from __future__ import annotations

from tests.fresh_imports import packages_loaded_by


def test_loading_the_cli_leaves_what_commands_need_unloaded() -> None:
    loaded = packages_loaded_by("import backcare.cli.main")
    unwanted = {"pydantic", "yaml", "rich", "json", "tempfile", "sqlalchemy", "alembic"}
    assert not (loaded & unwanted), sorted(loaded & unwanted)

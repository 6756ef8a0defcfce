"""`backcare --help` loads the command-line framework and little else (make bench: at most
8x a bare `python -c pass`): what only some commands need is imported inside them. The
console entry point (cli/main.py) loads not even that: it answers the fast paths first."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.answers import complete
from tests.fresh_imports import packages_loaded_by


def test_loading_the_cli_leaves_what_commands_need_unloaded() -> None:
    loaded = packages_loaded_by("import backcare.cli.app")
    unwanted = {"pydantic", "yaml", "rich", "json", "tempfile", "sqlalchemy", "alembic"}
    assert not (loaded & unwanted), sorted(loaded & unwanted)


def test_the_entry_point_loads_no_framework_before_it_dispatches() -> None:
    loaded = packages_loaded_by("import backcare.cli.main, backcare.cli.fast")
    unwanted = {"typer", "click", "pydantic", "rich", "typing", "pathlib", "hashlib"}
    assert not (loaded & unwanted), sorted(loaded & unwanted)


def test_a_screen_loads_no_yaml_sqlalchemy_rich_or_typer(
    isolated_home: Path, tmp_path: Path
) -> None:
    """`backcare screen --answers FILE --format json` once the database and the content cache
    exist: the library comes from the cache and the row goes in through sqlite3. Typer (and
    click) are for parsing unusual command lines and for errors: the fast path needs neither
    (importing them was a sixth of the screen's start-up, make bench)."""
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(complete(regions=["low_back"])), encoding="utf-8")
    listing = tmp_path / "modules.txt"
    script = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(listing)!r}, 'w').write('\\n'.join(sys.modules)))\n"
        "from backcare.cli import fast\n"
        f"fast.dispatch(['screen', '--answers', {str(answers)!r}, '--format', 'json'])\n"
    )
    for _ in range(2):  # the first run makes the database and the cache
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, check=False)
        assert done.returncode == 0, done.stderr
    loaded = {name.split(".")[0] for name in listing.read_text(encoding="utf-8").split()}
    assert "pydantic" in loaded  # the listing is the screening's own
    unwanted = {"yaml", "sqlalchemy", "alembic", "rich", "pydantic_settings", "typer", "click"}
    assert not (loaded & unwanted), sorted(loaded & unwanted)

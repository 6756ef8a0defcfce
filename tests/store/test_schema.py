"""The schema check without Alembic: the revisions read from the scripts are Alembic's, and
opening a database that is already current never imports Alembic."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from backcare.store.engine import alembic_config, current_revisions, make_engine, migrate
from backcare.store.schema import UnreadableScriptsError, script_revisions
from tests.store.conftest import sqlite_url


def test_scripts_read_without_alembic_give_alembics_heads_and_revisions() -> None:
    scripts = ScriptDirectory.from_config(alembic_config())
    heads, known = script_revisions()
    assert heads == tuple(sorted(scripts.get_heads()))
    assert known == {script.revision for script in scripts.walk_revisions()}


def _script(folder: Path, name: str, revision: str, down: str) -> None:
    (folder / "versions" / name).write_text(
        f'"""{name}"""\n\nrevision: str = "{revision}"\ndown_revision: str | None = {down}\n',
        encoding="utf-8",
    )


def test_a_merge_and_a_branch_give_the_right_heads(tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    _script(tmp_path, "a.py", "a", "None")
    _script(tmp_path, "b.py", "b", '"a"')
    _script(tmp_path, "c.py", "c", "'a'")
    assert script_revisions(tmp_path) == (("b", "c"), frozenset("abc"))
    _script(tmp_path, "d.py", "d", '("b", "c")')
    script_revisions.cache_clear()
    assert script_revisions(tmp_path) == (("d",), frozenset("abcd"))


def test_a_script_without_a_plain_revision_line_is_left_to_alembic(tmp_path: Path) -> None:
    (tmp_path / "versions").mkdir()
    (tmp_path / "versions" / "odd.py").write_text("revision = make_id()\n", encoding="utf-8")
    with pytest.raises(UnreadableScriptsError, match=r"odd\.py"):
        script_revisions(tmp_path)


def test_current_revisions_of_an_empty_and_a_migrated_database(tmp_path: Path) -> None:
    engine = make_engine(sqlite_url(tmp_path))
    try:
        with engine.connect() as connection:
            assert current_revisions(connection) == ()
        migrate(engine)
        with engine.connect() as connection:
            assert current_revisions(connection) == script_revisions()[0]
    finally:
        engine.dispose()


def test_opening_a_current_database_does_not_import_alembic(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    code = (
        "import sys\n"
        "from backcare.store import open_repository\n"
        f"open_repository({url!r}).close()\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'alembic'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"

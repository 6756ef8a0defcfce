"""Which schema revision this backcare wants and which one a database has, without Alembic.

Nearly every command opens the store, and asking Alembic "is the database current?" meant
importing it and its script machinery first (about a quarter of a `backcare screen`). The
answer is read instead from the migration scripts' own `revision` and `down_revision` lines
and from the database's `alembic_version` table in one query; Alembic loads only when there
is something to migrate (`engine.migrate`). tests/store/test_schema.py checks that the
scripts read this way give the same heads as Alembic.

Imports only the standard library, so the command line's SQLite fast path
(`backcare.store.lite`) can use it without SQLAlchemy.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

VERSION_TABLE = "alembic_version"  # Alembic's default, which migrations/env.py keeps

_REVISION = re.compile(r"^revision\s*(?::[^=\n]*)?=\s*['\"]([^'\"]+)['\"]", re.M)
_DOWN_REVISION = re.compile(r"^down_revision\s*(?::[^=\n]*)?=\s*(.+)$", re.M)
_QUOTED = re.compile(r"['\"]([^'\"]+)['\"]")


class UnreadableScriptsError(RuntimeError):
    """A migration script does not say its revision in the plain form read here."""


def migrations_dir() -> Path:
    """The Alembic scripts: an installed copy beside the package, or the checkout's."""
    packaged = Path(__file__).resolve().parent.parent / "_migrations"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "migrations"


@lru_cache(maxsize=4)
def script_revisions(folder: Path | None = None) -> tuple[tuple[str, ...], frozenset[str]]:
    """(heads, every known revision) of the scripts in `folder`/versions (default: ours).

    Raises UnreadableScriptsError when a script has no plain `revision = "..."` line; the
    caller then asks Alembic.
    """
    versions = (folder or migrations_dir()) / "versions"
    known: set[str] = set()
    parents: set[str] = set()
    for path in sorted(versions.glob("*.py")):
        text = path.read_text(encoding="utf-8")
        found = _REVISION.search(text)
        if found is None:
            raise UnreadableScriptsError(f"{path.name}: no `revision = ...` line")
        known.add(found.group(1))
        down = _DOWN_REVISION.search(text)
        if down is not None:
            parents.update(_QUOTED.findall(down.group(1)))
    return tuple(sorted(known - parents)), frozenset(known)

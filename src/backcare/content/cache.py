"""A disk cache of the validated library, so a fresh process skips parsing and checking.

Reading `content/` means parsing ~100 YAML files, validating them and cross-checking links
(and the figure poses), which takes from about 100 ms to seconds on a busy machine; every CLI
call and web worker pays it. A library that loaded clean is written once as JSON beside the
user's data, keyed by a fingerprint of every content file and of the code that validates it,
and read back in a few milliseconds while nothing has changed. Any edit to a content file or
to the models changes the fingerprint, so a stale library is never served; any problem with
the cache itself is ignored and the library is read from `content/` as usual.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pydantic import ValidationError

import backcare
from backcare.domain.library import Library

# The code whose changes can change what a content file means.
_CODE_DIRS = (
    Path(__file__).resolve().parent,  # backcare.content (the loader)
    Path(__file__).resolve().parent.parent / "domain",  # the models and their checks
)


def cache_dir() -> Path:
    """`$BACKCARE_HOME/cache`, or the platform's user cache folder."""
    from backcare.config import get_settings

    home = get_settings().home
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path("backcare", appauthor=False)


def fingerprint(root: Path) -> str:
    """Changes whenever a content file or the validating code is added, removed or edited."""
    digest = hashlib.sha256(f"{backcare.__version__}\n{root}\n".encode())
    files = [(root, path) for path in root.rglob("*") if path.is_file()]
    files += [(folder, path) for folder in _CODE_DIRS for path in folder.glob("*.py")]
    for base, path in sorted(files):
        stat = path.stat()
        digest.update(f"{path.relative_to(base)}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def _cache_file(root: Path) -> Path:
    return cache_dir() / f"library-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.json"


def read(root: Path) -> Library | None:
    """The cached library for `root`, or None when there is none or it is out of date."""
    try:
        path = _cache_file(root)
        with path.open(encoding="utf-8") as handle:
            if handle.readline().strip() != fingerprint(root):
                return None
            return Library.model_validate_json(handle.read())
    except (OSError, ValueError, ValidationError):
        return None


def write(root: Path, library: Library) -> None:
    """Keep `library` for the next process; silently skipped when it cannot be written or
    would not read back identical."""
    try:
        text = library.model_dump_json()
        if Library.model_validate_json(text) != library:  # pragma: no cover - a safety net
            return
        path = _cache_file(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_text(f"{fingerprint(root)}\n{text}", encoding="utf-8")
        os.replace(partial, path)  # atomic, so a reader never sees half a file
    except (OSError, ValueError, ValidationError):
        return

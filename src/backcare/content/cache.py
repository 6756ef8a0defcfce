"""A disk cache of the validated library, so a fresh process skips parsing and checking.

Reading `content/` means parsing ~100 YAML files, validating them and cross-checking links
(and the figure poses), which takes from about 100 ms to seconds on a busy machine; every CLI
call and web worker pays it. A library that loaded clean is written once as JSON beside the
user's data, keyed by a fingerprint of every content file and of the code that validates it,
and read back in a few milliseconds while nothing has changed. It is kept as a pickle of the
validated models: reading it back builds them as they were, without validating them again
(re-validating a JSON copy cost about as much as building pydantic's validators, which a
`backcare screen` otherwise never needs). The file lives in the user's own cache folder and
is only ever read by the user who wrote it. Any edit to a content file or
to the models changes the fingerprint, so a stale library is never served; any problem with
the cache itself is ignored and the library is read from `content/` as usual.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import pickle
import sys
from pathlib import Path
from types import CodeType

import backcare
from backcare.domain.conditions import COMPILED_CODE
from backcare.domain.library import Library

# The code whose changes can change what a content file means.
_CODE_DIRS = (
    Path(__file__).resolve().parent,  # backcare.content (the loader)
    Path(__file__).resolve().parent.parent / "domain",  # the models and their checks
)


def cache_dir() -> Path:
    """`$BACKCARE_HOME/cache`, or the platform's user cache folder."""
    from backcare.config import get_settings
    from backcare.environment import cache_dir as folder

    return folder(get_settings().home)


def fingerprint(root: Path) -> str:
    """Changes whenever a content file or the validating code is added, removed or edited
    (its name, size or modification time). Walks with os.scandir on strings: every
    `backcare screen` pays for this, and pathlib's rglob and sorting took several times
    longer."""
    digest = hashlib.sha256(f"{backcare.__version__}\n{root}\n".encode())
    entries = _entries(str(root), "", recursive=True)
    for folder in _CODE_DIRS:
        entries += [
            (name, stat) for name, stat in _entries(str(folder), "") if name.endswith(".py")
        ]
    for name, (size, mtime) in sorted(entries):
        digest.update(f"{name}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


def _entries(
    folder: str, prefix: str, recursive: bool = False
) -> list[tuple[str, tuple[int, int]]]:
    """(path relative to the walk's start, (size, mtime_ns)) of the files in `folder`."""
    found: list[tuple[str, tuple[int, int]]] = []
    try:
        scan = os.scandir(folder)
    except OSError:
        return found
    with scan:
        for entry in scan:
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=False):  # as rglob: no loops
                if recursive:
                    found += _entries(entry.path, name + "/", recursive=True)
            elif entry.is_file():
                stat = entry.stat()
                found.append((name, (stat.st_size, stat.st_mtime_ns)))
    return found


def _cache_file(root: Path, kind: str) -> Path:
    return cache_dir() / f"{kind}-{hashlib.sha256(str(root).encode()).hexdigest()[:16]}.pickle"


def read(root: Path, kind: str = "library") -> Library | None:
    """The cached library (`kind`: "library", or "screening" for the screening's part) for
    `root`, or None when there is none or it is out of date."""
    try:
        with _cache_file(root, kind).open("rb") as handle:
            if handle.readline().decode().strip() != fingerprint(root):
                return None
            library = pickle.load(handle)
    except Exception:  # a damaged or foreign file is no cache: read content/ instead
        return None
    if not isinstance(library, Library):
        return None
    read_compiled()
    return library


def write(root: Path, library: Library, kind: str = "library") -> None:
    """Keep `library` for the next process; silently skipped when it cannot be written or
    would not read back identical."""
    try:
        data = pickle.dumps(library, protocol=pickle.HIGHEST_PROTOCOL)
        if pickle.loads(data) != library:  # pragma: no cover - a safety net
            return
        path = _cache_file(root, kind)
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(f"{fingerprint(root)}\n".encode() + data)
        os.replace(partial, path)  # atomic, so a reader never sees half a file
    except (OSError, pickle.PicklingError, TypeError, ValueError):
        return


# --- the screening rules' compiled code ---------------------------------------------------------

# Code objects kept for the next process (domain.conditions.COMPILED_CODE), by source. At most
# this many: sources of older libraries are dropped when the file is written again.
KEPT_CODE = 2_000
_READ: set[str] = set()  # the sources read from the file by this process


def _code_file() -> Path:
    # marshal's format belongs to one Python version: a file per version.
    version = hashlib.sha256(sys.version.encode()).hexdigest()[:12]
    return cache_dir() / f"conditions-{version}.marshal"


def read_compiled() -> None:
    """Adds the kept code of generated conditions to `COMPILED_CODE` (nothing when there is
    none, or it is damaged: the conditions are then compiled as usual)."""
    try:
        kept = marshal.loads(_code_file().read_bytes())
    except Exception:
        return
    if not isinstance(kept, dict):
        return
    for source, code in kept.items():
        if isinstance(source, str) and isinstance(code, CodeType):
            COMPILED_CODE.setdefault(source, code)
            _READ.add(source)


def keep_compiled() -> None:
    """Writes `COMPILED_CODE` for the next process when this one compiled something new
    (the command line calls it after a screening); silently skipped when it cannot."""
    if _READ.issuperset(COMPILED_CODE):
        return
    kept = dict(list(COMPILED_CODE.items())[-KEPT_CODE:])
    try:
        path = _code_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.tmp")
        partial.write_bytes(marshal.dumps(kept))
        os.replace(partial, path)  # atomic, so a reader never sees half a file
    except (OSError, ValueError):
        return
    _READ.update(kept)

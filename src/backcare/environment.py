"""The one place the environment is read: the `BACKCARE_*` variables, by setting name.

Standard library only, so the command line's fast paths (cli/fast.py) can find the user's
folders without loading pydantic; `backcare.config.Settings` validates the same values.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing (mypy knows the name)

if TYPE_CHECKING:
    from pathlib import Path

APP_NAME = "backcare"
ENV_PREFIX = "BACKCARE_"


def variables() -> dict[str, str]:
    """Every `BACKCARE_*` variable by setting name (`BACKCARE_HOME` -> `home`), whatever the
    letter case of its name (as pydantic-settings read them before); unknown names are left
    for Settings to ignore."""
    prefix = ENV_PREFIX.lower()
    return {
        name.lower().removeprefix(prefix): value
        for name, value in os.environ.items()
        if name.lower().startswith(prefix)
    }


def home() -> Path | None:
    """`BACKCARE_HOME` as Settings reads it (`Settings().home`)."""
    from pathlib import Path

    value = variables().get("home")
    return None if value is None else Path(value)


def cache_dir(home: Path | None) -> Path:
    """`home`/cache, or the platform's user cache folder when there is no home folder."""
    if home is not None:
        return home / "cache"
    from platformdirs import user_cache_path

    return user_cache_path(APP_NAME, appauthor=False)


def cache_folder() -> str:
    """`cache_dir(home())` as a string, without pathlib (for `backcare --help`, cli/fast.py)."""
    value = variables().get("home")
    if value is not None:
        return os.path.join(value, "cache")
    from platformdirs import user_cache_dir

    return user_cache_dir(APP_NAME, appauthor=False)

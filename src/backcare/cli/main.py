"""The `backcare` console entry point (`run`), and the Typer app as `app` (cli/app.py).

Importing this module loads nothing but the standard library: `run()` first lets cli/fast.py
answer `backcare --help` and a plain `backcare screen` without building Typer's command
tree, which cost most of their start-up (issue 17, `make bench`); everything else goes to
the Typer app as before.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (mypy knows the name)
if TYPE_CHECKING:
    from typing import Any


def run() -> None:
    """Console entry point."""
    from backcare.cli import fast

    fast.dispatch(sys.argv[1:])  # exits when it answered
    from backcare.cli.app import app

    app()


def __getattr__(name: str) -> Any:
    """`app`, built on first use (tests and tools import it from here)."""
    if name == "app":
        from backcare.cli.app import app

        return app
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

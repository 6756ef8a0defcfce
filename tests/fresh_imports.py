"""What a fresh interpreter has loaded after some imports: the tests that keep startup light
(the domain, the reminder daemon, `backcare --help`) all ask this one question."""

from __future__ import annotations

import subprocess
import sys


def packages_loaded_by(code: str) -> set[str]:
    """Top-level names of every module loaded after running `code` in a new interpreter, so
    indirect imports count too."""
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    ).stdout.split()
    return {name.split(".")[0] for name in out}

"""Start the reminder with the desktop session: an XDG autostart entry, or a systemd user unit.

Both run `python -m backcare.reminders run` with the interpreter backcare is installed in, so
they work without `backcare` on PATH. Files are written under the XDG config folder that
platformdirs names ($XDG_CONFIG_HOME, usually ~/.config).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Literal

Kind = Literal["xdg", "systemd"]
DESKTOP_FILE = "backcare-remind.desktop"
UNIT_FILE = "backcare-remind.service"
_PLAIN = re.compile(r"^[A-Za-z0-9_@%+=:,./-]+$")


def config_home() -> Path:
    from platformdirs import user_config_path

    return user_config_path()


def entry_path(kind: Kind, home: Path | None = None) -> Path:
    home = home or config_home()
    if kind == "systemd":
        return home / "systemd" / "user" / UNIT_FILE
    return home / "autostart" / DESKTOP_FILE


def command() -> list[str]:
    return [sys.executable, "-m", "backcare.reminders", "run"]


def quote(args: Sequence[str]) -> str:
    """Quote for a desktop entry's Exec and a unit's ExecStart (both take double quotes with
    backslash escapes; `%` is doubled for the desktop entry's field codes)."""
    out = []
    for arg in args:
        if _PLAIN.match(arg):
            out.append(arg.replace("%", "%%"))
        else:
            escaped = re.sub(r'(["`$\\])', r"\\\1", arg).replace("%", "%%")
            out.append(f'"{escaped}"')
    return " ".join(out)


def desktop_entry(args: Sequence[str]) -> str:
    return (
        "[Desktop Entry]\n"
        "Type=Application\n"
        "Name=backcare break reminders\n"
        "Comment=Reminds you to get up, move and change posture while you sit at the computer\n"
        f"Exec={quote(args)}\n"
        "Terminal=false\n"
        "NoDisplay=true\n"
        "X-GNOME-Autostart-enabled=true\n"
    )


def systemd_unit(args: Sequence[str]) -> str:
    return (
        "[Unit]\n"
        "Description=backcare break reminders\n"
        "PartOf=graphical-session.target\n"
        "After=graphical-session.target\n"
        "\n"
        "[Service]\n"
        "Type=simple\n"
        f"ExecStart={quote(args)}\n"
        "Restart=on-failure\n"
        "RestartSec=30\n"
        "\n"
        "[Install]\n"
        "WantedBy=graphical-session.target\n"
    )


def install(kind: Kind, home: Path | None = None, args: Sequence[str] | None = None) -> Path:
    path = entry_path(kind, home)
    text = (systemd_unit if kind == "systemd" else desktop_entry)(args or command())
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def installed(home: Path | None = None) -> list[Path]:
    return [p for p in (entry_path("xdg", home), entry_path("systemd", home)) if p.exists()]


def uninstall(home: Path | None = None) -> list[Path]:
    removed = installed(home)
    for path in removed:
        path.unlink()
    return removed

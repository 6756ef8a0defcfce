"""The person's reminder settings: the `[reminders]` table of their config.toml.

Only the keys the person changed are written; every other value comes from
content/reminders.yaml, so a better-sourced default reaches them without editing the file.
Writing replaces just the `[reminders]` table, keeping the rest of the file (other tables,
comments) as it was, and checks the result parses before it replaces the old file.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from backcare.domain.reminders import BreakRules

SCHEMA_VERSION = 1
TABLE = "reminders"
REGION_NAMES = ("low_back", "mid_back", "neck", "shoulder")
RULE_KEYS = tuple(BreakRules().as_dict())
KEYS = (*RULE_KEYS, "regions")

_HEADER = re.compile(r"^\s*\[\s*" + TABLE + r"\s*\]\s*(#.*)?$")
_ANY_HEADER = re.compile(r"^\s*\[")


class SettingsError(ValueError):
    """A settings file or value that cannot be used; the message names the file and key."""


@dataclass(frozen=True)
class ReminderSettings:
    """What the person set (`values`), over the content defaults."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def rules(self, defaults: BreakRules) -> BreakRules:
        rule_values = {k: v for k, v in self.values.items() if k in RULE_KEYS}
        try:
            return defaults.updated(rule_values)
        except ValueError as exc:
            raise SettingsError(str(exc)) from None

    @property
    def regions(self) -> tuple[str, ...]:
        return tuple(self.values.get("regions", ()))

    def with_values(self, changes: Mapping[str, Any]) -> ReminderSettings:
        merged = {**self.values, **changes}
        check_values(merged)
        return ReminderSettings(merged)


def check_values(values: Mapping[str, Any]) -> None:
    """Raise SettingsError naming the first bad key."""
    for key in values:
        if key not in KEYS:
            raise SettingsError(f"{key}: unknown setting (known: {', '.join(KEYS)})")
    regions = values.get("regions", [])
    if not isinstance(regions, list | tuple) or any(r not in REGION_NAMES for r in regions):
        raise SettingsError(f"regions: {regions!r} must list some of {', '.join(REGION_NAMES)}")
    try:
        BreakRules().updated({k: v for k, v in values.items() if k in RULE_KEYS})
    except ValueError as exc:
        raise SettingsError(str(exc)) from None


def read_settings(path: Path) -> ReminderSettings:
    """The `[reminders]` table of `path`; empty when the file or the table is missing."""
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError:
        return ReminderSettings()
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{path}: not valid TOML: {exc}") from None
    table = document.get(TABLE, {})
    if not isinstance(table, dict):
        raise SettingsError(f"{path}: {TABLE} must be a table")
    table = dict(table)
    version = table.pop("schema_version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise SettingsError(
            f"{path}: [{TABLE}] schema_version {version!r} is not {SCHEMA_VERSION}; "
            "this backcare cannot read it"
        )
    try:
        check_values(table)
    except SettingsError as exc:
        raise SettingsError(f"{path}: [{TABLE}] {exc}") from None
    return ReminderSettings(table)


def _toml_value(value: Any) -> str:
    # JSON string escapes are valid TOML basic-string escapes.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise SettingsError(f"cannot write {value!r} to TOML")


def render_table(values: Mapping[str, Any]) -> str:
    """`[reminders]` with schema_version first, keys in a stable order."""
    lines = [f"[{TABLE}]", f"schema_version = {SCHEMA_VERSION}"]
    for key in KEYS:
        if key in values:
            lines.append(f"{key} = {_toml_value(values[key])}")
    return "\n".join(lines) + "\n"


def replace_table(text: str, values: Mapping[str, Any]) -> str:
    """`text` with its `[reminders]` table replaced (or added, or removed when empty)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _HEADER.match(line)), None)
    if start is None:
        before, after = lines, []
    else:
        end = next(
            (i for i in range(start + 1, len(lines)) if _ANY_HEADER.match(lines[i])), len(lines)
        )
        before, after = lines[:start], lines[end:]
    head = "".join(before).rstrip("\n")
    tail = "".join(after)
    parts = [head + "\n\n" if head else ""]
    if values:
        parts.append(render_table(values))
        if tail:
            parts.append("\n")
    parts.append(tail)
    return "".join(parts)


def write_settings(path: Path, settings: ReminderSettings) -> None:
    """Write the person's values into `path`, keeping everything else in the file."""
    check_values(settings.values)
    try:
        old = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        old = ""
    new = replace_table(old, dict(settings.values))
    try:
        parsed = tomllib.loads(new)
    except tomllib.TOMLDecodeError as exc:  # pragma: no cover - a bug here must not lose data
        raise SettingsError(f"{path}: refusing to write invalid TOML ({exc})") from None
    written = {k: v for k, v in parsed.get(TABLE, {}).items() if k != "schema_version"}
    expected = {k: list(v) if isinstance(v, tuple) else v for k, v in settings.values.items()}
    if written != expected:  # pragma: no cover - same: verify before replacing the file
        raise SettingsError(f"{path}: refusing to write; the table would not read back")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(new, encoding="utf-8")
    os.replace(temporary, path)

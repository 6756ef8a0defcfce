"""The [reminders] table of config.toml: read, written back without touching the rest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from backcare.domain.reminders import BreakRules
from backcare.reminders.settings import (
    ReminderSettings,
    SettingsError,
    read_settings,
    replace_table,
    write_settings,
)

OTHER = """# my backcare settings
lang = "zh"

[web]
port = 8123  # keep this comment
"""


def test_a_missing_file_means_no_settings(tmp_path: Path) -> None:
    assert read_settings(tmp_path / "config.toml").values == {}


def test_written_values_read_back_and_override_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "config" / "config.toml"
    settings = ReminderSettings().with_values(
        {"every_min": 45, "work_hours": "22:00-06:00", "regions": ["neck"]}
    )
    write_settings(path, settings)
    again = read_settings(path)
    assert again.values == {"every_min": 45, "work_hours": "22:00-06:00", "regions": ["neck"]}
    rules = again.rules(BreakRules(snooze_min=15))
    assert (rules.every_min, str(rules.work_hours), rules.snooze_min) == (45, "22:00-06:00", 15)
    assert again.regions == ("neck",)
    assert tomllib.loads(path.read_text())["reminders"]["schema_version"] == 1


def test_writing_keeps_the_rest_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OTHER + '\n[reminders]\nevery_min = 40\n\n[later]\nx = "y"\n')
    write_settings(path, ReminderSettings({"every_min": 50, "snooze_min": 5}))
    text = path.read_text()
    assert text.startswith(OTHER)  # comments and other tables untouched
    assert "port = 8123  # keep this comment" in text
    parsed = tomllib.loads(text)
    assert parsed["reminders"] == {"schema_version": 1, "every_min": 50, "snooze_min": 5}
    assert parsed["later"] == {"x": "y"}
    assert parsed["lang"] == "zh"


def test_resetting_removes_only_the_table(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OTHER)
    write_settings(path, ReminderSettings({"every_min": 50}))
    write_settings(path, ReminderSettings())
    assert tomllib.loads(path.read_text()) == tomllib.loads(OTHER)
    assert "[reminders]" not in path.read_text()


def test_strings_are_escaped() -> None:
    text = replace_table("", {"work_hours": '09:00-"18:00'})
    assert tomllib.loads(text)["reminders"]["work_hours"] == '09:00-"18:00'


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("[reminders]\nevery_min = 2\n", "every_min"),
        ("[reminders]\ncolour = 'blue'\n", "colour"),
        ("[reminders]\nregions = ['knee']\n", "regions"),
        ("[reminders]\nwork_hours = '9 to 5'\n", "work_hours"),
        ("[reminders]\nschema_version = 99\nevery_min = 30\n", "schema_version"),
        ("[reminders\n", "not valid TOML"),
    ],
)
def test_bad_files_are_reported_with_the_key(tmp_path: Path, toml: str, message: str) -> None:
    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(SettingsError, match=message):
        read_settings(path)
    assert path.read_text() == toml  # nothing rewritten


def test_a_bad_value_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_text(OTHER)
    with pytest.raises(SettingsError, match="snooze_min"):
        write_settings(path, ReminderSettings({"snooze_min": 0}))
    assert path.read_text() == OTHER

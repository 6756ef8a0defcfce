"""Settings come from BACKCARE_* environment variables (any letter case), arguments win over
them, and they are validated; reading them loads no settings framework (every command reads
them, so they must be cheap: issue 17)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from backcare.config import Settings
from tests.fresh_imports import packages_loaded_by


def test_the_environment_fills_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCARE_HOME", "/srv/backcare")
    monkeypatch.setenv("backcare_port", "8123")  # any letter case, as before
    monkeypatch.setenv("BACKCARE_HTTPS", "yes")
    monkeypatch.setenv("BACKCARE_NOT_A_SETTING", "ignored")
    settings = Settings()
    assert settings.home == Path("/srv/backcare")
    assert settings.port == 8123
    assert settings.https is True
    assert settings.database == "sqlite:////srv/backcare/data/backcare.db"


def test_arguments_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCARE_HOME", "/srv/backcare")
    monkeypatch.setenv("BACKCARE_DATABASE_URL", "sqlite:////elsewhere.db")
    settings = Settings(home=Path("/tmp/other"))
    assert settings.home == Path("/tmp/other")
    assert settings.database == "sqlite:////elsewhere.db"


def test_a_bad_value_is_a_validation_error_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BACKCARE_PORT", "eighty")
    with pytest.raises(ValidationError, match="port"):
        Settings()


def test_unset_values_keep_their_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BACKCARE_HOME")
    settings = Settings()
    assert (settings.home, settings.database_url, settings.lang, settings.port) == (
        None,
        None,
        "en",
        8000,
    )


def test_reading_settings_loads_no_settings_framework() -> None:
    loaded = packages_loaded_by("from backcare.config import get_settings; get_settings()")
    assert "pydantic_settings" not in loaded
    assert "dotenv" not in loaded


@pytest.mark.parametrize("value", ["/srv/backcare", "", "relative/home", "~/x"])
def test_the_light_reading_of_the_home_folder_agrees_with_settings(
    monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    from backcare import environment

    monkeypatch.delenv("BACKCARE_HOME")
    monkeypatch.setenv("Backcare_Home", value)
    assert environment.home() == Settings().home


def test_the_environment_module_needs_no_pydantic() -> None:
    loaded = packages_loaded_by("import backcare.environment")
    assert "pydantic" not in loaded

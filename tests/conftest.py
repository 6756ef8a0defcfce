"""Shared test set-up: every test gets its own BACKCARE_HOME, so no test touches real data."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from backcare.config import get_settings


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """A private data and config folder per test; settings are re-read for each test."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("BACKCARE_HOME", str(home))
    monkeypatch.delenv("BACKCARE_DATABASE_URL", raising=False)
    monkeypatch.delenv("BACKCARE_SECRET_KEY", raising=False)
    get_settings.cache_clear()
    yield home
    get_settings.cache_clear()

"""Fixtures for content tests: the real library, and a private copy a test may break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from backcare.content import load_library
from backcare.domain.library import Library

CONTENT = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture(scope="session")
def library() -> Library:
    return load_library(CONTENT)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A throwaway copy of the real content folder, named `content` like the original."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy)
    return copy

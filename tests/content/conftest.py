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
    """A throwaway copy of the real content folder, named `content` like the original.

    The figure poses are left out: they are optional, checked by their own tests, and solving
    them is slow, while these tests break text content."""
    copy = tmp_path / "content"
    shutil.copytree(CONTENT, copy, ignore=shutil.ignore_patterns("poses"))
    return copy

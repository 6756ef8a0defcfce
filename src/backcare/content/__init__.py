"""Loads the content library (`content/`) into frozen domain models."""

from backcare.content.loader import (
    ContentError,
    Problem,
    check_content,
    content_dir,
    load_glossary,
    load_library,
)

__all__ = [
    "ContentError",
    "Problem",
    "check_content",
    "content_dir",
    "load_glossary",
    "load_library",
]

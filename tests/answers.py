"""Answer sets the tests share. `NO_FLAGS` is a complete screening (age and every safety
question answered no): since the amended spec, only a complete screening allows exercise,
so a test about something else starts from it and changes what it is about."""

from __future__ import annotations

from typing import Any

from backcare.domain.answers import SAFETY_KEYS

NO_FLAGS: dict[str, Any] = {"age": 40, **dict.fromkeys(SAFETY_KEYS, False)}


def complete(**answers: Any) -> dict[str, Any]:
    """NO_FLAGS with these answers on top."""
    return {**NO_FLAGS, **answers}

"""Kept so older imports still work: the errors live in `backcare.errors`, below every layer."""

from backcare.errors import BOUND_WORDS, BadInput, Conflict

__all__ = ["BOUND_WORDS", "BadInput", "Conflict"]

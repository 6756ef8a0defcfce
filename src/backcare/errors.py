"""Errors raised for input a person can fix, by any layer above the domain (the store, the
use-cases); every adapter shows them the same way (the CLI as one line and exit 2, the web app
as 422, a Conflict as 409). They live here, below every layer, so the store and the reports
never have to import the use-cases to raise them."""

from __future__ import annotations

# pydantic's bound errors in plain words, so every use-case says "must be at most 90".
BOUND_WORDS = {
    "greater_than_equal": "at least",
    "greater_than": "more than",
    "less_than_equal": "at most",
    "less_than": "less than",
}


class BadInput(ValueError):  # noqa: N818 (the name other parts use)
    """Names what is wrong (`key`, e.g. an option or a JSON path) and why, in plain words."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")


class Conflict(ValueError):  # noqa: N818 (pairs with BadInput)
    """The request clashes with what is saved (an email already registered, a record id
    already used); the web app answers 409."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")

"""Errors the use-cases raise for input a person can fix; every adapter shows them the same way
(the CLI as one line and exit 2, the web app as 422)."""

from __future__ import annotations


class BadInput(ValueError):
    """Names what is wrong (`key`, e.g. an option or a JSON path) and why, in plain words."""

    def __init__(self, key: str, message: str) -> None:
        self.key = key
        self.message = message
        super().__init__(f"{key}: {message}")

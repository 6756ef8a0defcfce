"""One fake Notifier for the reminder tests: it remembers what it was asked to show, can
press a button, and can play a desktop that cannot show anything."""

from __future__ import annotations

from collections.abc import Callable, Sequence


class FakeNotifier:
    """`reply` is the action pressed on every notification; `shows=False` answers as a
    desktop with no notification service does (nothing shown)."""

    def __init__(self, reply: str | None = None, *, name: str = "fake", shows: bool = True):
        self.name = name
        self.reply = reply
        self.shows = shows
        self.shown: list[tuple[str, str, list[tuple[str, str]]]] = []

    async def notify(
        self,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        if not self.shows:
            return False
        self.shown.append((title, body, list(actions)))
        if self.reply and on_action:
            on_action(self.reply)
        return True

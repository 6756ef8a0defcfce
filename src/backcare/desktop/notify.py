"""Notifier adapters: desktop notifications through desktop-notifier, or one line on stdout.

desktop-notifier is imported only when a desktop notification is really wanted, so the
terminal fallback (and `--dry-run`) never loads D-Bus code.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TextIO


def one_line(text: str) -> str:
    return " ".join(text.split())


class StdoutNotifier:
    """One line per reminder, with a terminal bell, for terminals and `--dry-run`."""

    name = "stdout"

    def __init__(self, out: TextIO | None = None, clock: Callable[[], datetime] | None = None):
        self.out = out
        self.clock = clock or datetime.now

    async def notify(
        self,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        out = self.out or sys.stdout
        out.write(f"\a[{self.clock():%H:%M}] {one_line(title)}: {one_line(body)}\n")
        out.flush()
        return True


class DesktopNotifier:
    """A desktop notification with buttons (org.freedesktop.Notifications on Linux, the
    notification centre on macOS and Windows), through the desktop-notifier library."""

    name = "desktop-notifier"

    def __init__(self, app_name: str = "backcare") -> None:
        import logging

        from desktop_notifier import DesktopNotifier as Backend

        # A failed send is handled here (the terminal line); keep its traceback off stderr.
        logging.getLogger("desktop_notifier").setLevel(logging.ERROR)
        self._backend: Any = Backend(app_name=app_name)

    async def available(self, timeout: float = 3.0) -> bool:
        """Whether a notification service answers (no desktop session: False). A platform
        without a real backend (desktop-notifier's dummy) reports no capabilities."""
        try:
            capabilities = await asyncio.wait_for(self._backend.get_capabilities(), timeout)
        except Exception:
            return False
        return bool(capabilities)

    async def notify(
        self,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        from desktop_notifier import Button

        def pressed(action_id: str) -> Callable[[], None]:
            return lambda: on_action(action_id) if on_action else None

        shown: list[bool] = []
        buttons = [Button(title=label, on_pressed=pressed(key)) for key, label in actions]
        await self._backend.send(
            title=title,
            message=body,
            buttons=buttons,
            on_dispatched=lambda: shown.append(True),
            timeout=-1,
        )
        return bool(shown)


class FallbackNotifier:
    """Tries the desktop first and prints the line when the desktop cannot show it."""

    def __init__(self, desktop: DesktopNotifier, fallback: StdoutNotifier) -> None:
        self.desktop = desktop
        self.fallback = fallback
        self.name = desktop.name

    async def notify(
        self,
        title: str,
        body: str,
        actions: Sequence[tuple[str, str]] = (),
        on_action: Callable[[str], None] | None = None,
    ) -> bool:
        if await self.desktop.notify(title, body, actions, on_action):
            return True
        return await self.fallback.notify(title, body, actions, on_action)


async def choose_notifier(
    dry_run: bool = False, out: TextIO | None = None
) -> FallbackNotifier | StdoutNotifier:
    """Desktop notifications when a notification service answers, stdout otherwise."""
    stdout = StdoutNotifier(out)
    if dry_run:
        return stdout
    try:
        desktop = DesktopNotifier()
    except Exception:  # the library or its platform backend is missing
        return stdout
    if not await desktop.available():
        return stdout
    return FallbackNotifier(desktop, stdout)

"""Choosing the notifier, and the terminal line when no desktop can show a break."""

from __future__ import annotations

import asyncio
import io
from datetime import datetime
from pathlib import Path

import pytest

from backcare.desktop.notify import FallbackNotifier, StdoutNotifier, choose_notifier
from tests.reminders.fake_notifier import FakeNotifier


def test_the_terminal_line_is_one_line_with_a_bell() -> None:
    out = io.StringIO()
    notifier = StdoutNotifier(out, clock=lambda: datetime(2026, 11, 23, 10, 30))
    assert asyncio.run(notifier.notify("Time for a break", "Chin tuck:\n1. Sit tall.\nTip: x"))
    assert out.getvalue() == "\a[10:30] Time for a break: Chin tuck: 1. Sit tall. Tip: x\n"


def test_when_the_desktop_cannot_show_it_the_line_is_printed() -> None:
    out = io.StringIO()
    refusing = FakeNotifier(name="desktop-notifier", shows=False)
    notifier = FallbackNotifier(refusing, StdoutNotifier(out))  # type: ignore[arg-type]
    assert notifier.name == "desktop-notifier"
    assert asyncio.run(notifier.notify("Time for a break", "Stand up."))
    assert "Time for a break: Stand up." in out.getvalue()


def test_dry_run_always_uses_the_terminal() -> None:
    assert asyncio.run(choose_notifier(dry_run=True)).name == "stdout"


def test_without_a_session_bus_the_terminal_is_chosen(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))  # no bus socket there either
    monkeypatch.delenv("DISPLAY", raising=False)
    assert asyncio.run(choose_notifier()).name == "stdout"

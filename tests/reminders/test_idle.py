"""Choosing the idle adapter, and the adapters that can be checked on any machine (the D-Bus
ones are checked against a fake desktop in test_desktop_dbus.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from backcare.desktop.idle import (
    GnomeIdleMonitor,
    GuardedIdle,
    IdleUnavailableError,
    MacIdleMonitor,
    NeverIdle,
    WindowsIdleMonitor,
    X11IdleMonitor,
    candidates,
    choose_idle_monitor,
    parse_hid_idle_time,
)

IOREG = """
+-o IOHIDSystem  <class IOHIDSystem, id 0x100000482, registered, matched, active>
    {
      "HIDIdleTime" = 48213000000
      "HIDParameters" = {"HIDClickTime"=500000000}
    }
"""


class Works:
    name = "works"

    def idle_seconds(self) -> float:
        return 12.0


def unavailable() -> object:
    raise IdleUnavailableError("not here")


def test_the_first_adapter_that_answers_is_chosen() -> None:
    assert choose_idle_monitor([unavailable, Works]).name == "works"


def test_never_idle_when_nothing_answers() -> None:
    chosen = choose_idle_monitor([unavailable, unavailable])
    assert isinstance(chosen, NeverIdle)
    assert chosen.idle_seconds() == 0.0


def test_candidates_per_platform() -> None:
    assert candidates("linux")[0] is GnomeIdleMonitor
    assert X11IdleMonitor in candidates("linux")
    assert candidates("darwin") == [MacIdleMonitor]
    assert candidates("win32") == [WindowsIdleMonitor]


def test_macos_hid_idle_time_is_read_in_nanoseconds() -> None:
    assert parse_hid_idle_time(IOREG) == pytest.approx(48.213)
    monitor = MacIdleMonitor(run=lambda: IOREG)
    assert monitor.idle_seconds() == pytest.approx(48.213)
    with pytest.raises(IdleUnavailableError):
        parse_hid_idle_time("no such key")


@pytest.mark.skipif(sys.platform == "win32", reason="this is the not-Windows case")
def test_windows_adapter_says_unavailable_elsewhere() -> None:
    with pytest.raises(IdleUnavailableError):
        WindowsIdleMonitor()


def test_a_later_failure_reads_as_not_idle() -> None:
    class Flaky:
        name = "flaky"
        calls = 0

        def idle_seconds(self) -> float:
            self.calls += 1
            if self.calls > 1:
                raise IdleUnavailableError("the session bus went away")
            return 30.0

    guarded = GuardedIdle(Flaky())
    assert guarded.name == "flaky"
    assert guarded.idle_seconds() == 30.0
    assert guarded.idle_seconds() == 0.0
    assert guarded.failures == 1


def test_dbus_adapters_report_a_missing_service() -> None:
    class NoReply:
        def send_and_get_reply(self, *args: object, **kwargs: object) -> object:
            raise ConnectionError("no such name")

    with pytest.raises(IdleUnavailableError):
        GnomeIdleMonitor(connection=NoReply())


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is missing (apt-get install xvfb)")
def test_x11_idle_time_comes_from_the_xscreensaver_extension(tmp_path: Path) -> None:
    """A real X server (Xvfb) without input: the idle time grows with the clock."""
    display = ":73"
    server = subprocess.Popen(
        ["Xvfb", display, "-nolisten", "tcp", "-screen", "0", "320x240x24"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        code = (
            "import time\n"
            "from backcare.desktop.idle import X11IdleMonitor, choose_idle_monitor, candidates\n"
            "m = X11IdleMonitor()\n"
            "a = m.idle_seconds(); time.sleep(1.2); b = m.idle_seconds()\n"
            "print(m.name, a, b)\n"
        )
        env = dict(os.environ, DISPLAY=display)
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        for _ in range(50):  # Xvfb takes a moment to accept clients
            done = subprocess.run(
                [sys.executable, "-c", code], env=env, capture_output=True, text=True
            )
            if done.returncode == 0:
                break
            time.sleep(0.1)
        assert done.returncode == 0, done.stderr
        name, first, second = done.stdout.split()
        assert name == "x11-screensaver"
        assert float(second) - float(first) == pytest.approx(1.2, abs=0.5)
    finally:
        server.terminate()
        server.wait(timeout=10)

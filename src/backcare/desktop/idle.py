"""IdleMonitor adapters: how long since the person last touched keyboard or mouse.

One adapter is chosen at start (`choose_idle_monitor`) by asking each candidate once; the
first that answers wins and its `name` is shown by `backcare remind status`. Each one is
small: D-Bus through jeepney (pure Python), X11 and Windows through ctypes, macOS through the
`ioreg` command. When none answers, `NeverIdle` keeps the reminder working on time alone.
"""

from __future__ import annotations

import ctypes
import re
import subprocess
import sys
from collections.abc import Callable, Iterable
from typing import Any


class IdleUnavailableError(Exception):
    """This adapter cannot tell idle time here (no session, no library, no service)."""


class NeverIdle:
    """Fallback: nobody is ever seen away, so breaks follow the clock alone."""

    name = "never-idle"

    def idle_seconds(self) -> float:
        return 0.0


class _DBusIdle:
    """Calls one D-Bus method that answers idle time, on the session bus."""

    name = "dbus"
    bus_name = ""
    path = ""
    interface = ""
    method = ""
    unit_s = 0.001  # the answer is in milliseconds

    def __init__(self, connection: Any = None) -> None:
        try:
            from jeepney import DBusAddress
            from jeepney.io.blocking import open_dbus_connection
        except ImportError as exc:  # pragma: no cover - jeepney is a desktop extra
            raise IdleUnavailableError("jeepney is not installed") from exc
        try:
            self._connection = connection or open_dbus_connection(bus="SESSION")
        except Exception as exc:
            raise IdleUnavailableError(f"no session bus: {exc}") from exc
        self._address = DBusAddress(self.path, bus_name=self.bus_name, interface=self.interface)
        self.idle_seconds()  # probe once: raises IdleUnavailableError when nobody answers

    def idle_seconds(self) -> float:
        from jeepney import new_method_call
        from jeepney.wrappers import unwrap_msg

        try:
            reply = self._connection.send_and_get_reply(
                new_method_call(self._address, self.method), timeout=2.0
            )
            value = unwrap_msg(reply)[0]
        except Exception as exc:
            raise IdleUnavailableError(f"{self.bus_name}.{self.method}: {exc}") from exc
        return float(value) * self.unit_s

    def close(self) -> None:
        self._connection.close()


class GnomeIdleMonitor(_DBusIdle):
    """GNOME Shell (X11 and Wayland): org.gnome.Mutter.IdleMonitor.GetIdletime, in ms."""

    name = "gnome-mutter"
    bus_name = "org.gnome.Mutter.IdleMonitor"
    path = "/org/gnome/Mutter/IdleMonitor/Core"
    interface = "org.gnome.Mutter.IdleMonitor"
    method = "GetIdletime"


class FreedesktopIdleMonitor(_DBusIdle):
    """KDE Plasma and others: org.freedesktop.ScreenSaver.GetSessionIdleTime. KDE answers in
    milliseconds (through KIdleTime), which is what is assumed here."""

    name = "freedesktop-screensaver"
    bus_name = "org.freedesktop.ScreenSaver"
    path = "/org/freedesktop/ScreenSaver"
    interface = "org.freedesktop.ScreenSaver"
    method = "GetSessionIdleTime"


class _XScreenSaverInfo(ctypes.Structure):
    _fields_ = [
        ("window", ctypes.c_ulong),
        ("state", ctypes.c_int),
        ("kind", ctypes.c_int),
        ("til_or_since", ctypes.c_ulong),
        ("idle", ctypes.c_ulong),  # milliseconds
        ("event_mask", ctypes.c_ulong),
    ]


class X11IdleMonitor:
    """X11: the XScreenSaver extension's idle counter (libXss), through ctypes."""

    name = "x11-screensaver"

    def __init__(self) -> None:
        import ctypes.util

        x11_path = ctypes.util.find_library("X11")
        xss_path = ctypes.util.find_library("Xss")
        if not x11_path or not xss_path:
            raise IdleUnavailableError("libX11 or libXss is missing")
        self._x11 = ctypes.cdll.LoadLibrary(x11_path)
        self._xss = ctypes.cdll.LoadLibrary(xss_path)
        self._x11.XOpenDisplay.restype = ctypes.c_void_p
        self._x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self._x11.XDefaultRootWindow.restype = ctypes.c_ulong
        self._x11.XDefaultRootWindow.argtypes = [ctypes.c_void_p]
        self._xss.XScreenSaverAllocInfo.restype = ctypes.POINTER(_XScreenSaverInfo)
        self._xss.XScreenSaverQueryInfo.argtypes = [
            ctypes.c_void_p,
            ctypes.c_ulong,
            ctypes.POINTER(_XScreenSaverInfo),
        ]
        self._display = self._x11.XOpenDisplay(None)  # None: the display the session names
        if not self._display:
            raise IdleUnavailableError("no X display")
        self._root = self._x11.XDefaultRootWindow(self._display)
        self._info = self._xss.XScreenSaverAllocInfo()
        self.idle_seconds()

    def idle_seconds(self) -> float:
        if not self._xss.XScreenSaverQueryInfo(self._display, self._root, self._info):
            raise IdleUnavailableError("the X server has no XScreenSaver extension")
        return float(self._info.contents.idle) / 1000.0


_HID_IDLE = re.compile(r'"HIDIdleTime"\s*=\s*(\d+)')


def parse_hid_idle_time(ioreg_output: str) -> float:
    """Seconds from `ioreg -c IOHIDSystem` output (HIDIdleTime is in nanoseconds)."""
    match = _HID_IDLE.search(ioreg_output)
    if match is None:
        raise IdleUnavailableError("ioreg printed no HIDIdleTime")
    return int(match.group(1)) / 1e9


class MacIdleMonitor:
    """macOS: HIDIdleTime from `ioreg -c IOHIDSystem`."""

    name = "macos-ioreg"

    def __init__(self, run: Callable[[], str] | None = None) -> None:
        self._run = run or self._ioreg
        self.idle_seconds()

    @staticmethod
    def _ioreg() -> str:
        try:
            return subprocess.run(
                ["ioreg", "-c", "IOHIDSystem", "-d", "4"],
                capture_output=True,
                text=True,
                timeout=5,
                check=True,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            raise IdleUnavailableError(f"ioreg: {exc}") from exc

    def idle_seconds(self) -> float:
        return parse_hid_idle_time(self._run())


class WindowsIdleMonitor:
    """Windows: GetLastInputInfo against GetTickCount (both in ms, wrapping at 2**32)."""

    name = "windows-lastinput"

    class _LastInputInfo(ctypes.Structure):
        _fields_ = [("cbSize", ctypes.c_uint), ("dwTime", ctypes.c_uint)]

    def __init__(self) -> None:
        windll = getattr(ctypes, "windll", None)
        if windll is None:
            raise IdleUnavailableError("not Windows")
        self._user32 = windll.user32
        self._kernel32 = windll.kernel32
        self.idle_seconds()

    def idle_seconds(self) -> float:
        info = self._LastInputInfo()
        info.cbSize = ctypes.sizeof(info)
        if not self._user32.GetLastInputInfo(ctypes.byref(info)):
            raise IdleUnavailableError("GetLastInputInfo failed")
        ticks = self._kernel32.GetTickCount() & 0xFFFFFFFF
        return float((int(ticks) - int(info.dwTime)) & 0xFFFFFFFF) / 1000.0


IdleFactory = Callable[[], Any]


def candidates(platform: str | None = None) -> list[IdleFactory]:
    """Adapters worth trying on this platform, best first."""
    platform = platform or sys.platform
    if platform == "win32":
        return [WindowsIdleMonitor]
    if platform == "darwin":
        return [MacIdleMonitor]
    return [GnomeIdleMonitor, X11IdleMonitor, FreedesktopIdleMonitor]


def choose_idle_monitor(factories: Iterable[IdleFactory] | None = None) -> Any:
    """The first adapter that answers, or NeverIdle."""
    for factory in candidates() if factories is None else factories:
        try:
            return factory()
        except (IdleUnavailableError, OSError, AttributeError):
            continue
    return NeverIdle()


class GuardedIdle:
    """Wraps the chosen adapter so a later failure (the session bus restarting, a display
    closing) reads as "not idle" instead of stopping the reminder."""

    def __init__(self, monitor: Any) -> None:
        self.monitor = monitor
        self.name: str = monitor.name
        self.failures = 0

    def idle_seconds(self) -> float:
        try:
            return float(self.monitor.idle_seconds())
        except Exception:
            self.failures += 1
            return 0.0

"""A fake desktop on a private session bus, for the notification and idle tests.

`python fake_desktop.py OUTDIR CLICK [IDLE_MS]` owns org.freedesktop.Notifications (Notify,
GetCapabilities, GetServerInformation, CloseNotification; it records every Notify in
OUTDIR/notifications.jsonl and answers by "clicking" the first button whose label starts with
CLICK, i.e. emitting ActionInvoked), org.gnome.Mutter.IdleMonitor (GetIdletime = 123456 ms,
or IDLE_MS) and org.freedesktop.ScreenSaver (GetSessionIdleTime = 7000 ms). It writes
OUTDIR/ready once its names are owned. Built on jeepney, as a real server would be.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"
MUTTER_IDLE = "org.gnome.Mutter.IdleMonitor"
SCREENSAVER = "org.freedesktop.ScreenSaver"
GNOME_IDLE_MS = 123456
SCREENSAVER_IDLE_MS = 7000

INTROSPECTION = """<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
<node>
  <interface name="org.freedesktop.Notifications">
    <method name="Notify">
      <arg type="s" direction="in"/><arg type="u" direction="in"/>
      <arg type="s" direction="in"/><arg type="s" direction="in"/>
      <arg type="s" direction="in"/><arg type="as" direction="in"/>
      <arg type="a{sv}" direction="in"/><arg type="i" direction="in"/>
      <arg type="u" direction="out"/>
    </method>
    <method name="CloseNotification"><arg type="u" direction="in"/></method>
    <method name="GetCapabilities"><arg type="as" direction="out"/></method>
    <method name="GetServerInformation">
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
      <arg type="s" direction="out"/><arg type="s" direction="out"/>
    </method>
    <signal name="NotificationClosed"><arg type="u"/><arg type="u"/></signal>
    <signal name="ActionInvoked"><arg type="u"/><arg type="s"/></signal>
  </interface>
</node>
"""


def serve(outdir: Path, click: str, idle_ms: int = GNOME_IDLE_MS) -> None:
    conn = open_dbus_connection(bus="SESSION")
    for name in (NOTIFICATIONS, MUTTER_IDLE, SCREENSAVER):
        conn.send_and_get_reply(message_bus.RequestName(name))
    (outdir / "ready").write_text("ready")
    record = outdir / "notifications.jsonl"
    next_id = 0
    while True:
        msg = conn.receive()
        if msg.header.message_type != MessageType.method_call:
            continue
        member = msg.header.fields.get(HeaderFields.member)
        if member == "Introspect":
            conn.send(new_method_return(msg, "s", (INTROSPECTION,)))
        elif member == "GetCapabilities":
            conn.send(new_method_return(msg, "as", (["actions", "body"],)))
        elif member == "GetServerInformation":
            conn.send(new_method_return(msg, "ssss", ("fake", "backcare-tests", "1", "1.2")))
        elif member == "Notify":
            app, _replaces, _icon, title, body, actions, _hints, timeout = msg.body
            next_id += 1
            pairs = list(zip(actions[::2], actions[1::2], strict=True))
            with record.open("a") as handle:
                handle.write(
                    json.dumps(
                        {
                            "app": app,
                            "title": title,
                            "body": body,
                            "buttons": [label for _key, label in pairs],
                            "timeout": timeout,
                        }
                    )
                    + "\n"
                )
            conn.send(new_method_return(msg, "u", (next_id,)))
            chosen = next((key for key, label in pairs if label.startswith(click)), None)
            if chosen is not None:
                time.sleep(0.3)  # a person reads before clicking; the client maps ids meanwhile
                address = DBusAddress(NOTIFICATIONS_PATH, interface=NOTIFICATIONS)
                conn.send(new_signal(address, "ActionInvoked", "us", (next_id, chosen)))
        elif member == "CloseNotification":
            conn.send(new_method_return(msg))
        elif member == "GetIdletime":
            conn.send(new_method_return(msg, "t", (idle_ms,)))
        elif member == "GetSessionIdleTime":
            conn.send(new_method_return(msg, "u", (SCREENSAVER_IDLE_MS,)))
        else:
            conn.send(
                new_error(msg, "org.freedesktop.DBus.Error.UnknownMethod", "s", (str(member),))
            )


if __name__ == "__main__":
    serve(Path(sys.argv[1]), sys.argv[2], *(int(a) for a in sys.argv[3:4]))

"""`backcare remind ...` in process (CliRunner), and `remind run` as a real process that
Ctrl-C / SIGTERM ends cleanly."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from backcare.cli.main import app


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["remind", *args])
    return result.exit_code, result.stdout, result.stderr


def test_config_shows_the_sourced_defaults(home: Path) -> None:
    status, out, _ = invoke("config")
    assert status == 0
    assert "every_min         30" in out
    assert "(default)" in out
    assert "McLean et al. 2001" in out
    assert not (home / "config" / "config.toml").exists()  # showing writes nothing


def test_config_writes_only_what_changed(home: Path) -> None:
    status, out, _ = invoke(
        "config", "--every", "45", "--work-days", "mon-thu", "--regions", "neck"
    )
    assert status == 0
    assert "every_min         45" in out
    table = tomllib.loads((home / "config" / "config.toml").read_text())["reminders"]
    assert table == {
        "schema_version": 1,
        "every_min": 45,
        "work_days": ["mon", "tue", "wed", "thu"],
        "regions": ["neck"],
    }
    status, out, _ = invoke("config", "--format", "json")
    data = json.loads(out)
    assert data["values"]["every_min"] == 45
    assert data["values"]["snooze_min"] == 10
    assert data["yours"] == ["every_min", "regions", "work_days"]
    status, _, _ = invoke("config", "--reset")
    assert status == 0
    assert "reminders" not in tomllib.loads((home / "config" / "config.toml").read_text())


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--every", "0"], "--every"),
        (["--break", "50"], "--break"),
        (["--work-hours", "9-5"], "--work-hours"),
        (["--work-days", "weekdays"], "--work-days"),
        (["--regions", "knee"], "--regions"),
        (["--snooze", "-1"], "--snooze"),
    ],
)
def test_config_rejects_bad_values_in_one_line(home: Path, args: list[str], named: str) -> None:
    status, _, err = invoke("config", *args)
    assert status == 2
    assert err.startswith(f"backcare: error: {named}:")
    assert len(err.strip().splitlines()) == 1
    assert not (home / "config" / "config.toml").exists()


def test_a_broken_settings_file_is_named_not_overwritten(home: Path) -> None:
    path = home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("[reminders]\nevery_min = 'often'\n")
    status, _, err = invoke("run", "--dry-run")
    assert status == 2
    assert "every_min" in err
    assert str(path) in err
    assert path.read_text() == "[reminders]\nevery_min = 'often'\n"


def test_run_rejects_bad_options_before_starting(home: Path) -> None:
    status, _, err = invoke("run", "--every", "1")
    assert status == 2
    assert err.startswith("backcare: error: --every: 1 must be a whole number from 5 to 240")
    status, _, err = invoke("run", "--work-hours", "25:00-26:00")
    assert status == 2
    assert "--work-hours" in err


def test_status_names_the_idle_adapter_and_rules(home: Path) -> None:
    status, out, _ = invoke("status", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert data["running"] is False
    assert data["idle"] in {
        "gnome-mutter",
        "x11-screensaver",
        "freedesktop-screensaver",
        "never-idle",
    }
    assert data["notifier"] in {"desktop-notifier", "stdout"}
    assert data["rules"]["every_min"] == 30
    assert data["today"] == {}
    status, out, _ = invoke("status")
    assert "Idle detection: " in out
    assert "Reminder: not running" in out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="XDG autostart is Linux only")
def test_install_and_uninstall_autostart(home: Path, tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    status, out, _ = invoke("install")
    assert status == 0
    entry = xdg / "autostart" / "backcare-remind.desktop"
    text = entry.read_text()
    assert "[Desktop Entry]" in text
    assert f"Exec={sys.executable} -m backcare.reminders run" in text
    status, out, _ = invoke("install", "--systemd")
    unit = xdg / "systemd" / "user" / "backcare-remind.service"
    assert f"ExecStart={sys.executable} -m backcare.reminders run" in unit.read_text()
    assert "systemctl --user enable --now backcare-remind.service" in out
    status, out, _ = invoke("status", "--format", "json")
    assert sorted(json.loads(out)["autostart"]) == sorted([str(entry), str(unit)])
    status, out, _ = invoke("uninstall")
    assert status == 0
    assert not entry.exists()
    assert not unit.exists()
    status, out, _ = invoke("uninstall")
    assert "Nothing to remove" in out


def test_quoting_for_exec_lines() -> None:
    from backcare.reminders.autostart import quote

    assert quote(["/usr/bin/python3", "-m", "x"]) == "/usr/bin/python3 -m x"
    assert quote(["/home/a b/py", "50%"]) == '"/home/a b/py" 50%%'
    assert quote(['say "hi" $HOME']) == '"say \\"hi\\" \\$HOME"'


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="signals")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_run_in_the_foreground_ends_cleanly_on_a_signal(home: Path, signum: int) -> None:
    env = dict(os.environ)
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    env.pop("DISPLAY", None)
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "backcare.reminders",
            "run",
            "--dry-run",
            "--work-days",
            "mon-sun",
            "--work-hours",
            "00:00-00:00",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    first = process.stdout.readline()  # the process prints this once it is waiting
    assert first.startswith("backcare remind: next micro break in 30 min"), first
    assert "idle: never-idle; notifications: stdout" in first
    time.sleep(0.2)
    process.send_signal(signum)
    out, err = process.communicate(timeout=20)
    assert process.returncode == 0, err
    assert out.strip() == "backcare remind: stopped."
    assert "Traceback" not in err


def test_a_stale_state_file_does_not_count_as_running(home: Path) -> None:
    from backcare.reminders.daemon import read_state, write_state

    folder = home / "data" / "reminders"
    folder.mkdir(parents=True)
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    write_state(folder, {"pid": dead.pid, "idle": "gnome-mutter", "notifier": "stdout"})
    assert read_state(folder) is None
    write_state(folder, {"pid": os.getpid(), "idle": "gnome-mutter", "notifier": "stdout"})
    assert read_state(folder) is not None
    status, out, _ = invoke("status")
    assert f"Reminder: running (pid {os.getpid()})" in out
    assert "Idle detection: gnome-mutter" in out
    status, _, err = invoke("run")
    assert status == 1
    assert "already running" in err

"""`python -m backcare.reminders run|status|config|install|uninstall`: the `backcare remind`
commands without the rest of the command line, which is what autostart entries call."""

from backcare.cli.remind_cmds import remind_app

if __name__ == "__main__":
    remind_app(prog_name="backcare remind")

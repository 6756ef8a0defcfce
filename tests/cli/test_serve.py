"""`backcare serve`: prints the address, migrates the database, runs the app factory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from backcare.cli.main import app


def test_serve_prints_the_address_and_runs_the_factory(
    monkeypatch: pytest.MonkeyPatch, isolated_home: Path
) -> None:
    import uvicorn

    calls: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(uvicorn, "run", lambda target, **options: calls.append((target, options)))
    result = CliRunner().invoke(app, ["serve", "--host", "127.0.0.1", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.stdout
    target, options = calls[0]
    assert target == "backcare.web.app:create_app"
    assert options["factory"] is True
    assert options["port"] == 8123
    assert (isolated_home / "data" / "backcare.db").exists()  # migrated before serving


def test_serve_refuses_a_bad_port() -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "70000"])
    assert result.exit_code == 2

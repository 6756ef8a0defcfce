"""The domain core stays pure: no web, database, terminal or rendering library in it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.fresh_imports import packages_loaded_by

SRC = Path(__file__).resolve().parents[2] / "src" / "backcare"

FORBIDDEN = {
    "fastapi",
    "starlette",
    "uvicorn",
    "jinja2",
    "jinja2_fragments",
    "httpx",
    "requests",
    "sqlalchemy",
    "alembic",
    "psycopg",
    "sqlite3",
    "typer",
    "click",
    "rich",
    "textual",
    "curses",
    "matplotlib",
    "weasyprint",
    "cairosvg",
    "PIL",
    "desktop_notifier",
    "jeepney",
    "pyttsx3",
    "fhir",
    "platformdirs",
    "pydantic_settings",
    "yaml",
}
ALLOWED_INTERNAL = ("backcare.domain",)


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


DOMAIN_FILES = sorted((SRC / "domain").rglob("*.py"))


@pytest.mark.parametrize("path", DOMAIN_FILES, ids=lambda p: p.name)
def test_domain_imports_no_framework(path: Path) -> None:
    for module in imported_modules(path):
        top = module.split(".")[0]
        assert top not in FORBIDDEN, f"{path.name} imports {module}"
        if top == "backcare":
            assert module.startswith(ALLOWED_INTERNAL), f"{path.name} imports {module}"


def test_checker_catches_a_forbidden_import(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("from sqlalchemy import select\nimport rich.console\n")
    assert {"sqlalchemy", "rich.console"} <= imported_modules(bad)


def test_importing_the_domain_loads_no_framework() -> None:
    """Catches indirect imports too: run a fresh interpreter and list what got loaded."""
    loaded = packages_loaded_by(
        "import importlib, pkgutil, backcare.domain as d\n"
        "for m in pkgutil.walk_packages(d.__path__, 'backcare.domain.'):\n"
        "    importlib.import_module(m.name)"
    )
    assert not (loaded & FORBIDDEN), sorted(loaded & FORBIDDEN)

"""A live backcare server on 127.0.0.1 and Debian's Chromium driven by Playwright.

Never downloads a browser: the executable is BACKCARE_CHROMIUM (default /usr/bin/chromium),
and the tests skip with a clear reason when it is missing. Screenshots go to
artifacts/screenshots/ (kept out of the repository) for a person to look at.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.live_server import live_backcare

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn with the app factory on a free loopback port and a private data folder."""
    home = tmp_path_factory.mktemp("live")
    env = {**os.environ, "BACKCARE_HOME": str(home)}
    env.pop("BACKCARE_DATABASE_URL", None)
    with live_backcare(env) as base:
        yield base


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    executable = os.environ.get("BACKCARE_CHROMIUM", "/usr/bin/chromium")
    if not Path(executable).exists():
        pytest.skip(f"Chromium not found at {executable} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def shoot() -> Any:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page: Any, name: str, full_page: bool = True) -> None:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)

    return take

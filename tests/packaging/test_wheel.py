"""A built wheel (`pip install .`) carries the content library and the migrations inside the
package, where `content_dir()` and `migrations_dir()` look first; an editable install reads
them from the checkout instead (pyproject.toml, [tool.hatch.build])."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


@pytest.mark.slow
def test_the_wheel_carries_content_and_migrations_inside_the_package(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    if built.returncode != 0 and "hatchling" in built.stderr:
        pytest.skip(f"the build backend cannot be fetched here: {built.stderr.strip()[-200:]}")
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("backcare-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    packaged = {n.removeprefix("backcare/_content/") for n in names if "/_content/" in n}
    assert packaged == _files(ROOT / "content")
    migrations = {n.removeprefix("backcare/_migrations/") for n in names if "/_migrations/" in n}
    assert migrations == _files(ROOT / "migrations")
    assert "backcare/content/loader.py" in names
    assert "backcare/store/engine.py" in names
    tops = {n.split("/")[0] for n in names}
    assert tops == {"backcare", wheel.name.split("-py3")[0] + ".dist-info"}

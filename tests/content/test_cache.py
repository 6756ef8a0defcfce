"""The on-disk library cache: a clean library is read back identical, and any change to the
content (or a damaged cache file) sends the loader back to the YAML."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from backcare.content import ContentError, cache, load_library
from backcare.content.loader import _load


def fresh_load(root: Path) -> object:
    """load_library as a new process would run it: no in-memory cache."""
    _load.cache_clear()
    return load_library(root)


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 2_000_000_000))


def test_a_clean_load_is_cached_and_read_back_identical(content_copy: Path) -> None:
    root = content_copy.resolve()
    assert cache.read(root) is None
    library = fresh_load(root)
    assert cache.read(root) == library
    assert fresh_load(root) == library


def test_editing_a_content_file_invalidates_the_cache(content_copy: Path) -> None:
    root = content_copy.resolve()
    fresh_load(root)
    path = root / "exercises" / "bird_dog.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["name"]["en"] = "Bird dog (edited)"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    touch_later(path)
    assert cache.read(root) is None
    assert fresh_load(root).exercise("bird_dog").name.en == "Bird dog (edited)"  # type: ignore[attr-defined]


def test_a_broken_edit_is_reported_even_after_a_clean_load(content_copy: Path) -> None:
    root = content_copy.resolve()
    fresh_load(root)
    path = root / "exercises" / "glute_bridge.yaml"
    path.write_text("id: glute_bridge\n", encoding="utf-8")
    touch_later(path)
    with pytest.raises(ContentError):
        fresh_load(root)


def test_a_damaged_cache_file_is_ignored(content_copy: Path) -> None:
    root = content_copy.resolve()
    library = fresh_load(root)
    (cached,) = cache.cache_dir().glob("library-*.pickle")
    fingerprint = cached.read_bytes().splitlines()[0]
    cached.write_bytes(fingerprint + b"\nnot a pickle")
    assert cache.read(root) is None
    assert fresh_load(root) == library


def test_the_cache_lives_in_backcare_home(isolated_home: Path) -> None:
    assert cache.cache_dir() == isolated_home / "cache"


def test_the_screening_part_is_cached_too_and_follows_edits(content_copy: Path) -> None:
    """`backcare screen` reads its part of the library from the cache once it is there, and
    a changed red flag reaches it at once."""
    from backcare.content.loader import _load_screening, load_screening_library

    root = content_copy.resolve()
    assert cache.read(root, "screening") is None
    _load_screening.cache_clear()
    first = load_screening_library(root)
    assert cache.read(root, "screening") == first
    path = root / "red_flags.yaml"
    text = path.read_text(encoding="utf-8")
    first_flag = first.red_flags[0]
    edited = text.replace(first_flag.title.en, first_flag.title.en + " (edited)", 1)
    assert edited != text
    path.write_text(edited, encoding="utf-8")
    touch_later(path)
    assert cache.read(root, "screening") is None
    _load_screening.cache_clear()
    assert load_screening_library(root).red_flags[0].title.en == first_flag.title.en + " (edited)"


# --- compiled screening rules kept for the next process ----------------------------------------


def _screen_everything(root: Path) -> object:
    from backcare.domain.answers import ScreeningAnswers
    from backcare.domain.screening import screen

    library = fresh_load(root)
    return screen(ScreeningAnswers(age=70, fever=True, pain_now=6), library)  # type: ignore[arg-type]


def test_the_rules_compiled_once_are_read_back_by_the_next_process(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.domain import conditions

    root = content_copy.resolve()
    monkeypatch.setattr(conditions, "COMPILED_CODE", {})
    monkeypatch.setattr(cache, "COMPILED_CODE", conditions.COMPILED_CODE)
    monkeypatch.setattr(cache, "_READ", set())
    first = _screen_everything(root)
    compiled = dict(conditions.COMPILED_CODE)
    assert len(compiled) > 20  # distinct sources: many conditions share one shape
    cache.keep_compiled()

    # A new process: nothing compiled in memory, the library's rules built afresh.
    monkeypatch.setattr(conditions, "COMPILED_CODE", {})
    monkeypatch.setattr(cache, "COMPILED_CODE", conditions.COMPILED_CODE)
    monkeypatch.setattr(cache, "_READ", set())
    monkeypatch.setattr(conditions, "_COMPILED", {})

    def no_compiling(*_args: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(conditions, "compile", no_compiling, raising=False)
    again = _screen_everything(root)
    assert again == first
    assert set(conditions.COMPILED_CODE) == set(compiled)


def test_a_damaged_file_of_compiled_rules_is_ignored(
    content_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from backcare.domain import conditions

    root = content_copy.resolve()
    fresh_load(root)
    cache._code_file().parent.mkdir(parents=True, exist_ok=True)
    cache._code_file().write_bytes(b"\x00not marshal at all")
    monkeypatch.setattr(conditions, "COMPILED_CODE", {})
    monkeypatch.setattr(cache, "COMPILED_CODE", conditions.COMPILED_CODE)
    monkeypatch.setattr(conditions, "_COMPILED", {})
    cache.read_compiled()
    assert conditions.COMPILED_CODE == {}
    assert _screen_everything(root) is not None  # compiled as usual

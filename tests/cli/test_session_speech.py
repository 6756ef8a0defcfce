"""Spoken cues for the coach: espeak-ng in the background, a bell when speech fails, silence
with --quiet. A stand-in `espeak-ng` script records what it was asked to say."""

from __future__ import annotations

import io
import os
import stat
from pathlib import Path

import pytest

from backcare.desktop.speech import BellSpeaker, EspeakSpeaker, SilentSpeaker, make_speaker


def fake_binary(tmp_path: Path, exit_status: int) -> tuple[Path, Path]:
    said = tmp_path / "said.txt"
    script = tmp_path / "espeak-ng"
    script.write_text(f'#!/bin/sh\necho "$@" >> "{said}"\nexit {exit_status}\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script, said


def test_espeak_says_the_cue_without_blocking(tmp_path: Path) -> None:
    script, said = fake_binary(tmp_path, 0)
    bell = io.StringIO()
    speaker = EspeakSpeaker(str(script), fallback=BellSpeaker(bell))
    speaker.say("Wall angel. Slide up slowly.")
    assert speaker._process is not None
    assert speaker._process.wait(timeout=10) == 0
    assert said.read_text(encoding="utf-8").strip() == "-s 160 -- Wall angel. Slide up slowly."
    speaker.say("Rest.")
    assert speaker._process.wait(timeout=10) == 0
    assert bell.getvalue() == ""


def test_a_failing_voice_falls_back_to_the_bell(tmp_path: Path) -> None:
    script, _ = fake_binary(tmp_path, 1)
    bell = io.StringIO()
    speaker = EspeakSpeaker(str(script), fallback=BellSpeaker(bell))
    speaker.say("first")
    assert speaker._process is not None
    speaker._process.wait(timeout=10)
    speaker.say("second")  # sees the first one failed
    assert speaker.broken
    assert bell.getvalue() == "\a"


def test_a_missing_binary_rings_the_bell(tmp_path: Path) -> None:
    bell = io.StringIO()
    speaker = EspeakSpeaker(str(tmp_path / "no-such-voice"), fallback=BellSpeaker(bell))
    speaker.say("hello")
    assert bell.getvalue() == "\a"


def test_quiet_is_silent_and_the_default_finds_espeak(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert isinstance(make_speaker(quiet=True), SilentSpeaker)
    script, _ = fake_binary(tmp_path, 0)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ.get('PATH', '')}")
    speaker = make_speaker(audio=True)
    assert isinstance(speaker, EspeakSpeaker)
    assert speaker.binary == str(script)


def test_an_error_on_stderr_counts_as_failing(tmp_path: Path) -> None:
    """espeak-ng exits 0 when there is no sound card, but says so on stderr."""
    script = tmp_path / "espeak-ng"
    script.write_text("#!/bin/sh\necho 'error: No such file or directory' >&2\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    bell = io.StringIO()
    speaker = EspeakSpeaker(str(script), fallback=BellSpeaker(bell))
    speaker.say("first")
    assert speaker._process is not None
    speaker._process.wait(timeout=10)
    speaker.say("second")
    assert speaker.broken
    assert bell.getvalue() == "\a"


def test_no_sound_output_means_a_bell() -> None:
    bell = io.StringIO()
    speaker = make_speaker(stream=bell, audio=False)
    assert isinstance(speaker, BellSpeaker)
    speaker.say("Rest.")
    assert bell.getvalue() == "\a"

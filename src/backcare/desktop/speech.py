"""Spoken cues for the guided session, offline (implements `domain.ports.Speaker`).

espeak-ng runs as a separate process so speaking never holds up the countdown; a new cue cuts
off one still being spoken. pyttsx3 is the fallback where espeak-ng is not installed, and a
terminal bell where neither can speak; `--quiet` silences all of it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from typing import IO, Any

from backcare.domain.ports import Speaker


class BellSpeaker:
    """No speech: a terminal bell marks each change instead."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream

    def say(self, text: str) -> None:
        self.bell()

    def bell(self) -> None:
        stream = self.stream or sys.stdout
        try:
            stream.write("\a")
            stream.flush()
        except (OSError, ValueError):  # a closed terminal is no reason to stop the session
            pass


class SilentSpeaker:
    def say(self, text: str) -> None:
        pass

    def bell(self) -> None:
        pass


class EspeakSpeaker:
    """espeak-ng in the background; falls back to the bell once it is seen failing (no audio
    device, for instance)."""

    def __init__(
        self, binary: str, words_per_minute: int = 160, fallback: Speaker | None = None
    ) -> None:
        self.binary = binary
        self.words_per_minute = words_per_minute
        self.fallback = fallback or BellSpeaker()
        self.broken = False
        self._process: subprocess.Popen[bytes] | None = None

    def say(self, text: str) -> None:
        previous = self._process
        if previous is not None:
            code = previous.poll()
            if code is None:
                previous.terminate()
            elif code != 0:
                self.broken = True
        if self.broken:
            self.fallback.say(text)
            return
        try:
            self._process = subprocess.Popen(
                [self.binary, "-s", str(self.words_per_minute), "--", text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        except OSError:
            self.broken = True
            self.fallback.say(text)

    def bell(self) -> None:
        self.fallback.bell()

    def close(self) -> None:
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()


class Pyttsx3Speaker:
    """pyttsx3 speaks synchronously, so each cue runs on a worker thread."""

    def __init__(self, engine: Any, fallback: Speaker | None = None) -> None:
        self.engine = engine
        self.fallback = fallback or BellSpeaker()
        self._lock = threading.Lock()

    def say(self, text: str) -> None:
        if not self._lock.acquire(blocking=False):
            return  # still speaking the previous cue: skip rather than queue up
        thread = threading.Thread(target=self._speak, args=(text,), daemon=True)
        thread.start()

    def _speak(self, text: str) -> None:
        try:
            self.engine.say(text)
            self.engine.runAndWait()
        except Exception:  # pragma: no cover - depends on the machine's audio
            self.fallback.bell()
        finally:
            self._lock.release()

    def bell(self) -> None:
        self.fallback.bell()


def make_speaker(quiet: bool = False, stream: IO[str] | None = None) -> Speaker:
    """The best offline voice this machine has: espeak-ng, pyttsx3, else a bell."""
    if quiet:
        return SilentSpeaker()
    bell = BellSpeaker(stream)
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary:
        return EspeakSpeaker(binary, fallback=bell)
    try:
        import pyttsx3

        return Pyttsx3Speaker(pyttsx3.init(), fallback=bell)
    except Exception:  # no engine, no driver: a bell still marks the change
        return bell

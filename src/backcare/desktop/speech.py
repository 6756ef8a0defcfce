"""Spoken cues for the guided session, offline (implements `domain.ports.Speaker`).

espeak-ng runs as a separate process so speaking never holds up the countdown; a new cue cuts
off one still being spoken. pyttsx3 is the fallback where espeak-ng is not installed, and a
terminal bell where neither can speak; `--quiet` silences all of it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import IO, Any

from backcare.domain.ports import Speaker


class BellSpeaker:
    """No speech: a terminal bell marks each change instead."""

    def __init__(self, stream: IO[str] | None = None) -> None:
        self.stream = stream

    def say(self, text: str) -> None:
        self.bell()

    def bell(self) -> None:
        stream = self.stream or sys.__stdout__  # past Rich Live's redirection of sys.stdout
        if stream is None:
            return
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


def audio_output_available() -> bool:
    """Whether this machine seems able to play sound: a PulseAudio or PipeWire server, or an
    ALSA playback device. espeak-ng exits 0 even with nowhere to play, so it is asked first."""
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("PULSE_SERVER"):
        return True
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and any(Path(runtime, name).exists() for name in ("pulse/native", "pipewire-0")):
        return True
    devices = Path("/dev/snd")
    try:
        return any(p.name.startswith("pcmC") and p.name.endswith("p") for p in devices.iterdir())
    except OSError:
        return False


class EspeakSpeaker:
    """espeak-ng in the background; falls back to the bell once it is seen failing (an error
    status, or an error on stderr such as no audio device)."""

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
            else:
                complaint = previous.stderr.read() if previous.stderr is not None else b""
                if code != 0 or b"error" in complaint.lower():
                    self.broken = True
        if self.broken:
            self.fallback.say(text)
            return
        try:
            self._process = subprocess.Popen(
                [self.binary, "-s", str(self.words_per_minute), "--", text],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,  # a few lines at most; read once it has ended
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


def make_speaker(
    quiet: bool = False, stream: IO[str] | None = None, audio: bool | None = None
) -> Speaker:
    """The best offline voice this machine has: espeak-ng, pyttsx3, else a bell (also when
    there is no sound output at all)."""
    if quiet:
        return SilentSpeaker()
    bell = BellSpeaker(stream)
    if not (audio_output_available() if audio is None else audio):
        return bell
    binary = shutil.which("espeak-ng") or shutil.which("espeak")
    if binary:
        return EspeakSpeaker(binary, fallback=bell)
    try:
        import pyttsx3

        return Pyttsx3Speaker(pyttsx3.init(), fallback=bell)
    except Exception:  # no engine, no driver: a bell still marks the change
        return bell

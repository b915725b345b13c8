"""Vietnamese speech synthesis with espeak-ng: one way, the `espeak-ng` command; pyttsx3 opt-in.

`espeak-ng -v VOICE -s WPM -b 1 -w out.wav` with the text on stdin writes a 22.05 kHz mono S16 WAV. It
is the default (and what `auto` picks whenever it is installed) because it is the robust way:

- each utterance gets exactly its own rate and voice, and its file is complete when the command exits;
- it runs in its own process with a timeout, an exit code and an error message: nothing it does can
  hang or crash the node; starting it costs a few milliseconds, invisible next to the audio's seconds.

pyttsx3 2.99 drives the same libespeak-ng in-process, but in libespeak-ng's asynchronous mode, and its
`runAndWait()` returns before the audio is written. Measured here with alternating 150/90 wpm
utterances: 22 of 40 came out at the previous utterance's rate (the slower elderly mode would not be
slower), and some files were never written because the next call cancelled the running synthesis. It
also prints to stdout and accepts an unknown voice silently. It stays available as `backend: pyttsx3`
(and as `auto`'s choice when the command is missing), with a wait for the finished file, not as the
default. Voices are checked against `espeak-ng --voices` up front.
"""

from __future__ import annotations

import contextlib
import io
import math
import shutil
import subprocess
import threading
import time
import wave
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from receptionist_dialog.speech.audio import wav_duration_s

BACKEND_AUTO = "auto"
BACKEND_PYTTSX3 = "pyttsx3"
BACKEND_ESPEAK = "espeak-ng"
BACKENDS = (BACKEND_AUTO, BACKEND_PYTTSX3, BACKEND_ESPEAK)
# espeak-ng's own limits for the speaking rate, in words per minute.
ESPEAK_MIN_WPM = 80
ESPEAK_MAX_WPM = 450


class SynthesisError(RuntimeError):
    """No audio could be produced for an utterance (the message says by which backend and why)."""


@dataclass(frozen=True)
class SynthesisResult:
    path: Path
    duration_s: float
    backend: str
    rate_wpm: int
    synth_time_s: float


@dataclass(frozen=True)
class VoiceInfo:
    language: str  # e.g. "vi-vn-x-south"
    identifier: str  # e.g. "aav/vi-VN-x-south"

    def matches(self, voice: str) -> bool:
        wanted = voice.split("+", 1)[0].lower()  # "vi+f3" is the vi voice with the f3 variant
        ident = self.identifier.lower()
        return wanted in (self.language.lower(), ident, ident.rsplit("/", 1)[-1])


def effective_rate(
    base_wpm: float, rate_scale: float, min_wpm: int = ESPEAK_MIN_WPM, max_wpm: int = ESPEAK_MAX_WPM
) -> int:
    """Speaking rate for a request: `rate_scale` < 1 slows down (elderly mode); 0 or invalid means 1."""
    scale = rate_scale if math.isfinite(rate_scale) and rate_scale > 0.0 else 1.0
    low, high = max(ESPEAK_MIN_WPM, min_wpm), min(ESPEAK_MAX_WPM, max_wpm)
    return round(min(high, max(low, base_wpm * scale)))


def parse_voice_list(output: str) -> list[VoiceInfo]:
    """Parse `espeak-ng --voices` (columns Pty, Language, Age/Gender, VoiceName, File, ...)."""
    voices = []
    for line in output.splitlines()[1:]:
        fields = line.split()
        if len(fields) >= 5:
            voices.append(VoiceInfo(language=fields[1], identifier=fields[4]))
    return voices


def list_voices(espeak_binary: str = "espeak-ng", timeout_s: float = 5.0) -> list[VoiceInfo]:
    try:
        done = subprocess.run(
            [espeak_binary, "--voices"], capture_output=True, text=True, timeout=timeout_s, check=True
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise SynthesisError(f"cannot list espeak-ng voices with '{espeak_binary}': {error}") from error
    return parse_voice_list(done.stdout)


def check_voice(voice: str, voices: list[VoiceInfo]) -> None:
    """Raise ValueError naming the Vietnamese voices when `voice` is not installed."""
    if not any(v.matches(voice) for v in voices):
        vietnamese = ", ".join(v.language for v in voices if v.language.startswith("vi")) or "none installed"
        raise ValueError(f"espeak-ng has no voice '{voice}' (Vietnamese voices: {vietnamese})")


def _wav_complete(path: Path) -> bool:
    try:
        with wave.open(str(path), "rb") as wav:
            return wav.getnframes() > 0
    except (OSError, EOFError, wave.Error):
        return False


def _check_output(path: Path, backend: str) -> float:
    if not path.is_file() or path.stat().st_size <= 44:
        raise SynthesisError(f"{backend} wrote no audio to {path}")
    duration = wav_duration_s(path)
    if duration <= 0.0:
        raise SynthesisError(f"{backend} wrote an empty WAV to {path}")
    return duration


class EspeakCommandBackend:
    """`espeak-ng -v VOICE -s WPM -b 1 -w OUT` with the text on stdin (so text starting with '-' is
    never read as an option)."""

    name = BACKEND_ESPEAK

    def __init__(self, binary: str = "espeak-ng", timeout_s: float = 15.0) -> None:
        if shutil.which(binary) is None:
            raise SynthesisError(f"'{binary}' not found: install the Debian package espeak-ng")
        self.binary = binary
        self.timeout_s = timeout_s

    def synthesize(self, text: str, voice: str, rate_wpm: int, out_path: Path) -> None:
        command = [self.binary, "-v", voice, "-s", str(rate_wpm), "-b", "1", "-w", str(out_path)]
        try:
            done = subprocess.run(
                command, input=text.encode("utf-8"), capture_output=True, timeout=self.timeout_s
            )
        except subprocess.TimeoutExpired as error:
            raise SynthesisError(f"espeak-ng took more than {self.timeout_s} s") from error
        except OSError as error:
            raise SynthesisError(f"cannot run espeak-ng: {error}") from error
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip() or f"exit code {done.returncode}"
            raise SynthesisError(f"espeak-ng failed: {message}")


class Pyttsx3Backend:
    """pyttsx3's espeak driver, each synthesis on a short-lived daemon thread joined with a timeout.

    Not the default: see the module docstring for what goes wrong with it."""

    name = BACKEND_PYTTSX3

    def __init__(self, timeout_s: float = 15.0) -> None:
        try:
            import pyttsx3
            from pyttsx3.drivers import _espeak

            with contextlib.redirect_stdout(io.StringIO()):
                self._engine = pyttsx3.init("espeak")
            self._espeak = _espeak
        except Exception as error:  # ImportError, RuntimeError("could not initialize espeak"), OSError
            raise SynthesisError(f"pyttsx3 unavailable: {error}") from error
        self.timeout_s = timeout_s
        self._lock = threading.Lock()

    def _run(self, text: str, voice: str, rate_wpm: int, out_path: Path, errors: list[BaseException]) -> None:
        try:
            self._engine.setProperty("voice", voice)
            self._engine.setProperty("rate", rate_wpm)
            self._engine.save_to_file(text, str(out_path))
            self._engine.runAndWait()
        except BaseException as error:
            errors.append(error)

    def synthesize(self, text: str, voice: str, rate_wpm: int, out_path: Path) -> None:
        # The driver prints "Audio saved to ..." on stdout from libespeak-ng's thread, after runAndWait.
        with self._lock, contextlib.redirect_stdout(io.StringIO()):
            deadline = time.monotonic() + self.timeout_s
            errors: list[BaseException] = []
            worker = threading.Thread(
                target=self._run, args=(text, voice, rate_wpm, out_path, errors), daemon=True, name="pyttsx3"
            )
            worker.start()
            worker.join(self.timeout_s)
            if worker.is_alive():
                raise SynthesisError(f"pyttsx3 did not finish within {self.timeout_s} s")
            if errors:
                raise SynthesisError(f"pyttsx3 failed: {errors[0]!r}")
            # runAndWait returns before libespeak-ng's thread has written the file: wait for a complete
            # WAV (its header gets the frame count when the file is closed), which also keeps the next
            # utterance's rate and voice from reaching espeak-ng while this one is still synthesizing.
            while not _wav_complete(out_path) or self._espeak.IsPlaying():
                if time.monotonic() > deadline:
                    raise SynthesisError(f"pyttsx3 wrote no audio to {out_path} within {self.timeout_s} s")
                time.sleep(0.005)


class Synthesizer:
    """Text -> WAV file with the configured voice and backend."""

    def __init__(
        self,
        voice: str = "vi",
        backend: str = BACKEND_AUTO,
        espeak_binary: str = "espeak-ng",
        timeout_s: float = 15.0,
        on_fallback: Callable[[str], None] | None = None,
    ) -> None:
        """`on_fallback(message)` is told when `auto` has to use pyttsx3 (no espeak-ng command)."""
        if backend not in BACKENDS:
            raise ValueError(f"unknown TTS backend '{backend}' (one of {', '.join(BACKENDS)})")
        self.voice = voice
        self._backend: EspeakCommandBackend | Pyttsx3Backend
        if backend == BACKEND_PYTTSX3:
            self._backend = Pyttsx3Backend(timeout_s)
        elif backend == BACKEND_ESPEAK:
            self._backend = EspeakCommandBackend(espeak_binary, timeout_s)
        else:
            try:
                self._backend = EspeakCommandBackend(espeak_binary, timeout_s)
            except SynthesisError as error:
                self._backend = Pyttsx3Backend(timeout_s)  # raises SynthesisError if that fails too
                (on_fallback or (lambda message: None))(f"{error}: using pyttsx3")
        if shutil.which(espeak_binary):
            check_voice(voice, list_voices(espeak_binary))

    @property
    def backend(self) -> str:
        return self._backend.name

    def synthesize(self, text: str, rate_wpm: int, out_path: str | Path) -> SynthesisResult:
        """Write `text` spoken at `rate_wpm` to `out_path`; raise SynthesisError saying why it could not."""
        path = Path(out_path)
        path.unlink(missing_ok=True)  # never mistake an old file for this utterance's audio
        start = time.monotonic()
        self._backend.synthesize(text, self.voice, rate_wpm, path)
        duration = _check_output(path, self._backend.name)
        return SynthesisResult(path, duration, self._backend.name, rate_wpm, time.monotonic() - start)

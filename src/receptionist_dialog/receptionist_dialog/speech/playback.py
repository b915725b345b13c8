"""Playing a synthesized WAV, interruptibly: an external player (aplay, paplay, play) or none.

With no player (simulation, CI) the robot still "speaks" for the audio's duration when
`hold_without_player` is set, so the speaking state the ASR and the dialog see has real timing.
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import signal
import subprocess
import threading
from pathlib import Path

WAV_PLACEHOLDER = "{wav}"


def _signal_group(process: subprocess.Popen[bytes], sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):  # already gone
        os.killpg(process.pid, sig)


class PlaybackError(RuntimeError):
    """The player could not be started or failed (the message names the command)."""


def player_command(template: str, wav: Path) -> list[str]:
    """ "aplay -q {wav}" -> ["aplay", "-q", "/tmp/x.wav"]; the path is appended when there is no {wav}."""
    tokens = shlex.split(template)
    if not tokens:
        return []
    if any(WAV_PLACEHOLDER in token for token in tokens):
        return [token.replace(WAV_PLACEHOLDER, str(wav)) for token in tokens]
    return [*tokens, str(wav)]


class Playback:
    """Blocks in `play()` until the audio is over or `stop()` is called from another thread."""

    def __init__(
        self, command_template: str = "", hold_without_player: bool = True, margin_s: float = 5.0
    ) -> None:
        self.command_template = command_template.strip()
        self.hold_without_player = hold_without_player
        self.margin_s = margin_s
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        if self.command_template:
            program = shlex.split(self.command_template)[0]
            if shutil.which(program) is None:
                raise PlaybackError(f"player '{program}' not found (parameter player_command)")

    @property
    def plays_audio(self) -> bool:
        return bool(self.command_template)

    def play(self, wav: Path, duration_s: float) -> bool:
        """Play `wav`; True when it ran to its end, False when interrupted (also by a `stop()` made
        since the last `arm()`, so an interrupt that lands between synthesis and playback is not lost)."""
        if self._stop.is_set():
            return False
        if not self.command_template:
            if self.hold_without_player:
                return not self._stop.wait(duration_s)
            return True
        command = player_command(self.command_template, wav)
        with self._lock:
            if self._stop.is_set():
                return False
            try:
                # Own process group: a wrapper player (sh -c '... | aplay') is stopped with its children.
                self._process = subprocess.Popen(
                    command,
                    stdin=subprocess.DEVNULL,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.PIPE,
                    start_new_session=True,
                )
            except OSError as error:
                raise PlaybackError(f"cannot start '{command[0]}': {error}") from error
        process = self._process
        try:
            _, stderr = process.communicate(timeout=duration_s + self.margin_s)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.communicate()
            raise PlaybackError(
                f"'{command[0]}' still playing {self.margin_s} s after the audio's end: killed"
            ) from None
        finally:
            with self._lock:
                self._process = None
        if self._stop.is_set():
            return False
        if process.returncode != 0:
            message = stderr.decode("utf-8", "replace").strip() or f"exit code {process.returncode}"
            raise PlaybackError(f"'{command[0]}' failed: {message}")
        return True

    @property
    def interrupted(self) -> bool:
        """Whether `stop()` was called since the last `arm()`."""
        return self._stop.is_set()

    def arm(self) -> None:
        """Forget earlier `stop()` calls: the next `play()` is a new utterance."""
        self._stop.clear()

    def stop(self) -> None:
        """Interrupt the current playback (no-op when idle)."""
        self._stop.set()
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                _signal_group(self._process, signal.SIGTERM)

"""The TTS's queue: say requests one after another on a worker thread, announce start and end of each.

Requests that arrive while the robot speaks wait their turn (bounded queue: the oldest is dropped when
it overflows, since a dialog's latest answer matters most); an `interrupt` request empties the queue and
cuts the current utterance first. An interrupt with empty text just silences the robot.
"""

from __future__ import annotations

import re
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from receptionist_dialog.speech.playback import Playback, PlaybackError
from receptionist_dialog.speech.synthesis import SynthesisError, SynthesisResult, Synthesizer, effective_rate
from receptionist_dialog.speech.text_check import prepare_for_speech

_UNSAFE_FILENAME_RE = re.compile(r"[^A-Za-z0-9_.-]+")


@dataclass(frozen=True)
class SpeechRequest:
    utterance_id: str
    text: str
    rate_scale: float = 1.0  # < 1 slower (elderly mode); 0 means the default rate
    interrupt: bool = False


@dataclass(frozen=True)
class SpeakerSettings:
    output_dir: Path
    rate_wpm: int = 150
    min_rate_wpm: int = 80
    max_rate_wpm: int = 450
    max_chars: int = 1000
    max_queue: int = 10
    keep_files: int = 50  # WAV files kept in output_dir (oldest deleted), 0 keeps all


class Speaker:
    """Owns the worker thread; reports through callbacks, which run on that thread."""

    def __init__(
        self,
        synthesizer: Synthesizer,
        playback: Playback,
        settings: SpeakerSettings,
        on_start: Callable[[str, SynthesisResult], None],
        on_end: Callable[[str, bool], None],
        log: Callable[[str, str], None],
    ) -> None:
        """`log(level, message)` with level "info", "warn" or "error"; every callback runs on the worker."""
        self.synthesizer = synthesizer
        self.playback = playback
        self.settings = settings
        self._on_start = on_start
        self._on_end = on_end
        self._log = log
        settings.output_dir.mkdir(parents=True, exist_ok=True)
        self._queue: deque[SpeechRequest] = deque()
        self._written: deque[Path] = deque()
        self._cond = threading.Condition()
        self._sequence = 0
        self._file_number = 0
        self._closed = False
        self._current: str | None = None
        self._thread = threading.Thread(target=self._work, name="tts-speaker", daemon=True)
        self._thread.start()

    def submit(self, request: SpeechRequest) -> bool:
        """Queue `request`; False (with a problem reported) when its text cannot be spoken."""
        verdict = prepare_for_speech(request.text, self.settings.max_chars)
        with self._cond:
            self._sequence += 1
            utterance_id = request.utterance_id or f"tts-{self._sequence}"
            if request.interrupt:
                dropped = len(self._queue)
                self._queue.clear()
                self.playback.stop()
                if self._current is not None or dropped:
                    self._log(
                        "info",
                        f"interrupt by '{utterance_id}': stopped '{self._current}', dropped {dropped} queued",
                    )
                if not request.text.strip():
                    return True  # a pure "be quiet" request
            if verdict.problem:
                self._log("warn", f"ignoring say request '{utterance_id}': {verdict.problem}")
                return False
            if verdict.note:
                self._log("warn", f"say request '{utterance_id}' {verdict.note}")
            if len(self._queue) >= max(1, self.settings.max_queue):
                oldest = self._queue.popleft()
                self._log("warn", f"speech queue full: dropped '{oldest.utterance_id}'")
            self._queue.append(replace(request, utterance_id=utterance_id, text=verdict.text))
            self._cond.notify_all()
        return True

    @property
    def queue_length(self) -> int:
        with self._cond:
            return len(self._queue)

    @property
    def speaking(self) -> str | None:
        """Utterance id being synthesized or played, else None."""
        with self._cond:
            return self._current

    def close(self, timeout: float = 5.0) -> None:
        with self._cond:
            self._closed = True
            self._queue.clear()
            self.playback.stop()
            self._cond.notify_all()
        self._thread.join(timeout)

    def _next(self) -> SpeechRequest | None:
        with self._cond:
            while not self._queue and not self._closed:
                self._cond.wait()
            if self._closed:
                return None
            request = self._queue.popleft()
            self._current = request.utterance_id
            self.playback.arm()
            return request

    def _work(self) -> None:
        while (request := self._next()) is not None:
            try:
                self._say(request)
            except Exception as error:  # the worker must survive any single utterance
                self._log("error", f"utterance '{request.utterance_id}' failed: {error!r}")
            finally:
                with self._cond:
                    self._current = None

    def _say(self, request: SpeechRequest) -> None:
        settings = self.settings
        rate = effective_rate(
            settings.rate_wpm, request.rate_scale, settings.min_rate_wpm, settings.max_rate_wpm
        )
        name = _UNSAFE_FILENAME_RE.sub("_", request.utterance_id)[:60]
        self._file_number += 1
        path = settings.output_dir / f"{self._file_number:06d}_{name}.wav"
        try:
            result = self.synthesizer.synthesize(request.text, rate, path)
        except SynthesisError as error:
            self._log("error", f"cannot synthesize '{request.utterance_id}': {error}")
            return
        self._remember(path)
        if self.playback.interrupted:
            self._log("info", f"'{request.utterance_id}' interrupted before it was played")
            return
        self._on_start(request.utterance_id, result)
        try:
            completed = self.playback.play(result.path, result.duration_s)
        except PlaybackError as error:
            self._log("error", f"playback of '{request.utterance_id}' failed: {error}")
            completed = False
        self._on_end(request.utterance_id, completed)

    def _remember(self, path: Path) -> None:
        self._written.append(path)
        keep = self.settings.keep_files
        while keep > 0 and len(self._written) > keep:
            self._written.popleft().unlink(missing_ok=True)

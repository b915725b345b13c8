"""Audio in, hypotheses out: resample to the model's rate, cut fixed chunks, skip the robot's own voice.

Sits between the audio source (topic or microphone) and a `StreamingRecognizer`; thread-safe, since
audio and the robot's speaking state arrive on different threads.
"""

from __future__ import annotations

import threading
from typing import Protocol

import numpy as np

from receptionist_dialog.speech.audio import ChunkBuffer, StreamResampler, samples_to_bytes
from receptionist_dialog.speech.gate import SpeakingGate
from receptionist_dialog.speech.recognizer import Hypothesis


class Recognizer(Protocol):
    """What the listener needs from a recognizer (StreamingRecognizer provides it)."""

    def accept(self, pcm: bytes) -> Hypothesis | None: ...

    def finish(self) -> Hypothesis | None: ...

    def reset(self) -> None: ...


class SpeechListener:
    def __init__(
        self,
        recognizer: Recognizer,
        gate: SpeakingGate,
        input_rate: int = 16000,
        model_rate: int = 16000,
        chunk_ms: int = 100,
    ) -> None:
        if chunk_ms <= 0:
            raise ValueError(f"chunk_ms must be positive, got {chunk_ms}")
        self._recognizer = recognizer
        self.gate = gate
        self.input_rate = input_rate
        self.model_rate = model_rate
        self._chunks = ChunkBuffer(max(1, model_rate * chunk_ms // 1000))
        self._resampler = StreamResampler(input_rate, model_rate)
        self._lock = threading.Lock()
        self._was_open = True
        self.chunks_heard = 0
        self.chunks_ignored = 0

    def replace_recognizer(self, recognizer: Recognizer) -> Hypothesis | None:
        """Swap in a recognizer (e.g. with a new grammar); returns the old one's last final, if any."""
        with self._lock:
            final = self._recognizer.finish()
            self._recognizer = recognizer
            self._chunks.clear()
            return final

    def on_speaking(self, speaking: bool, now: float, expected_duration_s: float = 0.0) -> Hypothesis | None:
        """The robot starts or stops speaking. On start, what the citizen said before it is finalized
        (that audio is clean); the audio that follows is dropped until the gate reopens."""
        with self._lock:
            was_open = self.gate.is_open(now)
            self.gate.on_speaking(speaking, now, expected_duration_s)
            if was_open and not self.gate.is_open(now):
                self._was_open = False
                self._chunks.clear()
                return self._recognizer.finish()
            return None

    def on_audio(self, samples: np.ndarray, now: float) -> list[Hypothesis]:
        """Feed audio captured at `input_rate`; returns partial and final hypotheses, oldest first."""
        with self._lock:
            is_open = self.gate.is_open(now)
            results: list[Hypothesis] = []
            if not is_open:
                if self._was_open:  # closed without on_speaking (e.g. by the clock): same cleanup
                    final = self._recognizer.finish()
                    if final is not None:
                        results.append(final)
                    self._chunks.clear()
                self._was_open = False
                self.chunks_ignored += 1
                return results
            if not self._was_open:
                self._recognizer.reset()  # start clean after the robot's voice
                self._was_open = True
            for chunk in self._chunks.push(self._resampler.process(samples)):
                self.chunks_heard += 1
                hypothesis = self._recognizer.accept(samples_to_bytes(chunk))
                if hypothesis is not None:
                    results.append(hypothesis)
            return results

    def finish(self) -> list[Hypothesis]:
        """End of the stream: feed the incomplete chunk and return the remaining final hypotheses."""
        with self._lock:
            results: list[Hypothesis] = []
            tail = self._chunks.flush()
            if len(tail):
                hypothesis = self._recognizer.accept(samples_to_bytes(tail))
                if hypothesis is not None and hypothesis.is_final:
                    results.append(hypothesis)
            final = self._recognizer.finish()
            if final is not None:
                results.append(final)
            return results

"""The listener's plumbing without a model: chunking, resampling and the speaking gate.

`RecordingRecognizer` stands in for Vosk only to observe what audio reaches the recognizer and when it
is finalized; recognition itself is tested with a real model in test_asr_model.py.
"""

import numpy as np
import pytest

from receptionist_dialog.speech.audio import samples_from_bytes
from receptionist_dialog.speech.gate import SpeakingGate
from receptionist_dialog.speech.listener import SpeechListener
from receptionist_dialog.speech.recognizer import Hypothesis


class RecordingRecognizer:
    def __init__(self, final_after_chunks: int = 0) -> None:
        self.chunks: list[np.ndarray] = []
        self.finished = 0
        self.resets = 0
        self.final_after_chunks = final_after_chunks

    def accept(self, pcm: bytes) -> Hypothesis | None:
        self.chunks.append(samples_from_bytes(pcm))
        if self.final_after_chunks and len(self.chunks) % self.final_after_chunks == 0:
            return Hypothesis(f"final {len(self.chunks)}", 0.9, True)
        return Hypothesis(f"partial {len(self.chunks)}", 0.5, False)

    def finish(self) -> Hypothesis | None:
        self.finished += 1
        return Hypothesis("until the robot spoke", 0.8, True) if self.chunks else None

    def reset(self) -> None:
        self.resets += 1


def make(recognizer, input_rate=16000, chunk_ms=100, tail_s=0.5):
    return SpeechListener(recognizer, SpeakingGate(tail_s=tail_s, overrun_s=2.0), input_rate, 16000, chunk_ms)


def test_audio_is_fed_in_fixed_chunks_in_order():
    recognizer = RecordingRecognizer()
    listener = make(recognizer)
    stream = np.arange(-8000, 8000, dtype=np.int16)  # 1 s
    results = []
    for start in range(0, len(stream), 999):
        results += listener.on_audio(stream[start : start + 999], now=0.0)
    assert [len(c) for c in recognizer.chunks] == [1600] * 10
    assert np.array_equal(np.concatenate(recognizer.chunks), stream)
    assert [r.text for r in results] == [f"partial {i}" for i in range(1, 11)]
    assert listener.chunks_heard == 10


def test_audio_at_48_khz_reaches_the_recognizer_at_16_khz():
    recognizer = RecordingRecognizer()
    listener = make(recognizer, input_rate=48000)
    tone = (8000 * np.sin(2 * np.pi * 300 * np.arange(48000) / 48000)).astype(np.int16)
    for start in range(0, len(tone), 4800):
        listener.on_audio(tone[start : start + 4800], now=0.0)
    heard = np.concatenate(recognizer.chunks)
    assert len(heard) == pytest.approx(16000, abs=1600)  # whole chunks only
    spectrum = np.abs(np.fft.rfft(heard.astype(float)))
    assert np.fft.rfftfreq(len(heard), 1 / 16000)[np.argmax(spectrum)] == pytest.approx(300, abs=3)


def test_robot_speech_is_not_heard_and_what_came_before_is_finalized():
    recognizer = RecordingRecognizer()
    listener = make(recognizer, tail_s=0.5)
    listener.on_audio(np.ones(1600, dtype=np.int16), now=0.0)
    final = listener.on_speaking(True, now=1.0, expected_duration_s=2.0)
    assert final is not None and final.is_final and final.text == "until the robot spoke"
    assert listener.on_audio(np.full(16000, 7, dtype=np.int16), now=1.5) == []
    listener.on_speaking(False, now=3.0)
    assert listener.on_audio(np.full(1600, 9, dtype=np.int16), now=3.2) == []  # tail: still echo
    assert len(recognizer.chunks) == 1 and listener.chunks_ignored == 2
    results = listener.on_audio(np.full(1600, 5, dtype=np.int16), now=3.6)
    assert recognizer.resets == 1
    assert len(results) == 1 and int(recognizer.chunks[-1][0]) == 5


def test_audio_straddling_the_gate_is_not_glued_to_later_speech():
    recognizer = RecordingRecognizer()
    listener = make(recognizer, tail_s=0.1)
    listener.on_audio(np.full(1000, 3, dtype=np.int16), now=0.0)  # incomplete chunk pending
    listener.on_speaking(True, now=0.1, expected_duration_s=1.0)
    listener.on_speaking(False, now=1.1)
    listener.on_audio(np.full(1600, 4, dtype=np.int16), now=1.3)
    assert len(recognizer.chunks) == 1 and set(recognizer.chunks[0].tolist()) == {4}


def test_gate_that_expires_without_speaking_false_reopens():
    recognizer = RecordingRecognizer()
    listener = make(recognizer)
    listener.on_speaking(True, now=0.0, expected_duration_s=1.0)
    assert listener.on_audio(np.ones(1600, dtype=np.int16), now=2.9) == []
    assert len(listener.on_audio(np.ones(1600, dtype=np.int16), now=3.1)) == 1


def test_finals_from_endpointing_pass_through():
    recognizer = RecordingRecognizer(final_after_chunks=3)
    listener = make(recognizer)
    results = listener.on_audio(np.zeros(16000, dtype=np.int16), now=0.0)
    assert [r.text for r in results if r.is_final] == ["final 3", "final 6", "final 9"]


def test_finish_feeds_the_tail_and_finalizes():
    recognizer = RecordingRecognizer()
    listener = make(recognizer)
    listener.on_audio(np.ones(2000, dtype=np.int16), now=0.0)
    finals = listener.finish()
    assert [len(c) for c in recognizer.chunks] == [1600, 400]
    assert [f.text for f in finals] == ["until the robot spoke"]


def test_replacing_the_recognizer_finalizes_the_old_one():
    old, new = RecordingRecognizer(), RecordingRecognizer()
    listener = make(old)
    listener.on_audio(np.ones(1600, dtype=np.int16), now=0.0)
    assert listener.replace_recognizer(new).text == "until the robot spoke"
    listener.on_audio(np.ones(1600, dtype=np.int16), now=0.0)
    assert len(old.chunks) == 1 and len(new.chunks) == 1

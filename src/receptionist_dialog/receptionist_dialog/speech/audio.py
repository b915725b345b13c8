"""PCM audio helpers shared by the ASR and the TTS: WAV files, duration, energy, resampling, chunking.

Audio inside the stack is mono signed 16-bit little-endian PCM (what Vosk takes and espeak-ng writes);
samples travel as numpy int16 arrays.
"""

from __future__ import annotations

import math
import wave
from pathlib import Path

import numpy as np

SAMPLE_WIDTH_BYTES = 2
# Level of digital silence in dBFS: the floor returned for an empty or all-zero signal.
SILENCE_FLOOR_DBFS = -120.0


def samples_from_bytes(data: bytes | bytearray | memoryview) -> np.ndarray:
    """S16LE bytes -> int16 samples. An odd trailing byte is an error of the sender, not silently dropped."""
    if len(data) % SAMPLE_WIDTH_BYTES:
        raise ValueError(f"S16LE audio must have an even number of bytes, got {len(data)}")
    return np.frombuffer(bytes(data), dtype="<i2").astype(np.int16)


def samples_to_bytes(samples: np.ndarray) -> bytes:
    return np.asarray(samples, dtype=np.int16).astype("<i2").tobytes()


def read_wav(path: str | Path) -> tuple[np.ndarray, int]:
    """Read a 16-bit PCM WAV as mono int16 samples (channels averaged) and its sample rate."""
    with wave.open(str(path), "rb") as wav:
        if wav.getsampwidth() != SAMPLE_WIDTH_BYTES:
            raise ValueError(f"{path}: expected 16-bit PCM, got {8 * wav.getsampwidth()}-bit")
        rate = wav.getframerate()
        channels = wav.getnchannels()
        frames = wav.readframes(wav.getnframes())
    samples = np.frombuffer(frames, dtype="<i2")
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return samples.astype(np.int16), rate


def write_wav(path: str | Path, samples: np.ndarray, rate: int) -> None:
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(SAMPLE_WIDTH_BYTES)
        wav.setframerate(int(rate))
        wav.writeframes(samples_to_bytes(samples))


def wav_duration_s(path: str | Path) -> float:
    """Duration from the WAV header, without reading the samples."""
    with wave.open(str(path), "rb") as wav:
        rate = wav.getframerate()
        return wav.getnframes() / rate if rate else 0.0


def rms_dbfs(samples: np.ndarray) -> float:
    """Root-mean-square level relative to full scale (0 dBFS = a full-scale square wave)."""
    if len(samples) == 0:
        return SILENCE_FLOOR_DBFS
    values = np.asarray(samples, dtype=np.float64) / 32768.0
    rms = math.sqrt(float(np.mean(values * values)))
    if rms <= 0.0:
        return SILENCE_FLOOR_DBFS
    return max(SILENCE_FLOOR_DBFS, 20.0 * math.log10(rms))


def voiced_fraction(
    samples: np.ndarray, rate: int, threshold_dbfs: float = -40.0, frame_s: float = 0.02
) -> float:
    """Share of 20 ms frames louder than `threshold_dbfs`: speech has many, silence or a click has few."""
    frame = max(1, int(rate * frame_s))
    count = len(samples) // frame
    if count == 0:
        return 0.0
    frames = np.asarray(samples[: count * frame], dtype=np.float64).reshape(count, frame) / 32768.0
    power = np.mean(frames * frames, axis=1)
    return float(np.mean(power > 10.0 ** (threshold_dbfs / 10.0)))


def lowpass_kernel(src_rate: int, dst_rate: int, taps: int = 63) -> np.ndarray:
    """Hamming-windowed sinc low-pass at 45% of the target rate: removes what would alias when
    downsampling from `src_rate` to `dst_rate`."""
    cutoff = 0.45 * dst_rate / src_rate  # cycles per input sample
    n = np.arange(taps) - (taps - 1) / 2
    kernel = 2 * cutoff * np.sinc(2 * cutoff * n) * np.hamming(taps)
    return kernel / kernel.sum()


class StreamResampler:
    """Resample a stream piece by piece with no seams between pieces: a low-pass FIR (when
    downsampling) whose history carries over, then linear interpolation with a carried-over phase.

    Telephone-grade quality, which is what a 16 kHz recognizer needs; it saves a scipy dependency for a
    conversion most set-ups never use (microphones open at 16 kHz directly).
    """

    def __init__(self, src_rate: int, dst_rate: int) -> None:
        if src_rate <= 0 or dst_rate <= 0:
            raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")
        self.src_rate = src_rate
        self.dst_rate = dst_rate
        self._step = src_rate / dst_rate
        self._kernel = lowpass_kernel(src_rate, dst_rate) if dst_rate < src_rate else None
        self._history = np.zeros(0 if self._kernel is None else len(self._kernel) - 1)
        self._buffer = np.zeros(0)
        self._position = 0.0  # of the next output sample, in samples of _buffer

    def process(self, samples: np.ndarray) -> np.ndarray:
        if self.src_rate == self.dst_rate:
            return np.asarray(samples, dtype=np.int16)
        values = np.asarray(samples, dtype=np.float64)
        if self._kernel is not None:
            padded = np.concatenate([self._history, values])
            values = np.convolve(padded, self._kernel, mode="valid")
            self._history = padded[len(padded) - len(self._history) :]
        buffer = np.concatenate([self._buffer, values])
        last = len(buffer) - 1
        count = math.floor((last - self._position) / self._step) + 1 if last >= self._position else 0
        positions = self._position + np.arange(count) * self._step
        out = np.interp(positions, np.arange(len(buffer)), buffer) if count else np.zeros(0)
        next_position = self._position + count * self._step
        drop = min(math.floor(next_position), len(buffer))
        self._buffer = buffer[drop:]
        self._position = next_position - drop
        return np.clip(np.round(out), -32768, 32767).astype(np.int16)


def resample(samples: np.ndarray, src_rate: int, dst_rate: int) -> np.ndarray:
    """Resample a whole signal (see StreamResampler); the filter's delay is compensated."""
    if src_rate <= 0 or dst_rate <= 0:
        raise ValueError(f"sample rates must be positive, got {src_rate} -> {dst_rate}")
    if src_rate == dst_rate or len(samples) == 0:
        return np.asarray(samples, dtype=np.int16)
    values = np.asarray(samples, dtype=np.float64)
    if dst_rate < src_rate:
        values = np.convolve(values, lowpass_kernel(src_rate, dst_rate), mode="same")
    count = round(len(values) * dst_rate / src_rate)
    positions = np.minimum(np.arange(count) * (src_rate / dst_rate), len(values) - 1)
    out = np.interp(positions, np.arange(len(values)), values)
    return np.clip(np.round(out), -32768, 32767).astype(np.int16)


class ChunkBuffer:
    """Re-cut audio arriving in arbitrary pieces into fixed-size chunks for the recognizer.

    Vosk accepts any size, but fixed chunks keep partial results and the speaking gate on a steady
    cadence whatever the publisher's buffer size is.
    """

    def __init__(self, chunk_samples: int) -> None:
        if chunk_samples <= 0:
            raise ValueError(f"chunk size must be positive, got {chunk_samples}")
        self.chunk_samples = chunk_samples
        self._pending = np.zeros(0, dtype=np.int16)

    def push(self, samples: np.ndarray) -> list[np.ndarray]:
        """Add samples; return every complete chunk now available, oldest first."""
        self._pending = np.concatenate([self._pending, np.asarray(samples, dtype=np.int16)])
        count = len(self._pending) // self.chunk_samples
        chunks = [
            self._pending[i * self.chunk_samples : (i + 1) * self.chunk_samples].copy() for i in range(count)
        ]
        self._pending = self._pending[count * self.chunk_samples :].copy()
        return chunks

    def flush(self) -> np.ndarray:
        """The incomplete tail (possibly empty); the buffer is empty afterwards."""
        tail, self._pending = self._pending, np.zeros(0, dtype=np.int16)
        return tail

    def clear(self) -> None:
        self._pending = np.zeros(0, dtype=np.int16)

    @property
    def pending_samples(self) -> int:
        return len(self._pending)

"""Optional microphone capture through `sounddevice` (PortAudio), used only when it is installed.

Most set-ups publish audio on a topic from a separate driver; reading the microphone directly is a
convenience for a single-computer robot. `MicrophoneUnavailableError` says what is missing.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

INSTALL_HINT = "pip install sounddevice (it needs PortAudio: apt-get install libportaudio2)"


class MicrophoneUnavailableError(RuntimeError):
    pass


def parse_device(device: str) -> int | str | None:
    """ "" -> the default input, "2" -> device index 2, anything else -> a device name (substring)."""
    device = device.strip()
    if not device:
        return None
    return int(device) if device.isdigit() else device


class Microphone:
    """16-bit mono capture; `on_samples` gets int16 arrays on a worker thread, not PortAudio's own."""

    def __init__(
        self, sample_rate: int, block_samples: int, device: str, on_samples: Callable[[np.ndarray], None]
    ) -> None:
        try:
            import sounddevice
        except ImportError as error:
            raise MicrophoneUnavailableError(
                f"the Python package 'sounddevice' is not installed ({INSTALL_HINT})"
            ) from error
        except OSError as error:  # the wheel imports but the PortAudio library is missing
            raise MicrophoneUnavailableError(f"PortAudio is missing: {error} ({INSTALL_HINT})") from error
        self._sounddevice: Any = sounddevice
        self._on_samples = on_samples
        self._blocks: queue.Queue[bytes | None] = queue.Queue(maxsize=100)
        self.overflows = 0
        try:
            self._stream = sounddevice.RawInputStream(
                samplerate=sample_rate,
                blocksize=block_samples,
                channels=1,
                dtype="int16",
                device=parse_device(device),
                callback=self._capture,
            )
        except Exception as error:  # sounddevice.PortAudioError, ValueError for an unknown device
            raise MicrophoneUnavailableError(
                f"cannot open input device '{device or 'default'}': {error}"
            ) from error
        self._thread = threading.Thread(target=self._deliver, name="microphone", daemon=True)

    def _capture(self, data: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            self.overflows += 1
        try:
            self._blocks.put_nowait(bytes(data))
        except queue.Full:  # the recognizer is behind: drop audio rather than block PortAudio
            self.overflows += 1

    def _deliver(self) -> None:
        while (block := self._blocks.get()) is not None:
            self._on_samples(np.frombuffer(block, dtype="<i2").astype(np.int16))

    def start(self) -> None:
        self._thread.start()
        self._stream.start()

    def stop(self) -> None:
        self._stream.stop()
        self._stream.close()
        self._blocks.put(None)
        self._thread.join(timeout=2.0)

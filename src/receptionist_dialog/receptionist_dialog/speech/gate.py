"""When the recognizer may listen: never while the robot itself speaks, nor just after (room echo).

The TTS node announces `speaking=true` (with the expected duration) and `speaking=false`. If the
`false` never comes (the TTS node died mid-sentence), the gate reopens on its own after the expected
duration plus an overrun margin, so a crash elsewhere cannot deafen the robot for good.
"""

from __future__ import annotations


class SpeakingGate:
    """Open/closed state of the microphone path, driven by the robot's speaking state and a clock."""

    def __init__(self, tail_s: float = 0.4, overrun_s: float = 3.0, unknown_duration_s: float = 30.0) -> None:
        """
        tail_s: keep closed this long after the robot stops (reverberation, the player's buffer).
        overrun_s: margin past the expected duration before reopening without a `speaking=false`.
        unknown_duration_s: longest closure when the TTS gives no expected duration.
        """
        if min(tail_s, overrun_s, unknown_duration_s) < 0:
            raise ValueError("gate durations must not be negative")
        self.tail_s = tail_s
        self.overrun_s = overrun_s
        self.unknown_duration_s = unknown_duration_s
        self._closed_until = float("-inf")
        self._speaking = False

    def on_speaking(self, speaking: bool, now: float, expected_duration_s: float = 0.0) -> None:
        """Record a SpeakingState from the TTS at time `now` (seconds, monotonic)."""
        self._speaking = speaking
        if speaking:
            if expected_duration_s > 0.0:
                until = now + expected_duration_s + self.overrun_s
            else:
                until = now + self.unknown_duration_s
            self._closed_until = max(self._closed_until, until)
        else:
            self._closed_until = now + self.tail_s

    def is_open(self, now: float) -> bool:
        return now >= self._closed_until

    @property
    def robot_speaking(self) -> bool:
        """The last state announced by the TTS (the gate may still be closed by the tail after it)."""
        return self._speaking

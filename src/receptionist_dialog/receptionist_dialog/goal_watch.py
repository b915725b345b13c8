"""A GuideVisitor goal's response against its timeout: whichever comes first decides.

A goal response lost under load must not leave the citizen waiting for ever: after the timeout the
dialog explains as for a failure, and an acceptance arriving after that is canceled.
"""

from __future__ import annotations

import threading


class GoalResponseWatch:
    def __init__(self) -> None:
        self._lock = threading.Lock()  # the response and the timer come from different threads
        self._answered = False
        self._timed_out = False

    def time_out(self) -> bool:
        """The timeout fired: True when it wins (no response yet, first timeout)."""
        with self._lock:
            if self._answered or self._timed_out:
                return False
            self._timed_out = True
            return True

    def answer(self) -> bool:
        """The response came: True when it is late (the timeout already won)."""
        with self._lock:
            self._answered = True
            return self._timed_out

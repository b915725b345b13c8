"""Is the visitor still with us? Decide when an escort pauses, resumes, or gives the visitor up.

Fed with the follow-check's reports (FollowStatus of the vision node) and the clock; returns what the
action server should do. No ROS import, so it is tested with plain numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Decision(Enum):
    GO = "go"  # keep (or start) driving
    WAIT = "wait"  # stop and wait for the visitor
    LOST = "lost"  # waited long enough: give up the escort


@dataclass
class EscortConfig:
    behind_grace_s: float = 2.0  # not following for this long -> stop and wait
    resume_after_s: float = 1.0  # following again for this long -> drive on
    give_up_after_s: float = 30.0  # waiting for this long -> visitor lost
    status_timeout_s: float = 2.0  # a follow status older than this is not evidence either way


class EscortMonitor:
    """State of one escort. `check_following=False` (no person to watch) always says GO."""

    def __init__(self, config: EscortConfig, check_following: bool, now: float) -> None:
        self.config = config
        self.check_following = check_following
        self._waiting = False
        self._waiting_since = 0.0
        self._status_at: float | None = None
        self._following = True
        self._changed_at = now

    def report(self, following: bool, now: float) -> None:
        """A follow-check report about our visitor."""
        if following != self._following:
            self._changed_at = now
        self._following = following
        self._status_at = now

    @property
    def waiting(self) -> bool:
        return self._waiting

    def visitor_following(self, now: float) -> bool:
        """What the feedback says: the last fresh report, True when nobody is watched."""
        if not self.check_following:
            return True
        return self._fresh(now) and self._following

    def has_status(self, now: float) -> bool:
        return self._fresh(now)

    def _fresh(self, now: float) -> bool:
        return self._status_at is not None and now - self._status_at <= self.config.status_timeout_s

    def decide(self, now: float) -> Decision:
        if not self.check_following:
            return Decision.GO
        if not self._fresh(now):
            # No evidence (follow-check silent): a stopped escort keeps waiting, a moving one goes on.
            return self._timeout_or_wait(now) if self._waiting else Decision.GO
        stable_for = now - self._changed_at
        if self._waiting:
            if self._following and stable_for >= self.config.resume_after_s:
                self._waiting = False
                return Decision.GO
            return self._timeout_or_wait(now)
        if not self._following and stable_for >= self.config.behind_grace_s:
            self._waiting = True
            self._waiting_since = now
            return Decision.WAIT
        return Decision.GO

    def _timeout_or_wait(self, now: float) -> Decision:
        if now - self._waiting_since >= self.config.give_up_after_s:
            return Decision.LOST
        return Decision.WAIT

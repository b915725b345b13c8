"""Trip decisions of the guide: how an escort ends after each leg outcome, and the way back home.

The action server drives legs with Nav2 and asks this module what to do with the outcome: which
GuideVisitor result to report, what to announce, whether to drive back, and when a failed return is
tried again or given up (then the robot is stranded and says so on /diagnostics). No ROS import:
results are GuideVisitor.Result constant names, mapped by the node.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from receptionist_nav import announcements, nav2_codes

# GuideVisitor.Goal.after_arrival values (receptionist_interfaces/action/GuideVisitor.action).
RETURN_HOME, RETURN_DOCK, STAY = 0, 1, 2


class Leg(Enum):
    ARRIVED = "arrived"
    CANCELED = "canceled"
    LOST = "lost"
    FAILED = "failed"
    PREEMPTED = "preempted"  # a return leg given up for a new escort


@dataclass(frozen=True)
class LegOutcome:
    leg: Leg
    nav_code: int = 0  # Nav2's error code when the leg FAILED
    message: str = ""


@dataclass(frozen=True)
class EscortEnd:
    """What the action server does once the escort leg is over."""

    code: str  # GuideVisitor.Result constant name, e.g. "VISITOR_LOST"
    message: str  # the result's error_message ("" for SUCCEEDED: the return leg fills it)
    announcement: str  # said to the visitor ("" = nothing)
    go_back: bool  # drive home / to the dock afterwards


def check_goal(after_arrival: int, max_speed_mps: float) -> str:
    """Why a goal's fields cannot be used ("" when they can)."""
    if after_arrival not in (RETURN_HOME, RETURN_DOCK, STAY):
        return f"after_arrival {after_arrival} is not one of RETURN_HOME, RETURN_DOCK, STAY"
    if not math.isfinite(max_speed_mps) or max_speed_mps < 0:
        return f"max_speed_mps must be >= 0, got {max_speed_mps}"
    return ""


def escort_speed(requested: float, default: float, upper: float) -> float:
    """The goal's speed when it asks for one (> 0), else the configured one; never above `upper`."""
    speed = requested if requested > 0 else default
    return float(min(speed, upper))


def escort_end(outcome: LegOutcome, place: str, person_id: str, give_up_after_s: float) -> EscortEnd:
    """Map the escort leg's outcome to the action's result, the announcement and the way back."""
    if outcome.leg is Leg.ARRIVED:
        return EscortEnd("SUCCEEDED", "", announcements.arrived(place), True)
    if outcome.leg is Leg.LOST:
        message = f"visitor '{person_id}' stopped following for {give_up_after_s:.0f} s"
        return EscortEnd("VISITOR_LOST", message, announcements.visitor_lost(place), True)
    if outcome.leg is Leg.FAILED:
        code = "UNREACHABLE" if nav2_codes.is_unreachable(outcome.nav_code) else "NAVIGATION_FAILED"
        return EscortEnd(code, outcome.message, announcements.cannot_go(place), True)
    # CANCELED (PREEMPTED never ends an escort leg): the client stopped the robot where it is.
    return EscortEnd("CANCELED", "canceled by the client; the robot stopped", "", False)


@dataclass(frozen=True)
class ReturnPolicy:
    """Where the robot goes after an escort, and how often a failed return is tried again."""

    attempts: int = 3  # return legs tried in all before the robot is reported stranded
    backoff_s: float = 5.0  # wait before the 2nd attempt; doubled before each further one

    def __post_init__(self) -> None:
        if self.attempts < 1:
            raise ValueError(f"return attempts must be >= 1, got {self.attempts}")
        if not math.isfinite(self.backoff_s) or self.backoff_s < 0:
            raise ValueError(f"return back-off must be a finite number >= 0, got {self.backoff_s}")

    @staticmethod
    def target(after_arrival: int, needs_dock: bool, home: str, dock: str) -> str | None:
        """The POI to return to (None: stay at the destination); a low battery means the dock."""
        if after_arrival == STAY:
            return None
        return dock if after_arrival == RETURN_DOCK or needs_dock else home

    def retry_delay(self, outcome: LegOutcome, attempt: int) -> float | None:
        """Seconds to wait before trying again after return leg number `attempt` (1-based) ended with
        `outcome`; None: do not try again (arrived, canceled, preempted, or no attempts left)."""
        if outcome.leg is not Leg.FAILED or attempt >= self.attempts:
            return None
        return self.backoff_s * 2 ** (attempt - 1)

    def drive_back(
        self,
        target: str,
        drive: Callable[[], LegOutcome],
        pause: Callable[[float], bool],
        on_retry: Callable[[str], None],
    ) -> ReturnEnd:
        """Drive return legs to `target` until one arrives, is preempted, or no attempt is left; between
        attempts `pause(seconds)` waits the back-off (True: a cancel or a new escort cut it short), then
        `on_retry(warning)` tells why the next attempt comes."""
        attempt = 1
        while True:
            outcome = drive()
            if outcome.leg is Leg.ARRIVED:
                return ReturnEnd(f"arrived; returned to {target}", arrived=True)
            if outcome.leg is Leg.PREEMPTED:
                return ReturnEnd("arrived; return interrupted by a new escort")
            delay = self.retry_delay(outcome, attempt)
            if delay is None or pause(delay):
                break
            on_retry(
                f"return to {target} failed (attempt {attempt}/{self.attempts}): "
                f"{outcome.message}; trying again in {delay:.1f} s"
            )
            attempt += 1
        stranded = ""
        if outcome.leg is Leg.FAILED and attempt >= self.attempts:
            stranded = stranded_message(target, attempt, outcome)
        return ReturnEnd(
            f"arrived; return to {target} failed: {outcome.message or outcome.leg.value}", stranded=stranded
        )


@dataclass(frozen=True)
class ReturnEnd:
    """How the way back ended: the result's message, and whether the robot is home or stranded."""

    message: str
    arrived: bool = False
    stranded: str = ""  # the ERROR to report when every attempt failed ("" otherwise)


def stranded_message(target: str, attempts: int, outcome: LegOutcome) -> str:
    """The ERROR on /diagnostics (and in the log) when the robot could not get back."""
    return (
        f"could not return to '{target}' after {attempts} attempt(s): "
        f"{outcome.message or outcome.leg.value}; the robot stands where it stopped"
    )

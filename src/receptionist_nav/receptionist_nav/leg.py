"""One leg of a trip (to a destination, home or the dock): what the guide does on each tick of the drive.

The action server polls Nav2 and the follow-check every few tens of milliseconds and asks a
`LegSupervisor` what to do: cancel Nav2's goal, speak, (re)send the goal, end the leg, publish feedback.
It owns the leg's deadline, the pause while the visitor falls behind, the distance travelled and the
feedback rate. No ROS import: the node translates the steps to Nav2 calls and GuideVisitor messages.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from receptionist_nav import announcements, nav2_codes
from receptionist_nav.escort import Decision, EscortMonitor
from receptionist_nav.trip import Leg, LegOutcome


@dataclass(frozen=True)
class LegStep:
    """What the node does on this tick, in this order."""

    cancel_nav: bool = False  # cancel Nav2's current goal (if any) and wait for its end
    outcome: LegOutcome | None = None  # the leg is over (after canceling)
    say: str = ""  # announcement to the visitor ("" = nothing)
    send_goal: bool = False  # send the goal to Nav2 (no goal is active)


@dataclass(frozen=True)
class LegFeedback:
    """GuideVisitor feedback fields; `waiting` shows PHASE_WAITING_FOR_VISITOR instead of the leg's phase."""

    waiting: bool
    distance_remaining_m: float  # NaN before Nav2's first feedback
    eta_s: float  # NaN when unknown
    visitor_following: bool


def eta(nav_eta_s: float | None, remaining_m: float, speed_mps: float) -> float:
    """Nav2's estimate when it has one (> 0), else the distance left at the speed limit, else NaN."""
    if nav_eta_s is not None and nav_eta_s > 0:
        return float(nav_eta_s)
    if math.isfinite(remaining_m) and speed_mps > 0:
        return remaining_m / speed_mps
    return float("nan")


def nav_outcome(poi_id: str, succeeded: bool, code: int, detail: str) -> LegOutcome:
    """The leg's outcome from Nav2's final result for the goal to `poi_id`."""
    if succeeded:
        return LegOutcome(Leg.ARRIVED)
    code = int(code)
    return LegOutcome(
        Leg.FAILED,
        code,
        f"Nav2 could not reach {poi_id}: {nav2_codes.describe(code)}: {detail or 'no details'}",
    )


class LegSupervisor:
    """Decisions of one leg. `monitor` None: nobody to wait for (driving alone); `preemptible`: a new
    escort may interrupt the leg (the way back home)."""

    def __init__(
        self,
        poi_id: str,
        now: float,
        max_trip_s: float,
        speed_mps: float,
        feedback_period_s: float,
        monitor: EscortMonitor | None = None,
        preemptible: bool = False,
    ) -> None:
        self.poi_id = poi_id
        self.max_trip_s = max_trip_s
        self.deadline = now + max_trip_s
        self.speed_mps = speed_mps
        self.feedback_period_s = feedback_period_s
        self.monitor = monitor
        self.preemptible = preemptible
        self.paused = False  # stopped, waiting for the visitor
        self.goal_active = False  # a goal was sent to Nav2 and not canceled by a pause
        self.distance_m = 0.0
        self._last_xy: tuple[float, float] | None = None
        self._last_feedback = 0.0

    def step(self, now: float, cancel_requested: bool, preempt_requested: bool) -> LegStep:
        """The tick's decision: end the leg (canceled, preempted, too long, visitor lost), pause or go on."""
        if cancel_requested:
            return LegStep(cancel_nav=True, outcome=LegOutcome(Leg.CANCELED))
        if self.preemptible and preempt_requested:
            return LegStep(cancel_nav=True, outcome=LegOutcome(Leg.PREEMPTED))
        if now > self.deadline:
            message = f"no arrival at {self.poi_id} within {self.max_trip_s:.0f} s"
            return LegStep(
                cancel_nav=True, outcome=LegOutcome(Leg.FAILED, nav2_codes.NAVIGATOR_TIMEOUT, message)
            )
        decision = self.monitor.decide(now) if self.monitor is not None else Decision.GO
        if decision is Decision.LOST:
            return LegStep(cancel_nav=True, outcome=LegOutcome(Leg.LOST))
        cancel, say = False, ""
        if decision is Decision.WAIT and not self.paused:
            cancel, say = True, announcements.waiting()
            self.paused, self.goal_active = True, False
        elif decision is Decision.GO and self.paused:
            self.paused, say = False, announcements.resumed()
        send = not self.paused and not self.goal_active
        self.goal_active = self.goal_active or send
        return LegStep(cancel_nav=cancel, say=say, send_goal=send)

    def moved_to(self, x: float, y: float) -> float:
        """Nav2 reported the robot at (x, y): the distance since the previous report (metres)."""
        step = math.hypot(x - self._last_xy[0], y - self._last_xy[1]) if self._last_xy is not None else 0.0
        self._last_xy = (x, y)
        self.distance_m += step
        return step

    def feedback(self, now: float, remaining_m: float | None, nav_eta_s: float | None) -> LegFeedback | None:
        """Feedback to publish now (None: not yet, at most one per `feedback_period_s`)."""
        if now - self._last_feedback < self.feedback_period_s:
            return None
        self._last_feedback = now
        remaining = float(remaining_m) if remaining_m is not None else float("nan")
        following = self.monitor.visitor_following(now) if self.monitor is not None else True
        return LegFeedback(self.paused, remaining, eta(nav_eta_s, remaining, self.speed_mps), following)

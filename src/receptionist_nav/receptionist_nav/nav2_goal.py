"""One NavigateToPose goal of the guide: send it, keep its latest feedback, cancel it, read how it ended.

The ROS side of a leg, like nav2_simple_commander's goToPose / cancelTask / isTaskComplete, with a
timeout on every wait so that a silent Nav2 never blocks the action server. The decisions of the leg
are in `leg.LegSupervisor`.
"""

from __future__ import annotations

import math
import time
from typing import Any

from action_msgs.msg import GoalStatus
from nav2_msgs.action import NavigateToPose
from rclpy.action import ActionClient
from rclpy.node import Node

from receptionist_common.points_of_interest import Poi
from receptionist_nav.leg import nav_outcome
from receptionist_nav.trip import Leg, LegOutcome


def wait_future(future: Any, timeout: float) -> Any:
    """The future's result, or None when it is not done within `timeout` seconds (wall clock)."""
    deadline = time.monotonic() + timeout
    while not future.done():
        if time.monotonic() > deadline:
            return None
        time.sleep(0.01)
    return future.result()


class Nav2Goal:
    """The current Nav2 goal of one leg (at most one at a time; a pause cancels it, a resume resends)."""

    def __init__(self, node: Node, client: ActionClient, frame_id: str, timeout_s: float) -> None:
        self.node = node
        self.client = client
        self.frame_id = frame_id
        self.timeout_s = timeout_s
        self.feedback: Any = None  # Nav2's latest NavigateToPose feedback (kept across a pause)
        self._handle: Any = None
        self._result: Any = None

    def send(self, poi: Poi) -> LegOutcome | None:
        """Send the goal to `poi`; a FAILED outcome when Nav2 does not answer or rejects it."""
        goal = NavigateToPose.Goal()
        goal.pose.header.frame_id = self.frame_id
        goal.pose.header.stamp = self.node.get_clock().now().to_msg()
        goal.pose.pose.position.x = poi.x
        goal.pose.pose.position.y = poi.y
        goal.pose.pose.orientation.z = math.sin(poi.yaw / 2)
        goal.pose.pose.orientation.w = math.cos(poi.yaw / 2)
        handle = wait_future(
            self.client.send_goal_async(goal, feedback_callback=self._on_feedback), self.timeout_s
        )
        if handle is None:
            return LegOutcome(Leg.FAILED, 0, "Nav2 did not answer the goal request")
        if not handle.accepted:
            return LegOutcome(Leg.FAILED, 0, f"Nav2 rejected the goal to {poi.id}")
        self.node.get_logger().info(f"Nav2 goal sent: {poi.id} ({poi.x:.2f}, {poi.y:.2f})")
        self._handle = handle
        self._result = handle.get_result_async()  # ask once: each call is a new request
        return None

    def _on_feedback(self, message: Any) -> None:
        self.feedback = message.feedback

    def cancel(self) -> None:
        """Cancel the goal (Nav2 then stops the robot) and wait for its final result."""
        handle, self._handle = self._handle, None
        if handle is None or self._result.done():
            return
        wait_future(handle.cancel_goal_async(), self.timeout_s)
        wait_future(self._result, self.timeout_s)

    def outcome(self, poi_id: str) -> LegOutcome | None:
        """How the active goal ended (None: no goal, or still driving)."""
        if self._handle is None or not self._result.done():
            return None
        wrapped = self._result.result()
        succeeded = wrapped.status == GoalStatus.STATUS_SUCCEEDED
        return nav_outcome(poi_id, succeeded, wrapped.result.error_code, wrapped.result.error_msg)

    def nav_eta_s(self) -> float | None:
        """Nav2's estimated time remaining (None before its first feedback)."""
        if self.feedback is None:
            return None
        remaining = self.feedback.estimated_time_remaining
        return remaining.sec + remaining.nanosec * 1e-9

    def distance_remaining_m(self) -> float | None:
        return float(self.feedback.distance_remaining) if self.feedback is not None else None

"""A separate process that serves one project service and two actions, to test the DDS plumbing.

It exercises the interface packages end to end (generated types, Fast DDS between processes, goal,
feedback, result and cancel); the real servers are the bridge, the guide and the Nav2 stand-in.
"""

from __future__ import annotations

import time

from nav2_msgs.action import NavigateToPose
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node

from receptionist_common.node_runtime import run_node
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import Procedure
from receptionist_interfaces.srv import LookupProcedure

FEEDBACK_STEPS = 20
STEP_S = 0.1


class InterfaceTestServers(Node):
    def __init__(self) -> None:
        super().__init__("interface_test_servers")
        group = ReentrantCallbackGroup()
        self.create_service(LookupProcedure, "/test/lookup_procedure", self._lookup, callback_group=group)
        ActionServer(
            self,
            GuideVisitor,
            "/test/guide_visitor",
            self._guide,
            goal_callback=self._accept_known,
            cancel_callback=lambda _goal: CancelResponse.ACCEPT,
            callback_group=group,
        )
        ActionServer(self, NavigateToPose, "/test/navigate_to_pose", self._navigate, callback_group=group)

    def _lookup(self, request: LookupProcedure.Request, response: LookupProcedure.Response):
        if not request.query.strip():
            response.error_code = LookupProcedure.Response.INVALID_REQUEST
            response.error_message = "empty query"
            return response
        response.procedures = [Procedure(id="echo", name=request.query, fee_vnd=Procedure.FEE_UNKNOWN)]
        response.scores = [1.0]
        return response

    def _accept_known(self, goal: GuideVisitor.Goal) -> GoalResponse:
        return GoalResponse.ACCEPT if goal.destination.startswith("counter_") else GoalResponse.REJECT

    def _guide(self, goal_handle):
        started = time.monotonic()
        for step in range(FEEDBACK_STEPS):
            if goal_handle.is_cancel_requested:
                goal_handle.canceled()
                return GuideVisitor.Result(error_code=GuideVisitor.Result.CANCELED, error_message="canceled")
            goal_handle.publish_feedback(
                GuideVisitor.Feedback(
                    phase=GuideVisitor.Feedback.PHASE_GOING,
                    distance_remaining_m=float(FEEDBACK_STEPS - step),
                    visitor_following=True,
                )
            )
            time.sleep(STEP_S)
        goal_handle.succeed()
        return GuideVisitor.Result(
            error_code=GuideVisitor.Result.SUCCEEDED,
            destination_id=goal_handle.request.destination,
            duration_s=time.monotonic() - started,
        )

    def _navigate(self, goal_handle):
        feedback = NavigateToPose.Feedback(current_pose=goal_handle.request.pose, distance_remaining=0.0)
        goal_handle.publish_feedback(feedback)
        goal_handle.succeed()
        return NavigateToPose.Result(error_code=NavigateToPose.Result.NONE)


if __name__ == "__main__":
    run_node(InterfaceTestServers)

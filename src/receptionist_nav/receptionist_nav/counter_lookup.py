"""The counter of a procedure, asked to the service bridge (LookupProcedure) when a goal names a procedure.

A bridge that is down, silent or does not know the procedure makes the goal's destination unknown, with
the reason in the error (the action then reports UNKNOWN_DESTINATION instead of driving anywhere).
"""

from __future__ import annotations

from rclpy.callback_groups import CallbackGroup
from rclpy.node import Node

from receptionist_interfaces.srv import LookupProcedure
from receptionist_nav.destinations import UnknownDestinationError
from receptionist_nav.nav2_goal import wait_future


class CounterLookup:
    def __init__(self, node: Node, service: str, timeout_s: float, group: CallbackGroup) -> None:
        self.service = service
        self.timeout_s = timeout_s
        self.client = node.create_client(LookupProcedure, service, callback_group=group)

    def counter_of(self, procedure_id: str) -> str:
        """The id of the counter handling `procedure_id` (UnknownDestinationError when not known)."""
        if not self.client.wait_for_service(timeout_sec=self.timeout_s):
            raise UnknownDestinationError(
                f"cannot find the counter of procedure '{procedure_id}': the service bridge "
                f"({self.service}) is not running"
            )
        request = LookupProcedure.Request(procedure_id=procedure_id, max_results=1)
        response = wait_future(self.client.call_async(request), self.timeout_s)
        if response is None:
            raise UnknownDestinationError(f"the service bridge did not answer for procedure '{procedure_id}'")
        if response.error_code != LookupProcedure.Response.OK or not response.procedures:
            raise UnknownDestinationError(
                f"procedure '{procedure_id}' not found by the bridge (code {response.error_code}: "
                f"{response.error_message})"
            )
        return response.procedures[0].counter_id

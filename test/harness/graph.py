"""Wait for the ROS graph to be ready and call services with timeouts, from a test's own node."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from rclpy.action import ActionClient
from rclpy.client import Client
from rclpy.node import Node

# A new client sees an existing server at once, but the server learns of the client's reply
# reader only when discovery reaches it; rmw_fastrtps drops a reply to a reader it has not
# matched within 100 ms. Under load that takes longer, so a fresh client waits a little more.
REMOTE_DISCOVERY_SETTLE_S = 0.5


def wait_until(predicate: Callable[[], Any], timeout: float, what: str) -> Any:
    """Poll until predicate() is truthy and return that value; fail the test after timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise TimeoutError(f"timed out after {timeout} s waiting for {what}")


def _wait(predicate: Callable[[], Any], timeout: float, what: str) -> None:
    wait_until(predicate, timeout, f"{what} to be available")
    time.sleep(REMOTE_DISCOVERY_SETTLE_S)


def wait_for_service(node: Node, srv_type: Any, name: str, timeout: float = 20.0) -> Client:
    client = node.create_client(srv_type, name)
    _wait(client.service_is_ready, timeout, f"service {name}")
    return client


def wait_for_action_server(node: Node, action_type: Any, name: str, timeout: float = 20.0) -> ActionClient:
    client = ActionClient(node, action_type, name)
    _wait(client.server_is_ready, timeout, f"action server {name}")
    return client


def wait_for_topic_publisher(node: Node, topic: str, timeout: float = 20.0) -> None:
    _wait(lambda: node.count_publishers(topic) > 0, timeout, f"a publisher on {topic}")


def wait_for_topic_subscriber(node: Node, topic: str, timeout: float = 20.0) -> None:
    _wait(lambda: node.count_subscribers(topic) > 0, timeout, f"a subscriber on {topic}")


def wait_future(future: Any, timeout: float, what: str = "future") -> Any:
    """Wait for an rclpy future completed by the background executor; return its result."""
    deadline = time.monotonic() + timeout
    while not future.done():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{what} did not complete within {timeout} s")
        time.sleep(0.01)
    return future.result()


def send_goal(
    client: ActionClient,
    goal: Any,
    feedback_callback: Any = None,
    timeout: float = 15.0,
    attempt_timeout: float = 5.0,
) -> Any:
    """Send an action goal and return its handle, resending if the goal response was lost.

    rclpy's action server does not execute a goal whose response it could not send, so a resend
    (with a new goal id) cannot start a second trip.
    """
    deadline = time.monotonic() + timeout
    while True:
        future = client.send_goal_async(goal, feedback_callback=feedback_callback)
        try:
            return wait_future(future, min(attempt_timeout, max(deadline - time.monotonic(), 0.1)), "goal")
        except TimeoutError:
            future.add_done_callback(_cancel_if_accepted)  # a late answer must not leave a second goal
            if time.monotonic() >= deadline:
                raise TimeoutError(f"goal to {client._action_name} not answered within {timeout} s") from None


def _cancel_if_accepted(future: Any) -> None:
    handle = future.result()
    if handle is not None and handle.accepted:
        handle.cancel_goal_async()


def call_service(node: Node, client: Client, request: Any, timeout: float = 10.0) -> Any:
    del node  # the background executor spins the node; kept for a uniform signature
    return wait_future(client.call_async(request), timeout, f"call to {client.srv_name}")

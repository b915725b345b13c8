"""The foundation over real DDS: two processes exchange a project service, a project action and a
NavigateToPose goal; node processes stop cleanly on SIGINT."""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest
from nav2_msgs.action import NavigateToPose

from harness.graph import call_service, send_goal, wait_for_action_server, wait_for_service, wait_future
from harness.processes import NodeProcess, ros_process_env
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.srv import LookupProcedure

SERVERS = Path(__file__).parent / "harness" / "interface_test_servers.py"


@pytest.fixture
def servers():
    process = NodeProcess([sys.executable, str(SERVERS)], ros_process_env(), label="interface_test_servers")
    process.wait_for_log(r"interface_test_servers is up")
    yield process
    process.stop()


def test_service_round_trip_between_processes(ros_context, servers):
    client = wait_for_service(ros_context.node, LookupProcedure, "/test/lookup_procedure")
    reply = call_service(ros_context.node, client, LookupProcedure.Request(query="đăng ký khai sinh"))
    assert reply.error_code == LookupProcedure.Response.OK
    assert reply.procedures[0].name == "đăng ký khai sinh"

    empty = call_service(ros_context.node, client, LookupProcedure.Request(query="  "))
    assert empty.error_code == LookupProcedure.Response.INVALID_REQUEST
    assert empty.procedures == []


def test_action_goal_feedback_result_and_cancel(ros_context, servers):
    client = wait_for_action_server(ros_context.node, GuideVisitor, "/test/guide_visitor")
    feedback: list[GuideVisitor.Feedback] = []

    handle = send_goal(
        client, GuideVisitor.Goal(destination="counter_1"), lambda m: feedback.append(m.feedback)
    )
    assert handle.accepted
    result = wait_future(handle.get_result_async(), 20.0).result
    assert result.error_code == GuideVisitor.Result.SUCCEEDED
    assert result.destination_id == "counter_1"
    assert len(feedback) >= 10
    assert feedback[0].distance_remaining_m > feedback[-1].distance_remaining_m

    rejected = send_goal(client, GuideVisitor.Goal(destination="nowhere"))
    assert not rejected.accepted

    handle = send_goal(client, GuideVisitor.Goal(destination="counter_2"))
    time.sleep(0.3)
    wait_future(handle.cancel_goal_async(), 10.0)
    result = wait_future(handle.get_result_async(), 10.0).result
    assert result.error_code == GuideVisitor.Result.CANCELED


def test_navigate_to_pose_round_trip(ros_context, servers):
    client = wait_for_action_server(ros_context.node, NavigateToPose, "/test/navigate_to_pose")
    goal = NavigateToPose.Goal()
    goal.pose.header.frame_id = "map"
    goal.pose.pose.position.x = 3.5
    goal.pose.pose.orientation.w = 1.0
    handle = send_goal(client, goal)
    assert handle.accepted
    response = wait_future(handle.get_result_async(), 10.0)
    assert response.result.error_code == NavigateToPose.Result.NONE


def test_node_process_stops_cleanly_on_sigint(servers):
    servers.send_signal(signal.SIGINT)
    deadline = time.monotonic() + 10
    while servers.is_running() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert servers.returncode == 0, servers.output()
    assert "shutting down" in servers.output()

"""The dialog's guide client over real DDS when the guide's goal response comes too late.

A GuideVisitor server that answers the goal request only after the dialog's `guide_response_timeout_s`
(as when a DDS response is lost or delayed under load): the dialog must explain to the citizen instead of
waiting for ever, and cancel the goal accepted late so the robot does not leave without the dialog.
The dialog runs with the real service bridge and center service (the offer needs the catalog).
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup

from harness.graph import wait_for_topic_subscriber, wait_until
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import EngagementEvent, SayRequest, TrackedPerson, Transcript

CONFIG = Path(__file__).resolve().parents[3] / "config"
RESPONSE_DELAY_S = 4.0
TIMEOUT_S = 1.5


class SlowGuide:
    """A guide action server that accepts goals only after RESPONSE_DELAY_S, then drives until canceled."""

    def __init__(self, node) -> None:
        self.requested: list[float] = []
        self.canceled: list[str] = []
        self.executed: list[str] = []
        self._lock = threading.Lock()
        ActionServer(
            node,
            GuideVisitor,
            "/receptionist/guide_visitor",
            execute_callback=self._execute,
            goal_callback=self._on_goal,
            cancel_callback=lambda _: CancelResponse.ACCEPT,
            callback_group=ReentrantCallbackGroup(),
        )

    def _on_goal(self, goal: GuideVisitor.Goal) -> GoalResponse:
        with self._lock:
            self.requested.append(time.monotonic())
        time.sleep(RESPONSE_DELAY_S)  # the goal response reaches the dialog late
        return GoalResponse.ACCEPT

    def _execute(self, handle) -> GuideVisitor.Result:
        with self._lock:
            self.executed.append(handle.request.destination)
        deadline = time.monotonic() + 20.0
        while not handle.is_cancel_requested and time.monotonic() < deadline:
            time.sleep(0.05)
        if handle.is_cancel_requested:
            with self._lock:
                self.canceled.append(handle.request.destination)
            handle.canceled()
            return GuideVisitor.Result(error_code=GuideVisitor.Result.CANCELED)
        handle.succeed()
        return GuideVisitor.Result(error_code=GuideVisitor.Result.SUCCEEDED)


def test_late_goal_response_is_explained_and_the_late_goal_canceled(service_bridge, launch_node, ros_context):
    node = ros_context.node
    said: list[SayRequest] = []
    node.create_subscription(SayRequest, "/receptionist/say", said.append, 50)
    speech = node.create_publisher(Transcript, "/receptionist/speech", 10)
    engagement = node.create_publisher(EngagementEvent, "/receptionist/engagement", 10)
    guide = SlowGuide(node)
    dialog = launch_node(
        "receptionist_dialog",
        "dialog_manager",
        params_files=[CONFIG / "dialog.yaml"],
        parameters={"guide_response_timeout_s": TIMEOUT_S, "catalog_retry_s": 0.5, "service_timeout_s": 8.0},
    )
    dialog.wait_for_log(r"catalog: \d+ procedures", timeout=40)
    wait_for_topic_subscriber(node, "/receptionist/speech", 10)

    def said_after(index: int, containing: str, timeout: float = 15.0) -> SayRequest:
        return wait_until(
            lambda: next((m for m in said[index:] if containing in m.text), None), timeout, repr(containing)
        )

    def say(text: str) -> int:
        before = len(said)
        speech.publish(Transcript(text=text, confidence=0.9, is_final=True, source=Transcript.SOURCE_VOICE))
        return before

    before = len(said)
    engagement.publish(
        EngagementEvent(
            person_id="p1",
            previous_engagement=TrackedPerson.ENGAGEMENT_ENGAGING,
            engagement=TrackedPerson.ENGAGEMENT_ENGAGED,
            distance_m=1.2,
        )
    )
    said_after(before, "chào")
    said_after(say("lam giay khai sinh o dau"), "quầy số một")
    going = said_after(say("vâng, dẫn tôi đi"), "đi theo em")
    start = time.monotonic()
    wait_until(lambda: guide.requested, 10, "the guide goal request")

    # The dialog does not wait for ever: it apologises (with the way in words) once its timeout is over.
    apology = said_after(said.index(going) + 1, "chưa dẫn", timeout=RESPONSE_DELAY_S + 10)
    waited = time.monotonic() - start
    assert waited < RESPONSE_DELAY_S, f"the apology came after {waited:.1f} s, not at the timeout"
    assert "quầy số một" in apology.text.lower(), apology.text  # the way told in words
    # The goal accepted late is canceled: the robot does not leave without the dialog.
    wait_until(lambda: guide.canceled, RESPONSE_DELAY_S + 10, "the late goal canceled")
    assert guide.executed == ["counter_1"] and guide.canceled == ["counter_1"]
    dialog.wait_for_log(r"accepted after its timeout: canceling it", timeout=5)
    assert dialog.is_running()

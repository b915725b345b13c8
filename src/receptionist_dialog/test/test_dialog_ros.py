"""The dialog manager node over real DDS, with the real service bridge and the real center service.

A transcript goes in on /receptionist/speech; the answer must come out on /receptionist/say, the
state on /receptionist/dialog_state, and the bridge calls must really happen (checked in the center's
own queue). The guide action is served here by the test (the navigation has its own tests); it
records the goal the dialog sends.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from rclpy.action import ActionServer
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy

from harness.graph import call_service, wait_for_service, wait_for_topic_subscriber, wait_until
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import (
    DialogState,
    EngagementEvent,
    SayRequest,
    TrackedPeople,
    TrackedPerson,
    Transcript,
)
from receptionist_interfaces.srv import Ask

CONFIG = Path(__file__).resolve().parents[3] / "config"


class Robot:
    """The test's side of the graph: publishes what ASR and vision would, collects what the dialog says."""

    def __init__(self, node) -> None:
        self.node = node
        self.says: list[SayRequest] = []
        self.states: list[DialogState] = []
        self.goals: list[GuideVisitor.Goal] = []
        self._lock = threading.Lock()
        latched = QoSProfile(
            depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL, reliability=ReliabilityPolicy.RELIABLE
        )
        node.create_subscription(SayRequest, "/receptionist/say", self._on_say, 50)
        node.create_subscription(DialogState, "/receptionist/dialog_state", self._on_state, latched)
        self.speech = node.create_publisher(Transcript, "/receptionist/speech", 10)
        self.engagement = node.create_publisher(EngagementEvent, "/receptionist/engagement", 10)
        self.people = node.create_publisher(TrackedPeople, "/receptionist/people", 10)
        ActionServer(
            node,
            GuideVisitor,
            "/receptionist/guide_visitor",
            self._guide,
            callback_group=ReentrantCallbackGroup(),
        )

    def _on_say(self, msg: SayRequest) -> None:
        with self._lock:
            self.says.append(msg)

    def _on_state(self, msg: DialogState) -> None:
        with self._lock:
            self.states.append(msg)

    def _guide(self, goal_handle):
        with self._lock:
            self.goals.append(goal_handle.request)
        feedback = GuideVisitor.Feedback(phase=GuideVisitor.Feedback.PHASE_GOING, visitor_following=True)
        goal_handle.publish_feedback(feedback)
        time.sleep(0.3)
        goal_handle.succeed()
        return GuideVisitor.Result(
            error_code=GuideVisitor.Result.SUCCEEDED,
            destination_id=goal_handle.request.destination,
            destination_name="Quầy số 1 - Hộ tịch",
        )

    def say(self, text: str, final: bool = True, confidence: float = 0.9) -> int:
        """Publish a transcript; return how many SayRequests there were before it."""
        with self._lock:
            before = len(self.says)
        msg = Transcript(text=text, confidence=confidence, is_final=final, source=Transcript.SOURCE_VOICE)
        msg.header.stamp = self.node.get_clock().now().to_msg()
        self.speech.publish(msg)
        return before

    def engage(self, person_id: str) -> int:
        with self._lock:
            before = len(self.says)
        self.engagement.publish(
            EngagementEvent(
                person_id=person_id,
                previous_engagement=TrackedPerson.ENGAGEMENT_ENGAGING,
                engagement=TrackedPerson.ENGAGEMENT_ENGAGED,
                distance_m=1.2,
            )
        )
        return before

    def see(self, *person_ids: str) -> None:
        self.people.publish(TrackedPeople(people=[TrackedPerson(id=p) for p in person_ids]))

    def said_after(self, index: int, timeout: float = 10.0, containing: str = "") -> SayRequest:
        def found():
            with self._lock:
                return next((m for m in self.says[index:] if containing in m.text), None)

        return wait_until(found, timeout, f"a SayRequest containing {containing!r}")

    def state(self) -> DialogState | None:
        with self._lock:
            return self.states[-1] if self.states else None

    def wait_state(self, state: str, timeout: float = 10.0) -> DialogState:
        return wait_until(lambda: (s := self.state()) is not None and s.state == state and s, timeout, state)


@pytest.fixture
def stack(center_service, service_bridge, launch_node, ros_context):
    dialog = launch_node(
        "receptionist_dialog",
        "dialog_manager",
        params_files=[CONFIG / "dialog.yaml"],
        parameters={
            "silence_timeout_s": 3.0,
            "person_lost_timeout_s": 1.0,
            "catalog_retry_s": 0.5,
            "service_timeout_s": 8.0,
            "tick_period_s": 0.2,
        },
    )
    robot = Robot(ros_context.node)
    dialog.wait_for_log(r"catalog: \d+ procedures", timeout=40)
    wait_for_topic_subscriber(ros_context.node, "/receptionist/speech", 10)
    wait_until(lambda: robot.state() is not None, 10, "the latched dialog state")
    yield robot, dialog, service_bridge, center_service


def waiting_at(center, counter_id: str) -> int:
    status, body = center.request("GET", f"/v1/queues/{counter_id}")
    assert status == 200, body
    return body["counters"][0]["waiting"]


def test_spoken_conversation_through_the_real_bridge(stack):
    robot, dialog, bridge, center = stack
    greeting = robot.said_after(robot.engage("p1"), containing="em chào")
    assert greeting.rate_scale == pytest.approx(1.0)
    robot.wait_state(DialogState.STATE_GREETING)

    # partial hypotheses are not answered
    before = robot.say("lam giay khai", final=False)
    time.sleep(1.0)
    assert len(robot.says) == before

    answer = robot.said_after(robot.say("lam giay khai sinh o dau"), containing="quầy số một")
    assert "đăng ký khai sinh" in answer.text and not any(ch.isdigit() for ch in answer.text)
    state = robot.wait_state(DialogState.STATE_OFFERING_GUIDE)
    assert state.procedure_id == "dang_ky_khai_sinh" and state.counter_id == "counter_1"
    assert state.last_user_text == "lam giay khai sinh o dau" and state.person_id == "p1"
    assert waiting_at(center, "counter_1") == 0

    # "yes": one ticket at the center's counter 1, and a guide goal to that counter
    going = robot.said_after(robot.say("vâng, dẫn tôi đi"), containing="đi theo em")
    assert "một gạch" in going.text
    wait_until(lambda: robot.goals, 10, "a GuideVisitor goal")
    assert robot.goals[0].destination == "counter_1" and robot.goals[0].person_id == "p1"
    assert waiting_at(center, "counter_1") == 1
    robot.said_after(len(robot.says) - 1, containing="đến quầy số một")
    robot.wait_state(DialogState.STATE_IDLE, timeout=15)

    # application status from the center's database, by its code
    status = robot.said_after(
        robot.say("hồ sơ 000.00.12.H26-250805-0014 của tôi đến đâu rồi"), containing="hồ sơ"
    )
    assert "đăng ký thường trú" in status.text

    # a repeated ticket request is the same ticket: one more in counter 3's queue, not two
    first = robot.said_after(robot.say("cho tôi lấy số làm hộ chiếu"), containing="gạch")
    second = robot.said_after(robot.say("lấy số cho tôi"), containing="đã có số")
    assert first.text.split("gạch")[1].split(",")[0] == second.text.split("gạch")[1].split(",")[0]
    assert waiting_at(center, "counter_3") == 1
    assert dialog.is_running() and bridge.is_running()


def test_screen_questions_and_bad_input(stack, ros_context):
    robot, dialog, _bridge, _center = stack
    ask = wait_for_service(ros_context.node, Ask, "/receptionist/ask")

    def ask_text(text: str, session: str = "") -> Ask.Response:
        return call_service(ros_context.node, ask, Ask.Request(text=text, session_id=session), timeout=20)

    reply = ask_text("đổi căn cước hết bao nhiêu tiền", session="kiosk")
    assert reply.intent == "ask_fee" and reply.procedure_id == "cap_doi_the_can_cuoc"
    assert "25.000 đồng" in reply.answer and reply.procedure_field == "Căn cước"
    details = json.loads(reply.details_json)
    assert details["procedure"]["name"] == "Cấp đổi thẻ căn cước" and details["counter"] == "counter_3"

    for bad in ["", "\x01\x02\x03\x7f garbage \ufffd", "x" * 50_000, "What time do you close today, please?"]:
        reply = ask_text(bad, session="kiosk")
        assert reply.answer.startswith("Dạ"), bad
        assert reply.intent in ("empty", "out_of_scope"), (bad, reply.intent)
    assert dialog.is_running()

    # the robot's own conversation: slower speech on request, and hand-over to staff
    ask_text("làm hộ chiếu cần giấy tờ gì")
    before = len(robot.says)
    ask_text("nói chậm thôi")
    slow = robot.said_after(before, containing="em nói chậm lại")
    assert slow.rate_scale < 1.0 and "hộ chiếu" in slow.text
    reply = ask_text("gọi nhân viên hỗ trợ giúp tôi")
    assert reply.state == DialogState.STATE_HANDOVER
    robot.wait_state(DialogState.STATE_HANDOVER)
    dialog.wait_for_log("staff member", timeout=5)


def test_person_leaving_and_silence_end_the_conversation(stack):
    robot, _dialog, _bridge, _center = stack
    robot.said_after(robot.engage("p1"), containing="em chào")
    for _ in range(3):
        robot.see("p1", "p2")
        time.sleep(0.2)
    assert robot.state().state != DialogState.STATE_IDLE
    deadline = time.monotonic() + 10
    while robot.state().state != DialogState.STATE_IDLE and time.monotonic() < deadline:
        robot.see("p2")  # p1 walked away
        time.sleep(0.2)
    assert robot.state().state == DialogState.STATE_IDLE

    index = robot.engage("p2")
    robot.said_after(index, containing="em chào")
    robot.said_after(index, timeout=15, containing="còn cần em giúp gì")  # silence: asked once
    robot.said_after(index, timeout=15, containing="Chúc anh chị một ngày tốt lành")  # then goodbye
    robot.wait_state(DialogState.STATE_IDLE, timeout=10)

"""System tests: the whole robot (config/stack_sim.yaml) in the lobby simulation, over real DDS.

A citizen stands in front of the robot, is greeted, asks in Vietnamese, gets the right counter (checked
against config/catalog and config/site), accepts the offer to be guided, follows the robot there, and
the robot goes back home. Then the same with a visitor who stops following on the way, and with a
counter the robot cannot reach. Engagement is what the vision node would report for the citizen in
front (see test_system_vision.py for the vision node itself).
"""

from __future__ import annotations

import math
import re
import time

import pytest

from fixtures.stack import Destination, SimStack, destination_of, mentions, poi

pytestmark = pytest.mark.timeout(150)

HOME = poi("home")


def at_home(stack: SimStack) -> bool:
    return stack.distance_to(HOME["x"], HOME["y"]) < 0.3


def greet(stack: SimStack, person_id: str) -> None:
    """The citizen c1 stands in front of the robot and looks at it: a greeting."""
    robot = stack.robot_pose()
    cx, cy, _ = stack.citizens["c1"]
    assert math.hypot(cx - robot[0], cy - robot[1]) < 2.0, "c1 should stand in front of the robot"
    since = stack.state_mark()
    mark = stack.engage(person_id)
    greeting = stack.wait_said(lambda text: "chào" in text, since=mark)
    assert "ạ" in greeting.text, greeting.text  # polite register
    state = stack.wait_state("greeting", since=since)
    assert state.person_id == person_id


def ask_for_counter(stack: SimStack, question: str, procedure_id: str) -> Destination:
    """Ask where a procedure is handed in; the answer names the procedure and its counter, and offers
    to take a ticket and lead the way."""
    expected = destination_of(procedure_id)
    state, spoken = stack.ask(question)
    assert (state.state, state.procedure_id, state.counter_id) == (
        "offering_guide",
        procedure_id,
        expected.counter_id,
    ), state
    for text in (state.last_robot_text, spoken.text):  # shown and spoken
        assert mentions(text, expected.procedure_name) and mentions(text, expected.counter_name), text
        assert text.rstrip().endswith("?"), text
    return expected


def accept_guide(stack: SimStack, yes: str) -> str:
    """Say yes to the offer: a ticket is taken for the counter, then the robot leads the way."""
    state, _ = stack.ask(yes)
    assert state.state == "guiding", state
    assert state.ticket_number and state.ticket_number in state.last_robot_text, state
    return state.ticket_number


def go_wait_for_the_number(stack: SimStack, citizen: str = "c1") -> None:
    """What the robot told the citizen at the counter: wait until the screen calls the number. They
    go and sit in the green space (a visitor left standing right behind the robot in the narrow row
    in front of the counters can block its way back, as a real one would)."""
    seat = poi("library_green_space")
    stack.citizen(f"walk {citizen} {seat['x']} {seat['y']}", "walking")


def test_citizen_is_answered_guided_to_the_counter_and_the_robot_returns_home(sim_stack: SimStack):
    stack = sim_stack
    assert at_home(stack)
    stack.park_wanderers()
    stack.walk_up_to_robot("c1")  # in through the main entrance, up to the robot
    greet(stack, "p0001")
    expected = ask_for_counter(stack, "Tôi muốn làm giấy khai sinh cho con", "dang_ky_khai_sinh")

    started, mark = time.monotonic(), stack.mark()
    number = accept_guide(stack, "Có")
    tickets = stack.center.tickets()
    assert [(t["number"], t["counter_id"]) for t in tickets] == [(number, expected.counter_id)], tickets

    # Guided to the counter: the robot stops at the counter's point of interest, the citizen behind it,
    # and there it reminds the citizen of the ticket.
    stack.wait_robot_near(expected.x, expected.y, 0.3, timeout=60)
    arrived = stack.wait_for(
        lambda: next((s for s in stack.states if s.intent == "arrived"), None), 15, "the arrival"
    )
    assert number in arrived.last_robot_text and mentions(arrived.last_robot_text, expected.counter_name)
    announced = [
        s for s in stack.said_since(mark) if "rồi" in s.text and mentions(s.text, expected.counter_name)
    ]
    assert announced, "no arrival announcement"  # "Dạ, đến quầy số 1 ... rồi ạ", said ...
    for said in announced:  # ... where the citizen is, not on the way back
        assert said.robot and math.hypot(said.robot[0] - expected.x, said.robot[1] - expected.y) < 0.5, said
    cx, cy, _ = stack.citizens["c1"]
    assert math.hypot(cx - expected.x, cy - expected.y) < 2.5, f"c1 did not follow: {stack.citizens}"

    # ... and goes back home on its own.
    go_wait_for_the_number(stack)
    stack.wait_for(lambda: at_home(stack), 45, "the robot back home")
    assert stack.closest_approach(expected.x, expected.y, since=started) < 0.3
    stack.wait_for(lambda: stack.last_state().state in ("farewell", "idle"), 15, "the end of the escort")
    stack.assert_running()


def test_robot_waits_for_a_visitor_who_stops_following_then_leads_on(sim_stack: SimStack):
    stack = sim_stack
    stack.park_wanderers()
    greet(stack, "p0002")
    expected = ask_for_counter(
        stack, "cho toi hoi lam can cuoc o quay nao", "cap_the_can_cuoc"
    )  # no diacritics
    accept_guide(stack, "vang")
    stack.wait_for(lambda: stack.distance_to(HOME["x"], HOME["y"]) > 1.5, 30, "the robot on its way")

    stopped_at, mark = time.monotonic(), stack.mark()
    stack.citizen("stop c1", "standing")  # the visitor stops walking
    call = stack.wait_said(lambda text: "ơi" in text, since=mark, timeout=30)  # "Anh/chị ơi, ..."
    assert "theo" in call.text, call.text  # ... "mời anh/chị đi theo em"
    before = stack.wait_still()
    stack.sleep_sim(4.0)
    after = stack.robot_pose()
    assert math.hypot(after[0] - before[0], after[1] - before[1]) < 0.05, "the robot did not wait"
    cx, cy, _ = stack.citizens["c1"]
    assert math.hypot(after[0] - cx, after[1] - cy) < 6.0, "the robot went on too far without the visitor"
    assert stack.closest_approach(expected.x, expected.y, since=stopped_at) > 1.0

    resumed_at = time.monotonic()
    stack.citizen("follow c1", "following")  # the visitor catches up
    stack.wait_robot_near(expected.x, expected.y, 0.3, timeout=60)
    assert stack.closest_approach(expected.x, expected.y, since=resumed_at) < 0.3
    cx, cy, _ = stack.citizens["c1"]
    assert math.hypot(cx - expected.x, cy - expected.y) < 2.5, f"c1 did not follow: {stack.citizens}"
    go_wait_for_the_number(stack)
    stack.wait_for(lambda: at_home(stack), 45, "the robot back home")
    stack.assert_running()


def test_unreachable_counter_gets_an_apology_and_spoken_directions(sim_stack: SimStack):
    stack = sim_stack
    expected = destination_of("dang_ky_thanh_lap_ho_kinh_doanh")
    # Someone stands right on the counter's spot and does not move: the robot cannot get there.
    stack.park_wanderers()
    stack.citizen(f"place c2 {expected.x} {expected.y}", "standing")
    greet(stack, "p0004")
    assert ask_for_counter(stack, "Đăng ký hộ kinh doanh nộp ở đâu ạ", expected.procedure_id) == expected
    started, since = time.monotonic(), stack.state_mark()
    accept_guide(stack, "Có ạ")

    failed = stack.wait_for(
        lambda: next((s for s in stack.states[since:] if s.intent == "guide_failed"), None),
        90,
        "the dialog's answer to the failed escort",
    )
    text = failed.last_robot_text
    assert "xin lỗi" in text and mentions(text, expected.counter_name), text
    # The way in words, as seen coming in through the main entrance: the side and about how far.
    door = poi("entrance")
    dx, dy = expected.x - door["x"], expected.y - door["y"]
    left = -dx * math.sin(door["yaw"]) + dy * math.cos(door["yaw"])
    assert abs(left) > 1.5, "pick a counter off to one side for this check"
    assert ("bên tay trái" if left > 0 else "bên tay phải") in text, text
    metres = re.search(r"khoảng (\d+) mét", text)
    assert metres and abs(int(metres.group(1)) - math.hypot(dx, dy)) <= 1.0, text
    assert "GOAL_OCCUPIED" in stack.log("guide_visitor"), "the escort should fail in navigation"
    assert stack.closest_approach(expected.x, expected.y, since=started) > 0.4, "it did reach the counter"
    stack.wait_for(lambda: at_home(stack), 45, "the robot back home")
    stack.assert_running()

"""What a citizen hears during a whole guided trip of the simulated robot (config/stack_sim.yaml).

The dialog manager and the guide both run; the dialog (which knows the citizen's address and ticket)
speaks, the guide stays silent (`announce:=false` in the stack file): every sentence is heard once.
"""

from __future__ import annotations

import math
from collections import Counter

import pytest

from fixtures.stack import SimStack, destination_of, mentions, poi

pytestmark = pytest.mark.timeout(150)


def test_a_guided_trip_is_announced_once_by_one_voice(sim_stack: SimStack):
    stack = sim_stack
    home = poi("home")
    expected = destination_of("dang_ky_khai_sinh")
    stack.park_wanderers()
    stack.walk_up_to_robot("c1")
    mark = stack.mark()
    stack.engage("p0001")
    stack.wait_said(lambda text: "chào" in text, since=mark)
    state, _ = stack.ask("Tôi muốn làm giấy khai sinh cho con")
    assert state.state == "offering_guide", state
    state, _ = stack.ask("Có")
    assert state.state == "guiding", state
    stack.wait_robot_near(expected.x, expected.y, 0.3, timeout=60)
    stack.wait_said(lambda text: "rồi" in text and mentions(text, expected.counter_name), since=mark)
    seat = poi("library_green_space")  # the citizen sits down to wait for the number
    stack.citizen(f"walk c1 {seat['x']} {seat['y']}", "walking")
    stack.wait_for(lambda: stack.distance_to(home["x"], home["y"]) < 0.3, 45, "the robot back home")
    stack.sleep_sim(2.0)  # anything said on arrival home would be on its way

    heard = stack.said_since(mark)
    texts = [said.text for said in heard]
    assert not [s.utterance_id for s in heard if s.utterance_id.startswith("guide-")], texts
    repeated = [text for text, count in Counter(texts).items() if count > 1]
    assert not repeated, texts
    starts = [text for text in texts if "đi theo em" in text]
    arrivals = [text for text in texts if "rồi" in text and mentions(text, expected.counter_name)]
    assert len(starts) == 1 and len(arrivals) == 1, texts
    arrival = next(s for s in heard if s.text == arrivals[0])
    assert arrival.robot and math.hypot(arrival.robot[0] - expected.x, arrival.robot[1] - expected.y) < 0.5
    assert not [text for text in texts if "tôi" in text.lower().split()], texts  # the robot is "em"

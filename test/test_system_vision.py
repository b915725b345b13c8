"""System test: the greeting is triggered by the vision node seeing a citizen in the simulated camera.

The stack of config/stack_sim.yaml plus `person_perception` (config/vision.yaml) when the stack file
does not list it yet; the simulation renders its camera and nobody publishes engagement but the
vision node. Skipped where the vision node is not in the workspace.
"""

from __future__ import annotations

import pytest
import yaml

from fixtures.stack import REPO_ROOT, destination_of, mentions, poi

pytestmark = pytest.mark.timeout(150)


def test_citizen_walking_up_is_seen_engaged_and_greeted(sim_stack_factory):
    # c1 starts at the ticket machine, beside and behind the robot: out of its camera's view.
    kiosk = poi("ticket_kiosk")
    people = yaml.safe_load((REPO_ROOT / "config/sim.yaml").read_text())["lobby_sim"]["ros__parameters"]
    citizens = [
        f"c1 {kiosk['x']} {kiosk['y']} {kiosk['yaw']} 0" if entry.split()[0] == "c1" else entry
        for entry in people["citizens"]
    ]
    stack = sim_stack_factory(vision=True, citizens=citizens)
    stack.park_wanderers()
    mark, since = stack.mark(), stack.state_mark()
    stack.sleep_sim(4.0)
    assert not [s for s in stack.said_since(0) if "chào" in s.text], "greeted nobody"

    stack.walk_up_to_robot("c1", start=None)  # nobody publishes engagement but the vision node
    stack.wait_said(lambda text: "chào" in text, since=mark, timeout=40)
    state = stack.wait_state("greeting", since=since)
    assert state.person_id, "the conversation should know the tracked person's id"

    expected = destination_of("dang_ky_khai_sinh")
    answer, _ = stack.ask("làm giấy khai sinh ở quầy nào")
    assert answer.procedure_id == expected.procedure_id and answer.person_id == state.person_id, answer
    assert mentions(answer.last_robot_text, expected.counter_name)
    stack.assert_running()

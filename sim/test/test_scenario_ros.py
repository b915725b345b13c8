"""The morning_scenario node against the real stack over DDS: a one-citizen morning, end to end.

The stack is the system tests' (test/fixtures/stack.py: config/stack_sim.yaml without its scenario
entry); the node plays a citizen asking for the wifi and accepting to be walked there, and must exit
0 with the summary, the report and the trajectory PNG.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

ONE_CITIZEN = """
title: "one citizen"
background: ["remove c1", "place c2 7.5 7.65 -1.5708", "place c3 16.5 7.65 -1.5708"]
citizens:
  - id: hoa
    name: "Chị Hoa"
    request: "wifi"
    lines:
      - say: "Ở đây có wifi không em?"
        expect: {intent: amenity, state: offering_guide, answer_contains: ["wifi"]}
      - say: "Có, em dẫn chị đi nhé."
        expect: {state: guiding}
    guide: {destination: waiting_area}
"""
# Where the amenity catalog (config/catalog/amenities.yaml) says the wifi is: a short walk from home,
# so that the whole test stays quick; the scripted morning itself guides to counters with tickets.
WAITING_AREA = (12.0, 6.2)


def test_one_citizen_morning_over_dds(sim_stack, launch_node, tmp_path: Path):
    script = tmp_path / "one.yaml"
    script.write_text(ONE_CITIZEN, encoding="utf-8")
    out = tmp_path / "out"
    node = launch_node(
        "receptionist_sim",
        "morning_scenario",
        params_files=[REPO / "config/scenarios/morning_scenario.yaml"],
        parameters={"scenario_file": str(script), "output_dir": str(out), "ready_timeout_s": 20.0},
    )
    node.wait_for_log(r"citizens served as scripted", timeout=60)
    deadline = time.monotonic() + 15
    while node.returncode is None and time.monotonic() < deadline:
        time.sleep(0.1)  # it ends by itself (as the stack's last entry, it ends the stack)
    output = node.output()
    assert node.returncode == 0, output
    assert "1/1 citizens served as scripted" in output
    assert "] Công dân (Chị Hoa): Ở đây có wifi không em?" in output
    assert "] Robot: " in output and "-- the robot is back home" in output
    report = json.loads((out / "morning_report.json").read_text(encoding="utf-8"))
    hoa = report["citizens"][0]
    assert hoa["ok"] and hoa["intent"] == "amenity" and hoa["failures"] == []
    guide = hoa["guide"]
    assert guide["home_at"] > guide["robot_arrived_at"] > guide["motion_at"] > guide["asked_at"]
    assert hoa["lines"][0]["first_word_s"] > 0 and hoa["lines"][1]["motion_s"] > 0
    assert (out / "morning_trajectories.png").stat().st_size > 10_000
    assert "Chị Hoa" in (out / "morning_conversation.txt").read_text(encoding="utf-8")
    # The robot really went there: the stack's own record of its trajectory passes by it.
    x0, y0 = WAITING_AREA
    assert any(abs(x - x0) < 0.6 and abs(y - y0) < 0.6 for _t, x, y, _yaw in sim_stack.trajectory)

"""Simulated citizens for scenarios: spawn, walk around furniture, follow at their own pace, leave."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from receptionist_common.occupancy import load_map
from receptionist_sim.citizens import Activity, Citizen, Crowd, planned_route
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.headless import footprint_free
from receptionist_sim.scenario_plot import ascii_label, draw_morning

ROOT = Path(__file__).resolve().parents[2]
ROBOT = Pose2D(0.0, 0.0)


@pytest.fixture(scope="module")
def grid():
    return load_map(ROOT / "maps/lobby.yaml")


def lobby_crowd(grid, citizens=()) -> Crowd:
    return Crowd(list(citizens), [], footprint_free(grid, 0.2), lambda *a: True, route=planned_route(grid))


def test_spawn_speed_walk_and_remove(grid):
    crowd = lobby_crowd(grid)
    assert "spawned" in crowd.command("spawn v1 12.0 0.5 1.0 1", ROBOT, 0.0)
    v1 = crowd.citizens["v1"]
    assert (v1.photo, v1.activity) == (1, Activity.STANDING)
    crowd.command("speed v1 0.5", ROBOT, 0.0)
    crowd.command("walk v1 13.2 2.0", ROBOT, 0.0)
    for i in range(150):  # 3 s at 0.5 m/s: not there yet (1.9 m)
        crowd.step(0.02, ROBOT, i * 0.02)
    assert v1.activity is Activity.WALKING and v1.speed == pytest.approx(0.5, abs=0.01)
    for i in range(150, 400):
        crowd.step(0.02, ROBOT, i * 0.02)
    assert v1.activity is Activity.STANDING and math.hypot(v1.x - 13.2, v1.y - 2.0) <= 0.25
    assert crowd.command("remove v1", ROBOT, 8.0) == "v1: removed" and crowd.citizens == {}


@pytest.mark.parametrize(
    ("command", "message"),
    [
        ("spawn c1 1 1", "already exists"),
        ("spawn v2 0.0 8.0", "not a free place"),  # inside the west wall
        ("spawn v2 x 1", "must be numbers"),
        ("walk c1 0.0 8.0", "is not free"),
        ("walk c1 nan 3", "finite"),
        ("speed c1 -1", "bad citizen command"),
        ("remove nobody", "with id in"),
        ("walk c1 1", "bad citizen command"),
    ],
)
def test_bad_commands_change_nothing(grid, command, message):
    crowd = lobby_crowd(grid, [Citizen("c1", 12.0, 5.0)])
    with pytest.raises(ValueError, match=message):
        crowd.command(command, ROBOT, 0.0)
    assert list(crowd.citizens) == ["c1"] and crowd.citizens["c1"].activity is Activity.STANDING


def test_a_walk_goes_around_the_waiting_chairs(grid):
    free = footprint_free(grid, 0.2)
    crowd = lobby_crowd(grid, [Citizen("c1", 7.5, 6.0)])
    crowd.command("walk c1 7.5 12.0", ROBOT, 0.0)  # straight north would cross four rows of chairs
    c1 = crowd.citizens["c1"]
    for i in range(1500):
        crowd.step(0.02, ROBOT, i * 0.02)
        assert free(c1.x, c1.y)
    assert c1.activity is Activity.STANDING and math.hypot(c1.x - 7.5, c1.y - 12.0) <= 0.25


def drive(crowd: Crowd, waypoints: list[tuple[float, float]], speed: float = 0.6, dt: float = 0.02):
    """The robot drives through `waypoints`; yields its pose every step."""
    x, y = waypoints[0]
    t = 0.0
    for gx, gy in waypoints[1:]:
        while math.hypot(gx - x, gy - y) > 1e-6:
            yaw = math.atan2(gy - y, gx - x)
            step = min(speed * dt, math.hypot(gx - x, gy - y))
            x, y = x + step * math.cos(yaw), y + step * math.sin(yaw)
            t += dt
            robot = Pose2D(x, y, yaw)
            crowd.step(dt, robot, t)
            yield robot


def test_followers_walk_where_the_robot_drove_at_their_own_pace(grid):
    free = footprint_free(grid, 0.2)
    # From home up the aisle between the chair blocks, then west along the counters: a follower who
    # cut the corner would walk into the chairs.
    route = [(13.2, 3.2), (12.0, 4.5), (12.0, 12.2), (7.1, 12.8)]
    crowd = lobby_crowd(grid, [Citizen("young", 13.2, 2.0), Citizen("old", 13.4, 2.0)])
    crowd.command("speed old 0.3", ROBOT, 0.0)
    crowd.command("follow young", ROBOT, 0.0)
    crowd.command("follow old", ROBOT, 0.0)
    young, old = crowd.citizens["young"], crowd.citizens["old"]
    for robot in drive(crowd, route, speed=0.4):
        assert free(young.x, young.y) and free(old.x, old.y)
        assert math.hypot(young.x - robot.x, young.y - robot.y) < 2.0  # keeps up with 0.4 m/s
    gap_young = math.hypot(young.x - 7.1, young.y - 12.8)
    gap_old = math.hypot(old.x - 7.1, old.y - 12.8)
    assert gap_young <= 1.2
    assert gap_old > 3.0  # 0.3 m/s behind a 0.4 m/s robot: metres behind after 14 m
    for i in range(3000):  # the robot waits; the slow visitor catches up along the same way
        crowd.step(0.02, Pose2D(7.1, 12.8, math.pi), 100 + i * 0.02)
        assert free(old.x, old.y)
    assert math.hypot(old.x - 7.1, old.y - 12.8) <= 1.1
    crowd.command("stop old", ROBOT, 200.0)
    crowd.command("stop young", ROBOT, 200.0)
    crowd.step(0.02, ROBOT, 200.0)
    assert crowd.trail == []  # nobody follows: the trail is forgotten


def test_plot_draws_tracks_and_labels_on_the_map(grid):
    pois = {"home": (13.2, 3.2, -1.57, "home"), "counter_6": (14.3, 13.6, 1.57, "counter")}
    robot = [(13.2, 3.2), (12.0, 6.0), (14.3, 13.6)]
    image = draw_morning(grid, pois, robot, {"lan": [(12.0, 0.5), (13.2, 2.0)]}, {"lan": "Bà Lan"}, "Sáng")
    assert image.shape == (grid.height * 3, grid.width * 3, 3)
    colours = {tuple(int(v) for v in p) for p in image.reshape(-1, 3)[::7]}
    assert (200, 90, 20) in colours  # the robot's track
    assert (40, 120, 220) in colours  # a counter
    assert (40, 40, 210) in colours  # the first citizen's track
    assert np.count_nonzero(np.all(image == (40, 40, 210), axis=2)) > 50
    assert ascii_label("Bà Lan, Đông Anh") == "Ba Lan, Dong Anh"

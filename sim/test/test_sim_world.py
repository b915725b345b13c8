"""Citizens, battery and the camera of the loopback simulation, without ROS."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from receptionist_common.occupancy import load_map
from receptionist_sim.battery_model import Battery, BatteryConfig
from receptionist_sim.camera_render import CameraConfig, render, sprites
from receptionist_sim.citizens import Activity, Citizen, Crowd
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.raycast import cast, line_of_sight

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def grid():
    return load_map(ROOT / "maps/lobby.yaml")


def test_scan_sees_walls_and_people(grid):
    ranges = cast(grid, 9.0, 6.0, np.array([math.pi / 2, 0.0]), 20.0, circles=[(11.0, 6.0, 0.2)])
    assert ranges[1] == pytest.approx(1.8, abs=0.05)  # the person 2 m east, radius 0.2
    assert ranges[0] == pytest.approx(0.75, abs=0.05)  # the first row of waiting chairs (y = 6.75)
    assert not line_of_sight(grid, 1.0, 8.0, -0.5, 8.0)  # through the west wall


def test_citizen_follows_the_robot_and_stops_when_told(grid):
    crowd = Crowd([Citizen("c1", 12.0, 2.0)], [(12.0, 6.0)], lambda x, y: True, lambda *a: True)
    robot = Pose2D(12.0, 3.0, math.pi / 2)
    crowd.command("follow c1", robot, 0.0)
    for i in range(300):
        robot = Pose2D(12.0, 3.0 + 0.01 * i, math.pi / 2)  # 0.5 m/s north at 50 Hz
        crowd.step(0.02, robot, i * 0.02)
    c1 = crowd.citizens["c1"]
    assert math.hypot(c1.x - robot.x, c1.y - robot.y) == pytest.approx(1.0, abs=0.3)
    crowd.command("stop c1", robot, 6.0)
    y = c1.y
    crowd.step(0.5, Pose2D(12.0, 9.0, math.pi / 2), 6.5)
    assert c1.y == y and c1.activity is Activity.STANDING
    with pytest.raises(ValueError):
        crowd.command("dance c1", robot, 7.0)
    with pytest.raises(ValueError):
        crowd.command("follow nobody", robot, 7.0)


def test_wandering_citizens_walk_and_wait(grid):
    crowd = Crowd(
        [Citizen("c2", 12.0, 5.0, wander=True, activity=Activity.WAITING)],
        [(8.0, 5.0), (16.0, 5.0)],
        lambda x, y: True,
        lambda *a: True,
        seed=1,
    )
    for i in range(100):
        crowd.step(0.1, Pose2D(0.0, 0.0), i * 0.1)
    c2 = crowd.citizens["c2"]
    assert abs(c2.x - 12.0) > 1.0


def test_battery_drains_when_driving_and_charges_on_the_dock():
    battery = Battery(BatteryConfig(), 0.5)
    battery.step(60.0, 100.0, on_dock=False)
    assert battery.fraction < 0.5
    low = battery.fraction
    battery.step(600.0, 0.0, on_dock=True)
    assert battery.fraction > low and battery.charging


def test_camera_shows_a_real_photo_at_the_size_distance_gives(grid):
    config = CameraConfig()
    robot = Pose2D(12.0, 3.5, math.pi / 2)  # looking north up the aisle
    empty = render(grid, robot, [], config).astype(int)
    sizes = {}
    for distance in (2.0, 4.0):
        person = Citizen("c1", 12.0, 3.5 + config.mount_forward + distance, photo=0, height=1.62)
        image = render(grid, robot, [person], config).astype(int)
        changed = np.abs(image - empty).sum(axis=2) > 30
        rows, cols = np.nonzero(changed)
        assert len(rows) > 0
        sizes[distance] = (rows.max() - rows.min() + 1, cols.max() - cols.min() + 1)
        expected_height = sprites()[0].covers_m * config.fx / distance
        assert sizes[distance][0] == pytest.approx(expected_height, rel=0.1)
        centre = (cols.max() + cols.min()) / 2
        assert centre == pytest.approx(config.cx, abs=4)  # straight ahead
        top = rows.min()
        assert top == pytest.approx(config.cy - config.fx * (1.62 - config.mount_height) / distance, abs=3)
    assert sizes[2.0][0] == pytest.approx(2 * sizes[4.0][0], rel=0.1)
    assert empty.shape == (480, 640, 3)


def test_person_behind_a_wall_is_hidden(grid):
    config = CameraConfig()
    robot = Pose2D(1.5, 8.0, math.pi)  # facing the west wall, 1.5 m away
    empty = render(grid, robot, [], config)
    outside = Citizen("c1", -0.6, 8.0)  # beyond the wall
    assert np.array_equal(render(grid, robot, [outside], config), empty)

"""Planner, controller, collision check and kinematics of the Nav2 stand-in, without ROS."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from receptionist_common.occupancy import FREE, OCCUPIED, OccupancyMap, load_map
from receptionist_sim import planner as planning
from receptionist_sim.collision import CollisionConfig, motion_is_safe
from receptionist_sim.costmap import INSCRIBED, LETHAL, Costmap, InflationConfig
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.headless import HeadlessLobby
from receptionist_sim.kinematics import DiffDrive, DriveLimits
from receptionist_sim.tf_buffer import PlanarTfBuffer, TransformLookupError

ROOT = Path(__file__).resolve().parents[2]
POIS = {
    p["id"]: p
    for p in yaml.safe_load((ROOT / "config/site/points_of_interest.yaml").read_text())["points_of_interest"]
}


def pose(poi_id: str) -> Pose2D:
    p = POIS[poi_id]
    return Pose2D(p["x"], p["y"], p["yaw"])


@pytest.fixture(scope="module")
def lobby() -> HeadlessLobby:
    return HeadlessLobby(ROOT / "maps/lobby.yaml", ROOT / "maps/lobby_keepout.yaml")


def test_plan_avoids_obstacles_and_is_not_much_longer_than_needed(lobby):
    result = lobby.planner.plan((13.2, 3.2), (11.7, 13.6))
    assert result.ok, result.message
    straight = math.hypot(13.2 - 11.7, 3.2 - 13.6)
    assert straight <= result.length < straight * 1.25
    costs = [lobby.costmap.cost_at(x, y) for x, y in result.path]
    assert max(costs) < INSCRIBED


def test_planner_errors_use_nav2_codes(lobby):
    assert lobby.planner.plan((13.2, 3.2), (0.0, 8.0)).error_code == planning.GOAL_OCCUPIED  # a wall
    assert lobby.planner.plan((13.2, 3.2), (16.0, 16.0)).error_code == planning.GOAL_OCCUPIED  # keepout
    assert lobby.planner.plan((13.2, 3.2), (50.0, 8.0)).error_code == planning.GOAL_OUTSIDE_MAP
    assert lobby.planner.plan((-50.0, 3.2), (13.2, 3.2)).error_code == planning.START_OUTSIDE_MAP


def test_no_path_into_an_enclosed_room():
    data = np.full((60, 60), FREE, dtype=np.int8)
    data[20:41, 20] = data[20:41, 40] = data[20, 20:41] = data[40, 20:41] = OCCUPIED
    grid = OccupancyMap(data, 0.1, 0.0, 0.0)
    planner = planning.GridPlanner(Costmap(grid, InflationConfig(0.2, 0.4)))
    result = planner.plan((0.5, 0.5), (3.0, 3.0))
    assert result.error_code == planning.NO_VALID_PATH


def test_obstacles_from_the_scan_block_the_plan(lobby):
    costmap = Costmap(lobby.grid, InflationConfig(), None)
    costmap.set_obstacles(np.array([[12.0, 8.0]]), (12.0, 6.0))
    assert costmap.cost_at(12.0, 8.0) == LETHAL
    assert costmap.cost_at(12.0, 8.25) >= INSCRIBED
    costmap.set_obstacles(np.zeros((0, 2)), (12.0, 6.0))
    assert costmap.cost_at(12.0, 8.0) < INSCRIBED


@pytest.mark.parametrize("goal", ["counter_1", "counter_9", "dock", "water_station"])
def test_robot_reaches_goal_pose_within_tolerance(lobby, goal):
    trip = lobby.drive(pose("home"), pose(goal), timeout_s=90)
    assert trip.succeeded, trip.message
    assert trip.final_pose.distance(pose(goal)) < 0.15
    assert abs(math.remainder(trip.final_pose.yaw - pose(goal).yaw, 2 * math.pi)) < 0.2
    assert trip.travelled_m < trip.plan.length * 1.1


def test_collision_check_stops_before_an_obstacle_ahead_but_not_behind():
    config = CollisionConfig(robot_radius=0.3, margin=0.1, time_horizon=1.2)
    ahead = np.array([[0.9, 0.0]])
    assert not motion_is_safe(ahead, 0.6, 0.0, config)
    assert motion_is_safe(ahead, 0.2, 0.0, config)  # 0.24 m in 1.2 s stays clear
    assert motion_is_safe(np.array([[-0.5, 0.0]]), 0.6, 0.0, config)  # moving away
    assert motion_is_safe(ahead, 0.0, 1.0, config)  # turning in place


def test_kinematics_limits_and_refuses_bad_commands():
    robot = DiffDrive(Pose2D(), DriveLimits(max_linear=1.0, linear_accel=1.0), lambda x, y: True)
    for _ in range(100):
        robot.command(5.0, 0.0)
        robot.step(0.02)
    assert robot.v == pytest.approx(1.0)
    robot.command(float("nan"), 0.0)  # ignored: the last valid command stays
    robot.step(0.02)
    assert math.isfinite(robot.pose.x)
    for _ in range(100):  # no command for longer than the timeout: stops
        robot.step(0.02)
    assert robot.v == pytest.approx(0.0)


def test_bumper_stops_at_a_wall():
    robot = DiffDrive(Pose2D(), DriveLimits(), lambda x, y: x < 1.0)
    robot.command(1.0, 0.0)
    for _ in range(200):
        robot.command(1.0, 0.0)
        robot.step(0.02)
    assert robot.pose.x < 1.0 and robot.bumped


def test_tf_buffer_composes_map_odom_base_link():
    tf = PlanarTfBuffer()
    tf.set("map", "odom", Pose2D(1.0, 2.0, math.pi / 2), 0.0)
    tf.set("odom", "base_link", Pose2D(1.0, 0.0, 0.0), 0.0)
    result, _ = tf.lookup("map", "base_link")
    assert (result.x, result.y) == pytest.approx((1.0, 3.0))
    assert result.yaw == pytest.approx(math.pi / 2)
    back, _ = tf.lookup("base_link", "map")
    assert back.compose(result).x == pytest.approx(0.0, abs=1e-9)
    with pytest.raises(TransformLookupError):
        tf.lookup("map", "camera")


def test_map_loader_reads_trinary_values():
    grid = load_map(ROOT / "maps/lobby.yaml")
    assert grid.resolution == 0.05 and (grid.origin_x, grid.origin_y) == (-1.0, -1.0)
    assert set(np.unique(grid.data)) == {-1, 0, 100}

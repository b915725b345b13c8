"""Run the Nav2 stand-in against the loopback kinematics without ROS (for tests and the bench).

Same pieces as the nodes (map, costmap, planner, controller, collision check, kinematics, ray-cast
scan), stepped in simulated time: physics at `physics_hz`, control at `control_hz`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from receptionist_common.occupancy import FREE, OccupancyMap, load_map
from receptionist_sim.collision import CollisionConfig
from receptionist_sim.controller import ControllerConfig, RegulatedPurePursuit
from receptionist_sim.costmap import Costmap, InflationConfig
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.kinematics import DiffDrive, DriveLimits
from receptionist_sim.navigator import Navigator, NavigatorConfig, Status
from receptionist_sim.planner import GridPlanner, PlanResult
from receptionist_sim.raycast import cast


@dataclass
class Trip:
    succeeded: bool
    error_code: int
    message: str
    plan: PlanResult
    duration_s: float
    travelled_m: float
    final_pose: Pose2D
    poses: list[Pose2D] = field(default_factory=list)


def footprint_free(grid: OccupancyMap, radius: float):
    """is_free(x, y) for the kinematics: no occupied cell under the robot's disc."""
    offsets = [
        (radius * math.cos(a), radius * math.sin(a)) for a in np.linspace(0, 2 * math.pi, 16, endpoint=False)
    ]
    offsets.append((0.0, 0.0))

    def is_free(x: float, y: float) -> bool:
        for dx, dy in offsets:
            row, col = grid.world_to_cell(x + dx, y + dy)
            if not grid.inside(row, col) or grid.data[row, col] != FREE:
                return False
        return True

    return is_free


class HeadlessLobby:
    def __init__(
        self,
        map_yaml: Path,
        keepout_yaml: Path | None = None,
        robot_radius: float = 0.3,
        max_speed: float = 0.8,
    ) -> None:
        self.grid = load_map(map_yaml)
        keepout = load_map(keepout_yaml) if keepout_yaml else None
        self.costmap = Costmap(self.grid, InflationConfig(robot_radius=robot_radius), keepout)
        self.planner = GridPlanner(self.costmap)
        self.max_speed = max_speed
        self.robot_radius = robot_radius

    def navigator(self) -> Navigator:
        controller = RegulatedPurePursuit(ControllerConfig(desired_linear_vel=self.max_speed))
        return Navigator(
            self.costmap, self.planner, controller, CollisionConfig(self.robot_radius), NavigatorConfig()
        )

    def drive(
        self,
        start: Pose2D,
        goal: Pose2D,
        timeout_s: float = 120.0,
        physics_hz: float = 50.0,
        control_hz: float = 20.0,
        record: bool = False,
    ) -> Trip:
        robot = DiffDrive(
            start, DriveLimits(max_linear=self.max_speed), footprint_free(self.grid, self.robot_radius * 0.9)
        )
        nav = self.navigator()
        angles_robot = np.linspace(-math.pi, math.pi, 180, endpoint=False)
        empty = np.zeros((0, 2))
        plan = nav.start(goal, start, 0.0, empty)
        if not plan.ok:
            return Trip(False, plan.error_code, plan.message, plan, 0.0, 0.0, start)
        dt = 1.0 / physics_hz
        every = max(1, round(physics_hz / control_hz))
        t, travelled, poses = 0.0, 0.0, []
        tick = 0
        while t < timeout_s:
            if tick % every == 0:
                pose = robot.pose
                ranges = cast(self.grid, pose.x, pose.y, angles_robot + pose.yaw, 8.0)
                ok = np.isfinite(ranges)
                pts_r = np.column_stack(
                    (ranges[ok] * np.cos(angles_robot[ok]), ranges[ok] * np.sin(angles_robot[ok]))
                )
                pts_m = np.column_stack(
                    (
                        pose.x + ranges[ok] * np.cos(angles_robot[ok] + pose.yaw),
                        pose.y + ranges[ok] * np.sin(angles_robot[ok] + pose.yaw),
                    )
                )
                step = nav.step(pose, robot.v, pts_r, pts_m, t)
                if step.status is Status.SUCCEEDED:
                    return Trip(True, 0, "", plan, t, travelled, robot.pose, poses)
                if step.status is Status.FAILED:
                    return Trip(False, step.error_code, step.message, plan, t, travelled, robot.pose, poses)
                robot.command(step.v, step.w)
            before = robot.pose
            robot.step(dt)
            travelled += before.distance(robot.pose)
            if record:
                poses.append(robot.pose)
            t += dt
            tick += 1
        return Trip(False, 105, "timeout", plan, t, travelled, robot.pose, poses)

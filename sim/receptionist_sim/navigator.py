"""The Nav2 stand-in's behaviour for one NavigateToPose goal: plan, follow, stop, recover, report.

Mirrors Nav2's default navigate-to-pose behaviour tree in miniature: replan at 1 Hz on a costmap
that includes what the laser sees, follow the path with Regulated Pure Pursuit, stop when the
collision check says the next second of motion would hit something, and after waiting try
recoveries (replan around the obstacle, back up) before failing with Nav2 Jazzy's error codes.
No ROS import: driven by `step()` with poses, scans and times.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import Enum

import numpy as np

from receptionist_sim import planner as planning
from receptionist_sim.collision import CollisionConfig, motion_is_safe
from receptionist_sim.controller import RegulatedPurePursuit
from receptionist_sim.costmap import Costmap
from receptionist_sim.geometry2d import Pose2D

FAILED_TO_MAKE_PROGRESS = 105


class Status(Enum):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Mode(Enum):
    FOLLOWING = "following"
    BLOCKED = "blocked"
    BACKING_UP = "backing_up"


@dataclass
class NavigatorConfig:
    replan_period_s: float = 1.0
    blocked_wait_s: float = 2.0
    max_recoveries: int = 6
    backup_distance: float = 0.25
    backup_speed: float = 0.15
    progress_distance: float = 0.25
    progress_timeout_s: float = 10.0
    obstacle_window: float = 4.0


@dataclass
class Step:
    v: float
    w: float
    status: Status = Status.RUNNING
    error_code: int = 0
    message: str = ""


class Navigator:
    def __init__(
        self,
        costmap: Costmap,
        planner: planning.GridPlanner,
        controller: RegulatedPurePursuit,
        collision: CollisionConfig,
        config: NavigatorConfig | None = None,
    ) -> None:
        self.costmap = costmap
        self.planner = planner
        self.controller = controller
        self.collision = collision
        self.config = config or NavigatorConfig()
        self.goal = Pose2D()
        self.recoveries = 0
        self.mode = Mode.FOLLOWING
        self.path = np.zeros((0, 2))
        self._last_plan = 0.0
        self._since = 0.0
        self._progress_pose = Pose2D()
        self._progress_time = 0.0
        self._backup_from = Pose2D()
        self._last_plan_error = 0
        self._last_plan_message = ""

    def start(self, goal: Pose2D, pose: Pose2D, now: float, obstacles: np.ndarray) -> planning.PlanResult:
        """Plan the first path; a failure here is the goal's final result."""
        self.goal = goal
        self.recoveries = 0
        self.mode = Mode.FOLLOWING
        self.controller.reset()
        result = self._plan(pose, now, obstacles)
        if result.error_code in (planning.GOAL_OCCUPIED, planning.NO_VALID_PATH) and len(obstacles):
            # Someone standing on the goal or in the way right now is not the map's fault: plan on the map
            # alone and let the collision check and the recoveries deal with the people.
            result = self._plan(pose, now, np.zeros((0, 2)))
        self._progress_pose, self._progress_time = pose, now
        return result

    def _plan(self, pose: Pose2D, now: float, obstacles: np.ndarray) -> planning.PlanResult:
        self.costmap.set_obstacles(obstacles, (pose.x, pose.y), self.config.obstacle_window)
        result = self.planner.plan((pose.x, pose.y), (self.goal.x, self.goal.y))
        self._last_plan = now
        self._last_plan_error, self._last_plan_message = result.error_code, result.message
        if result.ok:
            self.path = result.path
            self.controller.set_plan(result.path, self.goal.yaw)
        return result

    def remaining(self, pose: Pose2D) -> float:
        return self.controller.remaining(pose)

    def step(
        self,
        pose: Pose2D,
        v: float,
        points_robot: np.ndarray,
        points_map: np.ndarray,
        now: float,
        speed_limit: float = 0.0,
    ) -> Step:
        cfg = self.config
        if self.mode is Mode.BACKING_UP:
            behind_clear = motion_is_safe(points_robot, -self.config.backup_speed, 0.0, self.collision)
            if (
                pose.distance(self._backup_from) >= cfg.backup_distance
                or not behind_clear
                or now - self._since > 4.0
            ):
                self.mode, self._since = Mode.BLOCKED, now
                return Step(0.0, 0.0)
            return Step(-cfg.backup_speed, 0.0)
        replan = self.mode is Mode.FOLLOWING and now - self._last_plan >= cfg.replan_period_s
        if replan and not self._plan(pose, now, points_map).ok:
            self.mode, self._since = Mode.BLOCKED, now
        command = self.controller.compute(pose, v, speed_limit)
        if command.done:
            return Step(0.0, 0.0, Status.SUCCEEDED)
        safe = motion_is_safe(points_robot, command.v, command.w, self.collision)
        if self.mode is Mode.FOLLOWING:
            if not safe:
                self.mode, self._since = Mode.BLOCKED, now
                return Step(0.0, 0.0)
            if pose.distance(self._progress_pose) >= cfg.progress_distance or abs(command.v) < 1e-3:
                self._progress_pose, self._progress_time = pose, now
            elif now - self._progress_time > cfg.progress_timeout_s:
                return self._recover(pose, now, points_map, "no progress")
            return Step(command.v, command.w)
        # BLOCKED: wait for the way to clear, then try recoveries.
        if safe and self._last_plan_error == planning.NONE:
            self.mode = Mode.FOLLOWING
            self._progress_pose, self._progress_time = pose, now
            return Step(command.v, command.w)
        if now - self._since < cfg.blocked_wait_s:
            return Step(0.0, 0.0)
        return self._recover(pose, now, points_map, "blocked")

    def _recover(self, pose: Pose2D, now: float, points_map: np.ndarray, why: str) -> Step:
        self.recoveries += 1
        if self.recoveries > self.config.max_recoveries:
            code = self._last_plan_error or FAILED_TO_MAKE_PROGRESS
            detail = self._last_plan_message or f"{why}: the way stayed blocked"
            return Step(
                0.0,
                0.0,
                Status.FAILED,
                code,
                f"gave up after {self.config.max_recoveries} recoveries: {detail}",
            )
        # Recovery 1: replan around what the laser sees now. Recovery 2: back up a little, then replan.
        result = self._plan(pose, now, points_map)
        self._progress_pose, self._progress_time = pose, now
        if result.ok and self.recoveries % 2 == 1:
            self.mode = Mode.FOLLOWING
        else:
            self.mode, self._since, self._backup_from = Mode.BACKING_UP, now, pose
        return Step(0.0, 0.0)

    def eta(self, pose: Pose2D, speed: float) -> float:
        return self.remaining(pose) / max(speed, 0.05) if math.isfinite(speed) else math.nan

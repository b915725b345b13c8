"""Regulated Pure Pursuit, after Nav2's nav2_regulated_pure_pursuit_controller (Macenski et al. 2023).

Lookahead grows with speed; speed is regulated down on tight curvature and when approaching the
goal; large heading errors are turned in place; at the goal position the robot turns to the goal's
heading. The speed limit (nav2_msgs/SpeedLimit) caps the desired speed. No ROS import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from receptionist_sim.geometry2d import Pose2D, wrap


@dataclass
class ControllerConfig:
    desired_linear_vel: float = 0.8
    lookahead_time: float = 1.5
    min_lookahead_dist: float = 0.3
    max_lookahead_dist: float = 0.9
    rotate_to_heading_angular_vel: float = 1.2
    rotate_to_heading_min_angle: float = 0.785
    max_angular_vel: float = 1.5
    regulated_min_radius: float = 0.9
    approach_velocity_scaling_dist: float = 0.8
    min_approach_linear_velocity: float = 0.08
    xy_goal_tolerance: float = 0.1
    yaw_goal_tolerance: float = 0.15


@dataclass
class Command:
    v: float
    w: float
    done: bool = False


class RegulatedPurePursuit:
    def __init__(self, config: ControllerConfig | None = None) -> None:
        self.config = config or ControllerConfig()
        self.path = np.zeros((0, 2))
        self.goal_yaw = 0.0
        self._progress = 0
        self._goal_reached_xy = False

    def set_plan(self, path: np.ndarray, goal_yaw: float) -> None:
        self.path = np.asarray(path, dtype=float)
        self.goal_yaw = goal_yaw
        self._progress = 0

    def reset(self) -> None:
        self._goal_reached_xy = False

    def remaining(self, pose: Pose2D) -> float:
        """Distance left along the path from the closest point."""
        if len(self.path) == 0:
            return 0.0
        rest = self.path[self._progress :]
        d = math.hypot(rest[0, 0] - pose.x, rest[0, 1] - pose.y)
        return d + float(np.hypot(*np.diff(rest, axis=0).T).sum()) if len(rest) > 1 else d

    def compute(self, pose: Pose2D, current_v: float, speed_limit: float = 0.0) -> Command:
        cfg = self.config
        if len(self.path) == 0:
            return Command(0.0, 0.0, False)
        goal = self.path[-1]
        dist_goal = math.hypot(goal[0] - pose.x, goal[1] - pose.y)
        if dist_goal <= cfg.xy_goal_tolerance or self._goal_reached_xy:
            # Latch: once at the goal position, only turn (Nav2's stateful goal checker).
            self._goal_reached_xy = True
            err = wrap(self.goal_yaw - pose.yaw)
            if abs(err) <= cfg.yaw_goal_tolerance:
                return Command(0.0, 0.0, True)
            return Command(0.0, math.copysign(self._rotate_speed(err), err))
        # Prune: the closest path point ahead of the last progress.
        window = self.path[self._progress : self._progress + 200]
        closest = int(np.argmin(np.hypot(window[:, 0] - pose.x, window[:, 1] - pose.y)))
        self._progress += closest
        desired = cfg.desired_linear_vel if speed_limit <= 0 else min(cfg.desired_linear_vel, speed_limit)
        lookahead = min(
            max(abs(current_v) * cfg.lookahead_time, cfg.min_lookahead_dist), cfg.max_lookahead_dist
        )
        ahead = self.path[self._progress :]
        dists = np.hypot(ahead[:, 0] - pose.x, ahead[:, 1] - pose.y)
        beyond = np.nonzero(dists >= lookahead)[0]
        target = ahead[beyond[0]] if len(beyond) else ahead[-1]
        # Target in the robot frame.
        dx, dy = target[0] - pose.x, target[1] - pose.y
        c, s = math.cos(pose.yaw), math.sin(pose.yaw)
        tx, ty = c * dx + s * dy, -s * dx + c * dy
        angle = math.atan2(ty, tx)
        if abs(angle) > cfg.rotate_to_heading_min_angle:
            return Command(0.0, math.copysign(self._rotate_speed(angle), angle))
        l2 = tx * tx + ty * ty
        curvature = 2.0 * ty / l2 if l2 > 1e-9 else 0.0
        v = desired
        radius = abs(1.0 / curvature) if abs(curvature) > 1e-9 else math.inf
        if radius < cfg.regulated_min_radius:
            v *= radius / cfg.regulated_min_radius
        remaining = self.remaining(pose)
        if remaining < cfg.approach_velocity_scaling_dist:
            v *= remaining / cfg.approach_velocity_scaling_dist
        v = max(v, min(cfg.min_approach_linear_velocity, desired))
        w = v * curvature
        if abs(w) > cfg.max_angular_vel:
            w = math.copysign(cfg.max_angular_vel, w)
            v = w / curvature
        return Command(v, w)

    def _rotate_speed(self, err: float) -> float:
        # Slow down as the heading error closes so the final turn does not overshoot.
        return min(self.config.rotate_to_heading_angular_vel, max(0.15, 2.0 * abs(err)))

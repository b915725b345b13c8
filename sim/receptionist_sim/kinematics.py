"""Differential-drive loopback kinematics: /cmd_vel in, pose and velocity out (like nav2_loopback_sim).

Velocity commands are limited in speed and acceleration, and a command that would drive the robot's
footprint into an occupied cell is refused (the robot stops as a bumper would stop it).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from receptionist_sim.geometry2d import Pose2D, wrap


@dataclass
class DriveLimits:
    max_linear: float = 1.0  # m/s
    max_angular: float = 1.5  # rad/s
    linear_accel: float = 1.0  # m/s^2
    angular_accel: float = 3.0  # rad/s^2
    cmd_timeout_s: float = 0.5  # no command for this long: stop


class DiffDrive:
    def __init__(self, pose: Pose2D, limits: DriveLimits, is_free: Callable[[float, float], bool]) -> None:
        self.pose = pose
        self.limits = limits
        self.is_free = is_free
        self.v = 0.0
        self.w = 0.0
        self._cmd = (0.0, 0.0)
        self._cmd_age = math.inf
        self.bumped = False

    def command(self, v: float, w: float) -> None:
        if not (math.isfinite(v) and math.isfinite(w)):
            return  # a malformed command is ignored, never executed
        self._cmd = (v, w)
        self._cmd_age = 0.0

    def step(self, dt: float) -> None:
        self._cmd_age += dt
        target_v, target_w = self._cmd if self._cmd_age <= self.limits.cmd_timeout_s else (0.0, 0.0)
        lim = self.limits
        target_v = max(-lim.max_linear, min(lim.max_linear, target_v))
        target_w = max(-lim.max_angular, min(lim.max_angular, target_w))
        self.v += max(-lim.linear_accel * dt, min(lim.linear_accel * dt, target_v - self.v))
        self.w += max(-lim.angular_accel * dt, min(lim.angular_accel * dt, target_w - self.w))
        yaw = self.pose.yaw + self.w * dt / 2
        x = self.pose.x + self.v * math.cos(yaw) * dt
        y = self.pose.y + self.v * math.sin(yaw) * dt
        self.bumped = not self.is_free(x, y)
        if self.bumped:
            self.v = 0.0
            x, y = self.pose.x, self.pose.y
        self.pose = Pose2D(x, y, wrap(self.pose.yaw + self.w * dt))

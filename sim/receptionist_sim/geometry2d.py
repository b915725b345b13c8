"""Planar poses and quaternions (REP-103: yaw CCW about +z). No ROS import."""

from __future__ import annotations

import math
from dataclasses import dataclass


def wrap(angle: float) -> float:
    """Angle in [-pi, pi)."""
    return (angle + math.pi) % (2 * math.pi) - math.pi


def yaw_to_quaternion(yaw: float) -> tuple[float, float, float, float]:
    """(x, y, z, w) of a rotation by `yaw` about +z."""
    return 0.0, 0.0, math.sin(yaw / 2), math.cos(yaw / 2)


def quaternion_to_yaw(x: float, y: float, z: float, w: float) -> float:
    return math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z))


@dataclass(frozen=True)
class Pose2D:
    x: float = 0.0
    y: float = 0.0
    yaw: float = 0.0

    def compose(self, other: Pose2D) -> Pose2D:
        """self * other: `other` expressed in self's frame, returned in self's parent frame."""
        c, s = math.cos(self.yaw), math.sin(self.yaw)
        return Pose2D(
            self.x + c * other.x - s * other.y, self.y + s * other.x + c * other.y, wrap(self.yaw + other.yaw)
        )

    def inverse(self) -> Pose2D:
        c, s = math.cos(self.yaw), math.sin(self.yaw)
        return Pose2D(-c * self.x - s * self.y, s * self.x - c * self.y, wrap(-self.yaw))

    def distance(self, other: Pose2D) -> float:
        return math.hypot(self.x - other.x, self.y - other.y)

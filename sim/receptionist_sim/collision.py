"""Stop before hitting what the laser sees (like Nav2's collision monitor "approach" behaviour).

The commanded motion is simulated ahead for `time_horizon` seconds; if any scan point comes within
the robot's radius plus a margin of the predicted positions, the command is unsafe.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass
class CollisionConfig:
    robot_radius: float = 0.3
    margin: float = 0.1
    time_horizon: float = 1.2
    time_step: float = 0.1


def scan_points(ranges: np.ndarray, angle_min: float, angle_increment: float, range_max: float) -> np.ndarray:
    """Scan to (N, 2) points in the scanner frame (finite readings only)."""
    ranges = np.asarray(ranges, dtype=float)
    angles = angle_min + angle_increment * np.arange(len(ranges))
    ok = np.isfinite(ranges) & (ranges < range_max)
    return np.column_stack((ranges[ok] * np.cos(angles[ok]), ranges[ok] * np.sin(angles[ok])))


def motion_is_safe(points: np.ndarray, v: float, w: float, config: CollisionConfig) -> bool:
    """points: obstacles in the robot frame. Pure rotation is always safe for a round robot."""
    if len(points) == 0 or abs(v) < 1e-3:
        return True
    x = y = yaw = 0.0
    limit = config.robot_radius + config.margin
    now = np.hypot(points[:, 0], points[:, 1])
    t = 0.0
    while t < config.time_horizon:
        t += config.time_step
        yaw += w * config.time_step
        x += v * math.cos(yaw) * config.time_step
        y += v * math.sin(yaw) * config.time_step
        ahead = np.hypot(points[:, 0] - x, points[:, 1] - y)
        # Only obstacles the motion gets closer to count: moving away from a near wall is fine.
        if ((ahead < limit) & (ahead < now - 1e-3)).any():
            return False
    return True

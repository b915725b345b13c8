"""Ray casting on the occupancy grid (laser scan, camera depth), plus round obstacles (people)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from receptionist_common.occupancy import FREE, OccupancyMap


def cast(
    grid: OccupancyMap,
    x: float,
    y: float,
    angles: np.ndarray,
    range_max: float,
    circles: Sequence[tuple[float, float, float]] = (),
) -> np.ndarray:
    """Distance along each map-frame ray angle to the first non-free cell or circle (inf: nothing)."""
    step = grid.resolution * 0.5
    distances = np.arange(step, range_max + step, step)
    dx, dy = np.cos(angles), np.sin(angles)
    px = x + np.outer(dx, distances)
    py = y + np.outer(dy, distances)
    cols = np.floor((px - grid.origin_x) / grid.resolution).astype(np.int64)
    rows = np.floor((py - grid.origin_y) / grid.resolution).astype(np.int64)
    inside = (rows >= 0) & (rows < grid.height) & (cols >= 0) & (cols < grid.width)
    blocked = np.ones_like(inside)
    blocked[inside] = grid.data[rows[inside], cols[inside]] != FREE
    hit = blocked.any(axis=1)
    ranges = np.full(len(angles), np.inf)
    ranges[hit] = distances[blocked[hit].argmax(axis=1)]
    for cx, cy, radius in circles:
        # |p + t d - c|^2 = r^2 with |d| = 1
        ox, oy = x - cx, y - cy
        b = ox * dx + oy * dy
        c = ox * ox + oy * oy - radius * radius
        disc = b * b - c
        ok = disc >= 0
        t = np.where(ok, -b - np.sqrt(np.where(ok, disc, 0.0)), np.inf)
        t = np.where(t > 0, t, np.inf)
        ranges = np.minimum(ranges, t)
    ranges[ranges > range_max] = np.inf
    return ranges


def line_of_sight(grid: OccupancyMap, x0: float, y0: float, x1: float, y1: float) -> bool:
    """True when the straight segment crosses only free cells."""
    length = float(np.hypot(x1 - x0, y1 - y0))
    if length == 0:
        return True
    angle = np.array([np.arctan2(y1 - y0, x1 - x0)])
    return bool(cast(grid, x0, y0, angle, length)[0] == np.inf)

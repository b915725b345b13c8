"""A Nav2-style inflated costmap on numpy: lethal obstacles, inscribed radius, exponential decay.

Costs follow nav2_costmap_2d: 254 lethal, 253 inscribed (the robot's centre there means a collision),
252..1 decaying with distance up to the inflation radius, 0 free. Unknown cells and keepout zones
are lethal (the robot never plans through them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

from receptionist_common.occupancy import FREE, OCCUPIED, OccupancyMap

LETHAL = 254
INSCRIBED = 253


@dataclass
class InflationConfig:
    robot_radius: float = 0.3
    inflation_radius: float = 0.9
    cost_scaling_factor: float = 3.0


def inflate(blocked: np.ndarray, resolution: float, config: InflationConfig) -> np.ndarray:
    """uint8 cost of every cell given a boolean mask of lethal cells."""
    distance = ndimage.distance_transform_edt(~blocked) * resolution
    cost = np.zeros(blocked.shape, dtype=np.uint8)
    decay = (INSCRIBED - 1) * np.exp(-config.cost_scaling_factor * (distance - config.robot_radius))
    band = (distance > config.robot_radius) & (distance <= config.inflation_radius)
    cost[band] = np.clip(decay[band], 1, INSCRIBED - 1).astype(np.uint8)
    cost[distance <= config.robot_radius] = INSCRIBED
    cost[blocked] = LETHAL
    return cost


class Costmap:
    """Static costmap of a map (plus an optional keepout mask), with a layer for scan obstacles."""

    def __init__(
        self, grid: OccupancyMap, config: InflationConfig, keepout: OccupancyMap | None = None
    ) -> None:
        self.grid = grid
        self.config = config
        self.resolution = grid.resolution
        blocked = grid.data != FREE
        if keepout is not None:
            if keepout.data.shape != grid.data.shape:
                raise ValueError("the keepout mask must have the map's size and resolution")
            blocked |= keepout.data == OCCUPIED
        self.static_blocked = blocked
        self.static = inflate(blocked, grid.resolution, config)
        self.cost = self.static.copy()

    def world_to_cell(self, x: float, y: float) -> tuple[int, int]:
        return self.grid.world_to_cell(x, y)

    def inside(self, row: int, col: int) -> bool:
        return self.grid.inside(row, col)

    def cost_at(self, x: float, y: float) -> int:
        row, col = self.world_to_cell(x, y)
        return int(self.cost[row, col]) if self.inside(row, col) else LETHAL

    def set_obstacles(self, points: np.ndarray, around: tuple[float, float], window: float = 4.0) -> None:
        """Replace the obstacle layer with these map-frame points (only those within `window` m)."""
        self.cost = self.static.copy()
        if len(points) == 0:
            return
        pts = np.asarray(points, dtype=float)
        pts = pts[np.hypot(pts[:, 0] - around[0], pts[:, 1] - around[1]) <= window]
        if len(pts) == 0:
            return
        margin = int(np.ceil(self.config.inflation_radius / self.resolution)) + 1
        rows = np.floor((pts[:, 1] - self.grid.origin_y) / self.resolution).astype(int)
        cols = np.floor((pts[:, 0] - self.grid.origin_x) / self.resolution).astype(int)
        r0, r1 = max(rows.min() - margin, 0), min(rows.max() + margin + 1, self.grid.height)
        c0, c1 = max(cols.min() - margin, 0), min(cols.max() + margin + 1, self.grid.width)
        if r0 >= r1 or c0 >= c1:
            return
        blocked = self.static_blocked[r0:r1, c0:c1].copy()
        ok = (rows >= r0) & (rows < r1) & (cols >= c0) & (cols < c1)
        blocked[rows[ok] - r0, cols[ok] - c0] = True
        window_cost = inflate(blocked, self.resolution, self.config)
        self.cost[r0:r1, c0:c1] = np.maximum(self.static[r0:r1, c0:c1], window_cost)

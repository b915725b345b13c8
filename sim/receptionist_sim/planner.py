"""Global planner of the Nav2 stand-in: cost-aware Dijkstra on the inflated costmap, then smoothing.

The search (scikit-image's MCP_Geometric, compiled) runs on a coarser copy of the costmap (each
coarse cell takes the worst cost of the fine cells it covers, so it is conservative); the path is
then shortened by line-of-sight shortcuts on the fine costmap that never enter costlier cells than
the stretch they replace. Errors use Nav2 Jazzy's ComputePathToPose codes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from skimage.graph import MCP_Geometric

from receptionist_sim.costmap import INSCRIBED, Costmap

NONE = 0
START_OUTSIDE_MAP = 203
GOAL_OUTSIDE_MAP = 204
START_OCCUPIED = 205
GOAL_OCCUPIED = 206
NO_VALID_PATH = 208


@dataclass
class PlannerConfig:
    coarse_factor: int = 2  # search grid = map resolution * this
    cost_weight: float = 3.0  # how much a cell's inflation cost lengthens it (Nav2 NavFn's cost_factor)
    path_spacing: float = 0.05  # metres between output poses
    start_search_radius: float = 0.3  # a start inside the inscribed zone moves to the nearest free cell


@dataclass
class PlanResult:
    error_code: int
    message: str = ""
    path: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    @property
    def ok(self) -> bool:
        return self.error_code == NONE

    @property
    def length(self) -> float:
        return path_length(self.path)


def path_length(path: np.ndarray) -> float:
    return float(np.hypot(*np.diff(path, axis=0).T).sum()) if len(path) > 1 else 0.0


class GridPlanner:
    def __init__(self, costmap: Costmap, config: PlannerConfig | None = None) -> None:
        self.costmap = costmap
        self.config = config or PlannerConfig()

    def _coarse(self) -> np.ndarray:
        f = self.config.coarse_factor
        cost = self.costmap.cost
        rows, cols = cost.shape[0] // f * f, cost.shape[1] // f * f
        return cost[:rows, :cols].reshape(rows // f, f, cols // f, f).max(axis=(1, 3))

    def _free_near(
        self, coarse: np.ndarray, cell: tuple[int, int], radius_cells: int
    ) -> tuple[int, int] | None:
        r, c = cell
        best = None
        for dr in range(-radius_cells, radius_cells + 1):
            for dc in range(-radius_cells, radius_cells + 1):
                rr, cc = r + dr, c + dc
                if 0 <= rr < coarse.shape[0] and 0 <= cc < coarse.shape[1] and coarse[rr, cc] < INSCRIBED:
                    d = dr * dr + dc * dc
                    if best is None or d < best[0]:
                        best = (d, (rr, cc))
        return None if best is None else best[1]

    def plan(self, start: tuple[float, float], goal: tuple[float, float]) -> PlanResult:
        cm = self.costmap
        f = self.config.coarse_factor
        start_cell, goal_cell = cm.world_to_cell(*start), cm.world_to_cell(*goal)
        if not cm.inside(*start_cell):
            return PlanResult(START_OUTSIDE_MAP, f"start ({start[0]:.2f}, {start[1]:.2f}) is outside the map")
        if not cm.inside(*goal_cell):
            return PlanResult(GOAL_OUTSIDE_MAP, f"goal ({goal[0]:.2f}, {goal[1]:.2f}) is outside the map")
        if cm.cost[goal_cell] >= INSCRIBED:
            return PlanResult(
                GOAL_OCCUPIED, f"goal ({goal[0]:.2f}, {goal[1]:.2f}) is in or too close to an obstacle"
            )
        coarse = self._coarse()
        cs = (start_cell[0] // f, start_cell[1] // f)
        cg = (goal_cell[0] // f, goal_cell[1] // f)
        if not (
            cs[0] < coarse.shape[0]
            and cs[1] < coarse.shape[1]
            and cg[0] < coarse.shape[0]
            and cg[1] < coarse.shape[1]
        ):
            return PlanResult(GOAL_OUTSIDE_MAP, "goal on the map's border")
        radius = max(1, round(self.config.start_search_radius / (cm.resolution * f)))
        if coarse[cs] >= INSCRIBED:
            moved = self._free_near(coarse, cs, radius)
            if moved is None:
                return PlanResult(START_OCCUPIED, "the robot is inside an obstacle's inscribed zone")
            cs = moved
        if coarse[cg] >= INSCRIBED:
            moved = self._free_near(coarse, cg, 1)
            if moved is None:
                return PlanResult(GOAL_OCCUPIED, "goal too close to an obstacle at planning resolution")
            cg = moved
        weights = np.where(
            coarse >= INSCRIBED, np.inf, 1.0 + self.config.cost_weight * coarse / (INSCRIBED - 1)
        )
        mcp = MCP_Geometric(weights, fully_connected=True)
        cumulative, _ = mcp.find_costs([cs], [cg], find_all_ends=False)
        if not np.isfinite(cumulative[cg]):
            return PlanResult(
                NO_VALID_PATH,
                f"no path from ({start[0]:.2f}, {start[1]:.2f}) to ({goal[0]:.2f}, {goal[1]:.2f})",
            )
        cells = np.array(mcp.traceback(cg), dtype=float)
        res = cm.resolution * f
        xy = np.column_stack(
            (cm.grid.origin_x + (cells[:, 1] + 0.5) * res, cm.grid.origin_y + (cells[:, 0] + 0.5) * res)
        )
        xy[0] = start
        xy[-1] = goal
        xy = self._shortcut(xy)
        return PlanResult(NONE, "", resample(xy, self.config.path_spacing))

    def _segment_cost(self, a: np.ndarray, b: np.ndarray) -> int:
        cm = self.costmap
        n = max(2, int(np.ceil(np.hypot(*(b - a)) / (cm.resolution * 0.5))) + 1)
        t = np.linspace(0.0, 1.0, n)
        pts = a + np.outer(t, b - a)
        rows = np.floor((pts[:, 1] - cm.grid.origin_y) / cm.resolution).astype(int)
        cols = np.floor((pts[:, 0] - cm.grid.origin_x) / cm.resolution).astype(int)
        rows = np.clip(rows, 0, cm.cost.shape[0] - 1)
        cols = np.clip(cols, 0, cm.cost.shape[1] - 1)
        return int(cm.cost[rows, cols].max())

    def _shortcut(self, xy: np.ndarray) -> np.ndarray:
        """Greedy string pulling: from each kept point, jump to the farthest point reachable in a line
        whose worst cost is no worse than the worst cost of the path stretch it replaces."""
        if len(xy) <= 2:
            return xy
        cm = self.costmap
        cols = np.clip(
            np.floor((xy[:, 0] - cm.grid.origin_x) / cm.resolution).astype(int), 0, cm.cost.shape[1] - 1
        )
        rows = np.clip(
            np.floor((xy[:, 1] - cm.grid.origin_y) / cm.resolution).astype(int), 0, cm.cost.shape[0] - 1
        )
        point_cost = cm.cost[rows, cols].astype(int)
        kept = [0]
        i = 0
        while i < len(xy) - 1:
            j = len(xy) - 1
            while j > i + 1:
                allowed = max(int(point_cost[i : j + 1].max()), 1)
                if self._segment_cost(xy[i], xy[j]) <= allowed:
                    break
                # Binary-ish descent keeps this fast on long paths.
                j = i + 1 + (j - i - 1) * 3 // 4 if j - i > 8 else j - 1
            kept.append(j)
            i = j
        return xy[kept]


def resample(xy: np.ndarray, spacing: float) -> np.ndarray:
    """Points every `spacing` metres along the polyline, ends included."""
    if len(xy) < 2:
        return xy.copy()
    seg = np.hypot(*np.diff(xy, axis=0).T)
    s = np.concatenate(([0.0], np.cumsum(seg)))
    if s[-1] == 0:
        return xy[:1].copy()
    samples = np.append(np.arange(0.0, s[-1], spacing), s[-1])
    return np.column_stack((np.interp(samples, s, xy[:, 0]), np.interp(samples, s, xy[:, 1])))

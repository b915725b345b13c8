"""Navigation bench on the lobby map: planning time, path quality, time to goal, success rate.

    python bench/bench_nav.py [--pairs 30] [--seed 1]

Runs the Nav2 stand-in's planner, controller and collision check against the loopback kinematics
and ray-cast laser (receptionist_sim.headless), in simulated time, on maps/lobby.yaml with the
keepout mask. "Shortest possible" is the taut path (line-of-sight shortcuts of a fine-grid geodesic)
through the space where the robot's disc fits, ignoring the inflation costs that keep the planned
path away from furniture; "physical limit" is path length / max speed.
Targets: planning p95 < 50 ms, success 100 %.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from pathlib import Path

import numpy as np
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "sim"))

from receptionist_sim.costmap import INSCRIBED  # noqa: E402
from receptionist_sim.geometry2d import Pose2D  # noqa: E402
from receptionist_sim.headless import HeadlessLobby  # noqa: E402
from receptionist_sim.planner import GridPlanner, PlannerConfig, path_length  # noqa: E402

MAX_SPEED = 0.8


def shortest_possible(lobby: HeadlessLobby, start: tuple[float, float], goal: tuple[float, float]) -> float:
    """Taut collision-free path length for the robot's disc (no inflation penalty, fine grid)."""
    reference = GridPlanner(lobby.costmap, PlannerConfig(coarse_factor=1, cost_weight=0.0))
    result = reference.plan(start, goal)
    if not result.ok:
        return math.nan
    # Pull the string through everything that is not lethal for the robot's centre.
    cm = lobby.costmap
    saved = cm.cost
    cm.cost = np.where(saved >= INSCRIBED, saved, 1).astype(np.uint8)
    try:
        taut = reference._shortcut(result.path)
    finally:
        cm.cost = saved
    return path_length(taut)


def sample_free(lobby: HeadlessLobby, rng: random.Random, margin_cost: int = 100) -> tuple[float, float]:
    cm = lobby.costmap
    while True:
        x, y = rng.uniform(0.3, 23.7), rng.uniform(0.3, 13.8)
        if cm.cost_at(x, y) < margin_cost:
            return x, y


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else math.nan


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--pairs", type=int, default=30, help="random start/goal pairs driven (>= 30)")
    parser.add_argument("--plans", type=int, default=200, help="random plans timed")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lobby = HeadlessLobby(ROOT / "maps/lobby.yaml", ROOT / "maps/lobby_keepout.yaml", max_speed=MAX_SPEED)
    pois = {
        p["id"]: p
        for p in yaml.safe_load((ROOT / "config/site/points_of_interest.yaml").read_text())[
            "points_of_interest"
        ]
    }

    # 1. Planning time and path quality on random pairs.
    times_ms, ratios = [], []
    lobby.planner.plan((13.2, 3.2), (2.5, 13.6))  # warm-up (imports, caches)
    for _ in range(args.plans):
        start, goal = sample_free(lobby, rng), sample_free(lobby, rng)
        t0 = time.perf_counter()
        result = lobby.planner.plan(start, goal)
        times_ms.append((time.perf_counter() - t0) * 1000)
        if result.ok:
            best = shortest_possible(lobby, start, goal)
            if best > 0.5:
                ratios.append(result.length / best)

    # 2. Driving: home to every counter, then random pairs, in simulated time.
    trips = [
        (
            Pose2D(pois["home"]["x"], pois["home"]["y"], pois["home"]["yaw"]),
            Pose2D(p["x"], p["y"], p["yaw"]),
            p["id"],
        )
        for p in pois.values()
        if p["kind"] == "counter"
    ]
    for index in range(args.pairs):
        (sx, sy), (gx, gy) = sample_free(lobby, rng), sample_free(lobby, rng)
        trips.append(
            (
                Pose2D(sx, sy, rng.uniform(-math.pi, math.pi)),
                Pose2D(gx, gy, rng.uniform(-math.pi, math.pi)),
                f"random_{index}",
            )
        )
    ok, time_ratios, counter_rows, failures, errors = 0, [], [], [], []
    wall0 = time.perf_counter()
    for start, goal, label in trips:
        trip = lobby.drive(start, goal, timeout_s=180.0)
        if trip.succeeded:
            ok += 1
            limit = trip.plan.length / MAX_SPEED
            time_ratios.append(trip.duration_s / limit if limit > 0 else math.nan)
            errors.append(trip.final_pose.distance(goal))
            if label.startswith("counter"):
                counter_rows.append((label, trip.plan.length, trip.duration_s, limit))
        else:
            failures.append(f"{label}: {trip.error_code} {trip.message}")
    wall = time.perf_counter() - wall0

    print(f"Navigation bench on maps/lobby.yaml (seed {args.seed}, max speed {MAX_SPEED} m/s)")
    print(f"{'metric':44s} {'value':>12s}  target")
    print(
        f"{'planning time p50 / p95 / max (ms)':44s} {percentile(times_ms, 50):5.1f} / "
        f"{percentile(times_ms, 95):4.1f} / "
        f"{max(times_ms):4.1f}  p95 < 50"
    )
    print(f"{'path length / shortest possible, mean':44s} {np.mean(ratios):12.3f}  (n={len(ratios)})")
    print(
        f"{'path length / shortest possible, p95 / max':44s} {percentile(ratios, 95):6.3f} / "
        f"{max(ratios):5.3f}"
    )
    print(f"{'time to goal / physical limit, mean':44s} {np.mean(time_ratios):12.3f}")
    print(f"{'time to goal / physical limit, p95':44s} {percentile(time_ratios, 95):12.3f}")
    print(f"{'final position error, mean / max (m)':44s} {np.mean(errors):6.3f} / {max(errors):5.3f}")
    print(f"{'success rate':44s} {ok:5d}/{len(trips):<3d} = {100 * ok / len(trips):5.1f} %  100 %")
    print(f"{'simulated trips driven in (s, wall clock)':44s} {wall:12.1f}")
    print()
    print(f"{'home -> counter':12s} {'path (m)':>9s} {'time (s)':>9s} {'limit (s)':>9s} {'ratio':>6s}")
    for label, length, duration, limit in counter_rows:
        print(f"{label:12s} {length:9.2f} {duration:9.1f} {limit:9.1f} {duration / limit:6.2f}")
    for failure in failures:
        print(f"FAILED {failure}")
    return 0 if ok == len(trips) else 1


if __name__ == "__main__":
    sys.exit(main())

"""Small readers of the simulation's configuration (POI poses, the citizens' parameter strings)."""

from __future__ import annotations

from pathlib import Path

import yaml

from receptionist_sim.citizens import Activity, Citizen
from receptionist_sim.geometry2d import Pose2D


def load_pois(path: str | Path) -> dict[str, Pose2D]:
    """{id: map pose} of config/site/points_of_interest.yaml."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    pois = {
        str(e["id"]): Pose2D(float(e["x"]), float(e["y"]), float(e.get("yaw", 0.0)))
        for e in data.get("points_of_interest") or []
    }
    if not pois:
        raise ValueError(f"{path}: no points of interest")
    return pois


def parse_citizens(entries: list[str]) -> list[Citizen]:
    """'id x y yaw photo [wander]' per citizen (a ROS parameter is a list of strings)."""
    citizens = []
    for entry in entries:
        parts = entry.split()
        if len(parts) < 5:
            raise ValueError(f"citizen {entry!r}: expected 'id x y yaw photo [wander]'")
        wander = len(parts) > 5 and parts[5] == "wander"
        citizens.append(
            Citizen(
                parts[0],
                float(parts[1]),
                float(parts[2]),
                float(parts[3]),
                int(parts[4]),
                activity=Activity.WAITING if wander else Activity.STANDING,
                wander=wander,
            )
        )
    return citizens

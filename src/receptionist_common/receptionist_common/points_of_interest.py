"""Points of interest of the site (config/site/points_of_interest.yaml), read without ROS."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import yaml

KINDS = ("counter", "amenity", "home", "dock")


class PoiError(ValueError):
    """A points-of-interest file that cannot be used; the message names the file and the entry."""


@dataclass(frozen=True)
class Poi:
    id: str
    name: str  # Vietnamese, said to citizens
    kind: str
    x: float
    y: float
    yaw: float
    group: str = ""


def load_pois(path: str | Path) -> tuple[str, dict[str, Poi]]:
    """(frame_id, {id: Poi}); refuses duplicates, unknown kinds and non-finite poses."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise PoiError(f"{path}: {error}") from error
    pois: dict[str, Poi] = {}
    for index, entry in enumerate(data.get("points_of_interest") or []):
        try:
            poi = Poi(
                id=str(entry["id"]).strip(),
                name=str(entry["name"]).strip(),
                kind=str(entry.get("kind", "amenity")),
                x=float(entry["x"]),
                y=float(entry["y"]),
                yaw=float(entry.get("yaw", 0.0)),
                group=str(entry.get("group", "")),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise PoiError(f"{path}: entry {index} is malformed ({error!r})") from error
        if not poi.id or poi.kind not in KINDS:
            raise PoiError(f"{path}: entry {index} needs an id and a kind in {KINDS}")
        if not all(math.isfinite(v) for v in (poi.x, poi.y, poi.yaw)):
            raise PoiError(f"{path}: {poi.id} has a non-finite pose")
        if poi.id in pois:
            raise PoiError(f"{path}: duplicate id {poi.id}")
        pois[poi.id] = poi
    if not pois:
        raise PoiError(f"{path}: no points of interest")
    return str(data.get("frame_id", "map")), pois

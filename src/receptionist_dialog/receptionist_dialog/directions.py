"""Spoken directions to a place in the lobby, for when the robot cannot walk a citizen there.

The way is told as everybody sees the lobby on coming in through the main entrance (the robot moves
and turns, the entrance does not): how deep into the hall the place is, on which side, in which area,
and about how far from the entrance. Computed from the site's points of interest
(config/site/points_of_interest.yaml), so a new site gets directions without writing any text.
No ROS import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from receptionist_common.points_of_interest import Poi

CENTRE_BAND_M = 1.5  # closer than this to the line straight in from the entrance: "straight ahead"


@dataclass(frozen=True)
class Way:
    """Where a place is, seen from the entrance looking in."""

    ahead_m: float  # along the entrance's looking direction
    left_m: float  # to the left of it (REP-103: y left)
    depth_fraction: float  # ahead_m over the depth of the lobby's farthest place
    distance_m: float


class LobbyDirections:
    """Directions to the site's points of interest, relative to one of them (the main entrance)."""

    def __init__(self, pois: dict[str, Poi], origin_id: str) -> None:
        if origin_id not in pois:
            raise ValueError(f"no point of interest {origin_id!r} to give directions from")
        self.pois = pois
        self.origin = pois[origin_id]
        self.depth_m = max((self._ahead_left(p)[0] for p in pois.values()), default=0.0)

    def _ahead_left(self, poi: Poi) -> tuple[float, float]:
        dx, dy = poi.x - self.origin.x, poi.y - self.origin.y
        c, s = math.cos(self.origin.yaw), math.sin(self.origin.yaw)
        return dx * c + dy * s, -dx * s + dy * c

    def way(self, poi_id: str) -> Way | None:
        poi = self.pois.get(poi_id)
        if poi is None or poi is self.origin:
            return None
        ahead, left = self._ahead_left(poi)
        depth = ahead / self.depth_m if self.depth_m > 0 else 0.0
        return Way(ahead, left, depth, math.hypot(ahead, left))

    def describe(self, poi_id: str, label: str = "") -> str:
        """One Vietnamese sentence (display form, digits), or "" for a place the site does not know."""
        way = self.way(poi_id)
        if way is None:
            return ""
        poi = self.pois[poi_id]
        name = _lower_first(label or poi.name)
        if abs(way.left_m) < CENTRE_BAND_M:
            side = "ngay phía trước" if way.ahead_m > 0 else "ngay cạnh cửa"
        else:
            side = "phía bên tay trái" if way.left_m > 0 else "phía bên tay phải"
        if way.depth_fraction < 0.35:
            depth = "ở đầu sảnh"
        elif way.depth_fraction < 0.7:
            depth = "ở khoảng giữa sảnh"
        else:
            depth = "ở cuối sảnh"
        area = f", thuộc {_lower_first(poi.group)}" if poi.group else ""
        origin = _lower_first(self.origin.name)
        metres = max(1, round(way.distance_m))
        return f"Từ {origin} nhìn vào, {name} {depth}, {side}{area}, cách đó khoảng {metres} mét."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text

"""The lobby as geometry: read config/site/lobby.yaml (+ counters.yaml) into shapes and points of interest.

This is the one place that interprets the lobby description, so the occupancy grid, the points of
interest and the Gazebo world (all generated from the result) cannot disagree. No ROS import.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

POI_KINDS = ("counter", "amenity", "home", "dock")
# Amenity points of interest every site must have (the amenity catalog and the dialog refer to them).
REQUIRED_POIS = (
    "home",
    "dock",
    "reception",
    "entrance",
    "waiting_area",
    "printing_area",
    "water_station",
    "charging_station",
    "library_green_space",
    "medical_corner",
    "elderly_support_desk",
    "online_help_desk",
    "legal_advice_desk",
    "restroom",
)


class LobbyError(ValueError):
    """A lobby description that cannot be used; the message names the entry."""


@dataclass(frozen=True)
class Box:
    """An axis-aligned box on the floor (walls, desks, chair rows, zones)."""

    id: str
    kind: str
    cx: float
    cy: float
    sx: float
    sy: float
    height: float = 1.0
    staff_only: bool = False

    @property
    def solid(self) -> bool:
        """Zones mark areas (keepout) but are not physical obstacles."""
        return self.kind != "zone"

    def contains(self, x: Any, y: Any) -> Any:
        return (abs(x - self.cx) <= self.sx / 2) & (abs(y - self.cy) <= self.sy / 2)


@dataclass(frozen=True)
class Cylinder:
    id: str
    kind: str
    cx: float
    cy: float
    radius: float
    height: float = 1.0
    staff_only: bool = False
    solid: bool = True

    def contains(self, x: Any, y: Any) -> Any:
        return (x - self.cx) ** 2 + (y - self.cy) ** 2 <= self.radius**2


Shape = Box | Cylinder


@dataclass(frozen=True)
class PointOfInterest:
    id: str
    name: str
    kind: str
    x: float
    y: float
    yaw: float
    group: str = ""


@dataclass
class Lobby:
    name: str
    frame_id: str
    resolution: float
    origin: tuple[float, float]
    size: tuple[float, float]
    room_size: tuple[float, float]
    wall_height: float
    shapes: list[Shape] = field(default_factory=list)
    pois: list[PointOfInterest] = field(default_factory=list)

    def poi(self, poi_id: str) -> PointOfInterest:
        for poi in self.pois:
            if poi.id == poi_id:
                return poi
        raise KeyError(poi_id)

    @property
    def solids(self) -> list[Shape]:
        return [shape for shape in self.shapes if shape.solid]

    @property
    def staff_zones(self) -> list[Shape]:
        return [shape for shape in self.shapes if shape.staff_only]


def _pair(value: Any, what: str) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2:
        raise LobbyError(f"{what} must be a list of two numbers, got {value!r}")
    return float(value[0]), float(value[1])


def _walls(room: dict[str, Any]) -> list[Box]:
    """Four walls centred on the room's edges, cut where the doors are."""
    width, depth = _pair(room.get("size"), "room.size")
    thickness = float(room.get("wall_thickness", 0.2))
    height = float(room.get("wall_height", 3.0))
    # Each wall: (name, fixed coordinate, along x?, length)
    walls = {
        "south": (0.0, True, width),
        "north": (depth, True, width),
        "west": (0.0, False, depth),
        "east": (width, False, depth),
    }
    openings: dict[str, list[tuple[float, float]]] = {name: [] for name in walls}
    for door in room.get("doors", []) or []:
        wall = door.get("wall")
        if wall not in walls:
            raise LobbyError(f"door {door.get('id')!r}: wall must be one of {sorted(walls)}, got {wall!r}")
        openings[wall].append((float(door["from"]), float(door["to"])))
    boxes: list[Box] = []
    for name, (fixed, along_x, length) in walls.items():
        start = -thickness / 2
        pieces: list[tuple[float, float]] = []
        for lo, hi in sorted(openings[name]):
            if not 0 < lo < hi < length:
                raise LobbyError(f"door on the {name} wall must lie inside it: {lo}..{hi}")
            pieces.append((start, lo))
            start = hi
        pieces.append((start, length + thickness / 2))
        for index, (lo, hi) in enumerate(pieces):
            centre, span = (lo + hi) / 2, hi - lo
            if along_x:
                boxes.append(Box(f"wall_{name}_{index}", "wall", centre, fixed, span, thickness, height))
            else:
                boxes.append(Box(f"wall_{name}_{index}", "wall", fixed, centre, thickness, span, height))
    return boxes


def _obstacle(entry: dict[str, Any]) -> Shape:
    ident = str(entry.get("id", ""))
    if not ident:
        raise LobbyError(f"obstacle without an id: {entry!r}")
    cx, cy = _pair(entry.get("center"), f"obstacle {ident}: center")
    kind = str(entry.get("kind", "obstacle"))
    height = float(entry.get("height", 1.0))
    staff_only = bool(entry.get("staff_only", False))
    if "radius" in entry:
        return Cylinder(ident, kind, cx, cy, float(entry["radius"]), height, staff_only)
    sx, sy = _pair(entry.get("size"), f"obstacle {ident}: size")
    return Box(ident, kind, cx, cy, sx, sy, height, staff_only)


def _chairs(spec: dict[str, Any]) -> list[Box]:
    depth = float(spec.get("row_depth", 0.5))
    height = float(spec.get("height", 0.8))
    boxes = []
    for row, y in enumerate(spec.get("rows_y", [])):
        for block, (x0, x1) in enumerate(spec.get("blocks_x", [])):
            boxes.append(
                Box(f"chairs_r{row}_b{block}", "chairs", (x0 + x1) / 2, float(y), x1 - x0, depth, height)
            )
    return boxes


def _counter_row(
    spec: dict[str, Any], counters: dict[str, dict[str, Any]], room_width: float, room_depth: float
) -> tuple[list[Shape], list[PointOfInterest]]:
    """Counter desks by group, partitions between groups, gates at both ends, staff area behind."""
    front = float(spec["desk_front_y"])
    depth = float(spec.get("desk_depth", 0.7))
    height = float(spec.get("desk_height", 1.05))
    slot = float(spec.get("slot_width", 2.0))
    gap = float(spec.get("group_gap", 0.6))
    standoff = float(spec.get("standoff", 0.8))
    desk_y = front + depth / 2
    x = float(spec.get("x_start", 1.0))
    shapes: list[Shape] = [Box("staff_gate_w", "gate", x / 2, desk_y, x, depth, 1.0)]
    pois: list[PointOfInterest] = []
    placed: set[str] = set()
    groups = spec.get("groups", [])
    for index, group in enumerate(groups):
        ids = [str(c) for c in group.get("counters", [])]
        if not ids:
            raise LobbyError(f"counter group {group.get('name')!r} has no counters")
        width = slot * len(ids)
        shapes.append(
            Box(f"counter_desk_{index}", "counter_desk", x + width / 2, desk_y, width, depth, height)
        )
        for offset, counter_id in enumerate(ids):
            if counter_id not in counters:
                raise LobbyError(f"counter group {group.get('name')!r}: unknown counter {counter_id!r}")
            if counter_id in placed:
                raise LobbyError(f"counter {counter_id} is placed twice")
            placed.add(counter_id)
            pois.append(
                PointOfInterest(
                    counter_id,
                    str(counters[counter_id]["name"]),
                    "counter",
                    round(x + slot * (offset + 0.5), 3),
                    round(front - standoff, 3),
                    round(math.pi / 2, 4),
                    str(group.get("name", "")),
                )
            )
        x += width
        if index < len(groups) - 1:
            shapes.append(
                Box(f"counter_partition_{index}", "partition", x + gap / 2, desk_y, gap, depth, 1.8)
            )
            x += gap
    if x > room_width:
        raise LobbyError(f"the counter row ends at x={x:.2f}, outside the room ({room_width} m)")
    shapes.append(Box("staff_gate_e", "gate", (x + room_width) / 2, desk_y, room_width - x, depth, 1.0))
    back = front + depth
    shapes.append(
        Box(
            "counter_staff_area",
            "zone",
            room_width / 2,
            (back + room_depth) / 2,
            room_width,
            room_depth - back,
            staff_only=True,
        )
    )
    missing = sorted(set(counters) - placed)
    if missing:
        raise LobbyError(f"counters of counters.yaml not placed in the lobby: {missing}")
    return shapes, pois


def load_counters(path: Path) -> dict[str, dict[str, Any]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    counters = {str(c["id"]): c for c in data.get("counters", [])}
    if not counters:
        raise LobbyError(f"{path}: no counters")
    return counters


def load_lobby(lobby_path: Path, counters_path: Path) -> Lobby:
    """Read and check the lobby description; every POI must stand in free space inside the room."""
    data = yaml.safe_load(Path(lobby_path).read_text(encoding="utf-8")) or {}
    counters = load_counters(counters_path)
    grid = data.get("map", {})
    room = data.get("room", {})
    width, depth = _pair(room.get("size"), "room.size")
    lobby = Lobby(
        name=str(data.get("name", "lobby")),
        frame_id=str(data.get("frame_id", "map")),
        resolution=float(grid.get("resolution", 0.05)),
        origin=_pair(grid.get("origin"), "map.origin"),
        size=_pair(grid.get("size"), "map.size"),
        room_size=(width, depth),
        wall_height=float(room.get("wall_height", 3.0)),
    )
    lobby.shapes.extend(_walls(room))
    lobby.shapes.extend(_obstacle(entry) for entry in data.get("obstacles", []) or [])
    lobby.shapes.extend(_chairs(data.get("waiting_chairs", {}) or {}))
    counter_shapes, counter_pois = _counter_row(data["counter_row"], counters, width, depth)
    lobby.shapes.extend(counter_shapes)
    for entry in data.get("points_of_interest", []) or []:
        pose = entry.get("pose")
        if not isinstance(pose, list) or len(pose) != 3:
            raise LobbyError(f"point of interest {entry.get('id')!r}: pose must be [x, y, yaw]")
        kind = str(entry.get("kind", "amenity"))
        if kind not in POI_KINDS:
            raise LobbyError(f"point of interest {entry.get('id')!r}: kind must be one of {POI_KINDS}")
        lobby.pois.append(
            PointOfInterest(
                str(entry["id"]), str(entry["name"]), kind, float(pose[0]), float(pose[1]), float(pose[2])
            )
        )
    lobby.pois.extend(counter_pois)
    _check(lobby)
    return lobby


def _check(lobby: Lobby) -> None:
    ids = [poi.id for poi in lobby.pois]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise LobbyError(f"duplicate point of interest ids: {duplicates}")
    missing = [poi_id for poi_id in REQUIRED_POIS if poi_id not in ids]
    if missing:
        raise LobbyError(f"required points of interest missing: {missing}")
    shape_ids = [shape.id for shape in lobby.shapes]
    if len(set(shape_ids)) != len(shape_ids):
        raise LobbyError("two obstacles share an id")
    width, depth = lobby.room_size
    for poi in lobby.pois:
        if not (0 < poi.x < width and 0 < poi.y < depth):
            raise LobbyError(f"point of interest {poi.id} at ({poi.x}, {poi.y}) is outside the room")
        for shape in lobby.shapes:
            if shape.contains(poi.x, poi.y):
                raise LobbyError(f"point of interest {poi.id} at ({poi.x}, {poi.y}) is inside {shape.id}")

"""Occupancy grids in Nav2 map_server format (YAML + PGM), read and written without ROS.

The simulation and the Nav2 stand-in load the same map files as Nav2's map_server would, with the
same trinary interpretation, so a map that works here works on the robot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import yaml

FREE = 0
OCCUPIED = 100
UNKNOWN = -1
# Pixel values written for each state (those of Nav2's map_saver).
PIXEL_FREE = 254
PIXEL_OCCUPIED = 0
PIXEL_UNKNOWN = 205


class MapError(ValueError):
    """A map file that cannot be read; names the file."""


@dataclass
class OccupancyMap:
    """Cells in row-major order with row 0 at the LOWEST y (like nav_msgs/OccupancyGrid)."""

    data: np.ndarray  # int8: FREE, OCCUPIED or UNKNOWN
    resolution: float
    origin_x: float
    origin_y: float

    @property
    def height(self) -> int:
        return int(self.data.shape[0])

    @property
    def width(self) -> int:
        return int(self.data.shape[1])

    def world_to_cell(self, x: float, y: float) -> tuple[int, int]:
        """(row, col) of the cell containing map-frame point (x, y); may be outside the grid."""
        return int(np.floor((y - self.origin_y) / self.resolution)), int(
            np.floor((x - self.origin_x) / self.resolution)
        )

    def cell_to_world(self, row: float, col: float) -> tuple[float, float]:
        """Map-frame centre of a cell."""
        return self.origin_x + (col + 0.5) * self.resolution, self.origin_y + (row + 0.5) * self.resolution

    def inside(self, row: int, col: int) -> bool:
        return 0 <= row < self.height and 0 <= col < self.width


def read_pgm(path: Path) -> np.ndarray:
    """Binary (P5) or ASCII (P2) 8-bit PGM, returned top row first as the image is stored."""
    raw = Path(path).read_bytes()
    tokens: list[bytes] = []
    index = 0
    while len(tokens) < 4:
        while index < len(raw) and raw[index : index + 1].isspace():
            index += 1
        if raw[index : index + 1] == b"#":
            while index < len(raw) and raw[index : index + 1] != b"\n":
                index += 1
            continue
        start = index
        while index < len(raw) and not raw[index : index + 1].isspace():
            index += 1
        tokens.append(raw[start:index])
    magic, width, height, maxval = tokens[0], int(tokens[1]), int(tokens[2]), int(tokens[3])
    if maxval > 255:
        raise MapError(f"{path}: only 8-bit PGM images are supported")
    if magic == b"P5":
        pixels = np.frombuffer(raw, dtype=np.uint8, count=width * height, offset=index + 1)
    elif magic == b"P2":
        pixels = np.array(raw[index:].split()[: width * height], dtype=np.uint8)
    else:
        raise MapError(f"{path}: not a PGM image (magic {magic!r})")
    if pixels.size != width * height:
        raise MapError(f"{path}: truncated image")
    return pixels.reshape(height, width)


def write_pgm(path: Path, image: np.ndarray) -> None:
    """Binary PGM, `image` top row first."""
    image = np.asarray(image, dtype=np.uint8)
    header = f"P5\n{image.shape[1]} {image.shape[0]}\n255\n".encode()
    Path(path).write_bytes(header + image.tobytes())


def load_map(yaml_path: Path) -> OccupancyMap:
    """Load a map_server YAML (trinary or scale mode, negate honoured) into an OccupancyMap."""
    yaml_path = Path(yaml_path)
    try:
        meta = yaml.safe_load(yaml_path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise MapError(f"{yaml_path}: {error}") from error
    for key in ("image", "resolution", "origin"):
        if key not in meta:
            raise MapError(f"{yaml_path}: missing '{key}'")
    image = read_pgm(yaml_path.parent / meta["image"]).astype(np.float64)
    occupancy = image / 255.0 if meta.get("negate", 0) else (255.0 - image) / 255.0
    occupied = float(meta.get("occupied_thresh", 0.65))
    free = float(meta.get("free_thresh", 0.196))
    data = np.full(image.shape, UNKNOWN, dtype=np.int8)
    data[occupancy >= occupied] = OCCUPIED
    data[occupancy <= free] = FREE
    origin = meta["origin"]
    return OccupancyMap(np.flipud(data).copy(), float(meta["resolution"]), float(origin[0]), float(origin[1]))


def to_pixels(data: np.ndarray) -> np.ndarray:
    """Occupancy values (row 0 at lowest y) to a PGM image (top row first)."""
    pixels = np.full(data.shape, PIXEL_UNKNOWN, dtype=np.uint8)
    pixels[data == FREE] = PIXEL_FREE
    pixels[data == OCCUPIED] = PIXEL_OCCUPIED
    return np.flipud(pixels)


def map_yaml_text(image_name: str, resolution: float, origin: tuple[float, float]) -> str:
    return (
        f"image: {image_name}\n"
        "mode: trinary\n"
        f"resolution: {resolution}\n"
        f"origin: [{origin[0]}, {origin[1]}, 0.0]\n"
        "negate: 0\n"
        "occupied_thresh: 0.65\n"
        "free_thresh: 0.196\n"
    )

"""A picture of the morning: the lobby map with the robot's and the citizens' trajectories.

Drawn with OpenCV on the occupancy grid the robot navigates on (maps/lobby.yaml, read with
receptionist_common.occupancy), with the counters, home and dock labelled. OpenCV's Hershey fonts are
ASCII only, so the title and labels (citizens' Vietnamese names) are written with Pillow in a TrueType
font (Debian's fonts-dejavu-core); without that font they fall back to OpenCV, without diacritics,
and a warning says so. No ROS import.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path

import cv2
import numpy as np
from PIL import Image, ImageDraw, ImageFont

from receptionist_common.occupancy import OccupancyMap, to_pixels

LOG = logging.getLogger(__name__)
DEFAULT_FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

# BGR colours.
ROBOT = (200, 90, 20)
ROBOT_TRAIL = (240, 200, 160)
COUNTER = (40, 120, 220)
AMENITY = (140, 140, 140)
HOME = (30, 150, 30)
PALETTE = ((40, 40, 210), (0, 140, 255), (160, 40, 160), (30, 160, 160), (120, 80, 0), (200, 0, 120),
           (0, 100, 0), (90, 90, 200))  # fmt: skip
FONT = cv2.FONT_HERSHEY_SIMPLEX
HERSHEY_TO_PX = 30.0  # TrueType pixel size with about the cap height of the Hershey font at scale 1


def ascii_label(text: str) -> str:
    """Vietnamese without diacritics ('Bà Lan' -> 'Ba Lan'), for OpenCV's ASCII fonts."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).encode("ascii", "replace").decode()


class Labels:
    """Writes text on a BGR image: Unicode in a TrueType font, or ASCII with OpenCV when it is missing.

    Sizes are OpenCV font scales (0.5: a 15 px label), so both ways lay out alike.
    """

    def __init__(self, font_path: str | Path | None = DEFAULT_FONT) -> None:
        self._path = Path(font_path) if font_path else None
        self._fonts: dict[int, ImageFont.FreeTypeFont] = {}
        self.unicode = False
        if self._path is not None:
            try:
                self._fonts[15] = ImageFont.truetype(str(self._path), 15)
                self.unicode = True
            except OSError as error:
                LOG.warning("font %s unusable (%s): labels without diacritics", self._path, error)
        else:
            LOG.warning("no font for the plot: labels without diacritics")

    def _font(self, size: float) -> ImageFont.FreeTypeFont:
        px = max(8, round(size * HERSHEY_TO_PX))
        if px not in self._fonts:
            self._fonts[px] = ImageFont.truetype(str(self._path), px)
        return self._fonts[px]

    def width(self, text: str, size: float) -> int:
        if self.unicode:
            return round(self._font(size).getlength(text))
        return cv2.getTextSize(ascii_label(text), FONT, size, 1)[0][0]

    def put(self, image: np.ndarray, text: str, origin: tuple[int, int], colour: tuple[int, int, int],
            size: float, halo: bool = False) -> None:  # fmt: skip
        """`origin`: the left end of the baseline, as with cv2.putText; `halo`: a white outline."""
        if not self.unicode:
            if halo:
                cv2.putText(image, ascii_label(text), origin, FONT, size, (255, 255, 255), 3, cv2.LINE_AA)
            cv2.putText(image, ascii_label(text), origin, FONT, size, colour, 1, cv2.LINE_AA)
            return
        # Pillow sees the BGR array as RGB: colours are passed in the same (BGR) order, so they match.
        canvas = Image.fromarray(image)
        ImageDraw.Draw(canvas).text(
            origin, text, fill=colour, font=self._font(size), anchor="ls",
            stroke_width=1 if halo else 0, stroke_fill=(255, 255, 255),
        )  # fmt: skip
        image[:] = np.asarray(canvas)


class MapCanvas:
    """Map-frame metres to image pixels (row 0 at the top, i.e. the highest y)."""

    def __init__(self, grid: OccupancyMap, scale: int = 3, labels: Labels | None = None) -> None:
        self.grid = grid
        self.scale = scale
        self.labels = labels or Labels()
        gray = to_pixels(grid.data)
        big = cv2.resize(gray, None, fx=scale, fy=scale, interpolation=cv2.INTER_NEAREST)
        self.image = cv2.cvtColor(big, cv2.COLOR_GRAY2BGR)

    def pixel(self, x: float, y: float) -> tuple[int, int]:
        col = (x - self.grid.origin_x) / self.grid.resolution
        row = self.grid.height - (y - self.grid.origin_y) / self.grid.resolution
        return round(col * self.scale), round(row * self.scale)

    def text(self, label: str, x: float, y: float, colour: tuple[int, int, int], size: float = 0.5,
             dx: int = 6, dy: int = -6) -> None:  # fmt: skip
        u, v = self.pixel(x, y)
        self.labels.put(self.image, label, (u + dx, v + dy), colour, size, halo=True)

    def track(
        self, points: Sequence[tuple[float, float]], colour: tuple[int, int, int], thickness: int
    ) -> None:
        if len(points) < 2:
            return
        pixels = np.array([self.pixel(x, y) for x, y in points], dtype=np.int32)
        cv2.polylines(self.image, [pixels], False, colour, thickness, cv2.LINE_AA)


def draw_morning(
    grid: OccupancyMap,
    pois: Mapping[str, tuple[float, float, float, str]],
    robot_track: Sequence[tuple[float, float]],
    citizen_tracks: Mapping[str, Sequence[tuple[float, float]]],
    names: Mapping[str, str],
    title: str = "",
    scale: int = 3,
    font_path: str | Path | None = DEFAULT_FONT,
) -> np.ndarray:
    """The picture as a BGR image. `pois`: {id: (x, y, yaw, kind)}; `names`: citizen id -> name;
    `font_path`: a TrueType font with Vietnamese letters (None or missing: ASCII labels)."""
    canvas = MapCanvas(grid, scale, Labels(font_path))
    for poi_id, (x, y, _yaw, kind) in sorted(pois.items()):
        u, v = canvas.pixel(x, y)
        if kind == "counter":
            cv2.rectangle(canvas.image, (u - 7, v - 7), (u + 7, v + 7), COUNTER, -1)
            canvas.text(poi_id.replace("counter_", "Q"), x, y, COUNTER, 0.55, dx=-10, dy=-12)
        elif kind in ("home", "dock"):
            cv2.drawMarker(canvas.image, (u, v), HOME, cv2.MARKER_DIAMOND, 16, 2)
            canvas.text(poi_id, x, y, HOME, 0.5)
        else:
            cv2.circle(canvas.image, (u, v), 4, AMENITY, -1)
            canvas.text(poi_id, x, y, AMENITY, 0.35, dy=12)
    legend: list[tuple[str, tuple[int, int, int]]] = [("robot", ROBOT)]
    canvas.track(robot_track, ROBOT_TRAIL, 7)  # wide and light: people who followed it show on top
    for index, (citizen_id, points) in enumerate(sorted(citizen_tracks.items())):
        colour = PALETTE[index % len(PALETTE)]
        canvas.track(points, colour, 2)
        if points:
            cv2.circle(canvas.image, canvas.pixel(*points[0]), 5, colour, 2)
            end = canvas.pixel(*points[-1])
            cv2.rectangle(canvas.image, (end[0] - 4, end[1] - 4), (end[0] + 4, end[1] + 4), colour, -1)
        legend.append((names.get(citizen_id, citizen_id), colour))
    canvas.track(robot_track, ROBOT, 1)
    if robot_track:
        cv2.drawMarker(canvas.image, canvas.pixel(*robot_track[-1]), ROBOT, cv2.MARKER_TRIANGLE_UP, 14, 2)
    _legend(canvas.image, canvas.labels, legend, title)
    return canvas.image


def _legend(
    image: np.ndarray, labels: Labels, entries: list[tuple[str, tuple[int, int, int]]], title: str
) -> None:
    x0, y0, step = 12, 14, 20
    height = step * (len(entries) + (2 if title else 1))
    width = 16 + max(labels.width(t, 0.5) for t, _ in [(title, 0), *entries])
    overlay = image.copy()
    cv2.rectangle(overlay, (x0 - 6, y0 - 6), (x0 + width + 30, y0 + height), (255, 255, 255), -1)
    cv2.addWeighted(overlay, 0.85, image, 0.15, 0, dst=image)
    y = y0 + 12
    if title:
        labels.put(image, title, (x0, y), (0, 0, 0), 0.5)
        y += step
    for label, colour in entries:
        cv2.line(image, (x0, y - 4), (x0 + 24, y - 4), colour, 3)
        labels.put(image, label, (x0 + 32, y), (0, 0, 0), 0.5)
        y += step
    cv2.putText(image, "o start   # end", (x0, y), FONT, 0.4, (60, 60, 60), 1, cv2.LINE_AA)


def write_png(path: str | Path, image: np.ndarray) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not cv2.imwrite(str(path), image):
        raise OSError(f"could not write {path}")
    return path

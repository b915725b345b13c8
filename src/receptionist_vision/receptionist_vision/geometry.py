"""Camera geometry: boxes, pinhole intrinsics, range and bearing of a person (REP-103 bearing)."""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass(frozen=True)
class Box:
    """Axis-aligned pixel box; x, y is the top-left corner."""

    x: float
    y: float
    w: float
    h: float

    @property
    def x2(self) -> float:
        return self.x + self.w

    @property
    def y2(self) -> float:
        return self.y + self.h

    @property
    def cx(self) -> float:
        return self.x + self.w / 2.0

    @property
    def cy(self) -> float:
        return self.y + self.h / 2.0

    @property
    def area(self) -> float:
        return max(0.0, self.w) * max(0.0, self.h)

    def clip(self, width: int, height: int) -> Box:
        x1 = min(max(self.x, 0.0), float(width))
        y1 = min(max(self.y, 0.0), float(height))
        x2 = min(max(self.x2, 0.0), float(width))
        y2 = min(max(self.y2, 0.0), float(height))
        return Box(x1, y1, x2 - x1, y2 - y1)

    def scaled(self, factor: float) -> Box:
        return Box(self.x * factor, self.y * factor, self.w * factor, self.h * factor)

    def contains(self, px: float, py: float) -> bool:
        return self.x <= px <= self.x2 and self.y <= py <= self.y2

    def as_int(self) -> tuple[int, int, int, int]:
        return round(float(self.x)), round(float(self.y)), round(float(self.w)), round(float(self.h))


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes (0 when either is empty)."""
    ix = max(0.0, min(a.x2, b.x2) - max(a.x, b.x))
    iy = max(0.0, min(a.y2, b.y2) - max(a.y, b.y))
    inter = ix * iy
    union = a.area + b.area - inter
    return inter / union if union > 0.0 else 0.0


@dataclass(frozen=True)
class Intrinsics:
    """Pinhole intrinsics of the (rectified) image; K as in sensor_msgs/CameraInfo."""

    width: int
    height: int
    fx: float
    fy: float
    cx: float
    cy: float

    @classmethod
    def from_k(cls, width: int, height: int, k: list[float] | tuple[float, ...]) -> Intrinsics | None:
        """Build from CameraInfo's row-major 3x3 K; None when K is unusable (uncalibrated camera)."""
        if len(k) != 9 or width <= 0 or height <= 0:
            return None
        fx, fy, cx, cy = float(k[0]), float(k[4]), float(k[2]), float(k[5])
        if not all(math.isfinite(v) for v in (fx, fy, cx, cy)) or fx <= 0.0 or fy <= 0.0:
            return None
        return cls(int(width), int(height), fx, fy, cx, cy)

    @classmethod
    def from_fov(cls, width: int, height: int, hfov_rad: float) -> Intrinsics:
        """Square pixels, principal point at the centre: what a camera with unknown calibration has."""
        f = (width / 2.0) / math.tan(hfov_rad / 2.0)
        return cls(width, height, f, f, (width - 1) / 2.0, (height - 1) / 2.0)

    def scaled_to(self, width: int, height: int) -> Intrinsics:
        """The same camera at another resolution (e.g. CameraInfo at 1280x960, images at 640x480)."""
        if width == self.width and height == self.height:
            return self
        sx, sy = width / self.width, height / self.height
        return Intrinsics(width, height, self.fx * sx, self.fy * sy, self.cx * sx, self.cy * sy)


def bearing_rad(u: float, intr: Intrinsics) -> float:
    """REP-103 bearing of image column u: 0 straight ahead, positive to the robot's left."""
    return math.atan2(intr.cx - u, intr.fx)


def distance_from_height(pixel_height: float, real_height_m: float, focal_px: float) -> float:
    """Pinhole range of an upright object of known height: Z = f * H / h."""
    if pixel_height <= 0.0:
        return math.inf
    return focal_px * real_height_m / pixel_height


def range_from_depth(depth_m: float, u: float, intr: Intrinsics) -> float:
    """Range in the ground plane from the optical-axis depth, given the column of the person."""
    return depth_m / math.cos(bearing_rad(u, intr))

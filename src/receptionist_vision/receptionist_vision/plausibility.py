"""Is a detection physically a person in front of this camera? Geometry checks that need no training data.

A detector sees patterns; the camera geometry says where a real head can be. With a level camera at a
known height, a detection's range (from its face width or body height) and the row of its head give the
head's height above the floor: a 'face' on a portrait hung at 2.5 m, on a floor tile or on a counter's
front comes out far outside the heights of standing or seated adults and children, whatever the
detector's score. Two cues finding the same person (a HOG body and a face-derived body next to it) are
merged so that one person is reported once.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from receptionist_vision.detection import Detection
from receptionist_vision.geometry import Intrinsics, iou


@dataclass
class PlausibilityConfig:
    enabled: bool = True
    camera_height_m: float = 1.2  # camera above the floor (level camera); <= 0: no head-height check
    min_head_height_m: float = 0.8  # lowest head centre: a small child, a person in a wheelchair
    max_head_height_m: float = 2.2  # highest head centre: a very tall adult, with margin for range error
    min_range_m: float = 0.5  # nearer than this: a face filling the frame, more likely a pattern up close
    max_range_m: float = 12.0  # farther than this is beyond what the detector is tuned for
    duplicate_iou: float = 0.45  # two detections whose body boxes overlap this much are one person


def head_point(det: Detection) -> tuple[float, float]:
    """Image point of the head centre: the face box centre, else 6 % of the body height below its top."""
    if det.face is not None:
        return det.face.cx, det.face.cy
    return det.body.cx, det.body.y + 0.06 * det.body.h


def head_height_m(head_row: float, depth_m: float, intr: Intrinsics, camera_height_m: float) -> float:
    """Height above the floor of a point at image row `head_row` and depth `depth_m` (level pinhole)."""
    return camera_height_m + (intr.cy - head_row) * depth_m / intr.fy


def implausible(det: Detection, depth_m: float, intr: Intrinsics, cfg: PlausibilityConfig) -> str | None:
    """Why `det` cannot be a person at `depth_m` (optical-axis depth), or None when it can."""
    if not math.isfinite(depth_m) or depth_m < cfg.min_range_m or depth_m > cfg.max_range_m:
        return f"depth {depth_m:.2f} m outside {cfg.min_range_m}-{cfg.max_range_m} m"
    if cfg.camera_height_m > 0.0:
        height = head_height_m(head_point(det)[1], depth_m, intr, cfg.camera_height_m)
        if not cfg.min_head_height_m <= height <= cfg.max_head_height_m:
            return (
                f"head {height:.2f} m above the floor, outside "
                f"{cfg.min_head_height_m}-{cfg.max_head_height_m} m"
            )
    return None


def merge_duplicates(detections: list[Detection], overlap: float) -> list[Detection]:
    """One detection per person: of overlapping bodies keep the one with a face, then the most confident.

    A detection whose head point lies in an already kept face box is the same person too.
    """
    order = sorted(detections, key=lambda d: (d.face is not None, d.confidence), reverse=True)
    kept: list[Detection] = []
    for det in order:
        head = head_point(det)
        same = any(
            iou(det.body, k.body) >= overlap or (k.face is not None and k.face.contains(*head)) for k in kept
        )
        if not same:
            kept.append(det)
    return kept


def filter_detections(
    detections: list[Detection], depths: list[float], intr: Intrinsics, cfg: PlausibilityConfig
) -> list[Detection]:
    """The detections that can be people, without duplicates (`depths[i]` belongs to `detections[i]`)."""
    if not cfg.enabled:
        return detections
    possible = [d for d, z in zip(detections, depths, strict=True) if implausible(d, z, intr, cfg) is None]
    return merge_duplicates(possible, cfg.duplicate_iou)

"""Frame-to-frame box motion from sparse optical flow (a small median-flow tracker).

Between two detections a person is followed by tracking corners inside their face (or upper body)
with pyramidal Lucas-Kanade, keeping the points whose backward flow returns where they started, and
moving the box by the median displacement and scaling it by the median change of point spacing.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from receptionist_vision.geometry import Box


@dataclass
class FlowConfig:
    max_points: int = 30
    min_points: int = 5
    window_px: int = 15
    pyramid_levels: int = 2
    max_forward_backward_px: float = 1.5


@dataclass(frozen=True)
class Motion:
    dx: float
    dy: float
    scale: float
    points: int


def estimate_motion(prev: np.ndarray, cur: np.ndarray, anchor: Box, config: FlowConfig) -> Motion | None:
    """Motion of the content of `anchor` from grey frame `prev` to grey frame `cur`; None if lost."""
    height, width = prev.shape[:2]
    roi = anchor.clip(width, height)
    if roi.w < 6 or roi.h < 6:
        return None
    x, y, w, h = roi.as_int()
    mask = np.zeros_like(prev)
    mask[y : y + h, x : x + w] = 255
    min_distance = max(2, int(min(w, h) / 8))
    points = cv2.goodFeaturesToTrack(prev, config.max_points, 0.01, min_distance, mask=mask)
    if points is None or len(points) < config.min_points:
        return None
    lk = dict(
        winSize=(config.window_px, config.window_px),
        maxLevel=config.pyramid_levels,
        criteria=(cv2.TERM_CRITERIA_EPS | cv2.TERM_CRITERIA_COUNT, 20, 0.03),
    )
    forward, status_f, _ = cv2.calcOpticalFlowPyrLK(prev, cur, points, None, **lk)
    backward, status_b, _ = cv2.calcOpticalFlowPyrLK(cur, prev, forward, None, **lk)
    error = np.linalg.norm((points - backward).reshape(-1, 2), axis=1)
    good = (status_f.ravel() == 1) & (status_b.ravel() == 1) & (error <= config.max_forward_backward_px)
    if int(good.sum()) < config.min_points:
        return None
    p0 = points.reshape(-1, 2)[good]
    p1 = forward.reshape(-1, 2)[good]
    shift = np.median(p1 - p0, axis=0)
    i, j = np.triu_indices(len(p0), k=1)
    d0 = np.linalg.norm(p0[i] - p0[j], axis=1)
    d1 = np.linalg.norm(p1[i] - p1[j], axis=1)
    valid = d0 > 1.0
    scale = float(np.median(d1[valid] / d0[valid])) if valid.any() else 1.0
    scale = float(np.clip(scale, 0.8, 1.25))
    return Motion(float(shift[0]), float(shift[1]), scale, int(good.sum()))


def apply_motion(box: Box, motion: Motion, centre: tuple[float, float]) -> Box:
    """Move `box` by the motion, scaling about `centre` (the anchor's centre before the move)."""
    cx, cy = centre
    s = motion.scale
    x = cx + (box.x - cx) * s + motion.dx
    y = cy + (box.y - cy) * s + motion.dy
    return Box(x, y, box.w * s, box.h * s)

"""The whole per-frame pipeline, free of ROS: detect (every k frames), track, locate, judge engagement.

`PersonPerception.process()` takes a BGR or grey frame, its time and the camera intrinsics and returns
the people in view and the engagement changes of this frame. Nothing is stored beyond the previous grey
frame needed for optical flow, and no person is identified: ids are transient track numbers.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass, field

import cv2
import numpy as np

from receptionist_vision.detection import FACING_FRONTAL, FACING_PROFILE, Detection
from receptionist_vision.engagement import (
    DISENGAGED,
    Change,
    EngagementConfig,
    EngagementState,
    Observation,
)
from receptionist_vision.geometry import Box, Intrinsics, bearing_rad
from receptionist_vision.plausibility import PlausibilityConfig, filter_detections
from receptionist_vision.tracker import PersonTracker, Track, TrackerConfig


@dataclass
class RangeConfig:
    person_height_m: float = 1.65  # standing height assumed for body boxes
    frontal_face_width_m: float = 0.14  # real width a frontal face box spans (about the cheekbone breadth)
    profile_face_width_m: float = 0.2  # real width a profile face box spans (ear to nose)
    smoothing: float = 0.5  # weight of the newest range estimate
    speed_window_s: float = 1.0  # radial speed: slope of range over this time


@dataclass(frozen=True)
class PersonState:
    person_id: str
    body: Box
    face: Box | None
    facing: str
    confidence: float
    distance_m: float
    bearing_rad: float
    radial_speed_mps: float
    facing_duration_s: float
    tracked_duration_s: float
    engagement: int
    source: str
    since_detected_s: float = 0.0  # time since a detection last confirmed this track (flow in between)


@dataclass(frozen=True)
class EngagementChange:
    person_id: str
    previous: int
    current: int
    distance_m: float
    bearing_rad: float


@dataclass
class FrameResult:
    people: list[PersonState] = field(default_factory=list)
    changes: list[EngagementChange] = field(default_factory=list)
    detected: bool = False  # whether the detector ran on this frame


class Detector:
    """What the pipeline needs of a detector (HogHaarDetector, OnnxPersonDetector)."""

    def detect(self, image: np.ndarray) -> list[Detection]:  # pragma: no cover - protocol
        raise NotImplementedError


def estimate_depth(track: Track | Detection, intr: Intrinsics, cfg: RangeConfig) -> float:
    """Depth along the optical axis from the face width and/or the untruncated body height."""
    estimates = []
    if track.face is not None and track.face.w > 0:
        width_m = cfg.profile_face_width_m if track.facing == FACING_PROFILE else cfg.frontal_face_width_m
        estimates.append(intr.fx * width_m / track.face.w)
    whole_body = "hog" in track.source or "onnx" in track.source
    if whole_body and not track.body_truncated and track.body.h > 0:
        estimates.append(intr.fy * cfg.person_height_m / track.body.h)
    if not estimates and track.body.h > 0:
        estimates.append(intr.fy * cfg.person_height_m / track.body.h)  # a lower bound for a cut body
    return float(np.median(estimates)) if estimates else math.inf


class _PersonMemory:
    """Range history and engagement of one track."""

    def __init__(self, engagement: EngagementConfig) -> None:
        self.engagement = EngagementState(engagement)
        self.distance: float | None = None
        self.history: deque[tuple[float, float]] = deque(maxlen=64)


class PersonPerception:
    def __init__(
        self,
        detector: Detector,
        default_intrinsics: Intrinsics,
        tracker: TrackerConfig | None = None,
        ranging: RangeConfig | None = None,
        engagement: EngagementConfig | None = None,
        plausibility: PlausibilityConfig | None = None,
    ) -> None:
        self.detector = detector
        self.plausibility = plausibility or PlausibilityConfig()
        self.default_intrinsics = default_intrinsics
        self.tracker = PersonTracker(tracker)
        self.ranging = ranging or RangeConfig()
        self.engagement_config = engagement or EngagementConfig()
        self._memory: dict[int, _PersonMemory] = {}

    def detect(self, image: np.ndarray, intr: Intrinsics) -> list[Detection]:
        """The detector's people that the camera geometry allows, one detection per person."""
        detections = self.detector.detect(image)
        depths = [estimate_depth(d, intr, self.ranging) for d in detections]
        return filter_detections(detections, depths, intr, self.plausibility)

    def process(self, image: np.ndarray, stamp: float, intrinsics: Intrinsics | None = None) -> FrameResult:
        height, width = image.shape[:2]
        intr = (intrinsics or self.default_intrinsics).scaled_to(width, height)
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        detections = self.detect(image, intr) if self.tracker.should_detect() else None
        tracks = self.tracker.step(grey, stamp, detections)
        result = FrameResult(detected=detections is not None)
        alive = {t.track_id for t in self.tracker.tracks}
        for track_id in [k for k in self._memory if k not in alive]:
            memory = self._memory.pop(track_id)
            change = memory.engagement.lost()
            if change is not None:
                result.changes.append(
                    EngagementChange(
                        f"p{track_id:04d}",
                        change.previous,
                        change.current,
                        memory.distance or math.nan,
                        math.nan,
                    )
                )
        for track in tracks:
            state, change = self._observe(track, stamp, intr)
            result.people.append(state)
            if change is not None:
                result.changes.append(
                    EngagementChange(
                        state.person_id, change.previous, change.current, state.distance_m, state.bearing_rad
                    )
                )
        return result

    def _observe(self, track: Track, stamp: float, intr: Intrinsics) -> tuple[PersonState, Change | None]:
        memory = self._memory.setdefault(track.track_id, _PersonMemory(self.engagement_config))
        u = track.face.cx if track.face is not None else track.body.cx
        bearing = bearing_rad(u, intr)
        depth = estimate_depth(track, intr, self.ranging)
        distance = depth / max(math.cos(bearing), 1e-3)
        if math.isfinite(distance):
            a = self.ranging.smoothing
            memory.distance = (
                distance if memory.distance is None else (1 - a) * memory.distance + a * distance
            )
            memory.history.append((stamp, memory.distance))
        speed = _slope(memory.history, stamp - self.ranging.speed_window_s)
        frontal_now = track.face is not None and track.facing == FACING_FRONTAL
        obs = Observation(
            memory.distance if memory.distance is not None else math.inf, bearing, speed, frontal_now
        )
        change = memory.engagement.update(obs, stamp)
        state = PersonState(
            person_id=track.label,
            body=track.body,
            face=track.face,
            facing=track.facing if track.face is not None else "none",
            confidence=float(min(1.0, max(0.0, track.confidence))),
            distance_m=float(memory.distance) if memory.distance is not None else math.nan,
            bearing_rad=float(bearing),
            radial_speed_mps=float(speed),
            facing_duration_s=memory.engagement.facing_duration(stamp),
            tracked_duration_s=float(stamp - track.first_seen),
            engagement=memory.engagement.level,
            source=track.source,
            since_detected_s=float(max(0.0, stamp - track.last_detected)),
        )
        return state, change

    def forget(self) -> list[EngagementChange]:
        """Drop every track (e.g. the camera moved or the stream restarted); report them disengaged."""
        changes = []
        for track_id, memory in self._memory.items():
            change = memory.engagement.lost()
            if change is not None:
                changes.append(
                    EngagementChange(
                        f"p{track_id:04d}", change.previous, DISENGAGED, memory.distance or math.nan, math.nan
                    )
                )
        self._memory.clear()
        self.tracker.reset()
        return changes


def _slope(history: deque[tuple[float, float]], since: float) -> float:
    """Least-squares slope of (time, range) samples newer than `since`; 0 with too few samples."""
    points = [(t, d) for t, d in history if t >= since]
    if len(points) < 3:
        return 0.0
    t = np.array([p[0] for p in points])
    d = np.array([p[1] for p in points])
    span = t.max() - t.min()
    if span < 0.2:
        return 0.0
    return float(np.polyfit(t - t.mean(), d, 1)[0])

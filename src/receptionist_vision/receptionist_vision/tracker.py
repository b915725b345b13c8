"""Multi-person tracking with stable ids: detect every k frames, follow boxes by optical flow between.

At a detection frame, tracks and detections are paired greedily by body overlap (or, for two faces, by
how close the faces are); a paired track takes the new boxes, an unpaired detection starts a tentative
track that is confirmed on its next detection, and a track unpaired for too many detection cycles ends.
An id is never reused, so one person keeps one id while they stay in view.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from receptionist_vision.detection import FACING_NONE, Detection
from receptionist_vision.geometry import Box, iou
from receptionist_vision.median_flow import FlowConfig, apply_motion, estimate_motion


@dataclass
class TrackerConfig:
    detect_every_n_frames: int = 12  # 1: detect on every frame (0.8 s apart at 15 Hz)
    confirm_hits: int = 2  # detections before a new track is reported (1: at once)
    max_missed_detections: int = 2  # detection cycles a track survives unseen
    min_match_iou: float = 0.25
    max_face_shift: float = 1.5  # face-to-face pairing: centre distance in face widths
    smoothing: float = 0.6  # weight of the new detection in a paired track's boxes
    flow: FlowConfig = field(default_factory=FlowConfig)


@dataclass
class Track:
    track_id: int
    body: Box
    face: Box | None
    facing: str
    confidence: float
    source: str
    body_truncated: bool
    first_seen: float
    last_detected: float
    hits: int = 1
    misses: int = 0
    face_seen_at: float = -math.inf  # time a face was last detected on this track
    flow_ok: bool = True

    @property
    def label(self) -> str:
        return f"p{self.track_id:04d}"

    def anchor(self) -> Box:
        """The part of the box that moves with the person: the face, else the upper body core."""
        if self.face is not None:
            f = self.face
            return Box(f.x - 0.1 * f.w, f.y - 0.1 * f.h, 1.2 * f.w, 1.2 * f.h)
        b = self.body
        return Box(b.x + 0.25 * b.w, b.y + 0.08 * b.h, 0.5 * b.w, 0.45 * b.h)


def _blend(old: Box, new: Box, weight: float) -> Box:
    a = weight
    return Box(
        old.x + a * (new.x - old.x),
        old.y + a * (new.y - old.y),
        old.w + a * (new.w - old.w),
        old.h + a * (new.h - old.h),
    )


class PersonTracker:
    """Keeps the tracks; call `step()` once per frame with the detections when it was a detection frame."""

    def __init__(self, config: TrackerConfig | None = None) -> None:
        self.config = config or TrackerConfig()
        self.tracks: list[Track] = []
        self._next_id = 1
        self._frame_count = 0
        self._prev_grey: np.ndarray | None = None

    def should_detect(self) -> bool:
        """True when the coming frame is a detection frame."""
        k = max(1, int(self.config.detect_every_n_frames))
        return self._frame_count % k == 0 or self._prev_grey is None

    def reset(self) -> None:
        self.tracks.clear()
        self._prev_grey = None
        self._frame_count = 0

    def step(self, grey: np.ndarray, stamp: float, detections: list[Detection] | None) -> list[Track]:
        """Advance to this frame: flow-track every track, then fuse detections if given."""
        if self._prev_grey is not None and self._prev_grey.shape != grey.shape:
            self.reset()  # resolution changed: old boxes mean nothing now
        if self._prev_grey is not None:
            self._follow(self._prev_grey, grey)
        if detections is not None:
            self._associate(detections, stamp, grey.shape[1], grey.shape[0])
        self._prev_grey = grey
        self._frame_count += 1
        return self.confirmed()

    def confirmed(self) -> list[Track]:
        return [t for t in self.tracks if t.hits >= self.config.confirm_hits]

    def _follow(self, prev: np.ndarray, cur: np.ndarray) -> None:
        for track in self.tracks:
            anchor = track.anchor()
            motion = estimate_motion(prev, cur, anchor, self.config.flow)
            track.flow_ok = motion is not None
            if motion is None:
                continue  # coast: keep the box until the next detection
            centre = (anchor.cx, anchor.cy)
            track.body = apply_motion(track.body, motion, centre)
            if track.face is not None:
                track.face = apply_motion(track.face, motion, centre)

    def _pair_score(self, track: Track, det: Detection) -> float:
        if track.face is not None and det.face is not None:
            shift = math.hypot(track.face.cx - det.face.cx, track.face.cy - det.face.cy)
            size = max(track.face.w, det.face.w)
            ratio = track.face.w / max(det.face.w, 1e-6)
            if shift <= self.config.max_face_shift * size and 0.5 <= ratio <= 2.0:
                return 1.0 + (1.0 - shift / (self.config.max_face_shift * size))
        overlap = iou(track.body, det.body)
        return overlap if overlap >= self.config.min_match_iou else 0.0

    def _associate(self, detections: list[Detection], stamp: float, width: int, height: int) -> None:
        pairs = []
        for ti, track in enumerate(self.tracks):
            for di, det in enumerate(detections):
                score = self._pair_score(track, det)
                if score > 0.0:
                    pairs.append((score, ti, di))
        pairs.sort(reverse=True)
        used_t: set[int] = set()
        used_d: set[int] = set()
        for _, ti, di in pairs:
            if ti in used_t or di in used_d:
                continue
            used_t.add(ti)
            used_d.add(di)
            self._update(self.tracks[ti], detections[di], stamp)
        survivors = []
        for ti, track in enumerate(self.tracks):
            if ti not in used_t:
                track.misses += 1
                if track.misses > self.config.max_missed_detections or track.hits < self.config.confirm_hits:
                    continue  # gone (a tentative track that is not seen again was a false alarm)
                # Out of the picture: nothing left to track.
                if track.body.clip(width, height).area < 0.2 * track.body.area:
                    continue
            survivors.append(track)
        self.tracks = survivors
        for di, det in enumerate(detections):
            if di not in used_d:
                self.tracks.append(self._new_track(det, stamp))

    def _update(self, track: Track, det: Detection, stamp: float) -> None:
        a = self.config.smoothing
        track.body = _blend(track.body, det.body, a)
        if det.face is not None:
            track.face = det.face
            track.face_seen_at = stamp
        else:
            track.face = None
        track.facing = det.facing
        track.confidence = (1 - a) * track.confidence + a * det.confidence
        track.source = det.source
        track.body_truncated = det.body_truncated
        track.last_detected = stamp
        track.hits += 1
        track.misses = 0

    def _new_track(self, det: Detection, stamp: float) -> Track:
        track = Track(
            track_id=self._next_id,
            body=det.body,
            face=det.face,
            facing=det.facing if det.face is not None else FACING_NONE,
            confidence=det.confidence,
            source=det.source,
            body_truncated=det.body_truncated,
            first_seen=stamp,
            last_detected=stamp,
        )
        if det.face is not None:
            track.face_seen_at = stamp
        self._next_id += 1
        return track

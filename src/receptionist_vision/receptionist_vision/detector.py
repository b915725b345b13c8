"""Default person detector, no download needed: OpenCV's HOG people detector plus Haar face cascades.

HOG finds whole bodies (people from about 2 m away, when their legs are in view); the frontal and
profile face cascades find people whose body is cut by the image border or hidden behind a counter, and
tell whether they face the robot. A face implies a body box from typical proportions, so every
detection carries a full-height body box that distance estimation can use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np

from receptionist_vision.detection import FACING_FRONTAL, FACING_NONE, FACING_PROFILE, Detection
from receptionist_vision.geometry import Box, iou


@dataclass
class HogHaarConfig:
    hog_enabled: bool = True
    hog_image_scale: float = 0.6  # HOG runs on a downscaled copy: people >= ~170 px tall are found
    hog_win_stride: int = 8
    hog_pyramid_scale: float = 1.08
    hog_hit_threshold: float = 0.3  # SVM margin; higher is stricter
    hog_min_weight: float = 0.6  # drop weaker windows after grouping
    face_enabled: bool = True
    frontal_cascade: str = "haarcascade_frontalface_default.xml"
    profile_cascade: str = "haarcascade_profileface.xml"  # "" disables profile faces
    face_min_neighbors: int = 4
    face_max_fraction: float = 0.6  # largest face, as a fraction of the image height
    # Near pass: the whole image at reduced size finds faces of >= 20 / face_near_scale pixels (30 px).
    face_near_scale: float = 0.67
    face_near_scale_factor: float = 1.1
    # Far pass: a horizontal band of rows where the faces of distant people appear (they are
    # close to the horizon for a level camera at about head height), upscaled so that faces of
    # about 10 px are found. An empty band (top >= bottom) disables it.
    face_far_upscale: float = 2.0
    face_far_band: tuple[float, float] = (0.15, 0.65)  # rows, fractions of the image height
    face_far_min_px: int = 10  # smaller faces (people beyond ~7 m) are not looked for
    face_far_max_px: int = 48  # larger faces are the near pass's job
    face_far_scale_factor: float = 1.15
    profile_near: bool = True
    profile_far: bool = True
    # Body from a face box, in face-box sizes. The frontal Haar box is about as wide as the cheekbones,
    # ~0.14 m for an adult (so 1.65 m is ~12 boxes); the profile box spans ear to nose, ~0.2 m.
    frontal_body_height_per_face: float = 12.0
    frontal_body_width_per_face: float = 3.2
    frontal_head_top_above_face: float = 0.55
    profile_body_height_per_face: float = 8.3
    profile_body_width_per_face: float = 2.0
    profile_head_top_above_face: float = 0.2
    nms_iou: float = 0.4


def cascade_path(name: str) -> str:
    """A cascade file by name (from cv2.data.haarcascades) or a full path given by the operator."""
    if os.path.isabs(name) or os.path.exists(name):
        return name
    return os.path.join(cv2.data.haarcascades, name)


def _load_cascade(name: str) -> cv2.CascadeClassifier | None:
    if not name:
        return None
    cascade = cv2.CascadeClassifier(cascade_path(name))
    if cascade.empty():
        raise FileNotFoundError(f"cannot load cascade {name!r} (looked in {cv2.data.haarcascades})")
    return cascade


def nms(boxes: list[Box], scores: list[float], iou_threshold: float) -> list[int]:
    """Greedy non-maximum suppression; indices of the kept boxes, best first."""
    order = sorted(range(len(boxes)), key=lambda i: -scores[i])
    kept: list[int] = []
    for i in order:
        if all(iou(boxes[i], boxes[j]) < iou_threshold for j in kept):
            kept.append(i)
    return kept


def _contains_face(body: Box, face: Box) -> bool:
    """A face belongs to a body box when it sits in its upper third at a plausible size."""
    return (
        body.x <= face.cx <= body.x2
        and body.y - 0.1 * body.h <= face.cy <= body.y + 0.35 * body.h
        and 0.05 * body.h <= face.h <= 0.2 * body.h
    )


class HogHaarDetector:
    """Detect people in a BGR or grey image; returns Detection objects in full-image pixels."""

    def __init__(self, config: HogHaarConfig | None = None) -> None:
        self.config = config or HogHaarConfig()
        self._hog = cv2.HOGDescriptor()
        self._hog.setSVMDetector(cv2.HOGDescriptor_getDefaultPeopleDetector())
        self._frontal = _load_cascade(self.config.frontal_cascade) if self.config.face_enabled else None
        self._profile = _load_cascade(self.config.profile_cascade) if self.config.face_enabled else None

    # -- cues -------------------------------------------------------------------------------------
    def detect_bodies(self, grey: np.ndarray) -> list[tuple[Box, float]]:
        """Full-body HOG windows, tightened to the person (the 64x128 window has margins)."""
        c = self.config
        s = c.hog_image_scale
        small = cv2.resize(grey, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s != 1.0 else grey
        if small.shape[0] < 128 or small.shape[1] < 64:
            return []
        rects, weights = self._hog.detectMultiScale(
            small,
            hitThreshold=c.hog_hit_threshold,
            winStride=(c.hog_win_stride, c.hog_win_stride),
            padding=(8, 8),
            scale=c.hog_pyramid_scale,
            groupThreshold=2,
        )
        out = []
        for (x, y, w, h), weight in zip(rects, np.ravel(weights) if len(rects) else [], strict=True):
            if weight < c.hog_min_weight:
                continue
            # The default people detector's window has ~8 px margin left/right and ~16 px top/bottom.
            box = Box((x + 0.15 * w) / s, (y + 0.09 * h) / s, 0.7 * w / s, 0.82 * h / s)
            out.append((box, float(weight)))
        keep = nms([b for b, _ in out], [w for _, w in out], 0.5)
        return [out[i] for i in keep]

    def _cascade(
        self,
        cascade: cv2.CascadeClassifier,
        grey: np.ndarray,
        scale_factor: float,
        min_px: int,
        max_px: int,
        flip: bool,
    ) -> list[tuple[Box, float]]:
        image = cv2.flip(grey, 1) if flip else grey
        rects, _, levels = cascade.detectMultiScale3(
            image,
            scaleFactor=scale_factor,
            minNeighbors=self.config.face_min_neighbors,
            minSize=(min_px, min_px),
            maxSize=(max_px, max_px),
            outputRejectLevels=True,
        )
        width = image.shape[1]
        out = []
        for (x, y, w, h), level in zip(rects, np.ravel(levels) if len(rects) else [], strict=True):
            x = width - x - w if flip else x
            out.append((Box(float(x), float(y), float(w), float(h)), float(level)))
        return out

    def _faces_in(
        self,
        grey: np.ndarray,
        scale: float,
        y0: int,
        scale_factor: float,
        min_px: int,
        max_px: int,
        profile: bool,
    ) -> list[tuple[Box, float, str]]:
        """Faces in `grey` (already resized by `scale` and cropped at row y0 of the full image)."""
        passes: list[tuple[cv2.CascadeClassifier, str, bool]] = []
        if self._frontal is not None:
            passes.append((self._frontal, FACING_FRONTAL, False))
        if profile and self._profile is not None:
            passes += [(self._profile, FACING_PROFILE, False), (self._profile, FACING_PROFILE, True)]
        found = []
        for cascade, facing, flip in passes:
            for box, level in self._cascade(cascade, grey, scale_factor, min_px, max_px, flip):
                full = Box(box.x / scale, box.y / scale + y0, box.w / scale, box.h / scale)
                found.append((full, level, facing))
        return found

    def detect_faces(self, grey: np.ndarray) -> list[tuple[Box, float, str]]:
        """Frontal and profile faces from the near and far passes, merged by NMS (frontal first)."""
        c = self.config
        height = grey.shape[0]
        found: list[tuple[Box, float, str]] = []
        s = c.face_near_scale
        near = cv2.resize(grey, None, fx=s, fy=s, interpolation=cv2.INTER_AREA) if s != 1.0 else grey
        found += self._faces_in(
            near, s, 0, c.face_near_scale_factor, 20, int(near.shape[0] * c.face_max_fraction), c.profile_near
        )
        top, bottom = int(c.face_far_band[0] * height), int(c.face_far_band[1] * height)
        if bottom - top >= 12 and c.face_far_upscale > 0.0:
            u = c.face_far_upscale
            band = cv2.resize(grey[top:bottom], None, fx=u, fy=u, interpolation=cv2.INTER_LINEAR)
            found += self._faces_in(
                band,
                u,
                top,
                c.face_far_scale_factor,
                max(20, int(c.face_far_min_px * u)),
                int(c.face_far_max_px * u),
                c.profile_far,
            )
        scores = [w + (1000.0 if f == FACING_FRONTAL else 0.0) for _, w, f in found]
        keep = nms([b for b, _, _ in found], scores, c.nms_iou)
        # Also drop a face whose centre lies inside a better one (the passes overlap in scale).
        kept: list[int] = []
        for i in keep:
            b = found[i][0]
            if all(not found[j][0].contains(b.cx, b.cy) for j in kept):
                kept.append(i)
        return self._drop_faces_on_bodies([found[i] for i in kept])

    def _drop_faces_on_bodies(self, faces: list[tuple[Box, float, str]]) -> list[tuple[Box, float, str]]:
        """A smaller 'face' on the chest of a bigger face's body is a print or badge, not a person."""
        ordered = sorted(faces, key=lambda f: -f[0].h)
        kept: list[tuple[Box, float, str]] = []
        for face in ordered:
            box = face[0]
            on_body = any(
                box.h < 0.8 * big.h
                and box.cy > big.y2 + 0.3 * big.h
                and self.body_from_face(big, facing).contains(box.cx, box.cy)
                for big, _, facing in kept
            )
            if not on_body:
                kept.append(face)
        return kept

    def body_from_face(self, face: Box, facing: str) -> Box:
        c = self.config
        if facing == FACING_PROFILE:
            height, width, top = (
                c.profile_body_height_per_face,
                c.profile_body_width_per_face,
                c.profile_head_top_above_face,
            )
        else:
            height, width, top = (
                c.frontal_body_height_per_face,
                c.frontal_body_width_per_face,
                c.frontal_head_top_above_face,
            )
        h, w = height * face.h, width * face.w
        return Box(face.cx - w / 2.0, face.y - top * face.h, w, h)

    # -- fusion -----------------------------------------------------------------------------------
    def detect(self, image: np.ndarray) -> list[Detection]:
        grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
        height, width = grey.shape[:2]
        bodies = self.detect_bodies(grey) if self.config.hog_enabled else []
        faces = self.detect_faces(grey) if self.config.face_enabled else []
        used_faces: set[int] = set()
        detections: list[Detection] = []
        for body, weight in bodies:
            match = next(
                (i for i, (f, _, _) in enumerate(faces) if i not in used_faces and _contains_face(body, f)),
                None,
            )
            conf = float(1.0 / (1.0 + np.exp(-2.0 * weight)))
            if match is None:
                detections.append(
                    Detection(body, conf, None, FACING_NONE, "hog", _truncated(body, width, height))
                )
            else:
                used_faces.add(match)
                face, _, facing = faces[match]
                detections.append(
                    Detection(
                        body, min(1.0, conf + 0.1), face, facing, "hog+face", _truncated(body, width, height)
                    )
                )
        for i, (face, level, facing) in enumerate(faces):
            if i in used_faces:
                continue
            body = self.body_from_face(face, facing)
            conf = float(1.0 / (1.0 + np.exp(-0.5 * level)))
            detections.append(
                Detection(
                    body.clip(width, height), conf, face, facing, "face", _truncated(body, width, height)
                )
            )
        return detections


def _truncated(body: Box, width: int, height: int) -> bool:
    return body.y < 1.0 or body.y2 > height - 1.0 or body.x < 1.0 or body.x2 > width - 1.0

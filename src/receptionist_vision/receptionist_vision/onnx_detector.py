"""Optional person detector on a cv2.dnn ONNX model, used when the operator configures a model path.

Two common output layouts are understood:
  "yolov8": (1, 4 + classes, N) rows of centre x, centre y, width, height (input pixels) and class
            scores, as exported by Ultralytics YOLOv8/YOLO11 (`format=onnx`).
  "ssd":    (1, 1, N, 7) rows of image id, label, confidence, x1, y1, x2, y2 (0..1), the
            DetectionOutput layout of SSD-style models.
Nothing is downloaded: the model file must be on disk. Faces (for engagement) still come from the
Haar cascades, run inside each person box.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import cv2
import numpy as np

from receptionist_vision.detection import FACING_NONE, Detection
from receptionist_vision.detector import HogHaarConfig, HogHaarDetector, nms
from receptionist_vision.geometry import Box

FORMATS = ("yolov8", "ssd")


@dataclass
class OnnxConfig:
    model_path: str = ""
    output_format: str = "yolov8"
    input_size: int = 640
    scale: float = 1.0 / 255.0
    swap_rb: bool = True  # the model expects RGB
    person_class: int = 0  # COCO "person" is 0 for YOLO exports, 1 for most SSD exports
    score_threshold: float = 0.5
    nms_iou: float = 0.45


class OnnxPersonDetector:
    def __init__(self, config: OnnxConfig, faces: HogHaarConfig | None = None) -> None:
        if config.output_format not in FORMATS:
            raise ValueError(f"unknown onnx output_format {config.output_format!r}; use one of {FORMATS}")
        if not os.path.isfile(config.model_path):
            raise FileNotFoundError(f"ONNX model not found: {config.model_path!r}")
        self.config = config
        self.net = cv2.dnn.readNetFromONNX(config.model_path)
        face_cfg = faces or HogHaarConfig()
        face_cfg.hog_enabled = False
        self._faces = HogHaarDetector(face_cfg) if face_cfg.face_enabled else None

    def _boxes(self, image: np.ndarray) -> list[tuple[Box, float]]:
        c = self.config
        height, width = image.shape[:2]
        bgr = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
        blob = cv2.dnn.blobFromImage(bgr, c.scale, (c.input_size, c.input_size), swapRB=c.swap_rb, crop=False)
        self.net.setInput(blob)
        out = np.asarray(self.net.forward(), dtype=np.float32)
        found: list[tuple[Box, float]] = []
        if c.output_format == "yolov8":
            rows = out.reshape(out.shape[-2], out.shape[-1]).T  # (N, 4 + classes)
            if rows.shape[1] <= 4 + c.person_class:
                raise ValueError(f"model output {out.shape} has no class {c.person_class}")
            sx, sy = width / c.input_size, height / c.input_size
            for cx, cy, w, h, score in rows[:, [0, 1, 2, 3, 4 + c.person_class]]:
                if score >= c.score_threshold:
                    found.append((Box((cx - w / 2) * sx, (cy - h / 2) * sy, w * sx, h * sy), float(score)))
        else:
            for _, label, score, x1, y1, x2, y2 in out.reshape(-1, 7):
                if int(label) == c.person_class and score >= c.score_threshold:
                    found.append(
                        (Box(x1 * width, y1 * height, (x2 - x1) * width, (y2 - y1) * height), float(score))
                    )
        keep = nms([b for b, _ in found], [s for _, s in found], c.nms_iou)
        return [(found[i][0].clip(width, height), found[i][1]) for i in keep]

    def detect(self, image: np.ndarray) -> list[Detection]:
        height = image.shape[0]
        bodies = self._boxes(image)
        faces = []
        if self._faces is not None and bodies:
            grey = image if image.ndim == 2 else cv2.cvtColor(image, cv2.COLOR_BGR2GRAY)
            faces = self._faces.detect_faces(grey)
        detections = []
        for body, score in bodies:
            face = next(
                (
                    (f, facing)
                    for f, _, facing in faces
                    if body.contains(f.cx, f.cy) and f.cy <= body.y + 0.4 * body.h
                ),
                None,
            )
            truncated = body.y < 1.0 or body.y2 > height - 1.0
            detections.append(
                Detection(
                    body,
                    score,
                    face[0] if face else None,
                    face[1] if face else FACING_NONE,
                    "onnx",
                    truncated,
                )
            )
        return detections

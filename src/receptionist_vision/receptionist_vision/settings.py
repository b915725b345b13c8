"""Parameters of the person_perception node: names, defaults, descriptions, and the objects they build.

The node declares exactly these (values come from config/vision.yaml); the bench and the tests build
the same pipeline from the same YAML with `load_yaml()` and `build_perception()`, so what is measured is
what runs.
"""

from __future__ import annotations

import math
from dataclasses import fields
from pathlib import Path
from typing import Any

import yaml

from receptionist_vision.detector import HogHaarConfig, HogHaarDetector
from receptionist_vision.engagement import EngagementConfig
from receptionist_vision.follow_check import FollowConfig
from receptionist_vision.geometry import Intrinsics
from receptionist_vision.median_flow import FlowConfig
from receptionist_vision.onnx_detector import OnnxConfig, OnnxPersonDetector
from receptionist_vision.perception import PersonPerception, RangeConfig
from receptionist_vision.plausibility import PlausibilityConfig
from receptionist_vision.tracker import TrackerConfig

NODE_NAME = "person_perception"

# Top-level parameters: (default, description).
NODE_PARAMETERS: dict[str, tuple[Any, str]] = {
    "image_topic": ("/camera/image_raw", "sensor_msgs/Image to watch (rgb8, bgr8 or mono8)"),
    "camera_info_topic": (
        "/camera/camera_info",
        "sensor_msgs/CameraInfo of that camera (K gives fx, fy, cx, cy)",
    ),
    "people_topic": (
        "/receptionist/people",
        "receptionist_interfaces/TrackedPeople, one per processed frame",
    ),
    "engagement_topic": (
        "/receptionist/engagement",
        "receptionist_interfaces/EngagementEvent on every level change",
    ),
    "annotated_topic": (
        "/camera/annotated",
        "sensor_msgs/Image (bgr8) with boxes, ids, range and engagement",
    ),
    "publish_annotated": (True, "publish the annotated image (only while someone subscribes)"),
    "blur_faces": (True, "privacy: pixelate faces in the annotated image"),
    "max_image_pixels": (4194304, "larger images are rejected with a warning (width x height)"),
    "processing_width": (640, "wider images are downscaled to this width before detection"),
    "default_hfov_deg": (60.0, "horizontal field of view assumed while no valid CameraInfo has arrived"),
    "camera_info_wait_s": (
        1.0,
        "warn that default intrinsics are used if no CameraInfo came within this time",
    ),
    "detector_type": ("hog_haar", "'hog_haar' (OpenCV HOG people + Haar faces, no download) or 'onnx'"),
    "follow.request_topic": (
        "/receptionist/escort_person",
        "std_msgs/String: person id (or '*') starts the follow-check, '' stops it",
    ),
    "follow.status_topic": (
        "/receptionist/follow_status",
        "receptionist_interfaces/FollowStatus while escorting",
    ),
    "follow.image_topic": (
        "/rear_camera/image_raw",
        "camera facing the visitor during an escort; '' uses image_topic (robot turns back)",
    ),
    "follow.camera_info_topic": ("/rear_camera/camera_info", "CameraInfo of follow.image_topic"),
    "follow.status_rate_hz": (5.0, "FollowStatus rate while an escort is active"),
}

DESCRIPTIONS: dict[str, str] = {
    "hog_enabled": "run the HOG full-body people detector",
    "hog_image_scale": "HOG runs on the image scaled by this (smaller is faster, misses small people)",
    "hog_win_stride": "HOG window stride, pixels",
    "hog_pyramid_scale": "HOG image pyramid step",
    "hog_hit_threshold": "HOG SVM margin a window needs (higher: fewer false alarms)",
    "hog_min_weight": "grouped HOG detections weaker than this are dropped",
    "face_enabled": "run the Haar face cascades (needed for engagement)",
    "frontal_cascade": "frontal face cascade file (name in cv2.data.haarcascades, or a path)",
    "profile_cascade": "profile face cascade file; '' disables profile faces",
    "face_min_neighbors": "cascade minNeighbors (higher: fewer false alarms, fewer far faces)",
    "face_max_fraction": "largest face searched, fraction of the image height",
    "face_near_scale": "near pass: image scale (0.67 finds faces >= 30 px, i.e. people up to ~2.5 m)",
    "face_near_scale_factor": "near pass cascade scale step",
    "face_far_upscale": "far pass: upscale of the horizon band (2.0 finds ~10 px faces)",
    "face_far_band": "far pass: [top, bottom] rows as fractions of the image height",
    "face_far_min_px": "far pass: smallest face, pixels of the original image (10: people up to ~7 m)",
    "face_far_max_px": "far pass: largest face, pixels of the original image",
    "face_far_scale_factor": "far pass cascade scale step",
    "profile_near": "look for profile faces in the near pass",
    "profile_far": "look for profile faces in the far pass (the slowest part of detection)",
    "frontal_body_height_per_face": "standing height in frontal face-box heights (body box from a face)",
    "frontal_body_width_per_face": "body width in frontal face-box widths",
    "frontal_head_top_above_face": "top of the head above a frontal face box, in face-box heights",
    "profile_body_height_per_face": "standing height in profile face-box heights",
    "profile_body_width_per_face": "body width in profile face-box widths",
    "profile_head_top_above_face": "top of the head above a profile face box, in face-box heights",
    "nms_iou": "overlap above which two boxes are the same detection (non-maximum suppression)",
    "model_path": "ONNX person detector file (detector_type 'onnx'); nothing is downloaded",
    "output_format": "ONNX output layout: 'yolov8' or 'ssd'",
    "input_size": "ONNX model input size, pixels (square)",
    "scale": "ONNX input pixel scale (1/255 for most exports)",
    "swap_rb": "the ONNX model expects RGB input",
    "person_class": "class index of 'person' in the ONNX model's output",
    "score_threshold": "ONNX detections below this score are dropped",
    "detect_every_n_frames": "run the detector every k frames and track by optical flow in between",
    "confirm_hits": "detections before a new person is reported (filters one-off false alarms)",
    "max_missed_detections": "detection cycles a person may go unseen before the track ends",
    "min_match_iou": "body overlap needed to pair a detection with a track",
    "max_face_shift": "face-to-face pairing: largest centre shift, in face widths",
    "smoothing": "weight of the newest measurement (0..1)",
    "max_points": "optical flow: corners tracked per person",
    "min_points": "optical flow: fewer good corners than this and the box coasts",
    "window_px": "optical flow: Lucas-Kanade window, pixels",
    "pyramid_levels": "optical flow: pyramid levels",
    "max_forward_backward_px": "optical flow: forward-backward error above which a corner is dropped",
    "person_height_m": "standing height assumed when ranging from a body box, metres",
    "frontal_face_width_m": "real width spanned by a frontal face box, metres (ranging from faces)",
    "profile_face_width_m": "real width spanned by a profile face box, metres",
    "speed_window_s": "radial speed: slope of the range over this time, seconds",
    "zone_distance_m": "engagement zone: closer than this, metres",
    "zone_exit_distance_m": "an engaged person leaves the zone beyond this, metres",
    "zone_max_bearing_rad": "engagement zone: within this angle of straight ahead, radians",
    "facing_time_s": "facing the robot this long inside the zone means 'wants to talk', seconds",
    "face_memory_s": "gaps in face detection shorter than this do not break facing, seconds",
    "leaving_speed_mps": "moving away faster than this is leaving, m/s",
    "disengage_timeout_s": "time in DISENGAGING before DISENGAGED, seconds",
    "enabled": "drop detections whose head cannot be a person's (camera geometry) and merge duplicates",
    "camera_height_m": "camera above the floor, metres (level camera); <= 0 disables the head-height check",
    "min_head_height_m": "lowest plausible head centre above the floor, metres (child, wheelchair user)",
    "max_head_height_m": "highest plausible head centre above the floor, metres",
    "min_range_m": "detections nearer than this (optical-axis depth) are dropped, metres",
    "max_range_m": "detections farther than this (optical-axis depth) are dropped, metres",
    "duplicate_iou": "body-box overlap above which two detections are the same person",
    "max_distance_m": "follow-check: a visitor farther than this has fallen behind, metres",
    "max_bearing_rad": "follow-check: ignore people farther to the side than this, radians",
    "lost_timeout_s": "follow-check: unseen this long means not following, seconds",
}

SECTIONS: dict[str, type] = {
    "detector": HogHaarConfig,
    "onnx": OnnxConfig,
    "tracker": TrackerConfig,
    "flow": FlowConfig,
    "range": RangeConfig,
    "plausibility": PlausibilityConfig,
    "engagement": EngagementConfig,
    "follow": FollowConfig,
}


def _section_parameters() -> dict[str, tuple[Any, str]]:
    out: dict[str, tuple[Any, str]] = {}
    for section, cls in SECTIONS.items():
        instance = cls()
        for f in fields(cls):
            if f.name == "flow":  # nested dataclass: declared as its own section
                continue
            default = getattr(instance, f.name)
            if isinstance(default, tuple):
                default = [float(v) for v in default]
            out[f"{section}.{f.name}"] = (default, DESCRIPTIONS[f.name])
    return out


PARAMETERS: dict[str, tuple[Any, str]] = {**NODE_PARAMETERS, **_section_parameters()}


def defaults() -> dict[str, Any]:
    return {name: default for name, (default, _) in PARAMETERS.items()}


def _build(section: str, values: dict[str, Any]) -> Any:
    cls = SECTIONS[section]
    kwargs = {}
    for f in fields(cls):
        key = f"{section}.{f.name}"
        if key in values:
            value = values[key]
            kwargs[f.name] = tuple(value) if isinstance(value, list) else value
    if cls is TrackerConfig:
        kwargs["flow"] = _build("flow", values)
    return cls(**kwargs)


def configs(values: dict[str, Any]) -> dict[str, Any]:
    """Dataclass configs of every section from flat parameter values (missing ones: defaults)."""
    merged = {**defaults(), **values}
    unknown = sorted(set(values) - set(PARAMETERS))
    if unknown:
        raise ValueError(f"unknown vision parameters: {', '.join(unknown)}")
    return {section: _build(section, merged) for section in SECTIONS}


def build_detector(values: dict[str, Any]) -> HogHaarDetector | OnnxPersonDetector:
    merged = {**defaults(), **values}
    cfg = configs(values)
    kind = merged["detector_type"]
    if kind == "hog_haar":
        return HogHaarDetector(cfg["detector"])
    if kind == "onnx":
        return OnnxPersonDetector(cfg["onnx"], cfg["detector"])
    raise ValueError(f"unknown detector_type {kind!r}: use 'hog_haar' or 'onnx'")


def default_intrinsics(values: dict[str, Any], width: int = 640, height: int = 480) -> Intrinsics:
    merged = {**defaults(), **values}
    return Intrinsics.from_fov(width, height, math.radians(float(merged["default_hfov_deg"])))


def build_perception(values: dict[str, Any]) -> PersonPerception:
    cfg = configs(values)
    return PersonPerception(
        build_detector(values),
        default_intrinsics(values),
        cfg["tracker"],
        cfg["range"],
        cfg["engagement"],
        cfg["plausibility"],
    )


def flatten(tree: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in tree.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, name + "."))
        else:
            out[name] = value
    return out


def load_yaml(path: str | Path, node_name: str = NODE_NAME) -> dict[str, Any]:
    """Flat parameter values of `node_name` in a ROS 2 parameter file."""
    with open(path, encoding="utf-8") as handle:
        tree = yaml.safe_load(handle) or {}
    section = tree.get(node_name, tree.get(f"/{node_name}", {}))
    return flatten(section.get("ros__parameters", {}))

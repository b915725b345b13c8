"""Camera-geometry checks: where a person's head can be, and one detection per person."""

import math

import pytest

from receptionist_vision.detection import FACING_FRONTAL, Detection
from receptionist_vision.geometry import Box, Intrinsics
from receptionist_vision.plausibility import (
    PlausibilityConfig,
    filter_detections,
    head_height_m,
    implausible,
    merge_duplicates,
)

INTR = Intrinsics.from_fov(640, 480, math.radians(60.0))
CFG = PlausibilityConfig(camera_height_m=1.2)


def face_at(height_m: float, depth_m: float, u: float = 320.0, face_m: float = 0.14) -> Detection:
    """A face detection of a head centred `height_m` above the floor at `depth_m` (level camera at 1.2 m)."""
    row = INTR.cy - INTR.fy * (height_m - 1.2) / depth_m
    w = INTR.fx * face_m / depth_m
    face = Box(u - w / 2, row - w / 2, w, w)
    body = Box(u - 1.6 * w, face.y - 0.55 * w, 3.2 * w, 12 * w)
    return Detection(body, 0.8, face, FACING_FRONTAL, "face")


def test_head_height_follows_the_pinhole_model():
    assert head_height_m(INTR.cy, 3.0, INTR, 1.2) == pytest.approx(1.2)
    row = INTR.cy - INTR.fy * 0.4 / 2.0  # 0.4 m above the camera at 2 m
    assert head_height_m(row, 2.0, INTR, 1.2) == pytest.approx(1.6)


def test_standing_and_seated_people_are_plausible():
    assert implausible(face_at(1.55, 2.0), 2.0, INTR, CFG) is None
    assert implausible(face_at(1.1, 1.5), 1.5, INTR, CFG) is None  # seated, or a child
    assert implausible(face_at(1.75, 4.0), 4.0, INTR, CFG) is None


def test_faces_on_a_portrait_high_on_the_wall_or_on_the_floor_are_not():
    assert "head 2.60 m" in implausible(face_at(2.6, 5.0), 5.0, INTR, CFG)
    assert "head 0.30 m" in implausible(face_at(0.3, 2.0), 2.0, INTR, CFG)


def test_range_limits_and_disabled_height_check():
    assert "depth" in implausible(face_at(1.5, 0.4), 0.4, INTR, CFG)
    assert "depth" in implausible(face_at(1.5, 15.0), 15.0, INTR, CFG)
    assert "depth" in implausible(face_at(1.5, 2.0), math.inf, INTR, CFG)
    no_height = PlausibilityConfig(camera_height_m=0.0)
    assert implausible(face_at(2.6, 5.0), 5.0, INTR, no_height) is None


def test_a_body_and_a_face_of_one_person_are_merged_keeping_the_face():
    person = face_at(1.55, 2.0)
    b = person.body
    body_only = Detection(Box(b.x + 5, b.y, b.w, b.h), 0.95, source="hog")
    kept = merge_duplicates([body_only, person], 0.45)
    assert kept == [person]


def test_two_people_shoulder_to_shoulder_stay_two():
    w = INTR.fx * 0.5 / 2.0  # head centres 0.5 m apart at 2 m
    left, right = face_at(1.6, 2.0, 320 - w / 2), face_at(1.6, 2.0, 320 + w / 2)
    assert len(merge_duplicates([left, right], 0.45)) == 2


def test_filter_drops_the_implausible_and_keeps_order_free_of_duplicates():
    real, portrait = face_at(1.6, 2.0), face_at(2.7, 6.0)
    assert filter_detections([portrait, real], [6.0, 2.0], INTR, CFG) == [real]
    off = PlausibilityConfig(enabled=False)
    assert filter_detections([portrait, real], [6.0, 2.0], INTR, off) == [portrait, real]

import math

import pytest

from receptionist_vision.geometry import Box, Intrinsics, bearing_rad, distance_from_height, iou


def test_bearing_is_positive_to_the_left_rep103():
    intr = Intrinsics.from_fov(640, 480, math.radians(60))
    assert bearing_rad(intr.cx, intr) == pytest.approx(0.0)
    assert bearing_rad(0.0, intr) > 0.0  # left edge of the image: robot's left
    assert bearing_rad(639.0, intr) < 0.0
    assert bearing_rad(0.0, intr) == pytest.approx(math.radians(30), abs=0.01)


def test_pinhole_distance_from_height():
    assert distance_from_height(554.0 * 1.65 / 2.0, 1.65, 554.0) == pytest.approx(2.0)
    assert distance_from_height(0.0, 1.65, 554.0) == math.inf


def test_intrinsics_from_camera_info_k():
    k = [500.0, 0.0, 320.0, 0.0, 510.0, 240.0, 0.0, 0.0, 1.0]
    intr = Intrinsics.from_k(640, 480, k)
    assert (intr.fx, intr.fy, intr.cx, intr.cy) == (500.0, 510.0, 320.0, 240.0)
    assert Intrinsics.from_k(640, 480, [0.0] * 9) is None  # uncalibrated camera
    assert Intrinsics.from_k(0, 480, k) is None
    assert Intrinsics.from_k(640, 480, k[:5]) is None
    half = intr.scaled_to(320, 240)
    assert (half.fx, half.cx) == (250.0, 160.0)


def test_box_iou_and_clip():
    a, b = Box(0, 0, 10, 10), Box(5, 0, 10, 10)
    assert iou(a, b) == pytest.approx(50 / 150)
    assert iou(a, Box(20, 20, 5, 5)) == 0.0
    assert Box(-5, -5, 20, 20).clip(10, 10) == Box(0, 0, 10, 10)

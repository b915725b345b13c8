"""The default detector on composed lobby images, and the optional ONNX detector on hand-made models."""

import math

import cv2
import numpy as np
import pytest
from onnx_builder import constant_detector

from receptionist_vision.detection import FACING_FRONTAL
from receptionist_vision.detector import HogHaarDetector
from receptionist_vision.evaluation import dataset
from receptionist_vision.onnx_detector import OnnxConfig, OnnxPersonDetector


@pytest.fixture(scope="module")
def near_sample():
    return next(dataset.approach_sequence(1, 3, "astronaut", 1.5, 1.5, bearing_rad=0.2))


@pytest.fixture(scope="module")
def detector():
    cv2.setNumThreads(1)
    return HogHaarDetector()


def test_person_at_one_and_a_half_metres_is_found_facing(detector, near_sample):
    sample = near_sample
    person = sample.people[0]
    found = [d for d in detector.detect(sample.image) if d.body.contains(*person.head)]
    assert len(found) == 1
    det = found[0]
    assert det.face is not None and det.facing == FACING_FRONTAL
    assert 0.5 <= det.body.h / person.box.h <= 2.0
    assert det.body.cx < dataset.DEFAULT_INTRINSICS.cx  # bearing +0.2 rad: left half of the image


def test_person_at_three_and_a_half_metres_is_found_by_the_far_pass(detector):
    sample = next(dataset.approach_sequence(1, 4, "astronaut", 3.5, 3.5))
    person = sample.people[0]
    assert any(d.body.contains(*person.head) for d in detector.detect(sample.image))


def test_empty_lobbies_give_no_false_alarm(detector):
    empty = list(dataset.generate(4, 5, empty_fraction=1.0))
    assert all(not s.people for s in empty)
    assert sum(len(detector.detect(s.image)) for s in empty) == 0


def test_grey_images_work(detector, near_sample):
    sample = near_sample
    grey = cv2.cvtColor(sample.image, cv2.COLOR_BGR2GRAY)
    assert any(d.body.contains(*sample.people[0].head) for d in detector.detect(grey))


def test_missing_cascade_is_a_clear_error():
    from receptionist_vision.detector import HogHaarConfig

    with pytest.raises(FileNotFoundError, match="cascade"):
        HogHaarDetector(HogHaarConfig(frontal_cascade="no_such_cascade.xml"))


def test_onnx_ssd_layout(tmp_path):
    out = np.zeros((1, 1, 3, 7), np.float32)
    out[0, 0, 0] = [0, 1, 0.9, 0.25, 0.1, 0.5, 0.9]  # person
    out[0, 0, 1] = [0, 3, 0.95, 0.6, 0.1, 0.8, 0.5]  # another class
    out[0, 0, 2] = [0, 1, 0.2, 0.6, 0.1, 0.8, 0.5]  # person, too unsure
    path = tmp_path / "ssd.onnx"
    constant_detector(str(path), 64, out)
    det = OnnxPersonDetector(OnnxConfig(str(path), "ssd", 64, person_class=1), None)
    found = det.detect(np.zeros((480, 640, 3), np.uint8))
    assert len(found) == 1
    body = found[0].body
    assert (body.x, body.y, body.w, body.h) == pytest.approx((160, 48, 160, 384))
    assert found[0].confidence == pytest.approx(0.9) and found[0].source == "onnx"


def test_onnx_yolov8_layout(tmp_path):
    n = 4
    out = np.zeros((1, 4 + 2, n), np.float32)  # two classes: person (0) and something else (1)
    out[0, :, 0] = [32, 32, 16, 40, 0.8, 0.1]  # person in the middle of a 64x64 input
    out[0, :, 1] = [33, 32, 16, 40, 0.7, 0.1]  # duplicate: suppressed
    out[0, :, 2] = [10, 10, 8, 8, 0.1, 0.9]  # not a person
    path = tmp_path / "yolo.onnx"
    constant_detector(str(path), 64, out)
    det = OnnxPersonDetector(OnnxConfig(str(path), "yolov8", 64), None)
    found = det.detect(np.zeros((480, 640, 3), np.uint8))
    assert len(found) == 1
    assert found[0].body.cx == pytest.approx(320, abs=1) and found[0].body.h == pytest.approx(300)


def test_onnx_bad_configuration_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="ONNX model not found"):
        OnnxPersonDetector(OnnxConfig(str(tmp_path / "missing.onnx")))
    with pytest.raises(ValueError, match="output_format"):
        OnnxPersonDetector(OnnxConfig(str(tmp_path / "missing.onnx"), output_format="detr"))


def test_bearing_of_detection_matches_ground_truth(detector):
    sample = next(dataset.approach_sequence(1, 8, "astronaut", 2.0, 2.0, bearing_rad=-0.3))
    person = sample.people[0]
    det = next(d for d in detector.detect(sample.image) if d.body.contains(*person.head))
    intr = dataset.DEFAULT_INTRINSICS
    assert math.atan2(intr.cx - det.face.cx, intr.fx) == pytest.approx(-0.3, abs=0.05)

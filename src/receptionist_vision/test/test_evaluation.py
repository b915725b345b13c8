"""The evaluation set is deterministic and its ground truth follows the pinhole model."""

import numpy as np
import pytest

from receptionist_vision.detection import Detection
from receptionist_vision.evaluation import dataset, photos
from receptionist_vision.evaluation.metrics import Scorer, band_of, match
from receptionist_vision.geometry import Box


def test_same_seed_same_images():
    a = [s.image for s in dataset.generate(3, 9)]
    b = [s.image for s in dataset.generate(3, 9)]
    assert all(np.array_equal(x, y) for x, y in zip(a, b, strict=True))


def test_person_size_and_place_follow_the_pinhole_model():
    intr = dataset.DEFAULT_INTRINSICS
    sample = next(dataset.approach_sequence(1, 2, "astronaut", 3.0, 3.0))
    person = sample.people[0]
    expected = intr.fy * 1.65 / 3.0  # heights are drawn in 1.50..1.80 m
    assert person.box.h == pytest.approx(expected, rel=0.1)
    assert person.head[0] == pytest.approx(intr.cx, abs=1.0)
    assert sample.image.shape == (intr.height, intr.width, 3)


def test_dev_photos_are_installed_and_cut_out():
    assert {"astronaut", "cameraman"} <= set(photos.available("dev"))
    cut = photos.cutout("astronaut")
    assert 0.2 < cut.alpha.mean() < 0.8  # a person, not the whole photo nor nothing


def test_scoring_rules():
    person = dataset.GroundTruthPerson(Box(100, 50, 60, 300), (130.0, 70.0), 2.5, 0.0, "x", "frontal")
    good = Detection(Box(95, 40, 70, 320), 0.9)
    wrong_scale = Detection(Box(110, 60, 30, 60), 0.95)
    found, used = match([wrong_scale, good], [person])
    assert found == [1] and used == {1}
    scorer = Scorer()
    scorer.add([wrong_scale, good], [1.2, 2.4], [person])
    assert scorer.bands[(2.0, 3.0)].found == 1 and scorer.bands[(1.0, 2.0)].false_alarms == 1
    assert band_of(0.7) == (1.0, 2.0) and band_of(float("nan")) is None

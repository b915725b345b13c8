"""The robustness set: deterministic, and each condition shows what it says."""

import numpy as np
import pytest

from receptionist_vision.evaluation import dataset, robustness

INTR = dataset.DEFAULT_INTRINSICS


def test_same_seed_same_images_and_unknown_condition_is_an_error():
    a = next(robustness.generate("occluded", 1, 4))
    b = next(robustness.generate("occluded", 1, 4))
    assert np.array_equal(a.image, b.image)
    with pytest.raises(ValueError, match="unknown condition"):
        next(robustness.generate("fog", 1, 4))


@pytest.mark.parametrize("condition", robustness.CONDITIONS)
def test_each_condition_has_its_people(condition):
    samples = list(robustness.generate(condition, 1, 11))
    for sample in samples:
        assert sample.image.shape == (INTR.height, INTR.width, 3)
        expected = {"clutter_empty": 0, "side_by_side": 2}.get(condition, 1)
        assert len(sample.people) == expected
        for person in sample.people:
            lo, hi = robustness.RANGE_M
            assert lo - 0.2 <= person.range_m <= hi + 0.2
            if condition == "edge_cut":
                assert min(person.head[0], INTR.width - 1 - person.head[0]) <= 40


def test_light_conditions_change_exposure():
    def mean(condition: str) -> float:
        return float(np.mean([s.image.mean() for s in robustness.generate(condition, 2, 5)]))

    normal = mean("jpeg")
    assert mean("dim") < 0.5 * normal
    assert mean("bright") > normal + 30

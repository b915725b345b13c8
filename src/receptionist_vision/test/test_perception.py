"""The whole pipeline on a person walking up to the robot: one id, range, bearing, engagement."""

import math

import cv2
import pytest

from receptionist_vision import settings
from receptionist_vision.engagement import ENGAGED
from receptionist_vision.evaluation import dataset


@pytest.fixture(scope="module")
def run():
    cv2.setNumThreads(1)
    perception = settings.build_perception({"tracker.detect_every_n_frames": 5})
    frames = list(dataset.approach_sequence(20, 21, "astronaut", 2.6, 1.3, bearing_rad=0.25))
    frames += [dataset.Sample(20 + i, frames[-1].image, frames[-1].people) for i in range(12)]
    results = [perception.process(f.image, f.index / 15.0) for f in frames]
    return frames, results


def test_one_person_one_id(run):
    _, results = run
    ids = {p.person_id for r in results for p in r.people}
    assert len(ids) == 1
    assert sum(1 for r in results if r.people) >= len(results) - 5  # reported once confirmed


def test_range_and_bearing_follow_the_person(run):
    frames, results = run
    last = results[-1].people[0]
    assert last.distance_m == pytest.approx(frames[-1].people[0].range_m, rel=0.25)
    assert last.bearing_rad == pytest.approx(0.25, abs=0.08)  # left of the robot: positive
    firsts = [r.people[0].distance_m for r in results[5:9] if r.people]
    assert firsts and max(firsts) > last.distance_m + 0.6  # got closer


def test_person_who_comes_and_looks_is_engaged_and_an_event_says_so(run):
    _, results = run
    changes = [c for r in results for c in r.changes]
    engaged = [c for c in changes if c.current == ENGAGED]
    assert engaged, changes
    assert engaged[0].distance_m < 2.2 and math.isfinite(engaged[0].bearing_rad)
    assert results[-1].people[0].engagement == ENGAGED


def test_detector_runs_every_k_frames(run):
    _, results = run
    assert [r.detected for r in results[:11]] == [i % 5 == 0 for i in range(11)]

"""The whole pipeline on a person walking up to the robot: one id, range, bearing, engagement."""

import math

import cv2
import numpy as np
import pytest

from receptionist_vision import settings
from receptionist_vision.engagement import ENGAGED
from receptionist_vision.evaluation import dataset, lobby, photos


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


def test_a_portrait_on_the_wall_is_found_by_the_detector_but_not_reported():
    intr = dataset.DEFAULT_INTRINSICS
    img = lobby.lobby_background(np.random.default_rng(3), intr, 1.35, [])
    cut = photos.cutout("astronaut").bgr
    portrait = np.ascontiguousarray(cut[: cut.shape[1]])  # head and shoulders, framed
    depth = 4.0
    w = int(intr.fx * 0.6 / depth)
    x1, y2 = int(lobby.col_at(-0.3, depth, intr)), int(lobby.row_at(1.9, depth, intr, 1.35))
    lobby.poster(img, portrait, x1, y2 - w * portrait.shape[0] // portrait.shape[1], x1 + w, y2)
    perception = settings.build_perception({"plausibility.camera_height_m": 1.35})
    assert len(perception.detector.detect(img)) == 1  # the face cascade fires on the portrait
    assert perception.detect(img, intr) == []  # its head would be ~2.5 m above the floor

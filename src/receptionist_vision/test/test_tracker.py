"""Tracking with stable ids on a moving textured pattern, with scripted detections."""

import numpy as np

from receptionist_vision.detection import FACING_FRONTAL, Detection
from receptionist_vision.geometry import Box
from receptionist_vision.tracker import PersonTracker, TrackerConfig

RNG = np.random.default_rng(0)
TEXTURE = (RNG.random((120, 80)) * 255).astype(np.uint8)


def frame(x: int, y: int = 100) -> np.ndarray:
    img = np.full((480, 640), 90, np.uint8)
    img[y : y + 120, x : x + 80] = TEXTURE
    return img


def det(x: float, y: float = 100) -> Detection:
    return Detection(Box(x, y, 80, 120), 0.9, Box(x + 25, y + 10, 30, 30), FACING_FRONTAL, "face")


def test_one_person_keeps_one_id_while_moving():
    tracker = PersonTracker(TrackerConfig(detect_every_n_frames=3, confirm_hits=2))
    ids = set()
    for i in range(30):
        x = 100 + 4 * i
        detections = [det(x)] if tracker.should_detect() else None
        tracks = tracker.step(frame(x), i / 15, detections)
        ids.update(t.label for t in tracks)
        if i >= 4:
            assert len(tracks) == 1
            assert abs(tracks[0].body.x - x) < 8  # flow follows between detections
    assert ids == {"p0001"}


def test_new_person_needs_confirmation_and_unseen_tracks_end():
    tracker = PersonTracker(TrackerConfig(detect_every_n_frames=1, confirm_hits=2, max_missed_detections=2))
    assert tracker.step(frame(100), 0.0, [det(100)]) == []  # tentative
    assert [t.label for t in tracker.step(frame(100), 0.1, [det(100)])] == ["p0001"]
    for k in range(3):
        tracker.step(frame(100), 0.2 + 0.1 * k, [])
    assert tracker.tracks == []


def test_one_off_false_alarm_never_gets_reported():
    tracker = PersonTracker(TrackerConfig(detect_every_n_frames=1, confirm_hits=2))
    tracker.step(frame(100), 0.0, [det(400, 300)])
    assert tracker.step(frame(100), 0.1, []) == []
    assert tracker.tracks == []


def test_two_people_get_two_ids_and_keep_them():
    tracker = PersonTracker(TrackerConfig(detect_every_n_frames=1, confirm_hits=1))
    img = frame(100)
    img[100:220, 400:480] = TEXTURE[:, ::-1]
    first = {t.label: t.body.x for t in tracker.step(img, 0.0, [det(100), det(400)])}
    second = {t.label: t.body.x for t in tracker.step(img, 0.1, [det(402), det(98)])}
    assert set(first) == set(second) == {"p0001", "p0002"}
    for label in first:
        assert abs(first[label] - second[label]) < 10


def test_resolution_change_resets_tracks():
    tracker = PersonTracker(TrackerConfig(detect_every_n_frames=1, confirm_hits=1))
    tracker.step(frame(100), 0.0, [det(100)])
    tracks = tracker.step(np.zeros((240, 320), np.uint8), 0.1, [])
    assert tracks == []

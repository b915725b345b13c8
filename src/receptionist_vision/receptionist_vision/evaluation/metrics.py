"""Scoring detections against the evaluation set's ground truth, per distance band.

A detection finds a person when its body box contains the person's head centre and its height is
within a factor of two of the person's full-height box (right place, right scale; the range error is
reported apart). Each person is found at most once, best detections first. A found person counts in
the band of their true range; a false alarm in the band of the range the pipeline estimated for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from receptionist_vision.detection import Detection
from receptionist_vision.evaluation.dataset import DISTANCE_BANDS, GroundTruthPerson


@dataclass
class BandScore:
    people: int = 0
    found: int = 0
    false_alarms: int = 0
    range_errors: list[float] = field(default_factory=list)  # |estimated - true| / true of found people

    @property
    def recall(self) -> float:
        return self.found / self.people if self.people else math.nan

    @property
    def precision(self) -> float:
        total = self.found + self.false_alarms
        return self.found / total if total else math.nan

    @property
    def median_range_error(self) -> float:
        if not self.range_errors:
            return math.nan
        values = sorted(self.range_errors)
        return values[len(values) // 2]


def band_of(range_m: float) -> tuple[float, float] | None:
    for band in DISTANCE_BANDS:
        if band[0] <= range_m < band[1]:
            return band
    if math.isfinite(range_m) and range_m >= DISTANCE_BANDS[-1][1]:
        return DISTANCE_BANDS[-1]
    if math.isfinite(range_m) and range_m < DISTANCE_BANDS[0][0]:
        return DISTANCE_BANDS[0]
    return None


def match(detections: list[Detection], people: list[GroundTruthPerson]) -> tuple[list[int | None], set[int]]:
    """For each person the index of the detection that found them (or None), and the used indices."""
    order = sorted(range(len(detections)), key=lambda i: -detections[i].confidence)
    used: set[int] = set()
    found: list[int | None] = []
    for person in people:
        hit = None
        for i in order:
            if i in used:
                continue
            body = detections[i].body
            ratio = body.h / max(person.box.h, 1.0)
            if body.contains(*person.head) and 0.5 <= ratio <= 2.0:
                hit = i
                break
        if hit is not None:
            used.add(hit)
        found.append(hit)
    return found, used


class Scorer:
    """Accumulates band scores over many images."""

    def __init__(self) -> None:
        self.bands = {band: BandScore() for band in DISTANCE_BANDS}
        self.empty_images = 0
        self.empty_images_with_alarm = 0

    def add(self, detections: list[Detection], ranges: list[float], people: list[GroundTruthPerson]) -> None:
        """`ranges[i]` is the range the pipeline estimates for `detections[i]`."""
        found, used = match(detections, people)
        for person, hit in zip(people, found, strict=True):
            band = band_of(person.range_m)
            if band is None:
                continue
            score = self.bands[band]
            score.people += 1
            if hit is not None:
                score.found += 1
                if math.isfinite(ranges[hit]):
                    score.range_errors.append(abs(ranges[hit] - person.range_m) / person.range_m)
        for i in set(range(len(detections))) - used:
            band = band_of(ranges[i])
            if band is not None:
                self.bands[band].false_alarms += 1
        if not people:
            self.empty_images += 1
            self.empty_images_with_alarm += bool(detections)

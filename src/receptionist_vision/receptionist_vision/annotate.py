"""The annotated debug image: boxes, ids, range and engagement; faces blurred when privacy asks for it."""

from __future__ import annotations

import math

import cv2
import numpy as np

from receptionist_vision.engagement import DISENGAGING, ENGAGED, ENGAGING, LEVEL_NAMES
from receptionist_vision.perception import PersonState

COLOURS = {ENGAGED: (0, 200, 0), ENGAGING: (0, 200, 255), DISENGAGING: (0, 120, 255)}


def blur_faces(image: np.ndarray, people: list[PersonState]) -> None:
    """Pixelate every face box in place (with a margin): nobody is recognisable in the stream."""
    height, width = image.shape[:2]
    for person in people:
        if person.face is None:
            continue
        f = person.face
        box = type(f)(f.x - 0.2 * f.w, f.y - 0.3 * f.h, 1.4 * f.w, 1.6 * f.h).clip(width, height)
        x, y, w, h = box.as_int()
        if w < 2 or h < 2:
            continue
        roi = image[y : y + h, x : x + w]
        small = cv2.resize(roi, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
        image[y : y + h, x : x + w] = cv2.resize(small, (w, h), interpolation=cv2.INTER_NEAREST)


def draw(image: np.ndarray, people: list[PersonState], blur: bool) -> np.ndarray:
    """A BGR copy of `image` with the people drawn on it."""
    out = cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image.copy()
    if blur:
        blur_faces(out, people)
    for person in people:
        colour = COLOURS.get(person.engagement, (200, 200, 200))
        x, y, w, h = person.body.as_int()
        cv2.rectangle(out, (x, y), (x + w, y + h), colour, 2)
        if person.face is not None:
            fx, fy, fw, fh = person.face.as_int()
            cv2.rectangle(out, (fx, fy), (fx + fw, fy + fh), colour, 1)
        distance = f"{person.distance_m:.1f}m" if math.isfinite(person.distance_m) else "?m"
        label = f"{person.person_id} {distance} {math.degrees(person.bearing_rad):+.0f}deg"
        label2 = LEVEL_NAMES.get(person.engagement, "?")
        ty = max(12, y - 18)
        cv2.putText(out, label, (max(0, x), ty), cv2.FONT_HERSHEY_SIMPLEX, 0.45, colour, 1, cv2.LINE_AA)
        cv2.putText(out, label2, (max(0, x), ty + 14), cv2.FONT_HERSHEY_SIMPLEX, 0.45, colour, 1, cv2.LINE_AA)
    return out

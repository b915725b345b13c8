"""Compose the evaluation images: lobby background, real people at known distances, counters in front.

A person of height H at depth Z is drawn with the pinhole model of the default intrinsics: head top at
row cy - fy (H - camera height) / Z, feet at cy + fy camera_height / Z. The photos show people from the
head down to the waist or chest, so a counter, kiosk or barrier hides the rest, as at a service desk.
The ground truth is the full-height (amodal) body box clipped to the image, the head centre and the
range. Same seed, same images.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass, field

import cv2
import numpy as np

from receptionist_vision.evaluation import lobby, photos
from receptionist_vision.geometry import Box, Intrinsics

DEFAULT_INTRINSICS = Intrinsics.from_fov(640, 480, math.radians(60.0))
DEFAULT_CAMERA_HEIGHT_M = 1.35
DISTANCE_BANDS = ((1.0, 2.0), (2.0, 3.0), (3.0, 4.0), (4.0, 5.0))


@dataclass(frozen=True)
class GroundTruthPerson:
    box: Box  # full-height body box clipped to the image
    head: tuple[float, float]  # head centre, pixels
    range_m: float  # distance on the floor from the camera
    bearing_rad: float  # REP-103, positive to the left
    photo: str
    facing: str  # "frontal" or "profile"


@dataclass
class Sample:
    index: int
    image: np.ndarray
    people: list[GroundTruthPerson] = field(default_factory=list)


def _head_column(alpha: np.ndarray) -> float:
    rows = max(2, alpha.shape[0] // 8)
    cols = np.nonzero(alpha[:rows].max(axis=0) > 0.5)[0]
    return float(cols.mean()) if cols.size else alpha.shape[1] / 2.0


def paste(img: np.ndarray, bgr: np.ndarray, alpha: np.ndarray, x0: int, y0: int) -> None:
    h, w = img.shape[:2]
    ph, pw = alpha.shape
    x1, y1, x2, y2 = max(0, x0), max(0, y0), min(w, x0 + pw), min(h, y0 + ph)
    if x2 <= x1 or y2 <= y1:
        return
    a = alpha[y1 - y0 : y2 - y0, x1 - x0 : x2 - x0, None]
    src = bgr[y1 - y0 : y2 - y0, x1 - x0 : x2 - x0].astype(np.float32)
    dst = img[y1:y2, x1:x2].astype(np.float32)
    img[y1:y2, x1:x2] = np.clip(a * src + (1.0 - a) * dst, 0, 255).astype(np.uint8)


def place_person(
    img: np.ndarray,
    rng: np.random.Generator,
    cut: photos.PersonCutout,
    range_m: float,
    bearing: float,
    intr: Intrinsics,
    camera_height_m: float,
    light: float = 1.0,
) -> GroundTruthPerson:
    """Paste `cut` standing at `range_m`, `bearing` (`light` < 1: the person is in shadow, e.g. backlit)."""
    height_m = float(rng.uniform(1.50, 1.80))
    depth = range_m * math.cos(bearing)
    lateral_right = -range_m * math.sin(bearing)  # REP-103 bearing is positive to the left
    bgr, alpha = cut.bgr, cut.alpha
    if rng.random() < 0.5:
        bgr, alpha = bgr[:, ::-1], alpha[:, ::-1]
    # Lighting of the lobby differs from the studio the photo was taken in.
    gain = float(rng.uniform(0.75, 1.15)) * light
    bgr = np.clip(bgr.astype(np.float32) * gain + float(rng.uniform(-15, 15)), 0, 255).astype(np.uint8)
    scale = intr.fy * cut.bottom_fraction * height_m / depth / bgr.shape[0]
    size = (max(1, round(float(bgr.shape[1] * scale))), max(1, round(float(bgr.shape[0] * scale))))
    interp = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
    bgr_s = cv2.resize(np.ascontiguousarray(bgr), size, interpolation=interp)
    alpha_s = cv2.resize(np.ascontiguousarray(alpha), size, interpolation=interp)
    top = lobby.row_at(height_m, depth, intr, camera_height_m)
    feet = lobby.row_at(0.0, depth, intr, camera_height_m)
    u = lobby.col_at(lateral_right, depth, intr)
    x0 = round(float(u - _head_column(alpha_s)))
    y0 = round(float(top))
    paste(img, bgr_s, alpha_s, x0, y0)
    cut_row = y0 + size[1]
    if cut_row < intr.height:
        overlap = intr.fy * float(rng.uniform(0.02, 0.08)) / depth
        lobby.counter_in_front(
            img, rng, intr, camera_height_m, depth - 0.35, lateral_right, cut_row - overlap
        )
    cols = np.nonzero(alpha_s.max(axis=0) > 0.5)[0]
    left = x0 + (int(cols.min()) if cols.size else 0)
    right = x0 + (int(cols.max()) if cols.size else size[0])
    box = Box(float(left), float(top), float(right - left), float(feet - top)).clip(intr.width, intr.height)
    head = (u, top + intr.fy * 0.11 / depth)
    return GroundTruthPerson(box, head, range_m, bearing, cut.name, cut.facing)


def camera_effects(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Exposure, white balance, blur, sensor noise and compression of a cheap robot camera."""
    out = img.astype(np.float32)
    out = out * float(rng.uniform(0.8, 1.2)) + float(rng.uniform(-20, 20))
    out *= np.array([rng.uniform(0.9, 1.1), 1.0, rng.uniform(0.9, 1.1)], np.float32)[None, None, :]
    if rng.random() < 0.4:
        sigma = float(rng.uniform(0.5, 1.3))
        out = cv2.GaussianBlur(out, (0, 0), sigma)
    out += rng.normal(0.0, float(rng.uniform(1.0, 5.0)), out.shape).astype(np.float32)
    out = np.clip(out, 0, 255).astype(np.uint8)
    if rng.random() < 0.5:
        ok, buf = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(60, 95))])
        if ok:
            out = cv2.imdecode(buf, cv2.IMREAD_COLOR)
    return out


def generate(
    count: int,
    seed: int,
    photo_names: list[str] | None = None,
    intr: Intrinsics = DEFAULT_INTRINSICS,
    camera_height_m: float = DEFAULT_CAMERA_HEIGHT_M,
    empty_fraction: float = 0.25,
    pair_fraction: float = 0.2,
    range_m: tuple[float, float] = (1.0, 5.0),
) -> Iterator[Sample]:
    """Yield `count` samples; a fixed seed gives the same images on every machine."""
    names = photo_names if photo_names is not None else photos.available()
    cuts = [c for c in (photos.cutout(n) for n in names) if c is not None]
    posters = photos.non_person_photos()
    half_fov = math.atan2(intr.width / 2.0, intr.fx)
    for index in range(count):
        rng = np.random.default_rng([seed, index])
        img = lobby.lobby_background(rng, intr, camera_height_m, posters)
        draw = rng.random()
        n_people = 0 if (draw < empty_fraction or not cuts) else (2 if draw > 1.0 - pair_fraction else 1)
        placements: list[tuple[float, float]] = []
        for _ in range(n_people):
            for _attempt in range(20):
                r = float(rng.uniform(*range_m))
                b = float(rng.uniform(-0.8, 0.8) * half_fov)
                u = intr.cx - intr.fx * math.tan(b)
                width_px = intr.fx * 0.9 / r
                if all(
                    abs(u - (intr.cx - intr.fx * math.tan(b2))) > width_px + intr.fx * 0.9 / r2
                    for r2, b2 in placements
                ):
                    placements.append((r, b))
                    break
        people = []
        for r, b in sorted(placements, reverse=True):  # far first: near people occlude far ones
            cut = cuts[int(rng.integers(len(cuts)))]
            people.append(place_person(img, rng, cut, r, b, intr, camera_height_m))
        yield Sample(index, camera_effects(img, rng), people)


def approach_sequence(
    frames: int,
    seed: int,
    photo_name: str,
    start_m: float,
    end_m: float,
    bearing_rad: float = 0.0,
    intr: Intrinsics = DEFAULT_INTRINSICS,
    camera_height_m: float = DEFAULT_CAMERA_HEIGHT_M,
) -> Iterator[Sample]:
    """A person walking straight at the camera from `start_m` to `end_m`, one frame per step.

    The lobby, the person's look and the counter in front stay the same in every frame (same random
    draws); only the range changes, as in a video of someone approaching a robot at a service desk.
    """
    cut = photos.cutout(photo_name)
    if cut is None:
        raise RuntimeError(f"photo {photo_name!r} is not available (its package is not installed)")
    posters = photos.non_person_photos()
    for index in range(frames):
        t = index / max(1, frames - 1)
        range_m = start_m + (end_m - start_m) * t
        img = lobby.lobby_background(np.random.default_rng([seed, 0]), intr, camera_height_m, posters)
        person = place_person(
            img, np.random.default_rng([seed, 1]), cut, range_m, bearing_rad, intr, camera_height_m
        )
        noise = np.random.default_rng([seed, 2, index]).normal(0.0, 2.0, img.shape).astype(np.float32)
        yield Sample(index, np.clip(img.astype(np.float32) + noise, 0, 255).astype(np.uint8), [person])

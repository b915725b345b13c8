"""Robustness set: the evaluation photos under conditions the tuning never saw, and person-free clutter.

Each condition changes one thing a real lobby camera meets: light (dim, overexposed, backlit by a glass
front), the camera (motion blur, heavy JPEG), the scene (something in front of the person, a person cut
by the image edge, two people shoulder to shoulder) or nobody at all but person-like things (coats on a
stand, a roll-up banner with a pictogram, a tall plant, a portrait hung on the wall). Same seed, same
images; ground truth as in `dataset`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator

import cv2
import numpy as np

from receptionist_vision.evaluation import dataset, lobby, photos
from receptionist_vision.evaluation.dataset import (
    DEFAULT_CAMERA_HEIGHT_M,
    DEFAULT_INTRINSICS,
    GroundTruthPerson,
    Sample,
)
from receptionist_vision.geometry import Intrinsics

CONDITIONS = (
    "dim",
    "bright",
    "backlight",
    "motion_blur",
    "jpeg",
    "occluded",
    "edge_cut",
    "side_by_side",
    "clutter_empty",
)
RANGE_M = (1.0, 4.0)


# -- photometric and camera perturbations of whole images ------------------------------------------
def dim(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An underexposed evening lobby: little signal, more sensor noise."""
    out = img.astype(np.float32) * float(rng.uniform(0.18, 0.35))
    out += rng.normal(0.0, float(rng.uniform(2.0, 4.0)), out.shape).astype(np.float32)
    return np.clip(out, 0, 255).astype(np.uint8)


def bright(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Overexposed: sunlight in the lobby, highlights clip."""
    out = img.astype(np.float32) * float(rng.uniform(1.5, 1.9)) + float(rng.uniform(20, 50))
    return np.clip(out, 0, 255).astype(np.uint8)


def motion_blur(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The robot turns or the person walks: a linear blur of 7-15 px at a random angle."""
    length = int(rng.integers(7, 16))
    kernel = np.zeros((length, length), np.float32)
    kernel[length // 2, :] = 1.0
    angle = float(rng.uniform(-30, 30))
    rot = cv2.getRotationMatrix2D(((length - 1) / 2.0, (length - 1) / 2.0), angle, 1.0)
    kernel = cv2.warpAffine(kernel, rot, (length, length))
    return cv2.filter2D(img, -1, kernel / max(kernel.sum(), 1e-6))


def jpeg(img: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A congested network stream: JPEG quality 10-25."""
    ok, buf = cv2.imencode(".jpg", img, [cv2.IMWRITE_JPEG_QUALITY, int(rng.integers(10, 26))])
    return cv2.imdecode(buf, cv2.IMREAD_COLOR) if ok else img


IMAGE_PERTURBATIONS: dict[str, Callable[[np.ndarray, np.random.Generator], np.ndarray]] = {
    "dim": dim,
    "bright": bright,
    "motion_blur": motion_blur,
    "jpeg": jpeg,
}


# -- scene changes ---------------------------------------------------------------------------------
def _occlude(img: np.ndarray, rng: np.random.Generator, person: GroundTruthPerson) -> None:
    """Something between camera and person: a pillar or standing sign on one side, or a folder held up."""
    box = person.box
    if rng.random() < 0.5:
        frac = float(rng.uniform(0.25, 0.4))
        width = int(box.w * frac)
        x1 = int(box.x) if rng.random() < 0.5 else int(box.x2 - width)
        colour = tuple(int(c) for c in rng.integers(60, 200, 3))
        cv2.rectangle(img, (x1, 0), (x1 + width, img.shape[0]), colour, -1)
        cv2.line(img, (x1, 0), (x1, img.shape[0]), tuple(int(c * 0.7) for c in colour), 2)
    else:  # a document folder held in front of the chest
        face_h = box.h / 8.0
        x1 = int(person.head[0] - face_h * float(rng.uniform(0.8, 1.6)))
        y1 = int(person.head[1] + face_h * float(rng.uniform(1.3, 1.8)))
        x2 = x1 + int(face_h * float(rng.uniform(2.0, 3.0)))
        y2 = y1 + int(face_h * float(rng.uniform(1.5, 2.2)))
        colour = ((245, 245, 245), (200, 120, 40), (60, 160, 220))[int(rng.integers(3))]
        cv2.rectangle(img, (x1, y1), (x2, y2), colour, -1)
        cv2.rectangle(img, (x1, y1), (x2, y2), (50, 50, 50), 1)


def _person_like_clutter(
    img: np.ndarray, rng: np.random.Generator, intr: Intrinsics, cam_h: float, portraits: list
) -> None:
    """Things a detector may take for a person: coats, a banner pictogram, a tall plant, a portrait."""
    kinds = rng.permutation(["coat_stand", "chair_coat", "banner", "plant", "portrait", "doorway"])
    for kind in kinds[: int(rng.integers(2, 5))]:
        depth = float(rng.uniform(1.5, 5.0))
        lat = float(rng.uniform(-0.45, 0.45)) * depth  # within the field of view
        xc = int(lobby.col_at(lat, depth, intr))
        floor = int(lobby.row_at(0.0, depth, intr, cam_h))

        def px(metres: float, depth: float = depth) -> int:
            return max(1, int(intr.fx * metres / depth))

        def row(height: float, depth: float = depth) -> int:
            return int(lobby.row_at(height, depth, intr, cam_h))

        dark = tuple(int(c) for c in rng.integers(20, 90, 3))
        if kind == "coat_stand":
            cv2.line(img, (xc, row(1.8)), (xc, floor), (60, 60, 60), max(2, px(0.04)))
            cv2.ellipse(img, (xc, floor), (px(0.25), px(0.05)), 0, 0, 360, (60, 60, 60), -1)
            cv2.rectangle(img, (xc - px(0.25), row(1.7)), (xc + px(0.22), row(0.85)), dark, -1)
            cv2.circle(img, (xc, row(1.78)), px(0.11), dark, -1)  # a hat on the hook
        elif kind == "chair_coat":
            lobby.chair_row(img, rng, intr, cam_h, depth, lat, 1, (90, 90, 95))
            cv2.rectangle(img, (xc - px(0.24), row(0.95)), (xc + px(0.24), row(0.35)), dark, -1)
            cv2.ellipse(img, (xc, row(0.95)), (px(0.2), px(0.08)), 0, 180, 360, dark, -1)
        elif kind == "banner":
            x1, x2 = xc - px(0.4), xc + px(0.4)
            cv2.rectangle(img, (x1, row(2.0)), (x2, floor), (240, 240, 235), -1)
            cv2.rectangle(img, (x1, row(2.0)), (x2, row(1.75)), (30, 30, 170), -1)
            skin = (150, 180, 220)
            cv2.circle(img, (xc, row(1.45)), px(0.1), skin, -1)  # a pictogram of a person
            cv2.rectangle(img, (xc - px(0.16), row(1.32)), (xc + px(0.16), row(0.75)), (160, 80, 20), -1)
            lobby.sign(img, rng, x1 + 2, row(0.6), x2 - 2, row(0.45))
        elif kind == "plant":
            cv2.rectangle(img, (xc - px(0.18), row(0.45)), (xc + px(0.18), floor), (60, 80, 120), -1)
            for _ in range(25):
                ox, oy = rng.normal(0, px(0.22)), row(float(rng.uniform(0.5, 1.75)))
                green = (40, int(rng.uniform(90, 170)), 50)
                cv2.circle(img, (int(xc + ox), oy), px(float(rng.uniform(0.05, 0.14))), green, -1)
        elif kind == "portrait" and portraits:
            wall = float(rng.uniform(4.5, 8.0))
            photo = portraits[int(rng.integers(len(portraits)))]
            width_m = float(rng.uniform(0.45, 0.8))
            x1 = int(lobby.col_at(lat, wall, intr))
            w = px(width_m, wall)
            y2 = row(float(rng.uniform(1.9, 2.3)), wall)
            lobby.poster(img, photo, x1, y2 - int(w * photo.shape[0] / photo.shape[1]), x1 + w, y2)
        else:  # a dark doorway or a pillar's shadow, person-sized
            cv2.rectangle(img, (xc - px(0.45), row(2.1)), (xc + px(0.45), floor), dark, -1)


def _portraits() -> list[np.ndarray]:
    """Framed portraits made from the person photos (head and shoulders, as on a lobby wall)."""
    out = []
    for name in photos.available():
        cut = photos.cutout(name)
        if cut is not None:
            out.append(np.ascontiguousarray(cut.bgr[: cut.bgr.shape[1]]))
    return out


def _placements(condition: str, rng: np.random.Generator, intr: Intrinsics) -> list[tuple[float, float]]:
    """(range, bearing) of the people of one image of `condition`."""
    half_fov = math.atan2(intr.width / 2.0, intr.fx)
    r = float(rng.uniform(*RANGE_M))
    if condition == "edge_cut":  # head centre 5-35 px inside the left or right border
        u = float(rng.uniform(5, 35))
        u = u if rng.random() < 0.5 else intr.width - 1 - u
        return [(r, math.atan2(intr.cx - u, intr.fx))]
    if condition == "side_by_side":  # shoulder to shoulder, 0.45-0.65 m between head centres
        b = float(rng.uniform(-0.4, 0.4) * half_fov)
        gap = float(rng.uniform(0.45, 0.65))
        half = math.atan2(gap / 2.0, r)
        return [(r, b + half), (r + float(rng.uniform(-0.15, 0.15)), b - half)]
    return [(r, float(rng.uniform(-0.7, 0.7) * half_fov))]


def generate(
    condition: str,
    count: int,
    seed: int,
    photo_names: list[str] | None = None,
    intr: Intrinsics = DEFAULT_INTRINSICS,
    camera_height_m: float = DEFAULT_CAMERA_HEIGHT_M,
) -> Iterator[Sample]:
    """`count` images of one condition (see CONDITIONS); a fixed seed gives the same images."""
    if condition not in CONDITIONS:
        raise ValueError(f"unknown condition {condition!r}: one of {', '.join(CONDITIONS)}")
    names = photo_names if photo_names is not None else photos.available()
    cuts = [c for c in (photos.cutout(n) for n in names) if c is not None]
    posters = photos.non_person_photos()
    portraits = _portraits() if condition == "clutter_empty" else []
    for index in range(count):
        rng = np.random.default_rng([seed, CONDITIONS.index(condition), index])
        img = lobby.lobby_background(rng, intr, camera_height_m, posters)
        light = 1.0
        if condition == "backlight":  # a sunlit glass front behind the people, exposed for it
            top = int(rng.uniform(0.0, 0.15) * intr.height)
            img[top : int(intr.cy + rng.uniform(20, 80))] = np.uint8(rng.integers(235, 256))
            light = float(rng.uniform(0.3, 0.5))
        if condition == "clutter_empty":
            _person_like_clutter(img, rng, intr, camera_height_m, portraits)
        people: list[GroundTruthPerson] = []
        if condition != "clutter_empty" and cuts:
            for r, b in sorted(_placements(condition, rng, intr), reverse=True):
                cut = cuts[int(rng.integers(len(cuts)))]
                people.append(dataset.place_person(img, rng, cut, r, b, intr, camera_height_m, light))
                if condition == "occluded":
                    _occlude(img, rng, people[-1])
        img = dataset.camera_effects(img, rng)
        if condition in IMAGE_PERTURBATIONS:
            img = IMAGE_PERTURBATIONS[condition](img, rng)
        yield Sample(index, img, people)

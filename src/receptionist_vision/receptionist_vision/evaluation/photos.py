"""Real photographs of people that installed wheels ship, with the cut-outs the evaluation needs.

Each photo is annotated once by hand: an outline of the person (refined into a mask by GrabCut), the row
of the top of the head and how much of the body the photo shows (head top to the photo's bottom edge, as
a fraction of a 1.65 m standing height). The photo's scale comes from the distance between the pupils
(63 mm for adults) for frontal faces, from the head height (0.23 m) for the profile one. Photos of a
package that is not installed are skipped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np


@dataclass(frozen=True)
class PersonPhoto:
    name: str
    source: str  # where the photo comes from (package and function or file)
    split: str  # "dev": may be looked at while tuning; "holdout": only for reporting
    outline: tuple[tuple[int, int], ...]  # rough polygon around the person, source pixels
    head_top_y: int  # row of the top of the head (or hat), source pixels
    bottom_fraction: float  # body height shown from head top to the photo's bottom edge, 0..1
    facing: str  # "frontal" or "profile"
    loader: Callable[[], np.ndarray | None]


@dataclass(frozen=True)
class PersonCutout:
    """The person alone: BGR pixels and an alpha mask, cropped from the head top down."""

    name: str
    bgr: np.ndarray
    alpha: np.ndarray  # float32 0..1
    bottom_fraction: float
    facing: str


def _skimage(name: str) -> Callable[[], np.ndarray | None]:
    def load() -> np.ndarray | None:
        try:
            from skimage import data
        except ImportError:
            return None
        image = getattr(data, name)()
        if image.ndim == 2:
            return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR)
        return cv2.cvtColor(image, cv2.COLOR_RGB2BGR)

    return load


def _matplotlib_sample(filename: str) -> Callable[[], np.ndarray | None]:
    def load() -> np.ndarray | None:
        try:
            import matplotlib
        except ImportError:
            return None
        path = Path(matplotlib.get_data_path()) / "sample_data" / filename
        return cv2.imread(str(path), cv2.IMREAD_COLOR) if path.is_file() else None

    return load


PHOTOS: tuple[PersonPhoto, ...] = (
    PersonPhoto(
        name="astronaut",
        source="scikit-image skimage.data.astronaut() (Eileen Collins, NASA, public domain)",
        split="dev",
        outline=(
            (225, 12),
            (290, 45),
            (300, 110),
            (290, 170),
            (305, 200),
            (345, 300),
            (365, 400),
            (370, 512),
            (20, 512),
            (25, 330),
            (60, 280),
            (120, 260),
            (120, 200),
            (170, 180),
            (150, 110),
            (160, 45),
        ),
        head_top_y=12,
        bottom_fraction=0.42,  # pupils 46 px apart: 730 px/m; 500 px shown = 0.68 m
        facing="frontal",
        loader=_skimage("astronaut"),
    ),
    PersonPhoto(
        name="cameraman",
        source="scikit-image skimage.data.camera() (cameraman, CC0)",
        split="dev",
        outline=(
            (205, 62),
            (255, 72),
            (272, 100),
            (262, 140),
            (325, 138),
            (335, 195),
            (300, 235),
            (280, 300),
            (200, 330),
            (150, 380),
            (150, 512),
            (0, 512),
            (0, 240),
            (60, 150),
            (130, 112),
            (160, 88),
        ),
        head_top_y=62,
        bottom_fraction=0.47,  # head 130 px = 0.23 m: 565 px/m; 450 px shown = 0.8 m (bent)
        facing="profile",
        loader=_skimage("camera"),
    ),
    PersonPhoto(
        name="grace_hopper",
        source="matplotlib mpl-data/sample_data/grace_hopper.jpg (US Navy, public domain)",
        split="holdout",
        outline=(
            (260, 20),
            (350, 55),
            (375, 130),
            (370, 190),
            (355, 300),
            (480, 390),
            (512, 450),
            (512, 600),
            (0, 600),
            (15, 420),
            (150, 350),
            (175, 300),
            (150, 200),
            (160, 60),
        ),
        head_top_y=20,
        bottom_fraction=0.28,  # pupils 79 px apart: 1254 px/m; 580 px shown = 0.46 m
        facing="frontal",
        loader=_matplotlib_sample("grace_hopper.jpg"),
    ),
)


@functools.cache
def cutout(name: str) -> PersonCutout | None:
    """The person of photo `name` cut out with GrabCut (deterministic: fixed RNG seed, fixed passes)."""
    photo = next((p for p in PHOTOS if p.name == name), None)
    if photo is None:
        raise KeyError(name)
    image = photo.loader()
    if image is None:
        return None
    h, w = image.shape[:2]
    inside = np.zeros((h, w), np.uint8)
    cv2.fillPoly(inside, [np.array(photo.outline, np.int32)], 1)
    kernel = np.ones((31, 31), np.uint8)
    mask = np.full((h, w), cv2.GC_BGD, np.uint8)
    mask[cv2.dilate(inside, kernel) > 0] = cv2.GC_PR_BGD
    mask[inside > 0] = cv2.GC_PR_FGD
    mask[cv2.erode(inside, kernel) > 0] = cv2.GC_FGD
    cv2.setRNGSeed(0)
    bgd, fgd = np.zeros((1, 65), np.float64), np.zeros((1, 65), np.float64)
    cv2.grabCut(image, mask, None, bgd, fgd, 4, cv2.GC_INIT_WITH_MASK)
    person = ((mask == cv2.GC_FGD) | (mask == cv2.GC_PR_FGD)).astype(np.uint8)
    # Keep the largest blob only, and soften the edge so the paste has no hard halo.
    count, labels, stats, _ = cv2.connectedComponentsWithStats(person)
    if count > 1:
        largest = 1 + int(np.argmax(stats[1:, cv2.CC_STAT_AREA]))
        person = (labels == largest).astype(np.uint8)
    alpha = cv2.GaussianBlur(person.astype(np.float32), (5, 5), 0)
    top = photo.head_top_y
    return PersonCutout(name, image[top:], alpha[top:], photo.bottom_fraction, photo.facing)


@functools.cache
def _installed(name: str) -> bool:
    return next(p for p in PHOTOS if p.name == name).loader() is not None


def available(split: str | None = None) -> list[str]:
    """Names of the photos whose package is installed, optionally of one split."""
    return [p.name for p in PHOTOS if (split is None or p.split == split) and _installed(p.name)]


@functools.lru_cache(maxsize=1)
def non_person_photos() -> list[np.ndarray]:
    """Real photos with nobody in them (posters and screens on the lobby walls)."""
    try:
        from skimage import data
    except ImportError:
        return []
    out = []
    for name in ("coffee", "chelsea", "rocket", "hubble_deep_field", "coins", "page", "text", "brick"):
        image = getattr(data, name)()
        out.append(cv2.cvtColor(image, cv2.COLOR_GRAY2BGR if image.ndim == 2 else cv2.COLOR_RGB2BGR))
    left, _, _ = data.stereo_motorcycle()
    out.append(cv2.cvtColor(left, cv2.COLOR_RGB2BGR))
    return out

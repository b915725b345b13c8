"""The morning's trajectory PNG: Vietnamese labels with their diacritics, ASCII when the font is missing."""

from __future__ import annotations

import logging
from pathlib import Path

import cv2
import numpy as np
import pytest

from receptionist_common.occupancy import load_map
from receptionist_sim.scenario_plot import DEFAULT_FONT, Labels, draw_morning, write_png

ROOT = Path(__file__).resolve().parents[2]
POIS = {"home": (13.2, 3.2, -1.57, "home"), "counter_6": (14.3, 13.6, 1.57, "counter")}
ROBOT = [(13.2, 3.2), (12.0, 6.0), (14.3, 13.6)]
TRACKS = {"lan": [(12.0, 0.5), (13.2, 2.0)]}

needs_font = pytest.mark.skipif(not Path(DEFAULT_FONT).is_file(), reason="fonts-dejavu-core not installed")


@pytest.fixture(scope="module")
def grid():
    return load_map(ROOT / "maps/lobby.yaml")


def legend(image: np.ndarray) -> np.ndarray:
    return image[:90, :260]


@needs_font
def test_names_keep_their_diacritics(grid):
    accented = draw_morning(grid, POIS, ROBOT, TRACKS, {"lan": "Bà Lan"}, "Buổi sáng ở sảnh")
    plain = draw_morning(grid, POIS, ROBOT, TRACKS, {"lan": "Ba Lan"}, "Buoi sang o sanh")
    assert accented.shape == plain.shape == (grid.height * 3, grid.width * 3, 3)
    changed = np.any(legend(accented) != legend(plain), axis=2)
    assert np.count_nonzero(changed) > 30  # the accents (à, ổ, á, ở, ả) are drawn
    rows = np.nonzero(changed.any(axis=1))[0]
    assert rows.min() < 24  # among them the title's, on the first line of the legend
    # The rest of the map does not depend on the labels' letters.
    assert np.array_equal(accented[200:], plain[200:])
    # Dark label pixels in the legend, in the font's antialiased grey ramp.
    assert np.count_nonzero(legend(accented).max(axis=2) < 80) > 100


@needs_font
def test_label_width_follows_the_font():
    labels = Labels(DEFAULT_FONT)
    assert labels.unicode
    assert 0 < labels.width("Bà Lan", 0.5) < labels.width("Bà Lan, Đông Anh", 0.5) < 200
    image = np.full((40, 200, 3), 255, np.uint8)
    labels.put(image, "Đông Anh", (5, 30), (200, 90, 20), 0.5, halo=True)
    ink = np.all(image == (200, 90, 20), axis=2) | (image.min(axis=2) < 200)
    assert ink[:, 5:].any() and not ink[:, 120:].any()  # drawn from the origin, about as wide as said


def test_without_the_font_labels_are_ascii_and_a_warning_says_so(grid, tmp_path, caplog):
    with caplog.at_level(logging.WARNING):
        missing = tmp_path / "x.ttf"
        image = draw_morning(grid, POIS, ROBOT, TRACKS, {"lan": "Bà Lan"}, "Sáng", font_path=missing)
    assert "without diacritics" in caplog.text and "x.ttf" in caplog.text
    ascii_image = draw_morning(grid, POIS, ROBOT, TRACKS, {"lan": "Ba Lan"}, "Sang", font_path=None)
    assert np.array_equal(image, ascii_image)  # the same picture as ASCII names give
    path = write_png(tmp_path / "out" / "morning.png", image)
    assert np.array_equal(cv2.imread(str(path)), image)

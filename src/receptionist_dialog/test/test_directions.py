"""The way to a place told in words, from the entrance looking in (plain logic, no DDS)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from receptionist_common.points_of_interest import Poi, load_pois
from receptionist_dialog.directions import LobbyDirections
from receptionist_dialog.responses import DEFAULT, ELDERLY, guide_failed

SITE_POIS = Path(__file__).resolve().parents[3] / "config" / "site" / "points_of_interest.yaml"


def lobby(entrance_yaw: float = math.pi / 2) -> LobbyDirections:
    """A 20 m deep hall entered from the south (looking north, +y) at x = 10."""
    pois = {
        "entrance": Poi("entrance", "Cửa ra vào chính", "amenity", 10.0, 0.0, entrance_yaw),
        "far_left": Poi("far_left", "Quầy số 1 - Hộ tịch", "counter", 2.0, 18.0, 1.57, "Khu Tư pháp"),
        "far_right": Poi("far_right", "Quầy số 9 - Trả kết quả", "counter", 18.0, 20.0, 1.57),
        "middle_ahead": Poi("middle_ahead", "Khu ghế chờ", "amenity", 10.5, 10.0, 0.0),
        "near_right": Poi("near_right", "Góc y tế", "amenity", 16.0, 3.0, 0.0),
    }
    return LobbyDirections(pois, "entrance")


@pytest.mark.parametrize(
    ("place", "depth", "side", "metres"),
    [
        ("far_left", "ở cuối sảnh", "phía bên tay trái", 20),
        ("far_right", "ở cuối sảnh", "phía bên tay phải", 22),
        ("middle_ahead", "ở khoảng giữa sảnh", "ngay phía trước", 10),
        ("near_right", "ở đầu sảnh", "phía bên tay phải", 7),
    ],
)
def test_depth_side_and_distance_seen_from_the_entrance(place, depth, side, metres):
    text = lobby().describe(place)
    assert text.startswith("Từ cửa ra vào chính nhìn vào, ")
    assert f" {depth}, {side}" in text and text.endswith(f"khoảng {metres} mét."), text


def test_the_area_and_the_robot_s_own_label_are_used():
    text = lobby().describe("far_left", "quầy số 1 - Hộ tịch")
    assert "nhìn vào, quầy số 1 - Hộ tịch ở cuối sảnh" in text and "thuộc khu Tư pháp" in text
    assert "nhìn vào, khu ghế chờ ở" in lobby().describe("middle_ahead")  # a name mid-sentence


def test_left_and_right_follow_the_entrance_s_heading():
    # The same hall entered from the north (looking south): what was on the left is now on the right.
    pois = lobby().pois
    turned = dict(pois, entrance=Poi("entrance", "Cửa ra vào chính", "amenity", 10.0, 20.0, -math.pi / 2))
    assert "phía bên tay phải" in LobbyDirections(turned, "entrance").describe("far_left")


def test_unknown_places_have_no_directions():
    assert lobby().describe("counter_99") == ""
    assert lobby().describe("entrance") == ""
    with pytest.raises(ValueError, match="no point of interest 'door'"):
        LobbyDirections(lobby().pois, "door")


def test_every_counter_of_the_site_gets_directions():
    _, pois = load_pois(SITE_POIS)
    directions = LobbyDirections(pois, "entrance")
    for poi in pois.values():
        if poi.kind == "counter":
            text = directions.describe(poi.id)
            assert poi.name[1:] in text and "mét" in text, text


def test_the_apology_carries_the_directions_spoken_in_words():
    way = lobby().describe("far_left", "quầy số 1 - Hộ tịch")
    said = guide_failed(ELDERLY, "Quầy số 1 - Hộ tịch", way)
    assert said.display.startswith("Dạ, em xin lỗi, em chưa dẫn bác đi được.")
    assert "khoảng 20 mét" in said.display and "khoảng hai mươi mét" in said.speech
    assert said.display.endswith("bác hỏi cán bộ lễ tân giúp em ạ.")
    # Without directions (no site file): the apology alone, as before.
    plain = guide_failed(DEFAULT, "Quầy số 1 - Hộ tịch")
    assert "ở trong sảnh" in plain.display and "mét" not in plain.display

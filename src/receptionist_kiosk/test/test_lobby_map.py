"""The small map: drawn from the same map_server files the robot navigates on, degrading gracefully."""

import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from receptionist_kiosk.lobby_map import HERE_LABEL, NO_MAP_LABEL, counter_label, load_lobby, render_svg

from receptionist_common.occupancy import map_yaml_text, write_pgm

SVG = "{http://www.w3.org/2000/svg}"
REPO = Path(__file__).resolve().parents[3]
POIS = """frame_id: map
points_of_interest:
- {id: home, name: Vị trí chờ của robot lễ tân, kind: home, x: 2.0, y: -0.5, yaw: 0.0}
- {id: counter_1, name: Quầy số 1 - Hộ tịch, kind: counter, x: 0.5, y: -1.0, yaw: 1.5708}
- {id: counter_12, name: Quầy trả kết quả, kind: counter, x: 1.5, y: -1.0, yaw: 1.5708}
- {id: water_station, name: Khu nước uống miễn phí, kind: amenity, x: 2.5, y: -1.5, yaw: 0.0}
"""


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path]:
    """A 4 m x 2 m lobby at 0.1 m/cell, origin (-1, -2); its top image row (highest y) is a wall."""
    image = np.full((20, 40), 254, dtype=np.uint8)
    image[0, :] = 0
    image[10:12, 30:32] = 205
    write_pgm(tmp_path / "lobby.pgm", image)
    (tmp_path / "lobby.yaml").write_text(map_yaml_text("lobby.pgm", 0.1, (-1.0, -2.0)), encoding="utf-8")
    (tmp_path / "poi.yaml").write_text(POIS, encoding="utf-8")
    return tmp_path / "lobby.yaml", tmp_path / "poi.yaml"


def groups(svg: str) -> dict[str, ET.Element]:
    root = ET.fromstring(svg)
    return {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("id")}


def test_counters_are_drawn_where_they_are(site):
    lobby = load_lobby(*site)
    assert lobby.warnings == []
    svg = render_svg(lobby)
    root = ET.fromstring(svg)
    assert root.get("viewBox") == "0 0 1000.0 500.0"  # 4 m x 2 m, 250 units per metre
    counter = groups(svg)["poi-counter_1"]
    mark = counter.find(f"{SVG}circle[@class='mark']")
    assert (float(mark.get("cx")), float(mark.get("cy"))) == (375.0, 250.0)  # (0.5, -1.0): y drawn downwards
    assert counter.find(f"{SVG}text").text == "1"
    assert "highlight" not in counter.get("class")
    assert groups(svg)["poi-home"].find(f"{SVG}text").text == HERE_LABEL


def test_the_wall_row_is_drawn_at_the_top(site):
    svg = render_svg(load_lobby(*site), max_blocks=100)
    wall = next(p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("class") == "wall")
    assert wall.get("d") == "M0.00 0.00h1000.00v25.00h-1000.00z"


def test_highlight_marks_only_the_current_counter(site):
    svg = render_svg(load_lobby(*site), highlight="counter_12")
    found = groups(svg)
    assert "highlight" in found["poi-counter_12"].get("class")
    assert "highlight" not in found["poi-counter_1"].get("class")


def test_large_maps_are_downsampled(tmp_path):
    image = np.full((300, 900), 254, dtype=np.uint8)
    image[:, 450] = 0
    write_pgm(tmp_path / "big.pgm", image)
    (tmp_path / "big.yaml").write_text(map_yaml_text("big.pgm", 0.05, (0.0, 0.0)), encoding="utf-8")
    lobby = load_lobby(tmp_path / "big.yaml", None)
    svg = render_svg(lobby, max_blocks=150)
    wall = next(p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("class") == "wall")
    assert wall.get("d").count("M") == 50  # 300 rows / factor 6, one run per block row
    assert len(svg) < 60_000


def test_missing_map_still_shows_the_counters(site, tmp_path):
    lobby = load_lobby(tmp_path / "absent.yaml", site[1])
    assert len(lobby.warnings) == 1 and "absent.yaml" in lobby.warnings[0]
    assert "poi-counter_1" in groups(render_svg(lobby))


def test_missing_everything_gives_a_placeholder(tmp_path):
    lobby = load_lobby(tmp_path / "absent.yaml", tmp_path / "absent_poi.yaml")
    assert len(lobby.warnings) == 2
    svg = render_svg(lobby)
    assert NO_MAP_LABEL in svg
    ET.fromstring(svg)


def test_malformed_files_become_warnings(tmp_path, site):
    (tmp_path / "bad_poi.yaml").write_text("points_of_interest: [{id: x}]\n", encoding="utf-8")
    (tmp_path / "bad_map.yaml").write_text("image: nothing.pgm\nresolution: 0.05\norigin: [0, 0, 0]\n")
    lobby = load_lobby(tmp_path / "bad_map.yaml", tmp_path / "bad_poi.yaml")
    assert lobby.grid is None and lobby.pois == {}
    assert all("unreadable" in warning for warning in lobby.warnings) and len(lobby.warnings) == 2


def test_counter_label_from_name_or_id(site):
    pois = load_lobby(*site).pois
    assert counter_label(pois["counter_1"]) == "1"
    assert counter_label(pois["counter_12"]) == "12"


def test_names_are_escaped(tmp_path):
    (tmp_path / "poi.yaml").write_text(
        "points_of_interest:\n- {id: 'a&b', name: '<Quầy> & \"1\"', kind: counter, x: 0, y: 0}\n",
        encoding="utf-8",
    )
    svg = render_svg(load_lobby(None, tmp_path / "poi.yaml"))
    assert groups(svg)["poi-a&b"].find(f"{SVG}title").text == '<Quầy> & "1"'


def test_the_site_map_of_this_repository_renders_every_counter():
    map_yaml, poi_file = REPO / "maps" / "lobby.yaml", REPO / "config" / "site" / "points_of_interest.yaml"
    if not (map_yaml.is_file() and poi_file.is_file()):
        pytest.skip("the lobby map or the points of interest are not in this checkout")
    lobby = load_lobby(map_yaml, poi_file)
    assert lobby.warnings == []
    found = groups(render_svg(lobby))
    assert {f"poi-counter_{n}" for n in range(1, 10)} <= set(found)

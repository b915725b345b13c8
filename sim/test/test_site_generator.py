"""The lobby description and everything generated from it agree, and the generated files are committed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from receptionist_common.occupancy import OCCUPIED, load_map
from receptionist_sim.costmap import INSCRIBED, Costmap, InflationConfig
from receptionist_sim.site_generator import SitePaths, render, stale_files
from receptionist_sim.site_model import LobbyError, load_lobby

ROOT = Path(__file__).resolve().parents[2]
PATHS = SitePaths(ROOT)


def test_committed_files_are_what_the_lobby_description_generates():
    stale = stale_files(PATHS)
    assert not stale, f"run `receptionist_site_generator` from the repository root: stale {stale}"


def test_generation_is_deterministic():
    assert render(PATHS) == render(PATHS)


def test_every_counter_of_counters_yaml_is_a_poi_with_its_name():
    counters = yaml.safe_load((ROOT / "config/site/counters.yaml").read_text())["counters"]
    pois = {p["id"]: p for p in yaml.safe_load(PATHS.pois.read_text())["points_of_interest"]}
    for counter in counters:
        assert pois[counter["id"]]["name"] == counter["name"]
        assert pois[counter["id"]]["kind"] == "counter"
    for required in (
        "home",
        "dock",
        "reception",
        "printing_area",
        "water_station",
        "charging_station",
        "library_green_space",
        "medical_corner",
        "elderly_support_desk",
        "online_help_desk",
        "legal_advice_desk",
        "waiting_area",
        "entrance",
    ):
        assert required in pois


def test_every_poi_is_reachable_space_on_the_map_with_room_for_the_robot():
    grid = load_map(PATHS.maps / "lobby.yaml")
    costmap = Costmap(grid, InflationConfig(robot_radius=0.3), load_map(PATHS.maps / "lobby_keepout.yaml"))
    for poi in yaml.safe_load(PATHS.pois.read_text())["points_of_interest"]:
        assert costmap.cost_at(poi["x"], poi["y"]) < INSCRIBED, poi["id"]


def test_map_matches_the_world_and_keepout_covers_staff_areas():
    grid = load_map(PATHS.maps / "lobby.yaml")
    keepout = load_map(PATHS.maps / "lobby_keepout.yaml")
    lobby = load_lobby(PATHS.lobby, PATHS.counters)
    world = PATHS.world.read_text()
    for shape in lobby.solids:
        assert f'<model name="{shape.id}">' in world
        row, col = grid.world_to_cell(shape.cx, shape.cy)
        assert grid.data[row, col] == OCCUPIED, shape.id
    row, col = keepout.world_to_cell(12.0, 16.0)  # behind the counters
    assert keepout.data[row, col] == OCCUPIED
    row, col = keepout.world_to_cell(12.0, 6.0)  # the lobby floor
    assert keepout.data[row, col] != OCCUPIED


def test_a_poi_inside_furniture_is_refused(tmp_path):
    text = PATHS.lobby.read_text().replace("pose: [1.4, 7.3, 3.1416]", "pose: [0.35, 7.3, 3.1416]")
    bad = tmp_path / "lobby.yaml"
    bad.write_text(text)
    with pytest.raises(LobbyError, match=r"water_station.*inside water_dispenser"):
        load_lobby(bad, PATHS.counters)


def test_an_unplaced_counter_is_refused(tmp_path):
    text = PATHS.lobby.read_text().replace("counters: [counter_9]", "counters: []")
    bad = tmp_path / "lobby.yaml"
    bad.write_text(text)
    with pytest.raises(LobbyError):
        load_lobby(bad, PATHS.counters)

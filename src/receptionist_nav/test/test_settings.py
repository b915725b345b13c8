"""The guide's parameters as operators set them (config/nav.yaml) build its site and policies."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from receptionist_nav.settings import PARAMETERS, build_policies, load_site

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture()
def configured() -> dict:
    """The parameter defaults overlaid with config/nav.yaml, site paths resolved from the repository."""
    values = {name: default for name, (default, _) in PARAMETERS.items()}
    node = yaml.safe_load((ROOT / "config/nav.yaml").read_text(encoding="utf-8"))["guide_visitor"]
    values.update(node["ros__parameters"])
    for key in ("points_of_interest_file", "amenities_file"):
        values[key] = str(ROOT / values[key])
    return values


def test_every_configured_parameter_is_declared(configured):
    assert set(configured) == set(PARAMETERS), "config/nav.yaml sets a parameter the node does not declare"


def test_policies_follow_the_configured_values(configured):
    policies = build_policies(configured)
    assert policies.battery.low == configured["battery_low"]
    assert policies.returns.attempts == configured["return_attempts"]
    assert policies.escort.give_up_after_s == configured["give_up_after_s"]


def test_inconsistent_battery_thresholds_are_refused_at_start(configured):
    configured["battery_critical"] = 0.5  # above battery_low
    with pytest.raises(ValueError, match="battery thresholds"):
        build_policies(configured)


def test_site_has_home_dock_and_the_counters(configured):
    site = load_site(configured)
    assert site.frame_id == "map"
    assert {"home", "dock", "counter_1", "counter_9"} <= set(site.pois)
    assert site.resolver.resolve("counter_9").id == "counter_9"


def test_a_home_poi_missing_from_the_site_is_refused(configured):
    configured["home_poi"] = "rooftop"
    with pytest.raises(ValueError, match="home_poi 'rooftop' is not in"):
        load_site(configured)

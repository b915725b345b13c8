"""Plain logic of receptionist_nav: POIs, destinations, the follow policy, the battery policy, texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from receptionist_common.points_of_interest import PoiError, load_pois
from receptionist_nav import announcements, nav2_codes
from receptionist_nav.battery import BatteryPolicy
from receptionist_nav.destinations import (
    DestinationResolver,
    ProcedureDestination,
    UnknownDestinationError,
    load_amenity_pois,
)
from receptionist_nav.escort import Decision, EscortConfig, EscortMonitor

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def resolver() -> DestinationResolver:
    _, pois = load_pois(ROOT / "config/site/points_of_interest.yaml")
    return DestinationResolver(pois, load_amenity_pois(ROOT / "config/catalog/amenities.yaml"))


def test_site_pois_load_with_vietnamese_names():
    frame, pois = load_pois(ROOT / "config/site/points_of_interest.yaml")
    assert frame == "map"
    assert pois["counter_3"].name.startswith("Quầy số 3")
    assert pois["home"].kind == "home" and pois["dock"].kind == "dock"


def test_every_amenity_of_the_catalog_has_its_poi(resolver):
    amenities = load_amenity_pois(ROOT / "config/catalog/amenities.yaml")
    assert amenities, "amenity catalog missing"
    for amenity_id in amenities:
        assert resolver.resolve(amenity_id).kind in ("amenity", "home", "dock")


def test_destinations_resolve(resolver):
    assert resolver.resolve("counter_3").id == "counter_3"
    assert resolver.resolve("  Counter_3 ").id == "counter_3"
    assert resolver.resolve("printing_area").kind == "amenity"
    assert resolver.resolve("wifi").id == "waiting_area"
    assert resolver.resolve("proc:1.001193") == ProcedureDestination("1.001193")


@pytest.mark.parametrize("bad", ["", "   ", "counter_99", "proc:", "'; drop table", "quầy 3"])
def test_unknown_destinations_say_why(resolver, bad):
    with pytest.raises(UnknownDestinationError):
        resolver.resolve(bad)


def test_procedure_counter_must_be_a_counter_of_this_site(resolver):
    assert resolver.resolve_counter("p", "counter_1").id == "counter_1"
    with pytest.raises(UnknownDestinationError, match="not a counter"):
        resolver.resolve_counter("p", "printing_area")
    with pytest.raises(UnknownDestinationError, match="no intake counter"):
        resolver.resolve_counter("p", "")


def test_malformed_poi_files_are_refused(tmp_path):
    bad = tmp_path / "pois.yaml"
    bad.write_text("points_of_interest:\n  - {id: a, name: A, kind: counter, x: nan, y: 1}\n")
    with pytest.raises(PoiError, match="non-finite"):
        load_pois(bad)
    bad.write_text("points_of_interest:\n  - {id: a, name: A, kind: spaceship, x: 1, y: 1}\n")
    with pytest.raises(PoiError):
        load_pois(bad)
    bad.write_text(
        "points_of_interest:\n  - {id: a, name: A, kind: counter, x: 1, y: 1}\n"
        "  - {id: a, name: B, kind: counter, x: 2, y: 1}\n"
    )
    with pytest.raises(PoiError, match="duplicate"):
        load_pois(bad)


def test_escort_waits_for_a_visitor_who_falls_behind_then_resumes():
    config = EscortConfig(behind_grace_s=2.0, resume_after_s=1.0, give_up_after_s=30.0, status_timeout_s=2.0)
    monitor = EscortMonitor(config, check_following=True, now=0.0)
    monitor.report(True, 0.0)
    assert monitor.decide(0.5) is Decision.GO
    monitor.report(False, 1.0)
    assert monitor.decide(2.0) is Decision.GO  # within the grace period
    monitor.report(False, 3.1)
    assert monitor.decide(3.1) is Decision.WAIT
    monitor.report(True, 5.0)
    assert monitor.decide(5.5) is Decision.WAIT  # not yet steadily back
    monitor.report(True, 6.1)
    assert monitor.decide(6.1) is Decision.GO
    assert monitor.visitor_following(6.1)


def test_escort_gives_up_after_waiting_too_long():
    monitor = EscortMonitor(EscortConfig(give_up_after_s=30.0), check_following=True, now=0.0)
    monitor.report(False, 0.0)
    monitor.report(False, 2.5)
    assert monitor.decide(2.5) is Decision.WAIT
    for t in range(3, 32):
        monitor.report(False, float(t))
    assert monitor.decide(32.6) is Decision.LOST


def test_escort_without_a_visitor_or_without_follow_check_goes_on():
    assert EscortMonitor(EscortConfig(), check_following=False, now=0.0).decide(100.0) is Decision.GO
    silent = EscortMonitor(EscortConfig(), check_following=True, now=0.0)
    assert silent.decide(10.0) is Decision.GO
    assert not silent.visitor_following(10.0)  # reported honestly as unknown/not seen


def test_battery_policy_with_hysteresis():
    policy = BatteryPolicy(low=0.25, critical=0.12, resume=0.8)
    assert not policy.needs_dock(0.5)
    assert policy.needs_dock(0.2) and not policy.refuses_escort(0.2)
    assert policy.refuses_escort(0.1)
    assert not policy.may_leave_dock(0.5) and policy.may_leave_dock(0.85)
    assert not policy.needs_dock(float("nan"))  # unknown charge: no decision
    with pytest.raises(ValueError):
        BatteryPolicy(low=0.9, critical=0.1, resume=0.5)


def test_nav2_codes():
    assert nav2_codes.is_unreachable(nav2_codes.GOAL_OCCUPIED)
    assert not nav2_codes.is_unreachable(nav2_codes.FAILED_TO_MAKE_PROGRESS)
    assert nav2_codes.describe(206) == "GOAL_OCCUPIED (206)"


def test_announcements_are_polite_vietnamese():
    for text in (
        announcements.start("Quầy số 1"),
        announcements.arrived("Quầy số 1"),
        announcements.waiting(),
        announcements.visitor_lost("quầy số 1"),
        announcements.cannot_go("Quầy số 1"),
        announcements.low_battery(),
        announcements.resumed(),
    ):
        assert "anh/chị" in text and ("ạ" in text or "nhé" in text)

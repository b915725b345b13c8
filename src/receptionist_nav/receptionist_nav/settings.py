"""Parameters of the guide_visitor node: names, defaults, descriptions, and the policies they build.

The node declares exactly these (values come from config/nav.yaml); the policies are built here so that
a bad value is refused at start, and the tests build the same objects from the same values.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from receptionist_common.points_of_interest import Poi, load_pois
from receptionist_common.site_paths import resolve_site_path
from receptionist_nav.battery import BatteryPolicy
from receptionist_nav.destinations import DestinationResolver, load_amenity_pois
from receptionist_nav.escort import EscortConfig
from receptionist_nav.trip import ReturnPolicy

PARAMETERS = {
    "points_of_interest_file": ("config/site/points_of_interest.yaml", "POIs (id, name, map pose, kind)"),
    "amenities_file": ("config/catalog/amenities.yaml", "amenity catalog: amenity id -> poi_id"),
    "home_poi": ("home", "POI where the robot waits for citizens"),
    "dock_poi": ("dock", "POI of the charging dock"),
    "navigate_action": ("navigate_to_pose", "Nav2's NavigateToPose action"),
    "lookup_procedure_service": ("/receptionist/lookup_procedure", "bridge service: procedure -> counter"),
    "escort_speed_mps": (0.6, "escort speed limit (m/s) when the goal asks for none"),
    "elderly_escort_speed_mps": (0.4, "escort speed limit while the dialog is in elderly mode"),
    "max_escort_speed_mps": (0.8, "upper bound of a goal's max_speed_mps"),
    "return_speed_mps": (0.8, "speed limit when driving back home or to the dock alone"),
    "behind_grace_s": (2.0, "visitor not following for this long: stop and wait"),
    "resume_after_s": (1.0, "visitor following again for this long: drive on"),
    "give_up_after_s": (30.0, "waiting for the visitor this long: give up (VISITOR_LOST)"),
    "follow_status_timeout_s": (2.0, "an older follow status is no evidence"),
    "arrival_pause_s": (3.0, "stay at the destination this long before returning"),
    "return_attempts": (3, "return legs tried in all before the robot reports itself stranded (ERROR)"),
    "return_backoff_s": (5.0, "wait before retrying a failed return; doubled before each further retry"),
    "max_trip_s": (240.0, "a leg taking longer than this fails (NAVIGATION_FAILED)"),
    "server_timeout_s": (5.0, "wait this long for Nav2 / the bridge before failing"),
    "feedback_period_s": (0.2, "GuideVisitor feedback period"),
    "battery_low": (0.25, "battery fraction below which the robot docks after the escort"),
    "battery_critical": (0.12, "battery fraction below which escorts are refused"),
    "battery_resume": (0.80, "battery fraction at which a docked robot goes back home"),
    "auto_dock": (True, "go to the dock by itself when idle and the battery is low"),
    "elderly_speech_rate": (0.85, "speech rate scale of announcements in elderly mode"),
    "announce": (
        True,
        "speak to the visitor on /receptionist/say; false when the dialog manager runs (it owns speech)",
    ),
}


@dataclass(frozen=True)
class GuidePolicies:
    battery: BatteryPolicy  # when to dock, refuse escorts, leave the dock
    returns: ReturnPolicy  # where to go after an escort, and the retries of the way back
    escort: EscortConfig  # when to wait for the visitor, resume, give up


def build_policies(p: Mapping[str, Any]) -> GuidePolicies:
    """The guide's policies from its parameter values (ValueError on inconsistent thresholds)."""
    return GuidePolicies(
        BatteryPolicy(float(p["battery_low"]), float(p["battery_critical"]), float(p["battery_resume"])),
        ReturnPolicy(int(p["return_attempts"]), float(p["return_backoff_s"])),
        EscortConfig(
            float(p["behind_grace_s"]),
            float(p["resume_after_s"]),
            float(p["give_up_after_s"]),
            float(p["follow_status_timeout_s"]),
        ),
    )


@dataclass(frozen=True)
class Site:
    frame_id: str  # frame of the POI poses (map)
    pois: dict[str, Poi]
    resolver: DestinationResolver  # goal destination -> POI


def load_site(p: Mapping[str, Any]) -> Site:
    """The site's POIs and amenities; ValueError when the home or dock POI is missing."""
    frame_id, pois = load_pois(resolve_site_path(p["points_of_interest_file"]))
    for key in ("home_poi", "dock_poi"):
        if p[key] not in pois:
            raise ValueError(f"{key} '{p[key]}' is not in {p['points_of_interest_file']}")
    resolver = DestinationResolver(pois, load_amenity_pois(resolve_site_path(p["amenities_file"])))
    return Site(frame_id, pois, resolver)

"""Engagement of each tracked person, after REP-155's EngagementLevel (ROS4HRI).

  UNKNOWN -> DISENGAGED: first seen, outside the zone or not facing the robot
  DISENGAGED -> ENGAGING: inside the engagement zone, not walking away, facing the robot
  ENGAGING -> ENGAGED: facing the robot for `facing_time_s` ("wants to talk")
  ENGAGED -> DISENGAGING: looks away, walks away or leaves the zone
  DISENGAGING -> ENGAGED: faces the robot again (in the zone) within `disengage_timeout_s`
  DISENGAGING -> DISENGAGED: after `disengage_timeout_s`
  any -> DISENGAGED when the track ends (the person left the view)
The levels' numbers are those of receptionist_interfaces/TrackedPerson (ENGAGEMENT_*).
"""

from __future__ import annotations

from dataclasses import dataclass

UNKNOWN, DISENGAGED, ENGAGING, ENGAGED, DISENGAGING = 0, 1, 2, 3, 4
LEVEL_NAMES = {
    UNKNOWN: "unknown",
    DISENGAGED: "disengaged",
    ENGAGING: "engaging",
    ENGAGED: "engaged",
    DISENGAGING: "disengaging",
}


@dataclass
class EngagementConfig:
    zone_distance_m: float = 2.0  # closer than this counts as inside the engagement zone
    zone_exit_distance_m: float = 2.6  # hysteresis: an engaged person leaves the zone beyond this
    zone_max_bearing_rad: float = 0.6  # and within this angle of straight ahead
    facing_time_s: float = 1.0  # facing the robot this long in the zone: wants to talk
    face_memory_s: float = 0.8  # facing continues through gaps in face detection this long
    leaving_speed_mps: float = 0.35  # moving away faster than this is leaving
    disengage_timeout_s: float = 2.0


@dataclass(frozen=True)
class Observation:
    """What the engagement logic needs to know about a person at one instant."""

    distance_m: float
    bearing_rad: float
    radial_speed_mps: float  # negative while approaching
    facing: bool  # a frontal face is seen now (or within face_memory_s)


@dataclass(frozen=True)
class Change:
    previous: int
    current: int


class EngagementState:
    """Per-person state machine; `update()` returns a Change when the level changes."""

    def __init__(self, config: EngagementConfig) -> None:
        self.config = config
        self.level = UNKNOWN
        self.facing_since: float | None = None
        self.last_facing: float | None = None
        self.disengaging_since: float | None = None

    def facing_duration(self, now: float) -> float:
        return 0.0 if self.facing_since is None else max(0.0, now - self.facing_since)

    def _in_zone(self, obs: Observation, exit_distance: bool) -> bool:
        limit = self.config.zone_exit_distance_m if exit_distance else self.config.zone_distance_m
        return obs.distance_m <= limit and abs(obs.bearing_rad) <= self.config.zone_max_bearing_rad

    def update(self, obs: Observation, now: float) -> Change | None:
        c = self.config
        if obs.facing:
            self.last_facing = now
            if self.facing_since is None:
                self.facing_since = now
        elif self.last_facing is None or now - self.last_facing > c.face_memory_s:
            self.facing_since = None
        facing = self.facing_since is not None
        leaving = obs.radial_speed_mps > c.leaving_speed_mps
        engaged_before = self.level in (ENGAGED, DISENGAGING)
        in_zone = self._in_zone(obs, exit_distance=engaged_before)
        wants = in_zone and facing and not leaving
        previous = self.level
        if wants and (engaged_before or self.facing_duration(now) >= c.facing_time_s):
            new = ENGAGED
        elif engaged_before:
            if self.level == ENGAGED or self.disengaging_since is None:
                self.disengaging_since = now
            new = DISENGAGED if now - self.disengaging_since >= c.disengage_timeout_s else DISENGAGING
        elif wants:
            new = ENGAGING
        else:
            new = DISENGAGED
        if new != DISENGAGING:
            self.disengaging_since = None
        self.level = new
        return Change(previous, new) if new != previous else None

    def lost(self) -> Change | None:
        """The person left the view: report them disengaged unless they already were."""
        previous = self.level
        self.level = DISENGAGED
        self.facing_since = None
        return Change(previous, DISENGAGED) if previous not in (DISENGAGED, UNKNOWN) else None

"""Is the visitor still with the robot? The follow-check used while the robot escorts someone.

While the robot guides a visitor it drives ahead of them, so the check looks at the people seen by the
camera that faces the visitor: a rear camera when the robot has one (`follow.image_topic`), otherwise the
main camera, which sees the visitor when the navigation turns the robot around at checkpoints. The
visitor is the person with the id given at the start when that track is still alive; otherwise (ids do
not carry across cameras, and nobody is identified) the nearest person within `max_distance_m` and
`max_bearing_rad` is taken as the visitor. They are following while they were seen within
`lost_timeout_s`; the start counts as a sighting, since the visitor was in front of the robot then.
FollowStatus.person_id is the id the escort was started with (what navigation asked about), or the
track taken as the visitor when it was started with "*".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from receptionist_vision.perception import PersonState


@dataclass
class FollowConfig:
    max_distance_m: float = 3.0  # a visitor farther than this has fallen behind
    max_bearing_rad: float = 0.9  # ignore people far to the side of the follow camera
    lost_timeout_s: float = 3.0  # unseen this long: not following


@dataclass(frozen=True)
class FollowState:
    checking: bool
    visitor_following: bool
    person_id: str
    visitor_distance_m: float  # NaN when not seen at the last update or not following
    seconds_since_seen: float


class FollowChecker:
    def __init__(self, config: FollowConfig | None = None) -> None:
        self.config = config or FollowConfig()
        self.active = False
        self.person_id = ""  # the visitor asked about ("" = whoever follows)
        self.track_id = ""  # the track currently taken as the visitor
        self._last_seen = -math.inf
        self._distance = math.nan

    def start(self, person_id: str, now: float) -> None:
        """Begin an escort of `person_id` ("" or "*": whoever follows closest)."""
        self.active = True
        self.person_id = "" if person_id == "*" else person_id
        self.track_id = self.person_id
        self._last_seen = now
        self._distance = math.nan

    def stop(self) -> None:
        self.active = False
        self.person_id = ""
        self.track_id = ""
        self._distance = math.nan

    def update(self, people: list[PersonState], now: float) -> None:
        """Take the people seen by the follow camera at time `now`."""
        if not self.active:
            return
        c = self.config
        candidates = [
            p
            for p in people
            if math.isfinite(p.distance_m)
            and p.distance_m <= c.max_distance_m
            and abs(p.bearing_rad) <= c.max_bearing_rad
        ]
        visitor = next((p for p in candidates if p.person_id == self.track_id), None)
        if visitor is None and candidates:
            visitor = min(candidates, key=lambda p: p.distance_m)
        if visitor is None:
            self._distance = math.nan
            return
        self.track_id = visitor.person_id
        self._distance = visitor.distance_m
        # Between detections a track is carried by optical flow: the visitor was last *seen* at the
        # last detection that confirmed them.
        self._last_seen = max(self._last_seen, now - visitor.since_detected_s)

    def status(self, now: float) -> FollowState:
        if not self.active:
            return FollowState(False, False, "", math.nan, 0.0)
        since = max(0.0, now - self._last_seen)
        reported = self.person_id or self.track_id
        following = since <= self.config.lost_timeout_s
        # A lost visitor has no range: a track still carried by optical flow is where they were, not are.
        distance = self._distance if following else math.nan
        return FollowState(True, following, reported, distance, since)

"""Simulated citizens: they walk between places, wait, and follow the robot when it escorts them.

Plain Python with a seeded random generator, so a scenario replays the same way. A citizen is a
disc (for the laser) with a photo (for the camera).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from enum import Enum

from receptionist_sim.geometry2d import Pose2D, wrap

RADIUS = 0.22


class Activity(Enum):
    STANDING = "standing"  # stays where they are (e.g. talking to the robot)
    WALKING = "walking"
    WAITING = "waiting"  # paused between two walks
    FOLLOWING = "following"  # walks behind the robot


@dataclass
class Citizen:
    id: str
    x: float
    y: float
    yaw: float = 0.0
    photo: int = 0
    height: float = 1.62
    activity: Activity = Activity.STANDING
    target: tuple[float, float] | None = None
    wait_until: float = 0.0
    speed: float = 0.0
    wander: bool = False
    history: list[Pose2D] = field(default_factory=list, repr=False)

    @property
    def pose(self) -> Pose2D:
        return Pose2D(self.x, self.y, self.yaw)


@dataclass
class CrowdConfig:
    walk_speed: float = 0.9
    follow_gap: float = 1.0  # stays this far behind the robot
    follow_speed: float = 1.1
    wait_range_s: tuple[float, float] = (3.0, 10.0)


class Crowd:
    def __init__(
        self,
        citizens: list[Citizen],
        waypoints: list[tuple[float, float]],
        is_free,
        line_of_sight,
        config: CrowdConfig | None = None,
        seed: int = 7,
    ) -> None:
        self.citizens = {c.id: c for c in citizens}
        self.waypoints = waypoints
        self.is_free = is_free
        self.line_of_sight = line_of_sight
        self.config = config or CrowdConfig()
        self.rng = random.Random(seed)

    def command(self, text: str, robot: Pose2D, now: float) -> str:
        """'follow ID' | 'stop ID' | 'wander ID' | 'place ID X Y [YAW]'; returns what was done."""
        parts = text.split()
        if len(parts) < 2 or parts[1] not in self.citizens:
            raise ValueError(
                f"bad citizen command {text!r}: expected '<follow|stop|wander|place> <id> ...'"
                f" with id in {sorted(self.citizens)}"
            )
        verb, citizen = parts[0], self.citizens[parts[1]]
        if verb == "follow":
            citizen.activity, citizen.wander = Activity.FOLLOWING, False
        elif verb == "stop":
            citizen.activity, citizen.wander, citizen.speed = Activity.STANDING, False, 0.0
        elif verb == "wander":
            citizen.wander = True
            citizen.activity, citizen.wait_until = Activity.WAITING, now
        elif verb == "place" and len(parts) >= 4:
            citizen.x, citizen.y = float(parts[2]), float(parts[3])
            citizen.yaw = float(parts[4]) if len(parts) > 4 else citizen.yaw
            citizen.activity, citizen.wander, citizen.speed = Activity.STANDING, False, 0.0
        else:
            raise ValueError(f"bad citizen command {text!r}")
        return f"{citizen.id}: {citizen.activity.value}"

    def nearest(self, robot: Pose2D, max_distance: float) -> Citizen | None:
        best = min(
            self.citizens.values(), key=lambda c: math.hypot(c.x - robot.x, c.y - robot.y), default=None
        )
        if best is None or math.hypot(best.x - robot.x, best.y - robot.y) > max_distance:
            return None
        return best

    def following(self) -> list[Citizen]:
        return [c for c in self.citizens.values() if c.activity is Activity.FOLLOWING]

    def step(self, dt: float, robot: Pose2D, now: float) -> None:
        for citizen in self.citizens.values():
            if citizen.activity is Activity.FOLLOWING:
                # A point `follow_gap` behind the robot, reached at most at follow_speed.
                gx = robot.x - self.config.follow_gap * math.cos(robot.yaw)
                gy = robot.y - self.config.follow_gap * math.sin(robot.yaw)
                self._move_towards(
                    citizen, gx, gy, self.config.follow_speed, dt, stop_within=0.15, face=(robot.x, robot.y)
                )
            elif citizen.activity is Activity.WAITING and citizen.wander and now >= citizen.wait_until:
                target = self._pick_target(citizen)
                if target is not None:
                    citizen.target, citizen.activity = target, Activity.WALKING
            elif citizen.activity is Activity.WALKING and citizen.target is not None:
                arrived = self._move_towards(
                    citizen, *citizen.target, self.config.walk_speed, dt, stop_within=0.2
                )
                if arrived:
                    citizen.activity = Activity.WAITING
                    citizen.wait_until = now + self.rng.uniform(*self.config.wait_range_s)

    def _pick_target(self, citizen: Citizen) -> tuple[float, float] | None:
        candidates = [w for w in self.waypoints if math.hypot(w[0] - citizen.x, w[1] - citizen.y) > 1.0]
        self.rng.shuffle(candidates)
        for target in candidates[:10]:
            if self.line_of_sight(citizen.x, citizen.y, *target):
                return target
        return None

    def _move_towards(
        self,
        citizen: Citizen,
        gx: float,
        gy: float,
        speed: float,
        dt: float,
        stop_within: float,
        face: tuple[float, float] | None = None,
    ) -> bool:
        dx, dy = gx - citizen.x, gy - citizen.y
        distance = math.hypot(dx, dy)
        if distance <= stop_within:
            citizen.speed = 0.0
            if face is not None:
                citizen.yaw = math.atan2(face[1] - citizen.y, face[0] - citizen.x)
            return True
        step = min(speed * dt, distance - stop_within)
        nx, ny = citizen.x + dx / distance * step, citizen.y + dy / distance * step
        if self.is_free(nx, ny):
            citizen.x, citizen.y = nx, ny
            citizen.speed = step / dt
        else:
            citizen.speed = 0.0
            if citizen.activity is Activity.WALKING:
                citizen.activity, citizen.wait_until = Activity.WAITING, 0.0
        citizen.yaw = wrap(math.atan2(dy, dx))
        return False

"""Simulated citizens: they walk between places, wait, and follow the robot when it escorts them.

Plain Python with a seeded random generator, so a scenario replays the same way. A citizen is a
disc (for the laser) with a photo (for the camera). Scenarios (e.g. the scripted morning) drive them
with commands: spawn one at the door, walk them to the robot, make them follow at their own pace
(an elderly visitor walks slower than the robot escorts), and remove them once served.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import Enum

from receptionist_common.occupancy import OccupancyMap
from receptionist_sim.costmap import Costmap, InflationConfig
from receptionist_sim.geometry2d import Pose2D, wrap
from receptionist_sim.planner import GridPlanner, PlannerConfig

RADIUS = 0.22
TRAIL_STEP = 0.1  # metres between the breadcrumbs of the robot's trail that followers walk along

Point = tuple[float, float]
# route(start, goal) -> points to walk through, ending at goal; [] when there is no way.
Route = Callable[[Point, Point], list[Point]]


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
    walk_speed: float = 0.0  # this citizen's own pace, m/s (walking and following); 0: the crowd's
    route: list[Point] = field(default_factory=list, repr=False)  # the rest of a 'walk' after `target`
    trail_index: int = 0  # next breadcrumb of the robot's trail while following
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
        route: Route | None = None,
    ) -> None:
        """`route` plans a told walk around furniture (None: straight, sliding along obstacles)."""
        self.citizens = {c.id: c for c in citizens}
        self.route = route
        self.trail: list[Point] = []  # where the robot drove while someone follows it
        self.waypoints = waypoints
        self.is_free = is_free
        self.line_of_sight = line_of_sight
        self.config = config or CrowdConfig()
        self.rng = random.Random(seed)

    def command(self, text: str, robot: Pose2D, now: float) -> str:
        """Apply one command; returns what was done, raises ValueError (with the reason) otherwise.

        'follow ID' | 'stop ID' | 'wander ID' | 'place ID X Y [YAW]' | 'walk ID X Y' (walk there, then
        stand) | 'speed ID V' (own pace in m/s, 0: the crowd's) | 'spawn ID X Y [YAW [PHOTO]]' (a new
        citizen, standing) | 'remove ID' (leaves the simulation).
        """
        parts = text.split()
        if len(parts) >= 2 and parts[0] == "spawn":
            return self._spawn(text, parts)
        if len(parts) < 2 or parts[1] not in self.citizens:
            raise ValueError(
                f"bad citizen command {text!r}: expected '<follow|stop|wander|place|walk|speed|spawn|remove>"
                f" <id> ...' with id in {sorted(self.citizens)}"
            )
        verb, citizen = parts[0], self.citizens[parts[1]]
        try:
            numbers = [float(v) for v in parts[2:]]
        except ValueError:
            raise ValueError(f"bad citizen command {text!r}: arguments must be numbers") from None
        if not all(math.isfinite(v) for v in numbers):
            raise ValueError(f"bad citizen command {text!r}: arguments must be finite")
        if verb == "remove":
            del self.citizens[citizen.id]
            return f"{citizen.id}: removed"
        if verb == "speed" and len(numbers) == 1 and numbers[0] >= 0:
            citizen.walk_speed = numbers[0]
            return f"{citizen.id}: pace {numbers[0]:.2f} m/s"
        if verb == "walk" and len(numbers) == 2:
            if not self.is_free(numbers[0], numbers[1]):
                raise ValueError(f"bad citizen command {text!r}: ({numbers[0]}, {numbers[1]}) is not free")
            goal = (numbers[0], numbers[1])
            path = self.route((citizen.x, citizen.y), goal) if self.route is not None else [goal]
            if not path:
                raise ValueError(
                    f"bad citizen command {text!r}: no way from ({citizen.x:.2f}, {citizen.y:.2f})"
                )
            citizen.target, citizen.route, citizen.wander = path[0], list(path[1:]), False
            citizen.activity = Activity.WALKING
            return f"{citizen.id}: {citizen.activity.value}"
        if verb == "follow":
            if citizen.activity is not Activity.FOLLOWING:
                citizen.trail_index = len(self.trail)
            citizen.activity, citizen.wander, citizen.route = Activity.FOLLOWING, False, []
        elif verb == "stop":
            citizen.activity, citizen.wander, citizen.speed = Activity.STANDING, False, 0.0
        elif verb == "wander":
            citizen.wander = True
            citizen.activity, citizen.wait_until = Activity.WAITING, now
        elif verb == "place" and len(numbers) >= 2:
            citizen.x, citizen.y = numbers[0], numbers[1]
            citizen.yaw = numbers[2] if len(numbers) > 2 else citizen.yaw
            citizen.activity, citizen.wander, citizen.speed = Activity.STANDING, False, 0.0
        else:
            raise ValueError(f"bad citizen command {text!r}")
        return f"{citizen.id}: {citizen.activity.value}"

    def _spawn(self, text: str, parts: list[str]) -> str:
        if len(parts) < 4:
            raise ValueError(f"bad citizen command {text!r}: expected 'spawn ID X Y [YAW [PHOTO]]'")
        citizen_id = parts[1]
        if citizen_id in self.citizens:
            raise ValueError(f"bad citizen command {text!r}: {citizen_id} already exists")
        try:
            x, y = float(parts[2]), float(parts[3])
            yaw = float(parts[4]) if len(parts) > 4 else 0.0
            photo = int(parts[5]) if len(parts) > 5 else 0
        except ValueError:
            raise ValueError(
                f"bad citizen command {text!r}: X Y YAW must be numbers, PHOTO an integer"
            ) from None
        if not all(math.isfinite(v) for v in (x, y, yaw)) or not self.is_free(x, y):
            raise ValueError(f"bad citizen command {text!r}: ({x}, {y}) is not a free place")
        self.citizens[citizen_id] = Citizen(citizen_id, x, y, yaw, photo)
        return f"{citizen_id}: spawned at ({x:.2f}, {y:.2f})"

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
        self._record_trail(robot)
        for citizen in self.citizens.values():
            if citizen.activity is Activity.FOLLOWING:
                self._follow(citizen, robot, dt)
            elif citizen.activity is Activity.WAITING and citizen.wander and now >= citizen.wait_until:
                target = self._pick_target(citizen)
                if target is not None:
                    citizen.target, citizen.activity = target, Activity.WALKING
            elif citizen.activity is Activity.WALKING and citizen.target is not None:
                pace = citizen.walk_speed or self.config.walk_speed
                last = not citizen.route
                arrived = self._move_towards(
                    citizen, *citizen.target, pace, dt, stop_within=0.2 if last else 0.1
                )
                if arrived and not last:
                    citizen.target = citizen.route.pop(0)
                elif arrived and not citizen.wander:
                    citizen.activity, citizen.target = Activity.STANDING, None  # walked where told
                elif arrived:
                    citizen.activity = Activity.WAITING
                    citizen.wait_until = now + self.rng.uniform(*self.config.wait_range_s)

    def _record_trail(self, robot: Pose2D) -> None:
        """Breadcrumbs of the robot's way while someone follows it (people walk where it drove,
        around the chairs, instead of cutting corners)."""
        if not self.following():
            self.trail.clear()
            return
        if (
            not self.trail
            or math.hypot(robot.x - self.trail[-1][0], robot.y - self.trail[-1][1]) >= TRAIL_STEP
        ):
            self.trail.append((robot.x, robot.y))

    def _follow(self, citizen: Citizen, robot: Pose2D, dt: float) -> None:
        """Walk along the robot's trail at the citizen's own pace; stay `follow_gap` behind it."""
        if math.hypot(robot.x - citizen.x, robot.y - citizen.y) <= self.config.follow_gap:
            citizen.speed = 0.0
            citizen.yaw = math.atan2(robot.y - citizen.y, robot.x - citizen.x)
            return
        trail = self.trail
        citizen.trail_index = min(citizen.trail_index, len(trail))
        while (
            citizen.trail_index < len(trail) - 1
            and math.hypot(
                trail[citizen.trail_index][0] - citizen.x, trail[citizen.trail_index][1] - citizen.y
            )
            < 2 * TRAIL_STEP
        ):
            citizen.trail_index += 1
        if citizen.trail_index < len(trail):
            gx, gy = trail[citizen.trail_index]
        else:  # the robot has not moved yet since the follow began
            gx = robot.x - self.config.follow_gap * math.cos(robot.yaw)
            gy = robot.y - self.config.follow_gap * math.sin(robot.yaw)
        pace = citizen.walk_speed or self.config.follow_speed
        self._move_towards(citizen, gx, gy, pace, dt, stop_within=0.05, face=(robot.x, robot.y))

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
        if distance <= stop_within + 1e-6:  # (a last step of nearly nothing is an arrival, not a wall)
            citizen.speed = 0.0
            if face is not None:
                citizen.yaw = math.atan2(face[1] - citizen.y, face[0] - citizen.x)
            return True
        step = min(speed * dt, distance - stop_within)
        nx, ny = citizen.x + dx / distance * step, citizen.y + dy / distance * step
        # Straight on if free, else slide along the obstacle (people walk around a chair's corner).
        moves = [(nx, ny), (nx, citizen.y), (citizen.x, ny)]
        free = next(((x, y) for x, y in moves if self.is_free(x, y)), None)
        if free is not None and free != (citizen.x, citizen.y):
            citizen.speed = math.hypot(free[0] - citizen.x, free[1] - citizen.y) / dt
            citizen.x, citizen.y = free
        else:
            citizen.speed = 0.0
            if citizen.activity is Activity.WALKING:
                citizen.activity, citizen.wait_until = Activity.WAITING, 0.0
        citizen.yaw = wrap(math.atan2(dy, dx))
        return False


def planned_route(grid: OccupancyMap, clearance: float = RADIUS) -> Route:
    """A `Route` that walks around furniture: the Nav2 stand-in's grid planner on the map, with a
    person's clearance instead of the robot's."""
    costmap = Costmap(grid, InflationConfig(robot_radius=clearance, inflation_radius=clearance + 0.3))
    planner = GridPlanner(costmap, PlannerConfig(path_spacing=0.3))

    def route(start: Point, goal: Point) -> list[Point]:
        result = planner.plan(start, goal)
        if not result.ok:
            return []
        points = [(float(x), float(y)) for x, y in result.path[1:]]
        return points or [goal]

    return route

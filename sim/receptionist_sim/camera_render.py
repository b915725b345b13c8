"""A camera view from the robot's pose: the lobby ray-cast column by column, and real photographs of
people (scikit-image ships them in its wheel) pasted at the size and place a pinhole camera would see.

The background is a simple ray-cast rendering of the occupancy grid (walls and furniture as
vertical surfaces, floor and ceiling); each visible citizen becomes a photo of a real person,
scaled so that its head is at the citizen's height and its size follows 1/distance, hidden where a
wall is closer. Plain numpy + OpenCV, no ROS.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from receptionist_common.occupancy import OccupancyMap
from receptionist_sim.citizens import Citizen
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.raycast import cast


@dataclass(frozen=True)
class CameraConfig:
    width: int = 640
    height: int = 480
    horizontal_fov: float = math.radians(70.0)
    mount_height: float = 1.2  # metres above the floor
    mount_forward: float = 0.1  # metres ahead of base_link
    wall_height: float = 2.6
    range_max: float = 15.0
    column_step: int = 4  # one ray per this many image columns

    @property
    def fx(self) -> float:
        return (self.width / 2) / math.tan(self.horizontal_fov / 2)

    @property
    def cx(self) -> float:
        return self.width / 2 - 0.5

    @property
    def cy(self) -> float:
        return self.height / 2 - 0.5


@dataclass(frozen=True)
class Sprite:
    image: np.ndarray  # RGB crop whose top row is the top of the person's head
    covers_m: float  # how many metres of the person, from the head down, the crop shows


@lru_cache(maxsize=1)
def sprites() -> tuple[Sprite, ...]:
    """Real photographs of people from scikit-image's bundled data (no download)."""
    from skimage import data

    astronaut = data.astronaut()[16:512, 10:370]
    cameraman = np.repeat(data.camera()[60:512, 0:300, None], 3, axis=2)
    return (Sprite(np.ascontiguousarray(astronaut), 0.68), Sprite(np.ascontiguousarray(cameraman), 0.80))


def camera_pose(robot: Pose2D, config: CameraConfig) -> Pose2D:
    return robot.compose(Pose2D(config.mount_forward, 0.0, 0.0))


def _background(grid: OccupancyMap, pose: Pose2D, config: CameraConfig) -> tuple[np.ndarray, np.ndarray]:
    """RGB image and the depth (forward distance) of the wall seen in each image column."""
    w, h = config.width, config.height
    columns = np.arange(0, w, config.column_step) + config.column_step / 2
    offsets = np.arctan2(config.cx - columns, config.fx)  # positive to the left (REP-103)
    ranges = cast(grid, pose.x, pose.y, pose.yaw + offsets, config.range_max)
    ranges = np.where(np.isfinite(ranges), ranges, config.range_max)
    depth = np.repeat(ranges * np.cos(offsets), config.column_step)[:w]
    hit_x = np.repeat(pose.x + ranges * np.cos(pose.yaw + offsets), config.column_step)[:w]
    hit_y = np.repeat(pose.y + ranges * np.sin(pose.yaw + offsets), config.column_step)[:w]
    rows = np.arange(h)[:, None]
    top = config.cy - config.fx * (config.wall_height - config.mount_height) / depth
    bottom = config.cy + config.fx * config.mount_height / depth
    image = np.empty((h, w, 3), dtype=np.float32)
    # Ceiling and floor: flat colours darkening towards the horizon.
    horizon = np.abs(rows - config.cy) / (h / 2)
    ceiling = np.array([235, 235, 228], np.float32) * (0.75 + 0.25 * horizon[..., None])
    floor = np.array([176, 164, 150], np.float32) * (0.6 + 0.4 * horizon[..., None])
    image[:] = np.where((rows < config.cy)[..., None], ceiling, floor)
    wall = (rows >= top[None, :]) & (rows <= bottom[None, :])
    shade = np.clip(1.1 - depth / config.range_max, 0.45, 1.0)
    # A faint tile pattern so the view changes as the robot moves (useful for any optical flow).
    pattern = 0.92 + 0.08 * ((np.floor(hit_x * 2) + np.floor(hit_y * 2)) % 2)
    colour = np.array([222, 212, 190], np.float32)[None, :] * (shade * pattern)[:, None]
    image[wall] = np.broadcast_to(colour[None, :, :], (h, w, 3))[wall]
    return image, depth


def render(grid: OccupancyMap, robot: Pose2D, citizens: list[Citizen], config: CameraConfig) -> np.ndarray:
    """uint8 RGB image (height, width, 3) of what the robot's camera sees."""
    pose = camera_pose(robot, config)
    image, depth = _background(grid, pose, config)
    c, s = math.cos(pose.yaw), math.sin(pose.yaw)
    visible = []
    for citizen in citizens:
        dx, dy = citizen.x - pose.x, citizen.y - pose.y
        forward, left = c * dx + s * dy, -s * dx + c * dy
        if forward > 0.4:
            visible.append((forward, left, citizen))
    people = sprites()
    for forward, left, citizen in sorted(visible, key=lambda item: -item[0]):
        sprite = people[citizen.photo % len(people)]
        scale = config.fx / forward  # pixels per metre at this distance
        out_h = max(2, round(sprite.covers_m * scale))
        out_w = max(2, round(out_h * sprite.image.shape[1] / sprite.image.shape[0]))
        u = config.cx - config.fx * left / forward
        v_top = config.cy - config.fx * (citizen.height - config.mount_height) / forward
        x0, y0 = round(u - out_w / 2), round(v_top)
        x1, y1 = x0 + out_w, y0 + out_h
        cx0, cy0 = max(x0, 0), max(y0, 0)
        cx1, cy1 = min(x1, config.width), min(y1, config.height)
        if cx0 >= cx1 or cy0 >= cy1:
            continue
        resized = cv2.resize(sprite.image, (out_w, out_h), interpolation=cv2.INTER_AREA)
        patch = resized[cy0 - y0 : cy1 - y0, cx0 - x0 : cx1 - x0].astype(np.float32)
        in_front = depth[cx0:cx1] > forward  # occluded where a wall is closer
        region = image[cy0:cy1, cx0:cx1]
        region[:, in_front] = patch[:, in_front]
    return np.clip(image, 0, 255).astype(np.uint8)


def intrinsics(config: CameraConfig) -> tuple[list[float], list[float]]:
    """K (row-major 3x3) and P (3x4) of sensor_msgs/CameraInfo for this pinhole camera."""
    f = config.fx
    k = [f, 0.0, config.cx, 0.0, f, config.cy, 0.0, 0.0, 1.0]
    p = [f, 0.0, config.cx, 0.0, 0.0, f, config.cy, 0.0, 0.0, 0.0, 1.0, 0.0]
    return k, p

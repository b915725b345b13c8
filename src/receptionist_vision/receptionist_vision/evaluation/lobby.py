"""Procedural lobby backgrounds seen from the robot's camera: wall, tiled floor, counters, chairs, signs.

Everything is drawn with the same pinhole model the people are placed with, so the floor line, the
chairs and the counters sit at consistent depths. Randomness comes only from the generator passed in.
"""

from __future__ import annotations

import cv2
import numpy as np

from receptionist_vision.geometry import Intrinsics

WALL_COLOURS = (
    (214, 222, 228),
    (190, 205, 215),
    (200, 215, 205),
    (225, 225, 225),
    (176, 196, 222),
    (215, 230, 240),
)
FLOOR_COLOURS = ((175, 180, 185), (140, 150, 160), (200, 200, 195), (120, 130, 150), (170, 190, 205))
FURNITURE_COLOURS = (
    (60, 90, 140),
    (40, 40, 40),
    (90, 120, 170),
    (120, 120, 125),
    (140, 100, 60),
    (30, 60, 110),
)
SIGN_COLOURS = ((160, 80, 20), (30, 30, 170), (30, 110, 30), (140, 40, 40))
SIGN_TEXTS = ("QUAY 1", "QUAY 2", "QUAY 5", "TIEP NHAN", "TRA KET QUA", "LAY SO", "WIFI", "THONG TIN", "EXIT")


def row_at(height_m: float, depth_m: float, intr: Intrinsics, camera_height_m: float) -> float:
    """Image row of a point `height_m` above the floor at `depth_m` (optical axis horizontal)."""
    return intr.cy - intr.fy * (height_m - camera_height_m) / depth_m


def col_at(lateral_m: float, depth_m: float, intr: Intrinsics) -> float:
    """Image column of a point `lateral_m` to the right of the optical axis at `depth_m`."""
    return intr.cx + intr.fx * lateral_m / depth_m


def _noise_texture(rng: np.random.Generator, shape: tuple[int, int], strength: float) -> np.ndarray:
    small = rng.normal(0.0, strength, (max(2, shape[0] // 8), max(2, shape[1] // 8))).astype(np.float32)
    return cv2.resize(small, (shape[1], shape[0]), interpolation=cv2.INTER_CUBIC)


def box3d(img, rng, intr, cam_h, depth, lateral, width, height, colour) -> None:
    """A box-shaped piece of furniture facing the camera (front face plus a lighter top)."""
    x1, x2 = col_at(lateral - width / 2, depth, intr), col_at(lateral + width / 2, depth, intr)
    y_top, y_bot = row_at(height, depth, intr, cam_h), row_at(0.0, depth, intr, cam_h)
    back = depth + 0.5
    xb1, xb2 = col_at(lateral - width / 2, back, intr), col_at(lateral + width / 2, back, intr)
    yb_top = row_at(height, back, intr, cam_h)
    top = np.array([[x1, y_top], [x2, y_top], [xb2, yb_top], [xb1, yb_top]], np.int32)
    lighter = tuple(int(min(255, c * 1.25 + 20)) for c in colour)
    cv2.fillPoly(img, [top], lighter, lineType=cv2.LINE_AA)
    cv2.rectangle(img, (int(x1), int(y_top)), (int(x2), int(y_bot)), colour, -1)
    cv2.line(img, (int(x1), int(y_top)), (int(x2), int(y_top)), lighter, 2, cv2.LINE_AA)
    # Panels on the front make it less flat.
    panels = int(rng.integers(1, 4))
    for i in range(1, panels):
        xp = int(x1 + (x2 - x1) * i / panels)
        cv2.line(img, (xp, int(y_top) + 3), (xp, int(y_bot)), tuple(int(c * 0.8) for c in colour), 1)


def chair_row(img, rng, intr, cam_h, depth, lateral, count, colour) -> None:
    seat_h, back_h, seat_w = 0.45, 0.85, 0.5
    for i in range(count):
        lat = lateral + i * (seat_w + 0.05)
        x1, x2 = col_at(lat - seat_w / 2, depth, intr), col_at(lat + seat_w / 2, depth, intr)
        y_back = row_at(back_h, depth + 0.2, intr, cam_h)
        y_seat = row_at(seat_h, depth, intr, cam_h)
        y_floor = row_at(0.0, depth, intr, cam_h)
        cv2.rectangle(img, (int(x1), int(y_back)), (int(x2), int(y_seat)), colour, -1)
        dark = tuple(int(c * 0.6) for c in colour)
        cv2.rectangle(
            img, (int(x1), int(y_seat)), (int(x2), int(y_seat + (y_floor - y_seat) * 0.15)), dark, -1
        )
        for xl in (x1 + 2, x2 - 4):
            cv2.line(img, (int(xl), int(y_seat)), (int(xl), int(y_floor)), (70, 70, 70), 2)


def sign(img, rng, x1, y1, x2, y2) -> None:
    colour = SIGN_COLOURS[int(rng.integers(len(SIGN_COLOURS)))]
    cv2.rectangle(img, (x1, y1), (x2, y2), colour, -1)
    text = SIGN_TEXTS[int(rng.integers(len(SIGN_TEXTS)))]
    scale = max(0.3, (y2 - y1) / 40.0)
    cv2.putText(
        img,
        text,
        (x1 + 4, y2 - max(3, (y2 - y1) // 4)),
        cv2.FONT_HERSHEY_SIMPLEX,
        scale,
        (255, 255, 255),
        1,
        cv2.LINE_AA,
    )


def poster(img, photo, x1, y1, x2, y2) -> None:
    if x2 - x1 < 4 or y2 - y1 < 4:
        return
    h, w = img.shape[:2]
    x1c, y1c, x2c, y2c = max(0, x1), max(0, y1), min(w, x2), min(h, y2)
    if x2c <= x1c or y2c <= y1c:
        return
    resized = cv2.resize(photo, (x2 - x1, y2 - y1), interpolation=cv2.INTER_AREA)
    img[y1c:y2c, x1c:x2c] = resized[y1c - y1 : y2c - y1, x1c - x1 : x2c - x1]
    cv2.rectangle(img, (x1, y1), (x2, y2), (30, 30, 30), 3)


def lobby_background(
    rng: np.random.Generator,
    intr: Intrinsics,
    camera_height_m: float,
    posters: list[np.ndarray],
) -> np.ndarray:
    """One lobby view with nobody in it, BGR uint8 of the camera's size."""
    w, h = intr.width, intr.height
    img = np.zeros((h, w, 3), np.uint8)
    wall_depth = float(rng.uniform(5.0, 10.0))
    ceiling_h = float(rng.uniform(2.8, 3.6))
    wall = np.array(WALL_COLOURS[int(rng.integers(len(WALL_COLOURS)))], np.float32)
    floor = np.array(FLOOR_COLOURS[int(rng.integers(len(FLOOR_COLOURS)))], np.float32)
    y_floor = int(row_at(0.0, wall_depth, intr, camera_height_m))
    y_ceiling = int(row_at(ceiling_h, wall_depth, intr, camera_height_m))

    # Wall with a soft light gradient, ceiling band, floor with perspective tiles.
    shade = np.linspace(0.9, 1.08, h, dtype=np.float32)[:, None, None]
    img[:] = np.clip(wall[None, None, :] * shade, 0, 255).astype(np.uint8)
    if y_ceiling > 0:
        img[:y_ceiling] = np.clip(wall * 1.08 + 10, 0, 255).astype(np.uint8)
        for _ in range(int(rng.integers(1, 4))):
            xl = int(rng.integers(0, w - 80))
            cv2.rectangle(
                img, (xl, max(0, y_ceiling - 14)), (xl + 80, max(0, y_ceiling - 6)), (250, 250, 250), -1
            )
    img[y_floor:] = floor.astype(np.uint8)
    tile = float(rng.choice([0.5, 0.6, 0.8]))
    line = tuple(int(c * 0.85) for c in floor)
    for lat in np.arange(-12.0, 12.0, tile):
        p1 = (int(col_at(lat, wall_depth, intr)), y_floor)
        p2 = (int(col_at(lat, 0.6, intr)), int(row_at(0.0, 0.6, intr, camera_height_m)))
        cv2.line(img, p1, p2, line, 1, cv2.LINE_AA)
    for depth in np.arange(wall_depth, 0.5, -tile):
        y = int(row_at(0.0, depth, intr, camera_height_m))
        cv2.line(img, (0, y), (w, y), line, 1, cv2.LINE_AA)
    cv2.rectangle(img, (0, y_floor - 6), (w, y_floor), tuple(int(c * 0.6) for c in wall), -1)

    # Things on the wall: windows/doors, signs, a screen or poster showing a photo with no person.
    for _ in range(int(rng.integers(1, 3))):
        lat = float(rng.uniform(-6, 6))
        width = float(rng.uniform(0.9, 2.0))
        x1, x2 = int(col_at(lat, wall_depth, intr)), int(col_at(lat + width, wall_depth, intr))
        y1 = int(row_at(float(rng.uniform(2.0, 2.4)), wall_depth, intr, camera_height_m))
        if rng.random() < 0.5:  # a door down to the floor
            cv2.rectangle(img, (x1, y1), (x2, y_floor), (150, 160, 165), -1)
            cv2.rectangle(img, (x1, y1), (x2, y_floor), (80, 80, 80), 2)
        else:  # a window with a bright outside
            y2 = int(row_at(0.9, wall_depth, intr, camera_height_m))
            cv2.rectangle(img, (x1, y1), (x2, y2), (235, 225, 200), -1)
            cv2.line(img, ((x1 + x2) // 2, y1), ((x1 + x2) // 2, y2), (90, 90, 90), 2)
            cv2.rectangle(img, (x1, y1), (x2, y2), (90, 90, 90), 2)
    for _ in range(int(rng.integers(1, 4))):
        lat = float(rng.uniform(-5, 5))
        x1 = int(col_at(lat, wall_depth, intr))
        x2 = int(col_at(lat + float(rng.uniform(0.8, 1.8)), wall_depth, intr))
        y1 = int(row_at(float(rng.uniform(2.1, 2.6)), wall_depth, intr, camera_height_m))
        y2 = y1 + max(8, int(intr.fy * 0.3 / wall_depth))
        sign(img, rng, x1, y1, x2, y2)
    if posters and rng.random() < 0.8:
        photo = posters[int(rng.integers(len(posters)))]
        lat = float(rng.uniform(-4, 3))
        x1, x2 = (
            int(col_at(lat, wall_depth, intr)),
            int(col_at(lat + float(rng.uniform(0.8, 1.6)), wall_depth, intr)),
        )
        y1 = int(row_at(2.0, wall_depth, intr, camera_height_m))
        y2 = y1 + int((x2 - x1) * photo.shape[0] / photo.shape[1])
        poster(img, photo, x1, y1, x2, y2)

    # Furniture at several depths, far to near.
    depths = sorted(
        (float(rng.uniform(2.5, wall_depth - 0.3)) for _ in range(int(rng.integers(1, 4)))), reverse=True
    )
    for depth in depths:
        colour = FURNITURE_COLOURS[int(rng.integers(len(FURNITURE_COLOURS)))]
        if rng.random() < 0.5:
            chair_row(
                img,
                rng,
                intr,
                camera_height_m,
                depth,
                float(rng.uniform(-4, 2)),
                int(rng.integers(2, 6)),
                colour,
            )
        else:
            box3d(
                img,
                rng,
                intr,
                camera_height_m,
                depth,
                float(rng.uniform(-3, 3)),
                float(rng.uniform(1.0, 3.0)),
                float(rng.uniform(0.75, 1.1)),
                colour,
            )
    if rng.random() < 0.5:  # a potted plant
        depth, lat = float(rng.uniform(2.0, wall_depth - 0.5)), float(rng.uniform(-3, 3))
        xc, yb = int(col_at(lat, depth, intr)), int(row_at(0.0, depth, intr, camera_height_m))
        pot_h, pot_w = int(intr.fy * 0.4 / depth), int(intr.fx * 0.35 / depth)
        cv2.rectangle(img, (xc - pot_w // 2, yb - pot_h), (xc + pot_w // 2, yb), (60, 80, 120), -1)
        for _ in range(12):
            r = int(intr.fx * float(rng.uniform(0.08, 0.2)) / depth)
            ox, oy = rng.normal(0, pot_w * 0.6), -pot_h - abs(rng.normal(0, pot_h * 1.2))
            cv2.circle(img, (int(xc + ox), int(yb + oy)), max(2, r), (40, int(rng.uniform(100, 160)), 50), -1)

    texture = _noise_texture(rng, (h, w), 6.0)
    return np.clip(img.astype(np.float32) + texture[:, :, None], 0, 255).astype(np.uint8)


def counter_in_front(
    img: np.ndarray,
    rng: np.random.Generator,
    intr: Intrinsics,
    camera_height_m: float,
    depth_m: float,
    lateral_m: float,
    top_row: float,
) -> None:
    """A counter, kiosk or barrier between the camera and a person, its top edge at `top_row`."""
    w = intr.width
    height_m = camera_height_m - (top_row - intr.cy) * depth_m / intr.fy
    width_m = float(rng.uniform(1.0, 2.2))
    colour = FURNITURE_COLOURS[int(rng.integers(len(FURNITURE_COLOURS)))]
    box3d(
        img,
        rng,
        intr,
        camera_height_m,
        depth_m,
        lateral_m + float(rng.uniform(-0.2, 0.2)),
        width_m,
        height_m,
        colour,
    )
    if rng.random() < 0.4:  # a small sign on the counter front
        x1 = int(col_at(lateral_m - 0.25, depth_m, intr))
        y1 = int(top_row + intr.fy * 0.1 / depth_m)
        sign(
            img,
            rng,
            max(0, x1),
            y1,
            min(w - 1, x1 + int(intr.fx * 0.5 / depth_m)),
            y1 + max(6, int(intr.fy * 0.12 / depth_m)),
        )

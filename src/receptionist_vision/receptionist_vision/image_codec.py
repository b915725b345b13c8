"""sensor_msgs/Image <-> numpy without cv_bridge (it is not on PyPI), with checks for bad input.

Only 8-bit images are accepted: rgb8, bgr8, mono8 (and the OpenCV aliases 8UC3 = bgr8, 8UC1 = mono8).
Anything else, an empty or oversized image, or a data buffer shorter than height x step raises
ImageError with a message an operator can act on; the caller warns and waits for the next frame.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

CHANNELS = {"rgb8": 3, "bgr8": 3, "mono8": 1, "8UC3": 3, "8UC1": 1}


class ImageError(ValueError):
    """The image cannot be used; the message says why."""


@dataclass(frozen=True)
class ImageFields:
    """The fields of sensor_msgs/Image that matter here (keeps this module free of ROS)."""

    encoding: str
    width: int
    height: int
    step: int
    data: bytes | bytearray | memoryview | np.ndarray


def to_array(msg: ImageFields, max_pixels: int) -> np.ndarray:
    """BGR (H, W, 3) or grey (H, W) uint8 array of a sensor_msgs/Image; raises ImageError."""
    encoding = msg.encoding
    if encoding not in CHANNELS:
        raise ImageError(f"unsupported encoding {encoding!r}: publish one of rgb8, bgr8, mono8")
    width, height, step = int(msg.width), int(msg.height), int(msg.step)
    if width <= 0 or height <= 0:
        raise ImageError(f"empty image ({width}x{height})")
    if width * height > max_pixels:
        raise ImageError(
            f"image too large ({width}x{height} > {max_pixels} pixels): lower the camera resolution"
        )
    channels = CHANNELS[encoding]
    row = width * channels
    if step < row:
        raise ImageError(f"step {step} is shorter than a row of {width} {encoding} pixels ({row} bytes)")
    buffer = np.frombuffer(
        memoryview(msg.data).cast("B") if not isinstance(msg.data, np.ndarray) else msg.data, dtype=np.uint8
    )
    if buffer.size < step * (height - 1) + row:
        raise ImageError(f"truncated data: {buffer.size} bytes for {height} rows of {step} bytes")
    rows = np.lib.stride_tricks.as_strided(buffer, shape=(height, row), strides=(step, 1))
    if channels == 1:
        return np.ascontiguousarray(rows)
    image = rows.reshape(height, width, 3)
    if encoding == "rgb8":
        return cv2.cvtColor(image, cv2.COLOR_RGB2BGR)
    return np.ascontiguousarray(image)


def from_array(image: np.ndarray) -> ImageFields:
    """An ImageFields (bgr8 or mono8) for a uint8 array, ready to copy into a sensor_msgs/Image."""
    if image.dtype != np.uint8:
        raise ImageError(f"expected uint8 pixels, got {image.dtype}")
    image = np.ascontiguousarray(image)
    if image.ndim == 2:
        return ImageFields("mono8", image.shape[1], image.shape[0], image.shape[1], image.tobytes())
    if image.ndim == 3 and image.shape[2] == 3:
        return ImageFields("bgr8", image.shape[1], image.shape[0], image.shape[1] * 3, image.tobytes())
    raise ImageError(f"expected a grey or BGR image, got shape {image.shape}")


def fit_width(image: np.ndarray, max_width: int) -> np.ndarray:
    """Downscale (keeping the aspect) so that detection costs the same for any camera resolution."""
    if max_width <= 0 or image.shape[1] <= max_width:
        return image
    scale = max_width / image.shape[1]
    return cv2.resize(
        image, (max_width, max(1, round(float(image.shape[0] * scale)))), interpolation=cv2.INTER_AREA
    )

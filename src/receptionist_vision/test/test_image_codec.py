import numpy as np
import pytest

from receptionist_vision.image_codec import ImageError, ImageFields, fit_width, from_array, to_array

MAX = 4096 * 4096


def _image(h=4, w=5):
    return np.arange(h * w * 3, dtype=np.uint8).reshape(h, w, 3)


def test_bgr8_round_trip():
    bgr = _image()
    msg = from_array(bgr)
    assert msg.encoding == "bgr8" and msg.step == 15
    assert np.array_equal(to_array(msg, MAX), bgr)


def test_rgb8_is_converted_to_bgr():
    bgr = _image()
    rgb = bgr[:, :, ::-1].copy()
    out = to_array(ImageFields("rgb8", 5, 4, 15, rgb.tobytes()), MAX)
    assert np.array_equal(out, bgr)


def test_mono8_with_row_padding():
    grey = np.arange(20, dtype=np.uint8).reshape(4, 5)
    padded = np.zeros((4, 8), np.uint8)
    padded[:, :5] = grey
    out = to_array(ImageFields("mono8", 5, 4, 8, padded.tobytes()), MAX)
    assert np.array_equal(out, grey)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (ImageFields("16UC1", 5, 4, 10, bytes(40)), "unsupported encoding"),
        (ImageFields("yuv422", 5, 4, 10, bytes(40)), "unsupported encoding"),
        (ImageFields("bgr8", 0, 0, 0, b""), "empty image"),
        (ImageFields("bgr8", 100000, 100000, 300000, b""), "too large"),
        (ImageFields("bgr8", 5, 4, 15, bytes(30)), "truncated"),
        (ImageFields("bgr8", 5, 4, 10, bytes(60)), "step"),
    ],
)
def test_bad_images_raise_a_clear_error(fields, message):
    with pytest.raises(ImageError, match=message):
        to_array(fields, MAX)


def test_fit_width_downscales_wide_images_only():
    assert fit_width(np.zeros((960, 1280, 3), np.uint8), 640).shape == (480, 640, 3)
    small = np.zeros((240, 320), np.uint8)
    assert fit_width(small, 640) is small

"""Write tiny ONNX models by hand (protobuf wire format), so the ONNX detector is tested on a real
model file without the onnx package or any download.

The model computes `output = constant + 0 * mean(input)`: whatever the image, it returns the detections
baked into `constant`, in the layout the detector must parse.
"""

from __future__ import annotations

import numpy as np


def _varint(value: int) -> bytes:
    out = bytearray()
    value &= (1 << 64) - 1
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _key(field: int, wire: int) -> bytes:
    return _varint((field << 3) | wire)


def _int(field: int, value: int) -> bytes:
    return _key(field, 0) + _varint(value)


def _bytes(field: int, payload: bytes) -> bytes:
    return _key(field, 2) + _varint(len(payload)) + payload


def _str(field: int, text: str) -> bytes:
    return _bytes(field, text.encode())


def _tensor(name: str, array: np.ndarray) -> bytes:
    array = np.ascontiguousarray(array, dtype=np.float32)
    dims = b"".join(_int(1, d) for d in array.shape)
    return dims + _int(2, 1) + _str(8, name) + _bytes(9, array.tobytes())  # FLOAT = 1, raw_data


def _value_info(name: str, shape: tuple[int, ...]) -> bytes:
    dims = b"".join(_bytes(1, _int(1, d)) for d in shape)
    tensor_type = _int(1, 1) + _bytes(2, dims)
    return _str(1, name) + _bytes(2, _bytes(1, tensor_type))


def _node(op: str, inputs: list[str], outputs: list[str], attributes: bytes = b"") -> bytes:
    return (
        b"".join(_str(1, i) for i in inputs)
        + b"".join(_str(2, o) for o in outputs)
        + _str(4, op)
        + attributes
    )


def _ints_attribute(name: str, values: list[int]) -> bytes:
    return _bytes(5, _str(1, name) + b"".join(_int(8, v) for v in values) + _int(20, 7))  # INTS = 7


def _int_attribute(name: str, value: int) -> bytes:
    return _bytes(5, _str(1, name) + _int(3, value) + _int(20, 2))  # INT = 2


def constant_detector(path: str, input_size: int, constant: np.ndarray) -> None:
    """Save a model with input 'images' (1, 3, size, size) whose output is `constant` (up to 4-D)."""
    out_shape = (1,) * (4 - constant.ndim) + tuple(constant.shape)
    nodes = [
        _node(
            "ReduceMean",
            ["images"],
            ["mean"],
            _ints_attribute("axes", [1, 2, 3]) + _int_attribute("keepdims", 1),
        ),
        _node("Mul", ["mean", "zero"], ["nothing"]),
        _node("Add", ["nothing", "constant"], ["output"]),
    ]
    graph = (
        b"".join(_bytes(1, n) for n in nodes)
        + _str(2, "constant_detector")
        + _bytes(5, _tensor("zero", np.zeros((1, 1, 1, 1), np.float32)))
        + _bytes(5, _tensor("constant", constant))
        + _bytes(11, _value_info("images", (1, 3, input_size, input_size)))
        + _bytes(12, _value_info("output", out_shape))
    )
    model = (
        _int(1, 7)
        + _str(2, "receptionist_vision_test")
        + _bytes(7, graph)
        + _bytes(8, _str(1, "") + _int(2, 13))
    )
    with open(path, "wb") as handle:
        handle.write(model)

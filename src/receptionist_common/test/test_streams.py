"""A stream publisher survives a sample that DDS refuses, and still raises on programming errors."""

from __future__ import annotations

from typing import Any

import pytest
from rclpy.impl.implementation_singleton import rclpy_implementation as _rclpy
from std_msgs.msg import Int32, String

from receptionist_common.streams import WARNING_PERIOD_S, StreamPublisher

REFUSED = "Failed to publish: cannot publish data, at /project/src/rmw_publish.cpp:68"


class RefusingPublisher:
    """Fast DDS's refusal of a write under load, as rclpy raises it, for the samples listed."""

    topic_name = "/odom"

    def __init__(self, refuse: set[int]) -> None:
        self.refuse = refuse
        self.sent: list[Any] = []
        self.calls = 0

    def publish(self, msg: Any) -> None:
        self.calls += 1
        if self.calls in self.refuse:
            raise _rclpy.RCLError(REFUSED)
        self.sent.append(msg)


class RecordingLogger:
    def __init__(self) -> None:
        self.warnings: list[tuple[str, dict[str, Any]]] = []

    def warning(self, message: str, **kwargs: Any) -> None:
        self.warnings.append((message, kwargs))


class FakeNode:
    def __init__(self, publisher: RefusingPublisher) -> None:
        self.publisher = publisher
        self.logger = RecordingLogger()

    def create_publisher(self, msg_type: Any, topic: str, qos: Any) -> RefusingPublisher:
        return self.publisher

    def get_logger(self) -> RecordingLogger:
        return self.logger


def test_a_refused_sample_is_dropped_with_a_warning_and_the_stream_goes_on():
    node = FakeNode(RefusingPublisher(refuse={2, 3}))
    stream = StreamPublisher(node, String, "/odom", 10)
    results = [stream.publish(String(data=str(i))) for i in range(4)]
    assert results == [True, False, False, True]
    assert [m.data for m in node.publisher.sent] == ["0", "3"]
    assert stream.dropped == 2
    message, kwargs = node.logger.warnings[-1]
    assert "/odom" in message and "2 so far" in message and "cannot publish data" in message
    assert kwargs == {"throttle_duration_sec": WARNING_PERIOD_S}  # a stuck stream does not flood the log


def test_a_wrong_message_type_is_a_bug_and_still_raises(ros_context):
    stream = StreamPublisher(ros_context.node, String, "/stream_test", 10)
    assert stream.publish(String(data="hello")) is True
    with pytest.raises(TypeError):
        stream.publish(Int32(data=1))
    assert stream.dropped == 0

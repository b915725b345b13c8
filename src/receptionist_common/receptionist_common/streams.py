"""Publishers for streams (clock, odometry, scans, images, people, diagnostics): a refused sample is
dropped with a warning, and the node keeps running.

Fast DDS can refuse a write ("cannot publish data") on a starved machine, most likely when a reliable
writer stays blocked longer than its QoS `max_blocking_time` (100 ms; ros2/rmw#209,
ros2/rmw_fastrtps#310). rclpy raises that as RCLError; raised in a timer callback it ends the
executor's spin, and the process with it (seen once in CI, in the simulator's odometry). For a stream
the next sample supersedes the lost one a few milliseconds later, so losing one is the right outcome
and losing the simulator or the perception node is not.
"""

from __future__ import annotations

from typing import Any

from rclpy.impl.implementation_singleton import rclpy_implementation as _rclpy

# How often a stream that keeps refusing samples repeats its warning.
WARNING_PERIOD_S = 5.0


class StreamPublisher:
    """Wraps `node.create_publisher(...)`; `publish` returns whether the sample went out."""

    def __init__(self, node: Any, msg_type: Any, topic: str, qos: Any) -> None:
        self._publisher = node.create_publisher(msg_type, topic, qos)
        self._logger = node.get_logger()
        self.dropped = 0

    @property
    def topic_name(self) -> str:
        return self._publisher.topic_name

    def get_subscription_count(self) -> int:
        return self._publisher.get_subscription_count()

    def publish(self, msg: Any) -> bool:
        try:
            self._publisher.publish(msg)
        except _rclpy.RCLError as error:
            self.dropped += 1
            self._logger.warning(
                f"dropped a sample on {self.topic_name} ({self.dropped} so far): {error}",
                throttle_duration_sec=WARNING_PERIOD_S,
            )
            return False
        return True

"""Publish a node's health on /diagnostics so the runner and the operator view see what is down."""

from __future__ import annotations

from collections.abc import Callable

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus, KeyValue
from rclpy.node import Node

from receptionist_common.streams import StreamPublisher

OK = DiagnosticStatus.OK
WARN = DiagnosticStatus.WARN
ERROR = DiagnosticStatus.ERROR
STALE = DiagnosticStatus.STALE

# A check returns (level, message, key values), e.g. (WARN, "center unreachable", {"url": ...}).
HealthCheck = Callable[[], tuple[int, str, dict[str, str]]]


class HealthReporter:
    """Runs the node's registered checks periodically and publishes one DiagnosticStatus each."""

    def __init__(self, node: Node, period_s: float = 1.0) -> None:
        self._node = node
        self._checks: list[tuple[str, HealthCheck]] = []
        self._publisher = StreamPublisher(node, DiagnosticArray, "/diagnostics", 10)
        self._timer = node.create_timer(period_s, self.publish)

    def add_check(self, name: str, check: HealthCheck) -> None:
        self._checks.append((name, check))

    def publish(self) -> None:
        array = DiagnosticArray()
        array.header.stamp = self._node.get_clock().now().to_msg()
        node_name = self._node.get_fully_qualified_name()
        checks = self._checks or [("alive", lambda: (OK, "running", {}))]
        for name, check in checks:
            try:
                level, message, values = check()
            except Exception as error:  # a failing check is itself a health finding
                level, message, values = ERROR, f"check failed: {error}", {}
            array.status.append(
                DiagnosticStatus(
                    level=level,
                    name=f"{node_name}: {name}",
                    message=message,
                    hardware_id=node_name,
                    values=[KeyValue(key=str(k), value=str(v)) for k, v in values.items()],
                )
            )
        self._publisher.publish(array)

"""Every node reports on /diagnostics; a node whose dependency is down says which and why."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus

ROOT = Path(__file__).resolve().parents[1]


class DiagnosticsLog:
    def __init__(self, node) -> None:
        self._lock = threading.Lock()
        self.latest: dict[str, DiagnosticStatus] = {}
        node.create_subscription(DiagnosticArray, "/diagnostics", self._on, 50)

    def _on(self, msg: DiagnosticArray) -> None:
        with self._lock:
            for status in msg.status:
                self.latest[status.name] = status

    def wait_for(self, name_part: str, level: int, timeout: float = 30.0) -> DiagnosticStatus:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                for name, status in self.latest.items():
                    if name_part in name and status.level == level:
                        return status
            time.sleep(0.1)
        raise AssertionError(f"no {name_part!r} status at level {level}; seen: {sorted(self.latest)}")


def test_dialog_and_guide_report_what_is_down(ros_context, launch_node):
    diagnostics = DiagnosticsLog(ros_context.node)
    launch_node("receptionist_dialog", "dialog_manager", params_files=[ROOT / "config/dialog.yaml"])
    launch_node("receptionist_nav", "guide_visitor", params_files=[ROOT / "config/nav.yaml"])
    catalog = diagnostics.wait_for("/dialog_manager: catalog", DiagnosticStatus.ERROR)
    assert "service bridge" in catalog.message
    guide = diagnostics.wait_for("/dialog_manager: guide", DiagnosticStatus.OK)
    assert "reachable" in guide.message
    navigation = diagnostics.wait_for("/guide_visitor: navigation", DiagnosticStatus.ERROR)
    assert "not reachable" in navigation.message
    assert diagnostics.wait_for("/guide_visitor: battery", DiagnosticStatus.WARN).message == (
        "no /battery_state received"
    )

"""Aggregates /diagnostics statuses per node for the operator view: who is fine, degraded, down or silent.

A node that crashed stops publishing, so silence is the main signal: a node not heard from for longer
than `stale_after_s` (or expected but never heard from) is shown as STALE.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

# diagnostic_msgs/DiagnosticStatus levels (bytes 0..3).
OK, WARN, ERROR, STALE = 0, 1, 2, 3
LEVEL_NAMES = {OK: "OK", WARN: "WARN", ERROR: "ERROR", STALE: "STALE"}
LEVEL_TEXT = {
    OK: "Hoạt động tốt",
    WARN: "Cảnh báo",
    ERROR: "Lỗi",
    STALE: "Mất tín hiệu",
}
NEVER_SEEN_MESSAGE = "Chưa nhận được trạng thái nào từ nút này"


@dataclass
class _Check:
    name: str
    level: int
    message: str
    received: float
    values: dict[str, str] = field(default_factory=dict)


class DiagnosticsBoard:
    """Latest status of every check, grouped by hardware_id (the reporting node)."""

    def __init__(self, stale_after_s: float = 5.0, expected: Iterable[str] = ()) -> None:
        self._stale_after_s = stale_after_s
        self._expected = [name for name in expected if name]
        self._nodes: dict[str, dict[str, _Check]] = {}
        self._lock = threading.Lock()

    def update(
        self,
        hardware_id: str,
        name: str,
        level: int,
        message: str,
        now: float,
        values: dict[str, str] | None = None,
    ) -> None:
        """Record one DiagnosticStatus; statuses without hardware_id are grouped by their name's prefix."""
        node = hardware_id.strip() or name.split(":")[0].strip() or "(không tên)"
        level = level if level in LEVEL_NAMES else ERROR
        with self._lock:
            self._nodes.setdefault(node, {})[name] = _Check(name, level, message, now, dict(values or {}))

    def rows(self, now: float) -> list[dict[str, Any]]:
        """One row per node, worst first: level (stale overrides), message of the worst check, age."""
        with self._lock:
            nodes = {node: list(checks.values()) for node, checks in self._nodes.items()}
        rows: list[dict[str, Any]] = []
        for node, checks in nodes.items():
            last = max(check.received for check in checks)
            age = max(0.0, now - last)
            stale = age > self._stale_after_s
            worst = max(checks, key=lambda check: (check.level, check.received))
            level = STALE if stale else worst.level
            message = (
                f"Không nhận được trạng thái trong {age:.0f} giây (lần cuối: {worst.message})"
                if stale
                else worst.message
            )
            rows.append(self._row(node, level, message, round(age, 1), stale, False, checks, now))
        for node in self._expected:
            if node not in nodes:
                rows.append(self._row(node, STALE, NEVER_SEEN_MESSAGE, None, True, True, [], now))
        rows.sort(key=lambda row: (-row["level"], row["hardware_id"]))
        return rows

    def summary(self, now: float) -> dict[str, Any]:
        rows = self.rows(now)
        counts = {LEVEL_NAMES[level]: 0 for level in LEVEL_NAMES}
        for row in rows:
            counts[row["level_name"]] += 1
        return {
            "all_ok": bool(rows) and counts["OK"] == len(rows),
            "counts": counts,
            "stale_after_s": self._stale_after_s,
            "nodes": rows,
        }

    @staticmethod
    def _row(
        node: str,
        level: int,
        message: str,
        age: float | None,
        stale: bool,
        never_seen: bool,
        checks: list[_Check],
        now: float,
    ) -> dict[str, Any]:
        return {
            "hardware_id": node,
            "level": level,
            "level_name": LEVEL_NAMES[level],
            "level_text": LEVEL_TEXT[level],
            "message": message,
            "age_s": age,
            "stale": stale,
            "never_seen": never_seen,
            "checks": [
                {
                    "name": check.name,
                    "level_name": LEVEL_NAMES[check.level],
                    "message": check.message,
                    "age_s": round(max(0.0, now - check.received), 1),
                    "values": check.values,
                }
                for check in sorted(checks, key=lambda check: check.name)
            ],
        }

"""When must the robot go to its dock, and when may it leave it again? (with hysteresis)"""

from __future__ import annotations

import math
from dataclasses import dataclass


@dataclass
class BatteryPolicy:
    low: float = 0.25  # below: go to the dock after the current escort (fraction 0..1)
    critical: float = 0.12  # below: refuse new escorts, go to the dock now
    resume: float = 0.80  # at or above, after charging: back to the home pose

    def __post_init__(self) -> None:
        if not 0.0 <= self.critical <= self.low < self.resume <= 1.0:
            raise ValueError("battery thresholds must satisfy 0 <= critical <= low < resume <= 1")

    @staticmethod
    def fraction(percentage: float) -> float | None:
        """sensor_msgs/BatteryState.percentage (0..1; NaN when unknown) -> a usable value or None."""
        if percentage is None or not math.isfinite(percentage):
            return None
        return min(max(float(percentage), 0.0), 1.0)

    def needs_dock(self, percentage: float | None) -> bool:
        value = self.fraction(percentage) if percentage is not None else None
        return value is not None and value < self.low

    def refuses_escort(self, percentage: float | None) -> bool:
        value = self.fraction(percentage) if percentage is not None else None
        return value is not None and value < self.critical

    def may_leave_dock(self, percentage: float | None) -> bool:
        value = self.fraction(percentage) if percentage is not None else None
        return value is not None and value >= self.resume

    def idle_target(self, at: str, percentage: float | None, home: str, dock: str) -> str | None:
        """Where an idle robot parked at `at` drives by itself: the dock when the battery is low, home
        once it charged on the dock; None: stay."""
        if at != dock and self.needs_dock(percentage):
            return dock
        if at == dock and self.may_leave_dock(percentage):
            return home
        return None

"""A simulated battery: drains with time and motion, charges on the dock."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class BatteryConfig:
    capacity_ah: float = 40.0
    voltage: float = 25.2
    idle_drain_per_h: float = 0.06  # fraction of a full charge per hour when standing
    motion_drain_per_km: float = 0.15  # fraction per km driven
    charge_per_h: float = 0.5  # fraction per hour on the dock
    dock_radius: float = 0.3  # within this of the dock pose: charging


class Battery:
    def __init__(self, config: BatteryConfig, fraction: float = 1.0) -> None:
        self.config = config
        self.fraction = min(max(fraction, 0.0), 1.0)
        self.charging = False

    def step(self, dt: float, distance_m: float, on_dock: bool) -> None:
        cfg = self.config
        self.charging = on_dock and self.fraction < 1.0
        if on_dock:
            self.fraction += cfg.charge_per_h * dt / 3600.0
        else:
            self.fraction -= (
                cfg.idle_drain_per_h * dt / 3600.0 + cfg.motion_drain_per_km * distance_m / 1000.0
            )
        self.fraction = min(max(self.fraction, 0.0), 1.0)

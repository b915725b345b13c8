"""Queue arithmetic: ticket numbers and wait estimates from recent service times (no I/O)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta, timezone

# Vietnam has no daylight saving time: the service day is the date at UTC+7.
VIETNAM_TZ = timezone(timedelta(hours=7))


def service_day(now_s: float, tz: timezone = VIETNAM_TZ) -> str:
    """The local date tickets are numbered in (numbers restart each day, like the printed tickets)."""
    return datetime.fromtimestamp(now_s, tz).date().isoformat()


def ticket_number(counter_number: int, sequence: int) -> str:
    """'1-0042': counter number, then the day's sequence at that counter."""
    return f"{counter_number}-{sequence:04d}"


def average_service_time(
    durations_s: Sequence[float], default_s: float, minimum_s: float = 30.0, maximum_s: float = 3600.0
) -> float:
    """Mean of recent service durations, each clipped to a plausible range; the default when none.

    Clipping keeps a ticket that staff forgot to close (hours) or skipped (seconds) from dominating.
    """
    valid = [min(max(d, minimum_s), maximum_s) for d in durations_s if d >= 0]
    if not valid:
        return default_s
    return sum(valid) / len(valid)


def estimate_wait(waiting_ahead: int, average_s: float, serving_elapsed_s: float | None) -> float:
    """Seconds until a ticket with `waiting_ahead` tickets before it is called.

    The ticket being served (if any) is expected to need the rest of an average service time.
    """
    remaining = 0.0 if serving_elapsed_s is None else max(average_s - serving_elapsed_s, 0.0)
    return round(waiting_ahead * average_s + remaining, 1)

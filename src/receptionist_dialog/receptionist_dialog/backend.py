"""What the dialog needs from the service bridge, as plain types (no ROS).

The dialog manager calls a `Backend`; the node implements it with the bridge's ROS services
(`bridge_client.py`). Keeping the interface plain lets the dialog logic be unit-tested fast, while
the integration tests run it against the real bridge and center service.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

# Error kinds, mapped from the services' uint8 codes (OK=0, NOT_FOUND=1, INVALID_REQUEST=2,
# BACKEND_UNAVAILABLE=3, BACKEND_ERROR=4); "timeout" when the service did not answer in time.
OK = "ok"
NOT_FOUND = "not_found"
INVALID = "invalid_request"
UNAVAILABLE = "unavailable"
ERROR = "error"
TIMEOUT = "timeout"
ERROR_KINDS = {0: OK, 1: NOT_FOUND, 2: INVALID, 3: UNAVAILABLE, 4: ERROR}


@dataclass
class TicketResult:
    status: str
    message: str = ""
    ticket_number: str = ""
    counter_id: str = ""
    counter_name: str = ""
    waiting_ahead: int = 0
    estimated_wait_s: float = float("nan")
    duplicate: bool = False


@dataclass
class CounterQueue:
    counter_id: str
    counter_name: str
    now_serving: str
    waiting: int
    estimated_wait_s: float


@dataclass
class QueueResult:
    status: str
    message: str = ""
    stale: bool = False
    counters: list[CounterQueue] = field(default_factory=list)


@dataclass
class ApplicationResult:
    status: str  # the call's outcome (OK, NOT_FOUND, ...)
    message: str = ""
    application_code: str = ""
    procedure_name: str = ""
    state: str = ""  # "processing", "ready", "returned", ...
    state_text: str = ""  # Vietnamese, for the citizen
    received_date: str = ""
    expected_return_date: str = ""
    counter_id: str = ""


@dataclass
class Catalog:
    """The catalog as plain dicts with the fields of the Procedure and Amenity messages."""

    procedures: list[dict] = field(default_factory=list)
    amenities: list[dict] = field(default_factory=list)
    counters: list[dict] = field(default_factory=list)  # {"id", "name"}
    stale: bool = False


class Backend(Protocol):
    def issue_ticket(self, request_key: str, counter_id: str, procedure_id: str) -> TicketResult: ...

    def queue_status(self, counter_id: str) -> QueueResult: ...

    def application_status(self, code: str) -> ApplicationResult: ...

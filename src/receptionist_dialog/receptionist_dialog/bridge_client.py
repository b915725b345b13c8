"""The dialog's `Backend` over the service bridge's ROS services.

Calls are synchronous from the caller's point of view (the dialog waits for the answer it is about
to speak) but never spin the node: the response is delivered by the executor on another thread, in
the clients' own reentrant callback group, and waited for with a timeout. A bridge that does not
answer becomes a TIMEOUT result, which the dialog turns into a polite "try the counter" answer.
"""

from __future__ import annotations

import math
import threading
from typing import Any

from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node

from receptionist_dialog.backend import (
    ERROR_KINDS,
    OK,
    TIMEOUT,
    UNAVAILABLE,
    ApplicationResult,
    Catalog,
    CounterQueue,
    QueueResult,
    TicketResult,
)
from receptionist_interfaces.srv import (
    ApplicationStatus,
    IssueTicket,
    ListAmenities,
    LookupProcedure,
    QueueStatus,
)


def procedure_to_dict(msg: Any) -> dict:
    return {
        "id": msg.id,
        "name": msg.name,
        "field": msg.field,
        "counter_id": msg.counter_id,
        "counter_name": msg.counter_name,
        "colloquial_names": list(msg.colloquial_names),
        "documents": list(msg.documents),
        "fee_vnd": int(msg.fee_vnd),
        "fee_text": msg.fee_text,
        "processing_time": msg.processing_time,
        "online_available": bool(msg.online_available),
        "source": msg.source,
    }


def amenity_to_dict(msg: Any) -> dict:
    return {
        "id": msg.id,
        "name": msg.name,
        "poi_id": msg.poi_id,
        "answer": msg.answer,
        "keywords": list(msg.keywords),
    }


class BridgeBackend:
    """Backend of the dialog manager, backed by the real bridge services."""

    def __init__(self, node: Node, names: dict[str, str], timeout_s: float) -> None:
        self._node = node
        self._timeout_s = timeout_s
        group = ReentrantCallbackGroup()
        self._lookup = node.create_client(LookupProcedure, names["lookup"], callback_group=group)
        self._amenities = node.create_client(ListAmenities, names["amenities"], callback_group=group)
        self._ticket = node.create_client(IssueTicket, names["ticket"], callback_group=group)
        self._queue = node.create_client(QueueStatus, names["queue"], callback_group=group)
        self._application = node.create_client(ApplicationStatus, names["application"], callback_group=group)

    def _call(self, client: Any, request: Any) -> Any | None:
        """The response, or None when the service is absent or too slow."""
        if not client.service_is_ready():
            return None
        done = threading.Event()
        future = client.call_async(request)
        future.add_done_callback(lambda _f: done.set())
        if not done.wait(self._timeout_s):
            client.remove_pending_request(future)
            self._node.get_logger().warning(f"{client.srv_name} did not answer within {self._timeout_s} s")
            return None
        return future.result()

    # --- catalog -----------------------------------------------------------------------------------

    def fetch_catalog(self) -> tuple[Catalog | None, str]:
        """The whole catalog (procedures, amenities, counters), or None and why not."""
        lookup = self._call(self._lookup, LookupProcedure.Request(query="", procedure_id="", max_results=0))
        if lookup is None:
            return None, f"{self._lookup.srv_name} unavailable"
        if lookup.error_code != 0 or not lookup.procedures:
            return None, f"catalog lookup failed: {lookup.error_message or lookup.error_code}"
        procedures = [procedure_to_dict(p) for p in lookup.procedures]
        amenities: list[dict] = []
        listed = self._call(self._amenities, ListAmenities.Request())
        if listed is not None and listed.error_code == 0:
            amenities = [amenity_to_dict(a) for a in listed.amenities]
        counters: list[dict] = []
        queues = self._call(self._queue, QueueStatus.Request(counter_id=""))
        if queues is not None and queues.error_code == 0:
            counters = [{"id": q.counter_id, "name": q.counter_name} for q in queues.counters]
        stale = bool(lookup.stale or (listed is not None and listed.stale))
        return Catalog(procedures, amenities, counters, stale), ""

    # --- Backend -----------------------------------------------------------------------------------

    def issue_ticket(self, request_key: str, counter_id: str, procedure_id: str) -> TicketResult:
        request = IssueTicket.Request(
            request_key=request_key, counter_id=counter_id, procedure_id=procedure_id
        )
        response = self._call(self._ticket, request)
        if response is None:
            return TicketResult(TIMEOUT, "ticket service did not answer")
        status = ERROR_KINDS.get(response.error_code, UNAVAILABLE)
        return TicketResult(
            status=status,
            message=response.error_message,
            ticket_number=response.ticket_number,
            counter_id=response.counter_id,
            counter_name=response.counter_name,
            waiting_ahead=int(response.waiting_ahead),
            estimated_wait_s=float(response.estimated_wait_s),
            duplicate=bool(response.duplicate),
        )

    def queue_status(self, counter_id: str) -> QueueResult:
        response = self._call(self._queue, QueueStatus.Request(counter_id=counter_id))
        if response is None:
            return QueueResult(TIMEOUT, "queue service did not answer")
        return QueueResult(
            status=ERROR_KINDS.get(response.error_code, UNAVAILABLE),
            message=response.error_message,
            stale=bool(response.stale),
            counters=[
                CounterQueue(
                    counter_id=q.counter_id,
                    counter_name=q.counter_name,
                    now_serving=q.now_serving,
                    waiting=int(q.waiting),
                    estimated_wait_s=float(q.estimated_wait_s)
                    if not math.isnan(q.estimated_wait_s)
                    else math.nan,
                )
                for q in response.counters
            ],
        )

    def application_status(self, code: str) -> ApplicationResult:
        response = self._call(self._application, ApplicationStatus.Request(application_code=code))
        if response is None:
            return ApplicationResult(TIMEOUT, "application service did not answer")
        return ApplicationResult(
            status=ERROR_KINDS.get(response.error_code, UNAVAILABLE),
            message=response.error_message,
            application_code=response.application_code or code,
            procedure_name=response.procedure_name,
            state=response.status,
            state_text=response.status_text,
            received_date=response.received_date,
            expected_return_date=response.expected_return_date,
            counter_id=response.counter_id,
        )


__all__ = ["OK", "BridgeBackend", "amenity_to_dict", "procedure_to_dict"]

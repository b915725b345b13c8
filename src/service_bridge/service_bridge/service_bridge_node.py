"""ROS node `service_bridge`: the robot's services in front of the center's HTTP API.

A thin shell: parameters from config/service_bridge.yaml, the five services, a timer that keeps the
catalog cache fresh, and a health check on /diagnostics. All behaviour lives in `bridge.CenterBridge`.

Services (receptionist_interfaces/srv):
  /receptionist/lookup_procedure    LookupProcedure
  /receptionist/list_amenities      ListAmenities
  /receptionist/issue_ticket        IssueTicket
  /receptionist/queue_status        QueueStatus
  /receptionist/application_status  ApplicationStatus
"""

from __future__ import annotations

import logging
from pathlib import Path

from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node

from receptionist_common.health import OK, WARN, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_interfaces.msg import Amenity, CounterQueue, Procedure
from receptionist_interfaces.srv import (
    ApplicationStatus,
    IssueTicket,
    ListAmenities,
    LookupProcedure,
    QueueStatus,
)
from service_bridge import catalog as catalog_module
from service_bridge.breaker import CircuitBreaker
from service_bridge.bridge import CenterBridge
from service_bridge.cache import CatalogCache
from service_bridge.client import CenterClient, ClientSettings

PARAMETERS = {
    "center_url": (
        "http://127.0.0.1:8765",
        "Base URL of the center service (a site's own server, or the local one)",
    ),
    "request_timeout_s": (1.5, "Timeout of one HTTP attempt to the center, seconds"),
    "max_retries": (2, "Retries after a failed attempt (unreachable, timeout, HTTP 5xx)"),
    "backoff_initial_s": (0.1, "Wait before the first retry; doubles each retry"),
    "backoff_max_s": (1.0, "Longest wait between retries"),
    "breaker_failure_threshold": (3, "Consecutive failed requests that open the circuit breaker"),
    "breaker_reset_timeout_s": (10.0, "Seconds the breaker stays open before probing the center again"),
    "cache_path": (
        "~/.ros/receptionist/center_catalog_cache.json",
        "Where the last catalog served by the center is kept, for answers while it is down",
    ),
    "catalog_refresh_period_s": (300.0, "How often the catalog cache is refreshed from the center"),
    "default_max_results": (5, "Procedures returned by a lookup when the request says 0"),
    "seed_catalog_dir": (
        "",
        "Optional folder with procedures.yaml/amenities.yaml: offline answers before the first cache exists",
    ),
}


class ServiceBridgeNode(Node):
    def __init__(self) -> None:
        super().__init__("service_bridge")
        p = declare_parameters(self, PARAMETERS)
        client = CenterClient(
            p["center_url"],
            ClientSettings(
                timeout_s=float(p["request_timeout_s"]),
                max_retries=int(p["max_retries"]),
                backoff_initial_s=float(p["backoff_initial_s"]),
                backoff_max_s=float(p["backoff_max_s"]),
            ),
            CircuitBreaker(int(p["breaker_failure_threshold"]), float(p["breaker_reset_timeout_s"])),
        )
        self.bridge = CenterBridge(client, CatalogCache(p["cache_path"]), int(p["default_max_results"]))
        if p["seed_catalog_dir"]:
            self._seed(Path(p["seed_catalog_dir"]).expanduser())

        group = ReentrantCallbackGroup()  # a slow center must not block the other services
        self.create_service(
            LookupProcedure, "/receptionist/lookup_procedure", self._lookup, callback_group=group
        )
        self.create_service(
            ListAmenities, "/receptionist/list_amenities", self._amenities, callback_group=group
        )
        self.create_service(IssueTicket, "/receptionist/issue_ticket", self._ticket, callback_group=group)
        self.create_service(QueueStatus, "/receptionist/queue_status", self._queues, callback_group=group)
        self.create_service(
            ApplicationStatus, "/receptionist/application_status", self._application, callback_group=group
        )
        self._first_refresh = self.create_timer(0.0, self._refresh_once, callback_group=group)
        self.create_timer(float(p["catalog_refresh_period_s"]), self._refresh, callback_group=group)
        self.health = HealthReporter(self)
        self.health.add_check("center", self._health)
        self.get_logger().info(f"bridging to the center at {p['center_url']}")

    def _seed(self, folder: Path) -> None:
        try:
            self.bridge.seed_cache(catalog_module.load_catalog(folder))
        except catalog_module.CatalogError as error:
            self.get_logger().error(f"seed catalog not used: {error}")

    def _refresh_once(self) -> None:
        self._first_refresh.cancel()
        self._refresh()

    def _refresh(self) -> None:
        if self.bridge.refresh_catalog():
            cached = self.bridge.cached_catalog()
            self.get_logger().info(
                f"catalog {cached.catalog.version} cached" if cached else "catalog refreshed"
            )

    def _health(self) -> tuple[int, str, dict[str, str]]:
        values = self.bridge.health()
        if values["breaker"] == "closed":
            return OK, "center reachable", values
        return WARN, "center unreachable: answering from the cache, no tickets", values

    # -- services ---------------------------------------------------------------------------------
    def _lookup(self, request: LookupProcedure.Request, response: LookupProcedure.Response):
        result = self.bridge.lookup_procedure(request.query, request.procedure_id, int(request.max_results))
        response.error_code = result.error_code
        response.error_message = result.error_message
        response.stale = result.stale
        response.procedures = [to_procedure_msg(p) for p in result.procedures]
        response.scores = [float(s) for s in result.scores]
        return response

    def _amenities(self, request: ListAmenities.Request, response: ListAmenities.Response):
        result = self.bridge.list_amenities()
        response.error_code = result.error_code
        response.error_message = result.error_message
        response.stale = result.stale
        response.amenities = [
            Amenity(id=a.id, name=a.name, poi_id=a.poi_id, answer=a.answer, keywords=list(a.keywords))
            for a in result.amenities
        ]
        return response

    def _ticket(self, request: IssueTicket.Request, response: IssueTicket.Response):
        result = self.bridge.issue_ticket(request.request_key, request.counter_id, request.procedure_id)
        if result.error_code:
            self.get_logger().warning(f"issue_ticket({request.request_key!r}) -> {result.error_code}")
        response.error_code = result.error_code
        response.error_message = result.error_message
        response.ticket_number = result.ticket_number
        response.counter_id = result.counter_id
        response.counter_name = result.counter_name
        response.waiting_ahead = max(0, int(result.waiting_ahead))
        response.estimated_wait_s = float(result.estimated_wait_s)
        response.duplicate = result.duplicate
        return response

    def _queues(self, request: QueueStatus.Request, response: QueueStatus.Response):
        result = self.bridge.queue_status(request.counter_id)
        response.error_code = result.error_code
        response.error_message = result.error_message
        response.stale = result.stale
        response.counters = [
            CounterQueue(
                counter_id=c["counter_id"],
                counter_name=c["counter_name"],
                now_serving=c["now_serving"],
                waiting=max(0, int(c["waiting"])),
                estimated_wait_s=float(c["estimated_wait_s"]),
            )
            for c in result.counters
        ]
        return response

    def _application(self, request: ApplicationStatus.Request, response: ApplicationStatus.Response):
        result = self.bridge.application_status(request.application_code)
        response.error_code = result.error_code
        response.error_message = result.error_message
        app = result.application
        response.application_code = app.get("application_code", request.application_code)
        response.procedure_name = app.get("procedure_name", "")
        response.status = app.get("status", "")
        response.status_text = app.get("status_text", "")
        response.received_date = app.get("received_date", "")
        response.expected_return_date = app.get("expected_return_date", "")
        response.counter_id = app.get("counter_id", "")
        return response


def to_procedure_msg(procedure: catalog_module.Procedure) -> Procedure:
    return Procedure(
        id=procedure.id,
        name=procedure.name,
        field=procedure.field,
        counter_id=procedure.counter_id,
        counter_name=procedure.counter_name,
        colloquial_names=list(procedure.colloquial_names),
        documents=list(procedure.documents),
        fee_vnd=Procedure.FEE_UNKNOWN if procedure.fee_vnd is None else int(procedure.fee_vnd),
        fee_text=procedure.fee_text,
        processing_time=procedure.processing_time,
        online_available=procedure.online_available,
        source="; ".join(procedure.source),
    )


def main(args: list[str] | None = None) -> None:
    logging.basicConfig(level=logging.INFO, format="[service_bridge] %(levelname)s %(message)s")
    run_node(ServiceBridgeNode, args)


if __name__ == "__main__":
    main()

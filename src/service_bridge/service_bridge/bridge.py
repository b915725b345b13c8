"""What the robot asks the center, and what it answers when the center is slow, down or wrong.

Plain logic behind the ROS services (service_bridge_node is a thin shell around it). Every call
returns a result with an error code of the .srv files; nothing here raises to the caller.
- Procedures and amenities fall back to the cached catalog (error_code OK, stale=True, a note).
- Tickets are never made up: with the center unreachable the answer is BACKEND_UNAVAILABLE and a
  plain sentence saying tickets cannot be issued right now.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass, field
from typing import Any

from service_bridge import applications, messages
from service_bridge.cache import CachedCatalog, CatalogCache
from service_bridge.catalog import Amenity, Catalog, Procedure
from service_bridge.client import CenterClient, CenterError, CenterRejectedError, CenterUnavailableError
from service_bridge.search import ProcedureIndex

OK, NOT_FOUND, INVALID_REQUEST, BACKEND_UNAVAILABLE, BACKEND_ERROR = 0, 1, 2, 3, 4

MAX_QUERY_CHARS = 500
MAX_RESULTS_LIMIT = 100
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,128}$")
_ID_RE = re.compile(r"^[A-Za-z0-9_.\-]{1,100}$")

_log = logging.getLogger("service_bridge")


@dataclass
class LookupResult:
    error_code: int = OK
    error_message: str = ""
    stale: bool = False
    procedures: list[Procedure] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


@dataclass
class AmenitiesResult:
    error_code: int = OK
    error_message: str = ""
    stale: bool = False
    amenities: list[Amenity] = field(default_factory=list)


@dataclass
class TicketResult:
    error_code: int = OK
    error_message: str = ""
    ticket_number: str = ""
    counter_id: str = ""
    counter_name: str = ""
    waiting_ahead: int = 0
    estimated_wait_s: float = 0.0
    duplicate: bool = False


@dataclass
class QueueResult:
    error_code: int = OK
    error_message: str = ""
    stale: bool = False
    counters: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ApplicationResult:
    error_code: int = OK
    error_message: str = ""
    application: dict[str, Any] = field(default_factory=dict)


class CenterBridge:
    """The robot's side of the center: live answers when possible, cached ones when not."""

    def __init__(self, client: CenterClient, cache: CatalogCache, default_max_results: int = 5) -> None:
        self.client = client
        self.cache = cache
        self.default_max_results = default_max_results
        self._lock = threading.Lock()
        self._cached: CachedCatalog | None = cache.load()
        self._index: ProcedureIndex | None = None
        self._last_queues: list[dict[str, Any]] = []
        if self._cached is not None:
            _log.info(
                "loaded cached catalog %s (%d procedures)",
                self._cached.catalog.version,
                len(self._cached.catalog.procedures),
            )

    # -- catalog cache ----------------------------------------------------------------------------
    def seed_cache(self, catalog: Catalog) -> None:
        """Use `catalog` as the offline fallback when there is no cache yet (e.g. the site's files)."""
        with self._lock:
            if self._cached is None:
                self._cached = CachedCatalog(catalog, 0.0)
                self._index = None

    def refresh_catalog(self) -> bool:
        """Fetch the whole catalog; keep it in memory and on disk. False (logged) on failure."""
        try:
            self.refresh_catalog_or_raise()
        except (CenterUnavailableError, CenterError, CenterRejectedError) as error:
            _log.warning("catalog refresh failed: %s", error)
            return False
        return True

    def refresh_catalog_or_raise(self) -> None:
        data = self.client.get("/v1/catalog", "Catalog")
        try:
            catalog = Catalog.from_dict(data)
        except (KeyError, TypeError, ValueError) as error:
            raise CenterError(f"unusable catalog from the center: {error}") from error
        now = time.time()
        with self._lock:
            changed = self._cached is None or self._cached.catalog.version != catalog.version
            self._cached = CachedCatalog(catalog, now)
            if changed:
                self._index = None
        try:
            self.cache.save(catalog, now)
        except OSError as error:
            _log.warning("cannot write the catalog cache %s: %s", self.cache.path, error)
        if changed:
            _log.info("catalog %s cached (%d procedures)", catalog.version, len(catalog.procedures))

    def cached_catalog(self) -> CachedCatalog | None:
        with self._lock:
            return self._cached

    def _offline_index(self) -> tuple[ProcedureIndex, CachedCatalog] | None:
        with self._lock:
            if self._cached is None:
                return None
            if self._index is None:
                self._index = ProcedureIndex(self._cached.catalog.procedures)
            return self._index, self._cached

    def _stale_note(self, cached: CachedCatalog) -> str:
        if cached.fetched_at_s <= 0:
            return "Thông tin này em lấy từ dữ liệu lưu sẵn trên robot, có thể chưa được cập nhật mới nhất ạ."
        return messages.stale_note(cached.fetched_at_s)

    # -- procedures -------------------------------------------------------------------------------
    def lookup_procedure(self, query: str = "", procedure_id: str = "", max_results: int = 0) -> LookupResult:
        query, procedure_id = query.strip(), procedure_id.strip()
        if len(query) > MAX_QUERY_CHARS:
            return LookupResult(INVALID_REQUEST, f"query longer than {MAX_QUERY_CHARS} characters")
        if procedure_id and not _ID_RE.match(procedure_id):
            return LookupResult(NOT_FOUND, messages.PROCEDURE_NOT_FOUND)
        limit = max_results or self.default_max_results
        limit = max(1, min(limit, MAX_RESULTS_LIMIT))
        try:
            if procedure_id:
                data = self.client.get(
                    f"/v1/procedures/{self.client.segment(procedure_id)}", "ProcedureResponse"
                )
                return LookupResult(procedures=[Procedure.from_dict(data["procedure"])], scores=[1.0])
            if not query:
                self.refresh_catalog_or_raise()
                cached = self.cached_catalog()
                assert cached is not None
                procedures = cached.catalog.procedures
                return LookupResult(procedures=list(procedures), scores=[1.0] * len(procedures))
            data = self.client.get("/v1/procedures", "SearchResult", {"q": query, "limit": limit})
            results = data["results"]
            if not results:
                return LookupResult(NOT_FOUND, messages.PROCEDURE_NOT_FOUND)
            return LookupResult(
                procedures=[Procedure.from_dict(r["procedure"]) for r in results],
                scores=[float(r["score"]) for r in results],
            )
        except CenterRejectedError as error:
            if error.status == 404:
                return LookupResult(NOT_FOUND, messages.PROCEDURE_NOT_FOUND)
            return LookupResult(INVALID_REQUEST, error.message)
        except (CenterUnavailableError, CenterError) as error:
            return self._lookup_offline(query, procedure_id, limit, error)

    def _lookup_offline(self, query: str, procedure_id: str, limit: int, error: Exception) -> LookupResult:
        code = BACKEND_UNAVAILABLE if isinstance(error, CenterUnavailableError) else BACKEND_ERROR
        _log.warning(
            "center %s; answering from the cache: %s",
            "unreachable" if code == BACKEND_UNAVAILABLE else "faulty",
            error,
        )
        offline = self._offline_index()
        if offline is None:
            return LookupResult(code, messages.CENTER_UNAVAILABLE)
        index, cached = offline
        note = self._stale_note(cached)
        if procedure_id:
            procedure = cached.catalog.procedure(procedure_id)
            if procedure is None:
                return LookupResult(NOT_FOUND, messages.PROCEDURE_NOT_FOUND, stale=True)
            return LookupResult(OK, note, True, [procedure], [1.0])
        if not query:
            procedures = cached.catalog.procedures
            return LookupResult(OK, note, True, list(procedures), [1.0] * len(procedures))
        ranked = index.search(query, limit)
        if not ranked:
            return LookupResult(NOT_FOUND, messages.PROCEDURE_NOT_FOUND, stale=True)
        return LookupResult(OK, note, True, [p for p, _ in ranked], [s for _, s in ranked])

    # -- amenities --------------------------------------------------------------------------------
    def list_amenities(self) -> AmenitiesResult:
        try:
            data = self.client.get("/v1/amenities", "AmenityList")
            return AmenitiesResult(amenities=[Amenity.from_dict(a) for a in data["amenities"]])
        except CenterRejectedError as error:
            return AmenitiesResult(BACKEND_ERROR, error.message)
        except (CenterUnavailableError, CenterError) as error:
            code = BACKEND_UNAVAILABLE if isinstance(error, CenterUnavailableError) else BACKEND_ERROR
            _log.warning("amenities from the cache: %s", error)
            cached = self.cached_catalog()
            if cached is None:
                return AmenitiesResult(code, messages.CENTER_UNAVAILABLE)
            return AmenitiesResult(OK, self._stale_note(cached), True, list(cached.catalog.amenities))

    # -- tickets ----------------------------------------------------------------------------------
    def issue_ticket(self, request_key: str, counter_id: str = "", procedure_id: str = "") -> TicketResult:
        request_key, counter_id, procedure_id = request_key.strip(), counter_id.strip(), procedure_id.strip()
        if not _KEY_RE.match(request_key):
            return TicketResult(INVALID_REQUEST, "request_key is required: 1-128 printable ASCII characters")
        if not counter_id and not procedure_id:
            return TicketResult(INVALID_REQUEST, "give a counter_id or a procedure_id")
        body = {"request_key": request_key}
        if counter_id:
            body["counter_id"] = counter_id
        if procedure_id:
            body["procedure_id"] = procedure_id
        try:
            # idempotent by request_key: a retry after a lost answer returns the same ticket
            ticket = self.client.post("/v1/tickets", "TicketResponse", body, idempotent=True)["ticket"]
        except CenterRejectedError as error:
            code = NOT_FOUND if error.status == 404 else INVALID_REQUEST
            return TicketResult(code, error.message)
        except CenterUnavailableError as error:
            _log.warning("no ticket issued, center unreachable: %s", error)
            return TicketResult(BACKEND_UNAVAILABLE, messages.TICKET_UNAVAILABLE)
        except CenterError as error:
            _log.error("no ticket issued, center faulty: %s", error)
            return TicketResult(BACKEND_ERROR, messages.TICKET_UNAVAILABLE)
        return TicketResult(
            ticket_number=ticket["ticket_number"],
            counter_id=ticket["counter_id"],
            counter_name=ticket["counter_name"],
            waiting_ahead=int(ticket["waiting_ahead"]),
            estimated_wait_s=float(ticket["estimated_wait_s"]),
            duplicate=bool(ticket["duplicate"]),
        )

    # -- queues -----------------------------------------------------------------------------------
    def queue_status(self, counter_id: str = "") -> QueueResult:
        counter_id = counter_id.strip()
        if counter_id and not _ID_RE.match(counter_id):
            return QueueResult(NOT_FOUND, f"unknown counter_id '{counter_id}'")
        path = f"/v1/queues/{self.client.segment(counter_id)}" if counter_id else "/v1/queues"
        try:
            counters = self.client.get(path, "QueueStatus")["counters"]
        except CenterRejectedError as error:
            return QueueResult(NOT_FOUND if error.status == 404 else BACKEND_ERROR, error.message)
        except (CenterUnavailableError, CenterError) as error:
            code = BACKEND_UNAVAILABLE if isinstance(error, CenterUnavailableError) else BACKEND_ERROR
            _log.warning("queue status unavailable: %s", error)
            with self._lock:
                last = [c for c in self._last_queues if not counter_id or c["counter_id"] == counter_id]
            return QueueResult(code, messages.QUEUE_UNAVAILABLE, stale=bool(last), counters=last)
        with self._lock:
            known = {c["counter_id"]: c for c in self._last_queues}
            known.update({c["counter_id"]: c for c in counters})
            self._last_queues = list(known.values())
        return QueueResult(counters=counters)

    # -- applications -----------------------------------------------------------------------------
    def application_status(self, raw_code: str) -> ApplicationResult:
        code = applications.normalize_code(raw_code)
        if not applications.is_valid_code(code):
            return ApplicationResult(INVALID_REQUEST, messages.APPLICATION_CODE_INVALID)
        try:
            data = self.client.get(f"/v1/applications/{self.client.segment(code)}", "ApplicationResponse")
        except CenterRejectedError as error:
            if error.status == 404:
                return ApplicationResult(NOT_FOUND, messages.application_not_found(code))
            return ApplicationResult(INVALID_REQUEST, messages.APPLICATION_CODE_INVALID)
        except CenterUnavailableError as error:
            _log.warning("application status unavailable: %s", error)
            return ApplicationResult(BACKEND_UNAVAILABLE, messages.APPLICATION_UNAVAILABLE)
        except CenterError as error:
            _log.error("application status: center faulty: %s", error)
            return ApplicationResult(BACKEND_ERROR, messages.APPLICATION_UNAVAILABLE)
        return ApplicationResult(application=data["application"])

    # -- health -----------------------------------------------------------------------------------
    def health(self) -> dict[str, str]:
        cached = self.cached_catalog()
        return {
            "center_url": self.client.base_url,
            "breaker": self.client.breaker.state,
            "last_success": "never"
            if self.client.last_success_s is None
            else time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(self.client.last_success_s)),
            "cached_catalog": cached.catalog.version if cached else "none",
        }

"""Routing and validation of the center's HTTP JSON API, independent of the HTTP server.

`CenterApi.handle()` takes a method, a path, the query and the body and returns a status and a JSON
value, so the API is tested without sockets and served by any HTTP front (server.py uses the
standard library's threading server).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, unquote

from service_bridge.openapi import openapi_document
from service_bridge.schema import SchemaError, validate
from service_bridge.store import CenterStore, StoreError

MAX_BODY_BYTES = 16 * 1024
MAX_QUERY_CHARS = 500
DEFAULT_LIMIT = 5
MAX_LIMIT = 100
_KEY_RE = re.compile(r"^[\x21-\x7e]{1,128}$")  # printable ASCII, no spaces: UUIDs, session ids, ...

_log = logging.getLogger("center_service")


@dataclass
class Response:
    status: int
    body: Any
    headers: Mapping[str, str] | None = None


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


_STORE_STATUS = {"not_found": 404, "invalid_request": 400, "conflict": 409, "internal": 500}


def _error(status: int, code: str, message: str) -> Response:
    return Response(status, {"error": {"code": code, "message": message}})


class CenterApi:
    """The center's endpoints (see openapi.py for the contract)."""

    def __init__(self, store: CenterStore, staff_token: str = "", database_label: str = "") -> None:
        self.store = store
        self.staff_token = staff_token
        self.database_label = database_label
        self._routes: list[tuple[str, re.Pattern[str], Any]] = [
            ("GET", re.compile(r"^/health$"), self._health),
            ("GET", re.compile(r"^/openapi\.json$"), self._openapi),
            ("GET", re.compile(r"^/v1/catalog$"), self._catalog),
            ("GET", re.compile(r"^/v1/procedures$"), self._search),
            ("GET", re.compile(r"^/v1/procedures/(?P<procedure_id>[^/]+)$"), self._procedure),
            ("GET", re.compile(r"^/v1/amenities$"), self._amenities),
            ("GET", re.compile(r"^/v1/counters$"), self._counters),
            ("POST", re.compile(r"^/v1/tickets$"), self._issue_ticket),
            ("GET", re.compile(r"^/v1/queues$"), self._queues),
            ("GET", re.compile(r"^/v1/queues/(?P<counter_id>[^/]+)$"), self._queues),
            ("POST", re.compile(r"^/v1/queues/(?P<counter_id>[^/]+)/call-next$"), self._call_next),
            ("GET", re.compile(r"^/v1/applications/(?P<code>[^/]+)$"), self._application),
        ]

    def handle(
        self,
        method: str,
        path: str,
        query: str = "",
        body: bytes = b"",
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        allowed: list[str] = []
        for route_method, pattern, handler in self._routes:
            match = pattern.match(path)
            if not match:
                continue
            if route_method != method:
                allowed.append(route_method)
                continue
            params = {k: unquote(v) for k, v in match.groupdict().items()}
            try:
                return handler(
                    params=params, query=parse_qs(query, keep_blank_values=True), body=body, headers=headers
                )
            except ApiError as error:
                return _error(error.status, error.code, error.message)
            except StoreError as error:
                status = _STORE_STATUS.get(error.kind, 500)
                code = error.kind
                if status == 500:
                    _log.error("store error on %s %s: %s", method, path, error.message)
                return _error(status, code, error.message)
            except Exception:
                _log.exception("unexpected error on %s %s", method, path)
                return _error(500, "internal", "internal error; see the center service log")
        if allowed:
            return Response(
                405,
                {"error": {"code": "method_not_allowed", "message": f"{method} not allowed on {path}"}},
                {"Allow": ", ".join(sorted(set(allowed)))},
            )
        return _error(404, "not_found", f"no such endpoint: {path}")

    # -- helpers ----------------------------------------------------------------------------------
    @staticmethod
    def _single(query: dict[str, list[str]], name: str, default: str = "") -> str:
        values = query.get(name, [])
        if len(values) > 1:
            raise ApiError(400, "invalid_request", f"query parameter '{name}' given more than once")
        return values[0] if values else default

    @staticmethod
    def _json_body(body: bytes, schema: str) -> dict[str, Any]:
        if len(body) > MAX_BODY_BYTES:
            raise ApiError(413, "payload_too_large", f"body larger than {MAX_BODY_BYTES} bytes")
        try:
            value = json.loads(body.decode("utf-8")) if body else None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise ApiError(400, "invalid_request", f"body is not valid UTF-8 JSON: {error}") from error
        if not isinstance(value, dict):
            raise ApiError(400, "invalid_request", "body must be a JSON object")
        try:
            validate(value, schema, "body")
        except SchemaError as error:
            raise ApiError(400, "invalid_request", str(error)) from error
        return value

    # -- endpoints --------------------------------------------------------------------------------
    def _health(self, **_: Any) -> Response:
        return Response(
            200,
            {
                "status": "ok",
                "catalog_version": self.store.catalog_version(),
                "database": self.database_label,
            },
        )

    def _openapi(self, **_: Any) -> Response:
        return Response(200, openapi_document())

    def _catalog(self, **_: Any) -> Response:
        return Response(200, self.store.catalog().to_dict())

    def _search(self, query: dict[str, list[str]], **_: Any) -> Response:
        text = self._single(query, "q")
        if len(text) > MAX_QUERY_CHARS:
            raise ApiError(400, "invalid_request", f"'q' is longer than {MAX_QUERY_CHARS} characters")
        raw_limit = self._single(query, "limit", str(DEFAULT_LIMIT))
        try:
            limit = int(raw_limit)
        except ValueError as error:
            raise ApiError(
                400, "invalid_request", f"'limit' must be an integer, got '{raw_limit}'"
            ) from error
        if not 1 <= limit <= MAX_LIMIT:
            raise ApiError(400, "invalid_request", f"'limit' must be between 1 and {MAX_LIMIT}")
        version = self.store.catalog_version()
        if text.strip():
            ranked = self.store.search(text, limit)
        else:
            ranked = [(p, 1.0) for p in self.store.procedures()][:limit]
        results = [{"procedure": p.to_dict(), "score": s} for p, s in ranked]
        return Response(200, {"query": text, "catalog_version": version, "results": results})

    def _procedure(self, params: dict[str, str], **_: Any) -> Response:
        procedure = self.store.procedure(params["procedure_id"])
        if procedure is None:
            raise ApiError(404, "not_found", f"no procedure with id '{params['procedure_id']}'")
        return Response(
            200, {"procedure": procedure.to_dict(), "catalog_version": self.store.catalog_version()}
        )

    def _amenities(self, **_: Any) -> Response:
        amenities = [a.to_dict() for a in self.store.amenities()]
        return Response(200, {"amenities": amenities, "catalog_version": self.store.catalog_version()})

    def _counters(self, **_: Any) -> Response:
        return Response(200, {"counters": [c.to_dict() for c in self.store.counters()]})

    def _issue_ticket(self, body: bytes, **_: Any) -> Response:
        request = self._json_body(body, "TicketRequest")
        key = request["request_key"]
        if not _KEY_RE.match(key):
            raise ApiError(
                400, "invalid_request", "'request_key' must be 1-128 printable ASCII characters, no spaces"
            )
        counter_id = request.get("counter_id", "") or ""
        procedure_id = request.get("procedure_id", "") or ""
        if not counter_id and not procedure_id:
            raise ApiError(400, "invalid_request", "give a 'counter_id' or a 'procedure_id'")
        ticket = self.store.issue_ticket(key, counter_id, procedure_id)
        return Response(200 if ticket["duplicate"] else 201, {"ticket": ticket})

    def _queues(self, params: dict[str, str], **_: Any) -> Response:
        return Response(200, {"counters": self.store.queue_status(params.get("counter_id", ""))})

    def _call_next(self, params: dict[str, str], headers: dict[str, str], **_: Any) -> Response:
        if self.staff_token and headers.get("x-staff-token", "") != self.staff_token:
            raise ApiError(401, "unauthorized", "missing or wrong X-Staff-Token")
        return Response(200, self.store.call_next(params["counter_id"]))

    def _application(self, params: dict[str, str], **_: Any) -> Response:
        return Response(200, {"application": self.store.application(params["code"])})

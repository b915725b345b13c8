"""HTTP client of the center service: timeouts, retries with exponential backoff, circuit breaker,
and a schema check of every answer.

Errors are sorted into three kinds the bridge reacts to differently:
- CenterUnavailableError: no answer (refused, timed out, breaker open) -> use the cache, say so;
- CenterError: an answer that cannot be trusted (HTTP 5xx, malformed JSON, wrong schema);
- CenterRejectedError: a clear 4xx from a healthy center (unknown id, invalid request) -> tell the caller.
"""

from __future__ import annotations

import http.client
import json
import random
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from service_bridge.breaker import CircuitBreaker
from service_bridge.schema import SchemaError, validate


class CenterUnavailableError(Exception):
    """The center could not be reached or did not answer in time."""


class CenterError(Exception):
    """The center answered, but with a server error or a malformed/unexpected body."""


class CenterRejectedError(Exception):
    """The center refused the request (4xx); `status` and `code` say why."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message


@dataclass(frozen=True)
class ClientSettings:
    timeout_s: float = 1.5
    max_retries: int = 2
    backoff_initial_s: float = 0.1
    backoff_max_s: float = 1.0
    backoff_multiplier: float = 2.0


_RETRYABLE_STATUS = frozenset({500, 502, 503, 504})


class CenterClient:
    """Thread-safe: each thread keeps its own keep-alive connection to the center."""

    def __init__(
        self,
        base_url: str,
        settings: ClientSettings | None = None,
        breaker: CircuitBreaker | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        parts = urlsplit(base_url.rstrip("/"))
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"center_url must be http(s)://host[:port], got '{base_url}'")
        self.base_url = base_url.rstrip("/")
        self._scheme = parts.scheme
        self._host = parts.hostname
        self._port = parts.port or (443 if parts.scheme == "https" else 80)
        self._prefix = parts.path
        self.settings = settings or ClientSettings()
        self.breaker = breaker or CircuitBreaker()
        self._sleep = sleep
        self._local = threading.local()
        self.last_success_s: float | None = None

    # -- connection -------------------------------------------------------------------------------
    def _connection(self) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None:
            factory = http.client.HTTPSConnection if self._scheme == "https" else http.client.HTTPConnection
            connection = factory(self._host, self._port, timeout=self.settings.timeout_s)
            self._local.connection = connection
        return connection

    def _drop_connection(self) -> None:
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            connection.close()

    def _attempt(self, method: str, target: str, body: bytes | None) -> tuple[int, bytes]:
        connection = self._connection()
        headers = {"Accept": "application/json"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, target, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            if response.getheader("Connection", "").lower() == "close":
                self._drop_connection()
            return response.status, data
        except TimeoutError as error:
            self._drop_connection()
            raise CenterUnavailableError(f"no answer within {self.settings.timeout_s} s") from error
        except (OSError, http.client.HTTPException) as error:
            self._drop_connection()
            raise CenterUnavailableError(f"cannot reach the center at {self.base_url}: {error}") from error

    # -- public -----------------------------------------------------------------------------------
    def request(
        self,
        method: str,
        path: str,
        schema: str,
        query: Mapping[str, Any] | None = None,
        body: Any = None,
        idempotent: bool | None = None,
    ) -> dict[str, Any]:
        """Send a request; return the decoded JSON object, checked against OpenAPI schema `schema`.

        Retries (with backoff) when the center cannot be reached or answers 5xx, but only requests that
        are safe to repeat: GETs, and POSTs marked `idempotent` (tickets carry a request key). A
        non-idempotent POST such as call-next is sent once.
        """
        if idempotent is None:
            idempotent = method == "GET"
        if not self.breaker.allow():
            raise CenterUnavailableError(
                f"circuit open after repeated failures; next try in {self.breaker.retry_in_s():.0f} s"
            )
        try:
            return self._request_allowed(method, path, schema, query, body, idempotent)
        except (CenterUnavailableError, CenterError, CenterRejectedError):
            raise  # already recorded on the breaker
        except Exception:
            self.breaker.record_failure()  # never leave a half-open probe hanging
            raise

    def _request_allowed(
        self,
        method: str,
        path: str,
        schema: str,
        query: Mapping[str, Any] | None,
        body: Any,
        idempotent: bool,
    ) -> dict[str, Any]:
        target = self._prefix + path + (f"?{urlencode(query)}" if query else "")
        data = None if body is None else json.dumps(body, ensure_ascii=False).encode("utf-8")
        delay = self.settings.backoff_initial_s
        last_error: Exception | None = None
        attempts = self.settings.max_retries + 1 if idempotent else 1
        for attempt in range(attempts):
            if attempt:
                self._sleep(min(delay, self.settings.backoff_max_s) * random.uniform(0.5, 1.0))
                delay *= self.settings.backoff_multiplier
            try:
                status, raw = self._attempt(method, target, data)
            except CenterUnavailableError as error:
                last_error = error
                continue
            if status in _RETRYABLE_STATUS:
                last_error = CenterError(f"center answered HTTP {status}: {raw[:200]!r}")
                continue
            try:
                result = self._decode(status, raw, schema)
            except CenterRejectedError:
                self._record_success()
                raise
            except CenterError:
                self.breaker.record_failure()
                raise
            self._record_success()
            return result
        self.breaker.record_failure()
        assert last_error is not None
        raise last_error

    def _record_success(self) -> None:
        self.breaker.record_success()
        self.last_success_s = time.time()

    @staticmethod
    def _decode(status: int, raw: bytes, schema: str) -> dict[str, Any]:
        try:
            value = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise CenterError(f"center answered HTTP {status} with malformed JSON: {raw[:120]!r}") from error
        if 400 <= status < 500:
            try:
                validate(value, "Error")
            except SchemaError as error:
                raise CenterError(
                    f"center answered HTTP {status} with an unexpected error body: {error}"
                ) from error
            raise CenterRejectedError(status, value["error"]["code"], value["error"]["message"])
        if status not in (200, 201):
            raise CenterError(f"center answered unexpected HTTP {status}")
        try:
            validate(value, schema)
        except SchemaError as error:
            raise CenterError(f"center answer does not match schema {schema}: {error}") from error
        return value

    def get(self, path: str, schema: str, query: Mapping[str, Any] | None = None) -> dict[str, Any]:
        return self.request("GET", path, schema, query=query)

    def post(self, path: str, schema: str, body: Any, idempotent: bool = False) -> dict[str, Any]:
        return self.request("POST", path, schema, body=body, idempotent=idempotent)

    @staticmethod
    def segment(value: str) -> str:
        """Quote a path segment (ids and codes come from citizens' input)."""
        return quote(value, safe="")

    def close(self) -> None:
        self._drop_connection()

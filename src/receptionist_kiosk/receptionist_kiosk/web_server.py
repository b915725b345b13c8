"""The kiosk's HTTP server (stdlib only: the robot has no internet and needs no framework).

Routes:
  GET  /                 the touchscreen page
  GET  /operator         the operator view (health of every node from /diagnostics)
  GET  /static/<file>    css/js of the pages
  GET  /map.svg          the lobby map (?highlight=<poi id>)
  GET  /api/state        what the screen shows (JSON)
  GET  /api/events       the same state pushed as Server-Sent Events (`event: state`) on every change
  GET  /api/diagnostics  nodes' health (JSON)
  POST /api/ask          {"text": ..., "session_id"?: ..., "source"?: "screen"|"button"} -> the answer
The touchscreen page listens to /api/events (pushed, no polling delay); the operator view polls
/api/diagnostics every few seconds (staleness is computed at request time anyway).
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from receptionist_kiosk.ask_flow import AskFlow
from receptionist_kiosk.page_state import PageState
from receptionist_kiosk.validation import MSG_MALFORMED, RequestError, check_body_size, parse_ask

WEB_DIR = Path(__file__).resolve().parent / "web"
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".png": "image/png",
}
_STATIC_NAME = re.compile(r"^[A-Za-z0-9_-]+\.(css|js|png|svg)$")
_SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    # Inline <style> is needed by the map SVG inserted into the page; nothing is loaded from elsewhere.
    "Content-Security-Policy": "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
}


@dataclass(frozen=True)
class WebLimits:
    max_text_chars: int = 300
    max_body_bytes: int = 8192
    sse_keepalive_s: float = 15.0
    max_event_clients: int = 16
    socket_timeout_s: float = 10.0


class KioskWebServer:
    """Serves the pages and the API on a background thread; `stop()` ends it and its event streams."""

    def __init__(
        self,
        host: str,
        port: int,
        page: PageState,
        ask_flow: AskFlow,
        diagnostics: Callable[[], dict[str, Any]],
        map_svg: Callable[[str], str],
        limits: WebLimits = WebLimits(),
        web_dir: Path = WEB_DIR,
        log: Callable[[str], None] = lambda _message: None,
    ) -> None:
        self.page = page
        self.ask_flow = ask_flow
        self.diagnostics = diagnostics
        self.map_svg = map_svg
        self.limits = limits
        self.web_dir = web_dir
        self.log = log
        self.stopping = threading.Event()
        self._event_clients = 0
        self._clients_lock = threading.Lock()
        self._httpd = ThreadingHTTPServer((host, port), _handler_class(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def address(self) -> tuple[str, int]:
        host, port = self._httpd.server_address[:2]
        return str(host), int(port)

    @property
    def url(self) -> str:
        host, port = self.address
        return f"http://{host}:{port}/"

    def start(self) -> None:
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="kiosk-http", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5.0)

    def open_event_client(self) -> bool:
        with self._clients_lock:
            if self._event_clients >= self.limits.max_event_clients:
                return False
            self._event_clients += 1
            return True

    def close_event_client(self) -> None:
        with self._clients_lock:
            self._event_clients -= 1


def _handler_class(kiosk: KioskWebServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_KioskHandler):
        server_ref = kiosk
        timeout = kiosk.limits.socket_timeout_s

    return Handler


class _KioskHandler(BaseHTTPRequestHandler):
    server_ref: KioskWebServer
    server_version = "ReceptionistKiosk/0.1"

    # --- plumbing ----------------------------------------------------------------------------------
    def log_message(self, format: str, *args: Any) -> None:
        self.server_ref.log(f"{self.address_string()} {format % args}")

    def _send(self, status: int, body: bytes, content_type: str, cache: str = "no-store") -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", cache)
        for name, value in _SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _send_json(self, status: int, document: Any) -> None:
        body = json.dumps(document, ensure_ascii=False).encode("utf-8")
        self._send(status, body, "application/json; charset=utf-8")

    def _send_file(self, path: Path) -> None:
        try:
            body = path.read_bytes()
        except OSError:
            self._send_json(HTTPStatus.NOT_FOUND, {"ok": False, "error": "not_found"})
            return
        self._send(
            HTTPStatus.OK, body, CONTENT_TYPES.get(path.suffix, "application/octet-stream"), "no-cache"
        )

    # --- routes ------------------------------------------------------------------------------------
    def do_GET(self) -> None:
        kiosk = self.server_ref
        url = urlsplit(self.path)
        route = url.path
        if route in ("/", "/index.html"):
            self._send_file(kiosk.web_dir / "index.html")
        elif route in ("/operator", "/operator.html"):
            self._send_file(kiosk.web_dir / "operator.html")
        elif route.startswith("/static/"):
            name = route.removeprefix("/static/")
            if _STATIC_NAME.match(name):
                self._send_file(kiosk.web_dir / name)
            else:
                self._send_json(HTTPStatus.NOT_FOUND, {"ok": False, "error": "not_found"})
        elif route == "/map.svg":
            highlight = parse_qs(url.query).get("highlight", [""])[0][:64]
            body = kiosk.map_svg(highlight).encode("utf-8")
            self._send(HTTPStatus.OK, body, CONTENT_TYPES[".svg"], "no-cache")
        elif route == "/api/state":
            self._send_json(HTTPStatus.OK, kiosk.page.snapshot())
        elif route == "/api/diagnostics":
            self._send_json(HTTPStatus.OK, kiosk.diagnostics())
        elif route == "/api/events":
            self._stream_events()
        elif route == "/healthz":
            self._send_json(HTTPStatus.OK, {"ok": True})
        else:
            self._send_json(HTTPStatus.NOT_FOUND, {"ok": False, "error": "not_found"})

    def do_HEAD(self) -> None:
        if urlsplit(self.path).path == "/api/events":
            self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"ok": False, "error": "method_not_allowed"})
            return
        self.do_GET()

    def do_POST(self) -> None:
        kiosk = self.server_ref
        if urlsplit(self.path).path != "/api/ask":
            self._send_json(HTTPStatus.NOT_FOUND, {"ok": False, "error": "not_found"})
            return
        try:
            length = check_body_size(self.headers.get("Content-Length"), kiosk.limits.max_body_bytes)
            body = self.rfile.read(length)
            if len(body) != length:
                raise RequestError(400, "truncated_body", MSG_MALFORMED)
            request = parse_ask(body, self.headers.get("Content-Type"), kiosk.limits.max_text_chars)
        except RequestError as error:
            kiosk.log(f"refused POST /api/ask: {error.code}")
            if error.status in (411, 413):
                self.close_connection = True  # the unread body must not be parsed as the next request
            self._send_json(error.status, error.body())
            return
        except TimeoutError:
            self.close_connection = True
            self._send_json(
                HTTPStatus.BAD_REQUEST, {"ok": False, "error": "body_timeout", "message": MSG_MALFORMED}
            )
            return
        status, document = kiosk.ask_flow.handle(request)
        self._send_json(status, document)

    def do_PUT(self) -> None:
        self._send_json(HTTPStatus.METHOD_NOT_ALLOWED, {"ok": False, "error": "method_not_allowed"})

    do_DELETE = do_PATCH = do_PUT  # noqa: N815

    def _stream_events(self) -> None:
        kiosk = self.server_ref
        if not kiosk.open_event_client():
            self._send_json(HTTPStatus.SERVICE_UNAVAILABLE, {"ok": False, "error": "too_many_clients"})
            return
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream; charset=utf-8")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.close_connection = True
            self.wfile.write(b"retry: 2000\n\n")
            version = -1
            last_write = time.monotonic()
            while not kiosk.stopping.is_set():
                if kiosk.page.version != version:
                    snapshot = kiosk.page.snapshot()
                    version = snapshot["version"]
                    data = json.dumps(snapshot, ensure_ascii=False)
                    self.wfile.write(f"event: state\ndata: {data}\n\n".encode())
                    self.wfile.flush()
                    last_write = time.monotonic()
                elif time.monotonic() - last_write >= kiosk.limits.sse_keepalive_s:
                    self.wfile.write(b": keepalive\n\n")
                    self.wfile.flush()
                    last_write = time.monotonic()
                kiosk.page.wait_for_change(version, timeout=1.0)
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass  # the page went away; EventSource reconnects by itself
        finally:
            kiosk.close_event_client()

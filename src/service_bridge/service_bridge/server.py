"""The center service process: `center_service --db ... --port ...` (not a ROS node).

A standard-library threading HTTP server in front of `CenterApi`. Settings come from
config/center_service.yaml; command-line flags override them. Stops cleanly on SIGINT/SIGTERM.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import yaml

from service_bridge.api import MAX_BODY_BYTES, CenterApi
from service_bridge.applications import load_applications
from service_bridge.catalog import CatalogError, default_counters_path, load_catalog
from service_bridge.database import Database, DatabaseError, open_database
from service_bridge.store import CenterStore, QueueSettings

_log = logging.getLogger("center_service")

DEFAULTS: dict[str, Any] = {
    "host": "127.0.0.1",
    "port": 8765,
    "database": "~/.local/share/receptionist/center.sqlite3",
    "catalog_dir": "",
    "counters_file": "",
    "sample_applications": "",
    "staff_token": "",
    "default_service_time_s": 300.0,
    "service_time_history": 20,
    "db_pool_size": 8,
}


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive: the bridge reuses its connection
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms delayed-ACK stall
    server_version = "CenterService/1.0"
    api: CenterApi  # set on the subclass made by make_server

    def _serve(self, method: str) -> None:
        path, _, query = self.path.partition("?")
        body = b""
        if method == "POST":
            length_header = self.headers.get("Content-Length")
            if length_header is None and self.headers.get("Transfer-Encoding"):
                self.close_connection = True
                self._send(411, {"error": {"code": "invalid_request", "message": "Content-Length required"}})
                return
            length_header = length_header or "0"
            try:
                length = int(length_header)
            except ValueError:
                self._send(400, {"error": {"code": "invalid_request", "message": "bad Content-Length"}})
                return
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                self._send(
                    413,
                    {"error": {"code": "payload_too_large", "message": f"body over {MAX_BODY_BYTES} bytes"}},
                )
                return
            body = self.rfile.read(length)
        response = self.api.handle(method, path, query, body, dict(self.headers.items()))
        self._send(response.status, response.body, response.headers)

    def _send(self, status: int, body: Any, headers: Any = None) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        self._serve("GET")

    def do_POST(self) -> None:
        self._serve("POST")

    def do_PUT(self) -> None:
        self._serve("PUT")

    def do_DELETE(self) -> None:
        self._serve("DELETE")

    def log_message(self, format: str, *args: Any) -> None:
        _log.debug("%s %s", self.address_string(), format % args)


class CenterServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128  # a burst of robots and staff screens connecting at once


def make_server(api: CenterApi, host: str, port: int) -> CenterServer:
    handler = type("CenterHandler", (_Handler,), {"api": api})
    return CenterServer((host, port), handler)


def build_center(settings: dict[str, Any]) -> tuple[CenterApi, Database]:
    """Open the database, load and sync the catalog, seed sample applications."""
    if not settings["catalog_dir"]:
        raise CatalogError(["no catalog folder: give --catalog-dir or set catalog_dir in the config file"])
    catalog_dir = Path(settings["catalog_dir"]).expanduser()
    counters_file = Path(settings["counters_file"]).expanduser() if settings["counters_file"] else None
    catalog = load_catalog(catalog_dir, counters_file or default_counters_path(catalog_dir))
    database = open_database(str(settings["database"]), int(settings["db_pool_size"]))
    store = CenterStore(
        database,
        QueueSettings(
            default_service_time_s=float(settings["default_service_time_s"]),
            history_size=int(settings["service_time_history"]),
        ),
    )
    store.sync_catalog(catalog)
    if settings["sample_applications"]:
        entries = load_applications(
            Path(settings["sample_applications"]).expanduser(),
            {p.id for p in catalog.procedures},
            {c.id for c in catalog.counters},
        )
        added = store.seed_applications(entries)
        _log.info("sample applications: %d in file, %d newly added", len(entries), added)
    _log.info(
        "catalog %s: %d procedures, %d amenities, %d counters; database %r",
        catalog.version,
        len(catalog.procedures),
        len(catalog.amenities),
        len(catalog.counters),
        database,
    )
    return CenterApi(store, str(settings["staff_token"]), repr(database)), database


def _find_default_config() -> Path | None:
    for candidate in (
        os.environ.get("RECEPTIONIST_CONFIG_DIR", ""),
        "config",
    ):
        if candidate and (Path(candidate) / "center_service.yaml").is_file():
            return Path(candidate) / "center_service.yaml"
    return None


def load_settings(config_path: Path | None) -> dict[str, Any]:
    """Defaults, then the config file's `center_service:` section (paths relative to the file)."""
    settings = dict(DEFAULTS)
    if config_path is None:
        return settings
    try:
        data = yaml.safe_load(config_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise CatalogError([f"{config_path}: cannot read the config file: {error}"]) from error
    section = data.get("center_service", {}) if isinstance(data, dict) else None
    if not isinstance(section, dict):
        raise CatalogError([f"{config_path}: expected a 'center_service:' mapping"])
    unknown = sorted(set(section) - set(DEFAULTS))
    if unknown:
        raise CatalogError([f"{config_path}: unknown setting(s) {unknown}; known: {sorted(DEFAULTS)}"])
    base = config_path.resolve().parent
    for key, value in section.items():
        if key in ("catalog_dir", "counters_file", "sample_applications") and value:
            value = str((base / Path(str(value)).expanduser()).resolve())
        if key == "database" and value and "://" not in str(value) and not str(value).startswith("~"):
            value = str((base / str(value)).resolve())
        settings[key] = value
    return settings


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="center_service",
        description="HTTP JSON service of a Hanoi public administrative service point "
        "(procedures, amenities, queue tickets, application status). OpenAPI at /openapi.json.",
    )
    parser.add_argument(
        "--config", type=Path, help="YAML settings (default: ./config/center_service.yaml if present)"
    )
    parser.add_argument("--db", help="SQLite file path or postgresql:// URL")
    parser.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, help="TCP port (0 picks a free one)")
    parser.add_argument("--catalog-dir", help="folder with procedures.yaml and amenities.yaml")
    parser.add_argument("--counters", help="counters.yaml (default: <catalog-dir>/../site/counters.yaml)")
    parser.add_argument("--applications", help="sample applications YAML to seed ('' for none)")
    parser.add_argument("--staff-token", help="token required by call-next (X-Staff-Token header)")
    parser.add_argument("--log-level", default="INFO")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    logging.basicConfig(level=args.log_level.upper(), format="[%(name)s] %(levelname)s %(message)s")
    try:
        settings = load_settings(args.config or _find_default_config())
        overrides = {
            "database": args.db,
            "host": args.host,
            "port": args.port,
            "catalog_dir": args.catalog_dir,
            "counters_file": args.counters,
            "sample_applications": args.applications,
            "staff_token": args.staff_token,
        }
        settings.update({k: v for k, v in overrides.items() if v is not None})
        api, database = build_center(settings)
    except (CatalogError, DatabaseError) as error:
        print(f"center_service: {error}", file=sys.stderr)
        return 2
    try:
        server = make_server(api, str(settings["host"]), int(settings["port"]))
    except OSError as error:
        print(
            f"center_service: cannot listen on {settings['host']}:{settings['port']}: {error}",
            file=sys.stderr,
        )
        database.close()
        return 2
    host, port = server.server_address[:2]
    stopping = threading.Event()

    def stop(signum: int, _frame: Any) -> None:
        if not stopping.is_set():
            stopping.set()
            _log.info("signal %d: shutting down", signum)
            threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"center_service listening on http://{host}:{port}", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        database.close()
        _log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

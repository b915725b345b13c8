"""The center's data on top of a database: catalog, queue tickets and applications.

Every operation is one transaction. Ticket issue is idempotent by request key and serialized per
database (SQLite BEGIN IMMEDIATE; row lock on the sequence row in PostgreSQL), so concurrent requests
never share a number and a retried request never gets a second ticket.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from service_bridge import applications, queueing
from service_bridge.catalog import Amenity, Catalog, Counter, Procedure
from service_bridge.database import Database
from service_bridge.search import ProcedureIndex

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS counters (
    id TEXT PRIMARY KEY, number INTEGER NOT NULL, name TEXT NOT NULL, fields_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS procedures (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, name TEXT NOT NULL, field TEXT NOT NULL,
    counter_id TEXT NOT NULL, data_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS amenities (
    id TEXT PRIMARY KEY, position INTEGER NOT NULL, data_json TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS ticket_sequences (
    counter_id TEXT NOT NULL, service_day TEXT NOT NULL, last_seq INTEGER NOT NULL,
    PRIMARY KEY (counter_id, service_day));
CREATE TABLE IF NOT EXISTS tickets (
    ticket_id {serial},
    request_key TEXT NOT NULL UNIQUE,
    counter_id TEXT NOT NULL,
    service_day TEXT NOT NULL,
    seq INTEGER NOT NULL,
    number TEXT NOT NULL,
    procedure_id TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL,
    issued_at DOUBLE PRECISION NOT NULL,
    called_at DOUBLE PRECISION,
    finished_at DOUBLE PRECISION,
    UNIQUE (counter_id, service_day, seq));
CREATE INDEX IF NOT EXISTS tickets_by_queue ON tickets (counter_id, service_day, status, seq);
CREATE INDEX IF NOT EXISTS tickets_by_finish ON tickets (counter_id, finished_at);
CREATE TABLE IF NOT EXISTS applications (
    code TEXT PRIMARY KEY, procedure_id TEXT NOT NULL, status TEXT NOT NULL,
    received_date TEXT NOT NULL, expected_return_date TEXT NOT NULL, counter_id TEXT NOT NULL);
"""

WAITING, SERVING, DONE = "waiting", "serving", "done"


class StoreError(Exception):
    """A request the store refuses; `kind` maps to an HTTP status in the API layer."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind  # "not_found" | "invalid_request" | "conflict" | "internal"
        self.message = message


@dataclass(frozen=True)
class QueueSettings:
    default_service_time_s: float = 300.0
    history_size: int = 20
    min_service_time_s: float = 30.0
    max_service_time_s: float = 3600.0


class CenterStore:
    """Catalog, tickets and applications of one center, kept in `database`."""

    def __init__(
        self,
        database: Database,
        queue_settings: QueueSettings | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.db = database
        self.queue = queue_settings or QueueSettings()
        self.clock = clock
        self._index_lock = threading.Lock()
        self._index: ProcedureIndex | None = None
        self._catalog_version = ""
        self._create_schema()

    # -- schema and catalog -----------------------------------------------------------------------
    def _create_schema(self) -> None:
        statements = SCHEMA.format(serial=self.db.serial_primary_key).split(";")
        with self.db.transaction(write=True) as cur:
            for statement in statements:
                if statement.strip():
                    cur.execute(statement)

    def sync_catalog(self, catalog: Catalog) -> None:
        """Make the database's catalog equal to `catalog` (the reviewed files are the source)."""
        with self.db.transaction(write=True) as cur:
            cur.execute("DELETE FROM counters")
            for counter in catalog.counters:
                cur.execute(
                    "INSERT INTO counters (id, number, name, fields_json) VALUES (?, ?, ?, ?)",
                    (
                        counter.id,
                        counter.number,
                        counter.name,
                        json.dumps(list(counter.fields), ensure_ascii=False),
                    ),
                )
            cur.execute("DELETE FROM procedures")
            for position, procedure in enumerate(catalog.procedures):
                cur.execute(
                    "INSERT INTO procedures (id, position, name, field, counter_id, data_json) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        procedure.id,
                        position,
                        procedure.name,
                        procedure.field,
                        procedure.counter_id,
                        json.dumps(procedure.to_dict(), ensure_ascii=False),
                    ),
                )
            cur.execute("DELETE FROM amenities")
            for position, amenity in enumerate(catalog.amenities):
                cur.execute(
                    "INSERT INTO amenities (id, position, data_json) VALUES (?, ?, ?)",
                    (amenity.id, position, json.dumps(amenity.to_dict(), ensure_ascii=False)),
                )
            cur.execute(
                "INSERT INTO meta (key, value) VALUES ('catalog_version', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (catalog.version,),
            )
        with self._index_lock:
            self._index = None

    def catalog_version(self) -> str:
        with self.db.transaction() as cur:
            row = cur.execute("SELECT value FROM meta WHERE key = 'catalog_version'").fetchone()
        return row[0] if row else ""

    def procedures(self) -> list[Procedure]:
        with self.db.transaction() as cur:
            rows = cur.execute("SELECT data_json FROM procedures ORDER BY position").fetchall()
        return [Procedure.from_dict(json.loads(r[0])) for r in rows]

    def procedure(self, procedure_id: str) -> Procedure | None:
        with self.db.transaction() as cur:
            row = cur.execute("SELECT data_json FROM procedures WHERE id = ?", (procedure_id,)).fetchone()
        return Procedure.from_dict(json.loads(row[0])) if row else None

    def amenities(self) -> list[Amenity]:
        with self.db.transaction() as cur:
            rows = cur.execute("SELECT data_json FROM amenities ORDER BY position").fetchall()
        return [Amenity.from_dict(json.loads(r[0])) for r in rows]

    def counters(self) -> list[Counter]:
        with self.db.transaction() as cur:
            rows = cur.execute(
                "SELECT id, number, name, fields_json FROM counters ORDER BY number"
            ).fetchall()
        return [Counter(r[0], int(r[1]), r[2], tuple(json.loads(r[3]))) for r in rows]

    def counter(self, counter_id: str) -> Counter | None:
        return next((c for c in self.counters() if c.id == counter_id), None)

    def catalog(self) -> Catalog:
        return Catalog(self.procedures(), self.amenities(), self.counters(), self.catalog_version())

    def search(self, query: str, limit: int) -> list[tuple[Procedure, float]]:
        """Rank the database's procedures; the in-memory index is rebuilt when the catalog changes."""
        version = self.catalog_version()
        with self._index_lock:
            if self._index is None or version != self._catalog_version:
                self._index = ProcedureIndex(self.procedures())
                self._catalog_version = version
            index = self._index
        return index.search(query, limit)

    # -- tickets ----------------------------------------------------------------------------------
    def _resolve_counter(self, counter_id: str, procedure_id: str) -> tuple[Counter, str]:
        procedure = None
        if procedure_id:
            procedure = self.procedure(procedure_id)
            if procedure is None:
                raise StoreError("not_found", f"unknown procedure_id '{procedure_id}'")
        if counter_id:
            counter = self.counter(counter_id)
            if counter is None:
                raise StoreError("not_found", f"unknown counter_id '{counter_id}'")
            if procedure is not None and procedure.counter_id != counter_id:
                raise StoreError(
                    "invalid_request",
                    f"procedure '{procedure_id}' is received at {procedure.counter_id}, not {counter_id}",
                )
            return counter, procedure_id
        if procedure is None:
            raise StoreError("invalid_request", "give a counter_id or a procedure_id")
        counter = self.counter(procedure.counter_id)
        if counter is None:
            raise StoreError("internal", f"procedure '{procedure_id}' points to a missing counter")
        return counter, procedure_id

    def issue_ticket(self, request_key: str, counter_id: str = "", procedure_id: str = "") -> dict[str, Any]:
        """Issue a ticket, or return the one already issued for `request_key` (duplicate=True)."""
        existing = self._ticket_by_key(request_key)
        if existing is not None:
            self._check_same_request(existing, counter_id, procedure_id)
            return self._ticket_view(existing, duplicate=True)
        counter, procedure_id = self._resolve_counter(counter_id, procedure_id)
        now = self.clock()
        day = queueing.service_day(now)
        try:
            with self.db.transaction(write=True) as cur:
                row = cur.execute(
                    "SELECT ticket_id FROM tickets WHERE request_key = ?", (request_key,)
                ).fetchone()
                if row is None:
                    seq = cur.execute(
                        "INSERT INTO ticket_sequences (counter_id, service_day, last_seq) VALUES (?, ?, 1) "
                        "ON CONFLICT (counter_id, service_day) "
                        "DO UPDATE SET last_seq = ticket_sequences.last_seq + 1 RETURNING last_seq",
                        (counter.id, day),
                    ).fetchone()[0]
                    cur.execute(
                        "INSERT INTO tickets (request_key, counter_id, service_day, seq, number, "
                        "procedure_id, status, issued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (
                            request_key,
                            counter.id,
                            day,
                            seq,
                            queueing.ticket_number(counter.number, seq),
                            procedure_id,
                            WAITING,
                            now,
                        ),
                    )
                    duplicate = False
                else:
                    duplicate = True
        except self.db.integrity_errors:
            # Another transaction issued this key between our read and our insert (PostgreSQL only).
            duplicate = True
        ticket = self._ticket_by_key(request_key)
        if ticket is None:
            raise StoreError("internal", "ticket vanished after issue")
        if duplicate:
            self._check_same_request(ticket, counter_id, procedure_id)
        return self._ticket_view(ticket, duplicate=duplicate)

    @staticmethod
    def _check_same_request(ticket: dict[str, Any], counter_id: str, procedure_id: str) -> None:
        """A key reused for another counter or procedure is a client bug, not a retry: refuse it."""
        if (counter_id and counter_id != ticket["counter_id"]) or (
            procedure_id and procedure_id != ticket["procedure_id"]
        ):
            raise StoreError(
                "conflict",
                f"request_key '{ticket['request_key']}' was already used for ticket {ticket['number']} "
                f"({ticket['counter_id']}, procedure '{ticket['procedure_id']}'); use a new key",
            )

    def _ticket_by_key(self, request_key: str) -> dict[str, Any] | None:
        with self.db.transaction() as cur:
            row = cur.execute(
                "SELECT request_key, counter_id, service_day, seq, number, procedure_id, status, issued_at, "
                "called_at, finished_at FROM tickets WHERE request_key = ?",
                (request_key,),
            ).fetchone()
        if row is None:
            return None
        keys = (
            "request_key", "counter_id", "service_day", "seq", "number", "procedure_id", "status",
            "issued_at", "called_at", "finished_at",
        )  # fmt: skip
        return dict(zip(keys, row, strict=True))

    def _ticket_view(self, ticket: dict[str, Any], duplicate: bool) -> dict[str, Any]:
        counter = self.counter(ticket["counter_id"])
        state = self._queue_state(ticket["counter_id"], ticket["service_day"], before_seq=ticket["seq"])
        ahead = state["ahead"] if ticket["status"] == WAITING else 0
        wait = (
            queueing.estimate_wait(ahead, state["average_s"], state["serving_elapsed_s"])
            if ticket["status"] == WAITING
            else 0.0
        )
        return {
            "ticket_number": ticket["number"],
            "counter_id": ticket["counter_id"],
            "counter_name": counter.name if counter else "",
            "procedure_id": ticket["procedure_id"],
            "request_key": ticket["request_key"],
            "status": ticket["status"],
            "service_day": ticket["service_day"],
            "issued_at": ticket["issued_at"],
            "waiting_ahead": ahead,
            "estimated_wait_s": wait,
            "duplicate": duplicate,
        }

    def _queue_state(self, counter_id: str, day: str, before_seq: int | None = None) -> dict[str, Any]:
        now = self.clock()
        with self.db.transaction() as cur:
            serving = cur.execute(
                "SELECT number, called_at FROM tickets "
                "WHERE counter_id = ? AND service_day = ? AND status = ? ORDER BY seq DESC LIMIT 1",
                (counter_id, day, SERVING),
            ).fetchone()
            waiting = cur.execute(
                "SELECT COUNT(*) FROM tickets WHERE counter_id = ? AND service_day = ? AND status = ?",
                (counter_id, day, WAITING),
            ).fetchone()[0]
            ahead = waiting
            if before_seq is not None:
                ahead = cur.execute(
                    "SELECT COUNT(*) FROM tickets WHERE counter_id = ? AND service_day = ? AND status = ? "
                    "AND seq < ?",
                    (counter_id, day, WAITING, before_seq),
                ).fetchone()[0]
            durations = cur.execute(
                "SELECT finished_at - called_at FROM tickets "
                "WHERE counter_id = ? AND finished_at IS NOT NULL AND called_at IS NOT NULL "
                "ORDER BY finished_at DESC LIMIT ?",
                (counter_id, self.queue.history_size),
            ).fetchall()
        average = queueing.average_service_time(
            [float(d[0]) for d in durations],
            self.queue.default_service_time_s,
            self.queue.min_service_time_s,
            self.queue.max_service_time_s,
        )
        return {
            "now_serving": serving[0] if serving else "",
            "serving_elapsed_s": (now - float(serving[1])) if serving and serving[1] is not None else None,
            "waiting": int(waiting),
            "ahead": int(ahead),
            "average_s": average,
            "samples": len(durations),
        }

    def queue_status(self, counter_id: str = "") -> list[dict[str, Any]]:
        """Now serving, waiting and the estimated wait of a new ticket, per counter (all when empty)."""
        counters = self.counters()
        if counter_id:
            counters = [c for c in counters if c.id == counter_id]
            if not counters:
                raise StoreError("not_found", f"unknown counter_id '{counter_id}'")
        day = queueing.service_day(self.clock())
        result = []
        for counter in counters:
            state = self._queue_state(counter.id, day)
            result.append(
                {
                    "counter_id": counter.id,
                    "counter_name": counter.name,
                    "now_serving": state["now_serving"],
                    "waiting": state["waiting"],
                    "estimated_wait_s": queueing.estimate_wait(
                        state["waiting"], state["average_s"], state["serving_elapsed_s"]
                    ),
                    "average_service_time_s": round(state["average_s"], 1),
                    "service_time_samples": state["samples"],
                }
            )
        return result

    def call_next(self, counter_id: str) -> dict[str, Any]:
        """Staff: close the ticket being served at the counter and call the next waiting one."""
        if self.counter(counter_id) is None:
            raise StoreError("not_found", f"unknown counter_id '{counter_id}'")
        now = self.clock()
        day = queueing.service_day(now)
        with self.db.transaction(write=True) as cur:
            finished = cur.execute(
                "SELECT number FROM tickets WHERE counter_id = ? AND status = ? ORDER BY service_day, seq",
                (counter_id, SERVING),
            ).fetchall()
            cur.execute(
                "UPDATE tickets SET status = ?, finished_at = ? WHERE counter_id = ? AND status = ?",
                (DONE, now, counter_id, SERVING),
            )
            row = cur.execute(
                "SELECT ticket_id, number FROM tickets "
                "WHERE counter_id = ? AND service_day = ? AND status = ? ORDER BY seq LIMIT 1",
                (counter_id, day, WAITING),
            ).fetchone()
            if row is not None:
                cur.execute(
                    "UPDATE tickets SET status = ?, called_at = ? WHERE ticket_id = ?", (SERVING, now, row[0])
                )
        status = self.queue_status(counter_id)[0]
        return {
            "counter_id": counter_id,
            "finished": [f[0] for f in finished],
            "now_serving": row[1] if row else "",
            "waiting": status["waiting"],
            "estimated_wait_s": status["estimated_wait_s"],
        }

    # -- applications -----------------------------------------------------------------------------
    def seed_applications(self, entries: list[dict[str, Any]]) -> int:
        """Insert sample applications that are not there yet (staff changes are never overwritten)."""
        inserted = 0
        with self.db.transaction(write=True) as cur:
            for entry in entries:
                row = cur.execute(
                    "INSERT INTO applications "
                    "(code, procedure_id, status, received_date, expected_return_date, counter_id) "
                    "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING RETURNING code",
                    (
                        entry["code"],
                        entry["procedure_id"],
                        entry["status"],
                        entry["received_date"],
                        entry["expected_return_date"],
                        entry["counter_id"],
                    ),
                ).fetchone()
                inserted += 1 if row else 0
        return inserted

    def application(self, raw_code: str) -> dict[str, Any]:
        code = applications.normalize_code(raw_code)
        if not applications.is_valid_code(code):
            raise StoreError(
                "invalid_request",
                f"'{raw_code}' is not an application code (expected e.g. 000.00.12.H26-250801-0001)",
            )
        with self.db.transaction() as cur:
            row = cur.execute(
                "SELECT procedure_id, status, received_date, expected_return_date, counter_id "
                "FROM applications WHERE code = ?",
                (code,),
            ).fetchone()
        if row is None:
            raise StoreError("not_found", f"no application with code {code}")
        procedure_id, status, received, expected, counter_id = row
        if status not in applications.STATUSES:
            raise StoreError("internal", f"application {code} has an unknown status '{status}'")
        procedure = self.procedure(procedure_id)
        counter = self.counter(counter_id)
        name = procedure.name if procedure else ""
        counter_name = counter.name if counter else ""
        return {
            "application_code": code,
            "procedure_id": procedure_id,
            "procedure_name": name,
            "status": status,
            "status_text": applications.status_text(status, name, expected, counter_name),
            "received_date": received,
            "expected_return_date": expected,
            "counter_id": counter_id,
            "counter_name": counter_name,
        }

"""The center's API over a real SQLite file, without sockets: routes, validation, queue logic."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from service_bridge.api import CenterApi
from service_bridge.applications import load_applications
from service_bridge.catalog import load_catalog
from service_bridge.database import open_database
from service_bridge.openapi import openapi_document
from service_bridge.schema import validate
from service_bridge.store import CenterStore, QueueSettings

REPO = Path(__file__).resolve().parents[3]


class Clock:
    def __init__(self) -> None:
        self.now = 1754020800.0  # 2025-08-01 11:00 in Hanoi

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "config" / "catalog")


@pytest.fixture
def api(tmp_path, clock, catalog):
    database = open_database(tmp_path / "center.sqlite3")
    store = CenterStore(database, QueueSettings(default_service_time_s=300.0), clock=clock)
    store.sync_catalog(catalog)
    store.seed_applications(
        load_applications(
            REPO / "config" / "catalog" / "sample_applications.yaml",
            {p.id for p in catalog.procedures},
            {c.id for c in catalog.counters},
        )
    )
    yield CenterApi(store, staff_token="s3cret")
    database.close()


def call(api, method, path, body=None, headers=None):
    path, _, query = path.partition("?")
    raw = body if isinstance(body, bytes) else (json.dumps(body).encode() if body is not None else b"")
    response = api.handle(method, path, query, raw, headers or {})
    json.dumps(response.body)  # always serializable
    return response.status, response.body


def ticket(api, key, **ids):
    status, body = call(api, "POST", "/v1/tickets", {"request_key": key, **ids})
    assert status in (200, 201), body
    validate(body, "TicketResponse")
    return body["ticket"]


def test_search_by_official_and_colloquial_names(api):
    status, body = call(api, "GET", "/v1/procedures?q=Đăng%20ký%20kết%20hôn&limit=3")
    assert status == 200
    validate(body, "SearchResult")
    assert body["results"][0]["procedure"]["id"] == "dang_ky_ket_hon"
    status, body = call(api, "GET", "/v1/procedures?q=so%20do%20bi%20mat")
    assert body["results"][0]["procedure"]["id"] == "cap_lai_giay_chung_nhan_bi_mat"
    status, body = call(api, "GET", "/v1/procedures?limit=100")
    assert len(body["results"]) >= 60


def test_get_one_procedure_and_unknown(api):
    status, body = call(api, "GET", "/v1/procedures/dang_ky_khai_sinh")
    assert status == 200
    validate(body, "ProcedureResponse")
    assert body["procedure"]["counter_id"] == "counter_1"
    status, body = call(api, "GET", "/v1/procedures/khong_co")
    assert status == 404 and body["error"]["code"] == "not_found"
    validate(body, "Error")


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "fragment"),
    [
        ("GET", "/v1/procedures?limit=abc", None, 400, "'limit' must be an integer"),
        ("GET", "/v1/procedures?limit=0", None, 400, "between 1 and 100"),
        ("GET", "/v1/procedures?q=a&q=b", None, 400, "more than once"),
        ("GET", "/v1/procedures?q=" + "a" * 501, None, 400, "longer than 500"),
        ("POST", "/v1/tickets", b"{not json", 400, "not valid UTF-8 JSON"),
        ("POST", "/v1/tickets", b"[1, 2]", 400, "must be a JSON object"),
        ("POST", "/v1/tickets", {"counter_id": "counter_1"}, 400, "missing 'request_key'"),
        ("POST", "/v1/tickets", {"request_key": "k", "colour": "red"}, 400, "unknown field"),
        ("POST", "/v1/tickets", {"request_key": "has space", "counter_id": "counter_1"}, 400, "printable"),
        ("POST", "/v1/tickets", {"request_key": 5, "counter_id": "counter_1"}, 400, "expected string"),
        ("POST", "/v1/tickets", {"request_key": "k"}, 400, "give a 'counter_id' or a 'procedure_id'"),
        ("POST", "/v1/tickets", {"request_key": "k", "counter_id": "counter_99"}, 404, "unknown counter_id"),
        ("POST", "/v1/tickets", {"request_key": "k", "procedure_id": "nope"}, 404, "unknown procedure_id"),
        (
            "POST", "/v1/tickets",
            {"request_key": "k", "procedure_id": "dang_ky_khai_sinh", "counter_id": "counter_2"},
            400, "is received at counter_1",
        ),
        ("POST", "/v1/tickets", b"x" * 20000, 413, "larger than"),
        ("GET", "/v1/tickets", None, 405, "not allowed"),
        ("GET", "/v1/nothing", None, 404, "no such endpoint"),
        ("GET", "/v1/queues/counter_42", None, 404, "unknown counter_id"),
        ("GET", "/v1/applications/12345", None, 400, "not an application code"),
        ("GET", "/v1/applications/000.00.99.H26-250101-9999", None, 404, "no application"),
        ("POST", "/v1/queues/counter_1/call-next", None, 401, "X-Staff-Token"),
    ],
)  # fmt: skip
def test_bad_requests_get_clear_4xx(api, method, path, body, status, fragment):
    got_status, got = call(api, method, path, body)
    assert got_status == status, got
    validate(got, "Error")
    assert fragment in got["error"]["message"]


def test_bad_request_changes_nothing(api):
    call(api, "POST", "/v1/tickets", {"request_key": "k", "counter_id": "counter_99"})
    call(
        api,
        "POST",
        "/v1/tickets",
        {"request_key": "k", "procedure_id": "dang_ky_khai_sinh", "counter_id": "counter_2"},
    )
    # the key was not consumed by the failed requests
    assert ticket(api, "k", counter_id="counter_1")["duplicate"] is False


def test_reused_key_for_another_request_is_a_conflict(api):
    ticket(api, "once", counter_id="counter_1")
    status, body = call(api, "POST", "/v1/tickets", {"request_key": "once", "counter_id": "counter_2"})
    assert status == 409 and body["error"]["code"] == "conflict"
    assert "already used for ticket 1-0001" in body["error"]["message"]
    status, body = call(api, "POST", "/v1/tickets", {"request_key": "once", "procedure_id": "tach_ho"})
    assert status == 409
    assert ticket(api, "once", counter_id="counter_1")["duplicate"] is True


def test_tickets_numbered_per_counter_and_idempotent(api):
    first = ticket(api, "a", procedure_id="dang_ky_khai_sinh")
    second = ticket(api, "b", counter_id="counter_1")
    other = ticket(api, "c", counter_id="counter_3")
    again = ticket(api, "a", procedure_id="dang_ky_khai_sinh")
    assert (first["ticket_number"], second["ticket_number"], other["ticket_number"]) == (
        "1-0001",
        "1-0002",
        "3-0001",
    )
    assert first["counter_name"] == "Quầy số 1 - Hộ tịch"
    assert again["ticket_number"] == "1-0001" and again["duplicate"] is True
    assert second["waiting_ahead"] == 1 and second["estimated_wait_s"] == 300.0


def test_numbers_restart_on_a_new_day(api, clock):
    assert ticket(api, "d1", counter_id="counter_2")["ticket_number"] == "2-0001"
    clock.now += 24 * 3600
    assert ticket(api, "d2", counter_id="counter_2")["ticket_number"] == "2-0001"
    _status, body = call(api, "GET", "/v1/queues/counter_2")
    assert body["counters"][0]["waiting"] == 1  # yesterday's leftovers are not today's queue


def test_call_next_and_wait_estimate_from_service_times(api, clock):
    for key in "abcd":
        ticket(api, key, counter_id="counter_1")
    staff = {"X-Staff-Token": "s3cret"}
    status, body = call(api, "POST", "/v1/queues/counter_1/call-next", headers=staff)
    assert status == 200 and body["now_serving"] == "1-0001" and body["waiting"] == 3
    validate(body, "CallNextResult")
    clock.now += 120
    status, body = call(api, "POST", "/v1/queues/counter_1/call-next", headers=staff)
    assert body["finished"] == ["1-0001"] and body["now_serving"] == "1-0002"
    clock.now += 60
    status, body = call(api, "POST", "/v1/queues/counter_1/call-next", headers=staff)
    assert body["now_serving"] == "1-0003"
    status, body = call(api, "GET", "/v1/queues/counter_1")
    validate(body, "QueueStatus")
    queue = body["counters"][0]
    assert queue["average_service_time_s"] == 90.0  # (120 + 60) / 2
    assert queue["now_serving"] == "1-0003" and queue["waiting"] == 1
    assert queue["estimated_wait_s"] == 180.0  # one waiting + the one being served
    status, body = call(api, "GET", "/v1/queues")
    assert len(body["counters"]) == 9


def test_application_status(api):
    status, body = call(api, "GET", "/v1/applications/000.00.12.H26-250806-0003")
    assert status == 200
    validate(body, "ApplicationResponse")
    app = body["application"]
    assert app["status"] == "supplement_required" and app["counter_id"] == "counter_2"
    assert "bổ sung" in app["status_text"] and app["status_text"].endswith("ạ.")
    status, body = call(api, "GET", "/v1/applications/000.00.12.h26-250801-0001")  # lower case is fine
    assert status == 200 and body["application"]["status"] == "returned"


def test_amenities_counters_catalog_health(api):
    for path, schema in (
        ("/v1/amenities", "AmenityList"),
        ("/v1/counters", "CounterList"),
        ("/v1/catalog", "Catalog"),
        ("/health", "Health"),
    ):
        status, body = call(api, "GET", path)
        assert status == 200, path
        validate(body, schema)
    assert len(call(api, "GET", "/v1/amenities")[1]["amenities"]) == 16  # the 15 and the restrooms


def test_openapi_documents_every_route(api):
    status, document = call(api, "GET", "/openapi.json")
    assert status == 200 and document["openapi"].startswith("3.0")
    documented = {(m.upper(), p) for p, ops in document["paths"].items() for m in ops}
    expected = {
        ("GET", "/health"), ("GET", "/v1/catalog"), ("GET", "/v1/procedures"),
        ("GET", "/v1/procedures/{procedure_id}"), ("GET", "/v1/amenities"), ("GET", "/v1/counters"),
        ("POST", "/v1/tickets"), ("GET", "/v1/queues"), ("GET", "/v1/queues/{counter_id}"),
        ("POST", "/v1/queues/{counter_id}/call-next"), ("GET", "/v1/applications/{application_code}"),
    }  # fmt: skip
    assert documented == expected
    # every $ref points to a defined schema
    text = json.dumps(openapi_document())
    for ref in {part.split('"')[0] for part in text.split("#/components/schemas/")[1:]}:
        assert ref in document["components"]["schemas"], ref

"""The real center service process on loopback: search, concurrent tickets, idempotency, restarts."""

from __future__ import annotations

import threading
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from service_bridge.bridge import OK, CenterBridge
from service_bridge.cache import CatalogCache
from service_bridge.client import CenterClient, ClientSettings
from service_bridge.schema import validate


def _concurrently(count, function):
    barrier = threading.Barrier(count)

    def run(index):
        barrier.wait(timeout=10)
        return function(index)

    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(run, range(count)))


def test_openapi_served(center_service):
    status, document = center_service.request("GET", "/openapi.json")
    assert status == 200 and "/v1/tickets" in document["paths"]


def test_search_by_official_and_colloquial_names(center_service):
    cases = {
        "Đăng ký thường trú": "dang_ky_thuong_tru",
        "nhập hộ khẩu cho con": "dang_ky_thuong_tru",
        "làm sổ đỏ": "dang_ky_cap_giay_chung_nhan_lan_dau",
        "cong chung giay to": "chung_thuc_ban_sao_tu_ban_chinh",
        "Cấp hộ chiếu phổ thông ở trong nước": "cap_ho_chieu_pho_thong",
    }
    for query, expected in cases.items():
        status, body = center_service.request("GET", "/v1/procedures?" + urllib.parse.urlencode({"q": query}))
        assert status == 200
        validate(body, "SearchResult")
        assert body["results"][0]["procedure"]["id"] == expected, query


def test_50_concurrent_requests_get_50_distinct_numbers(center_service):
    results = _concurrently(
        50,
        lambda i: center_service.request(
            "POST", "/v1/tickets", {"request_key": f"k{i}", "counter_id": "counter_1"}
        ),
    )
    assert all(status == 201 for status, _ in results)
    numbers = [body["ticket"]["ticket_number"] for _, body in results]
    assert sorted(numbers) == [f"1-{n:04d}" for n in range(1, 51)]  # no duplicate, none lost
    # every retry of those requests returns the same ticket
    retries = _concurrently(
        50,
        lambda i: center_service.request(
            "POST", "/v1/tickets", {"request_key": f"k{i}", "counter_id": "counter_1"}
        ),
    )
    assert [body["ticket"]["ticket_number"] for _, body in retries] == numbers
    assert all(status == 200 and body["ticket"]["duplicate"] for status, body in retries)
    _status, body = center_service.request("GET", "/v1/queues/counter_1")
    assert body["counters"][0]["waiting"] == 50


def test_50_concurrent_retries_of_one_request_yield_one_ticket(center_service):
    results = _concurrently(
        50,
        lambda i: center_service.request(
            "POST", "/v1/tickets", {"request_key": "same", "procedure_id": "tach_ho"}
        ),
    )
    numbers = {body["ticket"]["ticket_number"] for _, body in results}
    assert numbers == {"3-0001"}
    assert sum(1 for status, _ in results if status == 201) == 1
    _status, body = center_service.request("GET", "/v1/queues/counter_3")
    assert body["counters"][0]["waiting"] == 1


def test_concurrent_tickets_through_the_bridge_client(center_service, tmp_path):
    bridge = CenterBridge(
        CenterClient(center_service.url, ClientSettings(timeout_s=5.0)), CatalogCache(tmp_path / "c.json")
    )
    results = _concurrently(
        50, lambda i: bridge.issue_ticket(f"robot-1-{i % 25}", procedure_id="dang_ky_ket_hon")
    )
    assert all(r.error_code == OK for r in results)
    by_key: dict[int, set[str]] = {}
    for i, result in enumerate(results):
        by_key.setdefault(i % 25, set()).add(result.ticket_number)
    assert all(len(numbers) == 1 for numbers in by_key.values())  # one ticket per key
    assert sorted(n for s in by_key.values() for n in s) == [f"1-{n:04d}" for n in range(1, 26)]


def test_tickets_survive_restart_and_crash(center_service):
    for i in range(3):
        center_service.request("POST", "/v1/tickets", {"request_key": f"r{i}", "counter_id": "counter_4"})
    center_service.request("POST", "/v1/queues/counter_4/call-next")
    center_service.restart()
    status, body = center_service.request(
        "POST", "/v1/tickets", {"request_key": "r1", "counter_id": "counter_4"}
    )
    assert (status, body["ticket"]["ticket_number"], body["ticket"]["duplicate"]) == (200, "4-0002", True)
    status, body = center_service.request(
        "POST", "/v1/tickets", {"request_key": "r3", "counter_id": "counter_4"}
    )
    assert body["ticket"]["ticket_number"] == "4-0004"
    center_service.kill()  # SIGKILL: a crash right after commits
    center_service.start()
    status, body = center_service.request("GET", "/v1/queues/counter_4")
    queue = body["counters"][0]
    assert (queue["now_serving"], queue["waiting"]) == ("4-0001", 3)
    status, body = center_service.request(
        "POST", "/v1/tickets", {"request_key": "r4", "counter_id": "counter_4"}
    )
    assert body["ticket"]["ticket_number"] == "4-0005"


def test_application_status_over_http(center_service):
    status, body = center_service.request("GET", "/v1/applications/000.00.12.H26-250801-0001")
    assert status == 200 and body["application"]["status"] == "returned"
    status, body = center_service.request("GET", "/v1/applications/000.00.12.H26-250801-9999")
    assert status == 404


def test_bad_catalog_stops_the_service_with_a_clear_message(center_service_factory, tmp_path):
    import pytest

    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "procedures.yaml").write_text("procedures:\n  - id: X\n")
    (catalog / "amenities.yaml").write_text("amenities: []\n")
    with pytest.raises(RuntimeError) as raised:
        center_service_factory("bad", catalog_dir=catalog)
    assert "procedure 'X': 'id' must be ASCII snake_case" in str(raised.value)

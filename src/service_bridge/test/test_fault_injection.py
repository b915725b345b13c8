"""Faults injected between the bridge and the real center: down, slow, 500, malformed, wrong schema.

Each fault gives a clear error code, procedure and amenity questions are still answered from the
cache (marked stale), tickets are plainly refused, and nothing is ever issued twice.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from service_bridge import messages
from service_bridge.breaker import CircuitBreaker
from service_bridge.bridge import (
    BACKEND_ERROR,
    BACKEND_UNAVAILABLE,
    INVALID_REQUEST,
    NOT_FOUND,
    OK,
    CenterBridge,
)
from service_bridge.cache import CatalogCache
from service_bridge.client import CenterClient, CenterError, ClientSettings

TIMEOUT_S = 0.4
SETTINGS = ClientSettings(timeout_s=TIMEOUT_S, max_retries=1, backoff_initial_s=0.05, backoff_max_s=0.1)


def make_bridge(url, cache_path, threshold=3, reset_s=30.0):
    client = CenterClient(url, SETTINGS, CircuitBreaker(threshold, reset_s))
    return CenterBridge(client, CatalogCache(cache_path))


@pytest.fixture
def warm_cache(fault_proxy, tmp_path):
    """A cache file filled by a healthy bridge, as a robot that has been running a while has."""
    path = tmp_path / "catalog_cache.json"
    bridge = make_bridge(fault_proxy.url, path)
    assert bridge.refresh_catalog()
    return path


def test_healthy_path_is_live(fault_proxy, warm_cache):
    bridge = make_bridge(fault_proxy.url, warm_cache)
    result = bridge.lookup_procedure("làm giấy khai sinh")
    assert (result.error_code, result.stale) == (OK, False)
    assert result.procedures[0].id == "dang_ky_khai_sinh" and result.scores[0] == 1.0
    assert bridge.lookup_procedure(procedure_id="tach_ho").procedures[0].name == "Tách hộ"
    assert bridge.lookup_procedure(procedure_id="khong_co").error_code == NOT_FOUND
    assert bridge.lookup_procedure("qwxz zzkq").error_code == NOT_FOUND
    assert bridge.lookup_procedure("x" * 600).error_code == INVALID_REQUEST
    assert len(bridge.lookup_procedure().procedures) >= 60
    assert len(bridge.list_amenities().amenities) == 16  # 15 + restrooms
    ticket = bridge.issue_ticket("robot1-abc", procedure_id="dang_ky_khai_sinh")
    assert (ticket.error_code, ticket.ticket_number, ticket.counter_id) == (OK, "1-0001", "counter_1")
    assert bridge.issue_ticket("", counter_id="counter_1").error_code == INVALID_REQUEST
    assert bridge.issue_ticket("k", counter_id="counter_77").error_code == NOT_FOUND
    assert bridge.queue_status("counter_1").counters[0]["waiting"] == 1
    assert bridge.queue_status("counter_77").error_code == NOT_FOUND
    status = bridge.application_status("000.00.12.h26-250801-0002")
    assert status.error_code == OK and status.application["status"] == "ready"
    assert bridge.application_status("000.00.12.H26-250801-7777").error_code == NOT_FOUND
    assert bridge.application_status("mã gì đó").error_code == INVALID_REQUEST


FAULTS = [
    ("down", BACKEND_UNAVAILABLE),
    ("slow", BACKEND_UNAVAILABLE),
    ("reset", BACKEND_UNAVAILABLE),
    ("http500", BACKEND_ERROR),
    ("malformed", BACKEND_ERROR),
    ("wrong_schema", BACKEND_ERROR),
    ("wrong_types", BACKEND_ERROR),
]


@pytest.mark.parametrize(("fault", "code"), FAULTS)
def test_fault_gives_clear_errors_and_stale_answers(fault_proxy, warm_cache, fault, code):
    bridge = make_bridge(fault_proxy.url, warm_cache, threshold=100)  # breaker out of the way here
    if fault == "down":
        fault_proxy.stop()
    else:
        fault_proxy.set(fault, delay_s=TIMEOUT_S * 3)

    started = time.monotonic()
    lookup = bridge.lookup_procedure("nhập hộ khẩu")
    elapsed = time.monotonic() - started
    assert (lookup.error_code, lookup.stale) == (OK, True)  # the robot keeps answering
    assert lookup.procedures[0].id == "dang_ky_thuong_tru"
    assert "có thể chưa được cập nhật" in lookup.error_message
    assert elapsed < (SETTINGS.max_retries + 1) * TIMEOUT_S + 1.0  # bounded by timeout and retries

    by_id = bridge.lookup_procedure(procedure_id="dang_ky_ket_hon")
    assert (by_id.error_code, by_id.stale, by_id.procedures[0].id) == (OK, True, "dang_ky_ket_hon")
    amenities = bridge.list_amenities()
    # amenities carry no numbers, so "wrong_types" leaves their (correct) answer live
    assert (amenities.error_code, amenities.stale, len(amenities.amenities)) == (
        OK,
        fault != "wrong_types",
        16,  # the 15 amenities and the restrooms
    )

    ticket = bridge.issue_ticket("robot1-fault", counter_id="counter_2")
    assert ticket.error_code == code and ticket.ticket_number == ""
    assert ticket.error_message == messages.TICKET_UNAVAILABLE
    assert bridge.queue_status().error_code == code
    application = bridge.application_status("000.00.12.H26-250801-0001")
    assert application.error_code == (OK if fault == "wrong_types" else code)  # no numbers in it either


def test_no_cache_and_center_down_says_so(fault_proxy, tmp_path):
    fault_proxy.stop()
    bridge = make_bridge(fault_proxy.url, tmp_path / "none.json")
    result = bridge.lookup_procedure("khai sinh")
    assert (result.error_code, result.procedures) == (BACKEND_UNAVAILABLE, [])
    assert result.error_message == messages.CENTER_UNAVAILABLE


def test_breaker_fails_fast_then_recovers(fault_proxy, warm_cache):
    bridge = make_bridge(fault_proxy.url, warm_cache, threshold=2, reset_s=0.5)
    fault_proxy.set("slow", delay_s=TIMEOUT_S * 3)
    for _ in range(2):
        bridge.lookup_procedure("tạm trú")
    assert bridge.client.breaker.state == "open"
    started = time.monotonic()
    result = bridge.lookup_procedure("tạm trú")
    assert time.monotonic() - started < 0.1  # no waiting on a center known to be down
    assert (result.error_code, result.stale) == (OK, True)
    assert bridge.issue_ticket("k-open", counter_id="counter_3").error_code == BACKEND_UNAVAILABLE
    fault_proxy.set("pass")
    time.sleep(0.6)
    live = bridge.lookup_procedure("tạm trú")
    assert (live.error_code, live.stale) == (OK, False)
    assert bridge.client.breaker.state == "closed"


def test_ticket_timed_out_is_not_issued_twice(fault_proxy, warm_cache):
    """The center may issue a ticket whose answer never reached the robot; the retry gets that one."""
    bridge = make_bridge(fault_proxy.url, warm_cache, threshold=100)
    fault_proxy.set("slow", delay_s=TIMEOUT_S * 2)
    lost = bridge.issue_ticket("robot1-session7-turn3", counter_id="counter_5")
    assert lost.error_code == BACKEND_UNAVAILABLE
    time.sleep(TIMEOUT_S * 2.5)  # the delayed requests reach the center meanwhile
    fault_proxy.set("pass")
    again = bridge.issue_ticket("robot1-session7-turn3", counter_id="counter_5")
    assert (again.error_code, again.ticket_number, again.duplicate) == (OK, "5-0001", True)
    assert bridge.queue_status("counter_5").counters[0]["waiting"] == 1


def test_restart_of_center_is_transparent(center_service, fault_proxy, warm_cache):
    bridge = make_bridge(fault_proxy.url, warm_cache, threshold=2, reset_s=0.3)
    first = bridge.issue_ticket("a1", counter_id="counter_6")
    center_service.stop()
    assert bridge.issue_ticket("a2", counter_id="counter_6").error_code == BACKEND_UNAVAILABLE
    assert bridge.lookup_procedure("đăng ký kinh doanh").stale
    center_service.start()
    time.sleep(0.4)
    second = bridge.issue_ticket("a2", counter_id="counter_6")
    assert (first.ticket_number, second.ticket_number, second.duplicate) == ("6-0001", "6-0002", False)


def test_seed_catalog_answers_before_first_contact(fault_proxy, tmp_path):
    from service_bridge.catalog import load_catalog

    fault_proxy.stop()
    bridge = make_bridge(fault_proxy.url, tmp_path / "empty.json")
    repo = Path(__file__).resolve().parents[3]
    bridge.seed_cache(load_catalog(repo / "config" / "catalog"))
    result = bridge.lookup_procedure("làm căn cước")
    assert (result.error_code, result.stale, result.procedures[0].id) == (OK, True, "cap_the_can_cuoc")
    assert "lưu sẵn trên robot" in result.error_message


def test_only_safe_requests_are_retried(fault_proxy):
    client = CenterClient(fault_proxy.url, SETTINGS, CircuitBreaker(100, 1.0))
    fault_proxy.set("http500")
    for call, expected_attempts in (
        (lambda: client.get("/v1/counters", "CounterList"), 2),
        (lambda: client.post("/v1/tickets", "TicketResponse", {"request_key": "x"}, idempotent=True), 2),
        (lambda: client.post("/v1/queues/counter_1/call-next", "CallNextResult", {}), 1),  # not idempotent
    ):
        before = fault_proxy.received
        with pytest.raises(CenterError, match="HTTP 500"):
            call()
        assert fault_proxy.received - before == expected_attempts

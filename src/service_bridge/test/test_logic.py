"""Small pure pieces: queue arithmetic, circuit breaker, schema checks, application codes, cache file."""

from __future__ import annotations

import json

import pytest

from service_bridge import applications, queueing
from service_bridge.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from service_bridge.cache import CatalogCache
from service_bridge.catalog import Catalog, Counter
from service_bridge.schema import SchemaError, validate


def test_ticket_number_and_service_day():
    assert queueing.ticket_number(1, 42) == "1-0042"
    assert queueing.ticket_number(9, 12345) == "9-12345"
    # 2025-08-01 17:30 UTC is already 2 August in Hanoi
    assert queueing.service_day(1754069400.0) == "2025-08-02"


def test_average_service_time_clips_and_defaults():
    assert queueing.average_service_time([], 300.0) == 300.0
    assert queueing.average_service_time([100.0, 200.0], 300.0) == 150.0
    # a forgotten ticket (5 h) and an instant skip (1 s) are clipped, not trusted
    assert queueing.average_service_time([18000.0, 1.0], 300.0, 30.0, 3600.0) == (3600.0 + 30.0) / 2


def test_estimate_wait_counts_the_ticket_being_served():
    assert queueing.estimate_wait(0, 120.0, None) == 0.0
    assert queueing.estimate_wait(3, 120.0, None) == 360.0
    assert queueing.estimate_wait(3, 120.0, 20.0) == 460.0
    assert queueing.estimate_wait(1, 120.0, 500.0) == 120.0


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_breaker_opens_after_threshold_and_probes_once():
    clock = FakeClock()
    breaker = CircuitBreaker(failure_threshold=3, reset_timeout_s=10.0, clock=clock)
    for _ in range(2):
        assert breaker.allow()
        breaker.record_failure()
    assert breaker.state == CLOSED
    breaker.record_failure()
    assert breaker.state == OPEN and not breaker.allow()
    assert breaker.retry_in_s() == pytest.approx(10.0)
    clock.now = 10.5
    assert breaker.state == HALF_OPEN
    assert breaker.allow()  # one probe
    assert not breaker.allow()  # and only one
    breaker.record_failure()  # probe failed: open again, full timeout
    assert breaker.state == OPEN and not breaker.allow()
    clock.now = 21.0
    assert breaker.allow()
    breaker.record_success()
    assert breaker.state == CLOSED and breaker.allow()


def test_breaker_success_resets_failure_count():
    breaker = CircuitBreaker(failure_threshold=2)
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state == CLOSED


def test_schema_catches_wrong_shapes():
    ticket = {
        "ticket_number": "1-0001", "counter_id": "counter_1", "counter_name": "Quầy 1", "procedure_id": "",
        "request_key": "k", "status": "waiting", "waiting_ahead": 0, "estimated_wait_s": 0.0,
        "duplicate": False,
    }  # fmt: skip
    validate({"ticket": ticket}, "TicketResponse")
    with pytest.raises(SchemaError, match=r"\$.ticket: missing 'duplicate'"):
        validate({"ticket": {k: v for k, v in ticket.items() if k != "duplicate"}}, "TicketResponse")
    with pytest.raises(SchemaError, match="expected integer, got str"):
        validate({"ticket": {**ticket, "waiting_ahead": "3"}}, "TicketResponse")
    with pytest.raises(SchemaError, match="expected integer, got boolean"):
        validate({"ticket": {**ticket, "waiting_ahead": True}}, "TicketResponse")
    with pytest.raises(SchemaError, match="is not one of"):
        validate({"ticket": {**ticket, "status": "lost"}}, "TicketResponse")
    with pytest.raises(SchemaError, match="unknown field"):
        validate({"request_key": "k", "colour": "red"}, "TicketRequest")


def test_application_codes():
    assert applications.normalize_code(" 000.00.12.h26 – 250801 – 0001 ") == "000.00.12.H26-250801-0001"
    assert applications.is_valid_code("000.00.12.H26-250801-0001")
    assert not applications.is_valid_code("12345")
    assert not applications.is_valid_code("000.00.12.H26-2508-0001")
    text = applications.status_text("ready", "Đăng ký khai sinh", "2025-08-04", "Quầy số 9 - Trả kết quả")
    assert "đã có kết quả" in text and "Quầy số 9" in text
    assert "04/08/2025" in applications.status_text("processing", "Đăng ký khai sinh", "2025-08-04", "")


def test_cache_round_trip_and_corruption(tmp_path):
    cache = CatalogCache(tmp_path / "sub" / "cache.json")
    assert cache.load() is None
    catalog = Catalog([], [], [Counter("counter_1", 1, "Quầy số 1", ("Hộ tịch",))])
    cache.save(catalog, 1234.0)
    loaded = cache.load()
    assert loaded is not None and loaded.fetched_at_s == 1234.0
    assert loaded.catalog.version == catalog.version
    cache.path.write_text("{not json")
    assert cache.load() is None
    cache.path.write_text(json.dumps({"catalog": {"procedures": 3}}))
    assert cache.load() is None

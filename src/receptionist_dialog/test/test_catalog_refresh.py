"""The one policy for fetching the bridge's catalog: the node's timer polls it, the chat blocks on it."""

from __future__ import annotations

from receptionist_dialog.catalog_refresh import HELD_RETRY_FACTOR, CatalogRefresh


class FakeTime:
    """A clock that only moves when the code under test sleeps or a fetch takes time."""

    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        assert seconds >= 0.0
        self.sleeps.append(seconds)
        self.now += seconds


class Bridge:
    """Fails `failures` times (each fetch taking `duration_s`), then answers with a catalog."""

    def __init__(self, time: FakeTime, failures: int, duration_s: float = 0.0) -> None:
        self.time, self.failures, self.duration_s = time, failures, duration_s
        self.calls: list[float] = []

    def fetch(self) -> tuple[str | None, str]:
        self.calls.append(self.time.now)
        self.time.now += self.duration_s
        if len(self.calls) <= self.failures:
            return None, f"bridge down (try {len(self.calls)})"
        return "catalog", ""


def test_attempt_schedules_the_next_fetch_by_how_it_went():
    refresh = CatalogRefresh(retry_s=2.0, refresh_s=300.0)
    time = FakeTime()
    assert refresh.attempt(10.0, Bridge(time, failures=1).fetch, have_catalog=False) == (
        None,
        "bridge down (try 1)",
    )
    assert not refresh.is_due(11.9) and refresh.is_due(12.0)
    assert refresh.attempt(12.0, Bridge(time, failures=0).fetch, have_catalog=False) == ("catalog", "")
    assert not refresh.is_due(311.9) and refresh.is_due(312.0)
    refresh.attempt(312.0, Bridge(time, failures=1).fetch, have_catalog=True)
    assert refresh.due == 312.0 + 2.0 * HELD_RETRY_FACTOR


def test_first_within_retries_at_the_retry_period_until_the_catalog_comes():
    time = FakeTime()
    bridge = Bridge(time, failures=2)
    refresh = CatalogRefresh(retry_s=0.2, refresh_s=300.0)
    assert refresh.first_within(bridge.fetch, 10.0, time.clock, time.sleep) == ("catalog", "")
    assert [round(t - 100.0, 6) for t in bridge.calls] == [0.0, 0.2, 0.4]
    assert refresh.due == bridge.calls[-1] + 300.0  # then refreshed like the node's


def test_first_within_gives_up_at_the_timeout_with_the_last_reason():
    time = FakeTime()
    bridge = Bridge(time, failures=1000)
    catalog, why = CatalogRefresh(retry_s=0.5).first_within(bridge.fetch, 2.0, time.clock, time.sleep)
    assert catalog is None and why == f"bridge down (try {len(bridge.calls)})"
    assert [t - 100.0 for t in bridge.calls] == [0.0, 0.5, 1.0, 1.5]  # none starts at or after 2.0 s
    assert time.now - 100.0 < 2.0  # and it does not sleep past the last try


def test_first_within_tries_once_even_without_time_and_does_not_wait_after_a_slow_fetch():
    time = FakeTime()
    once = Bridge(time, failures=5)
    assert CatalogRefresh().first_within(once.fetch, 0.0, time.clock, time.sleep)[0] is None
    assert len(once.calls) == 1 and time.sleeps == []
    slow = Bridge(time, failures=1, duration_s=3.0)  # each call times out slower than the retry period
    assert CatalogRefresh(retry_s=0.2).first_within(slow.fetch, 10.0, time.clock, time.sleep)[0] == "catalog"
    assert time.sleeps == [0.0] and slow.calls[1] - slow.calls[0] == 3.0

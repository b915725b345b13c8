"""When the catalog is fetched from the service bridge: until it comes, then now and then.

One policy for every client of the bridge's catalog: the dialog node polls it from a timer
(`is_due` then `attempt`), the terminal chat blocks on it once at start (`first_within`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

# A failed refresh of a catalog already held is retried this many times slower than a missing one.
HELD_RETRY_FACTOR = 5

T = TypeVar("T")
# Fetches the catalog: (catalog, "") or (None, why not).
Fetch = Callable[[], tuple[T | None, str]]


@dataclass
class CatalogRefresh:
    retry_s: float = 2.0  # period while no catalog could be fetched
    refresh_s: float = 300.0  # period once fetched
    due: float = 0.0  # next fetch (monotonic seconds); 0: now

    def is_due(self, now: float) -> bool:
        return now >= self.due

    def fetched(self, now: float) -> None:
        self.due = now + self.refresh_s

    def failed(self, now: float, have_catalog: bool) -> None:
        """The answers still come from a catalog already held, so there is no hurry to retry."""
        self.due = now + self.retry_s * (HELD_RETRY_FACTOR if have_catalog else 1)

    def attempt(self, now: float, fetch: Fetch[T], have_catalog: bool) -> tuple[T | None, str]:
        """One fetch, started at `now`; the next one is scheduled by how it went."""
        catalog, why = fetch()
        if catalog is None:
            self.failed(now, have_catalog)
        else:
            self.fetched(now)
        return catalog, why

    def first_within(
        self,
        fetch: Fetch[T],
        timeout_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> tuple[T | None, str]:
        """Fetch at the retry period until a catalog comes, for a client that cannot start without one.

        Tries at least once; no new try starts after `timeout_s`. Returns (None, the last reason) then.
        """
        deadline = clock() + timeout_s
        catalog, why = self.attempt(clock(), fetch, have_catalog=False)
        while catalog is None and self.due < deadline:
            sleep(max(0.0, self.due - clock()))
            catalog, why = self.attempt(clock(), fetch, have_catalog=False)
        return catalog, why

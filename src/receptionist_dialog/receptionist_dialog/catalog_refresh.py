"""When the dialog node fetches the catalog from the service bridge: until it comes, then now and then."""

from __future__ import annotations

from dataclasses import dataclass

# A failed refresh of a catalog already held is retried this many times slower than a missing one.
HELD_RETRY_FACTOR = 5


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

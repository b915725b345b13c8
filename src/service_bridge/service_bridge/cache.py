"""The bridge's on-disk copy of the last catalog the center served.

With the center down (or lying), the robot still answers procedure and amenity questions from this
copy, marked as possibly stale. Written atomically so a crash mid-write never leaves a broken cache.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from service_bridge.catalog import Catalog

_log = logging.getLogger("service_bridge.cache")


@dataclass
class CachedCatalog:
    catalog: Catalog
    fetched_at_s: float  # wall-clock time the center served it


class CatalogCache:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path).expanduser()

    def load(self) -> CachedCatalog | None:
        """The cached catalog, or None when there is none or it is unreadable (logged, never raised)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return CachedCatalog(Catalog.from_dict(data["catalog"]), float(data["fetched_at_s"]))
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as error:
            _log.warning("ignoring unreadable catalog cache %s: %s", self.path, error)
            return None

    def save(self, catalog: Catalog, fetched_at_s: float | None = None) -> None:
        payload: dict[str, Any] = {
            "fetched_at_s": time.time() if fetched_at_s is None else fetched_at_s,
            "catalog": catalog.to_dict(),
        }
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".catalog-", suffix=".json", dir=self.path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(payload, stream, ensure_ascii=False)
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

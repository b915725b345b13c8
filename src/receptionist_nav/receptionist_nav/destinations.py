"""Turn a GuideVisitor destination string into a point of interest.

Accepted forms: a POI id ("counter_3", "printing_area", "home"), an amenity id of the catalog
("wifi" -> its poi_id), or "proc:<procedure_id>", which needs the procedure's counter from the
service bridge (the node asks it, then calls `resolve_counter`). No ROS import.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from receptionist_common.points_of_interest import Poi

PROCEDURE_PREFIX = "proc:"


class UnknownDestinationError(ValueError):
    """The destination names nothing the robot can go to; the message says why, in English."""


@dataclass(frozen=True)
class ProcedureDestination:
    """A destination that still needs the bridge: which counter receives this procedure?"""

    procedure_id: str


def load_amenity_pois(path: str | Path) -> dict[str, str]:
    """{amenity id: poi_id} from the amenity catalog; a missing file gives no amenities."""
    path = Path(path)
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {
        str(entry["id"]): str(entry["poi_id"])
        for entry in data.get("amenities") or []
        if isinstance(entry, dict) and entry.get("id") and entry.get("poi_id")
    }


def _normalise(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip().lower()


class DestinationResolver:
    def __init__(self, pois: Mapping[str, Poi], amenity_pois: Mapping[str, str] | None = None) -> None:
        self._pois = dict(pois)
        self._amenities = dict(amenity_pois or {})

    def resolve(self, destination: str) -> Poi | ProcedureDestination:
        text = _normalise(destination or "")
        if not text:
            raise UnknownDestinationError("empty destination")
        if text.startswith(PROCEDURE_PREFIX):
            procedure_id = (destination or "").strip()[len(PROCEDURE_PREFIX) :].strip()
            if not procedure_id:
                raise UnknownDestinationError("'proc:' needs a procedure id, e.g. 'proc:1.001193'")
            return ProcedureDestination(procedure_id)
        if text in self._pois:
            return self._pois[text]
        if text in self._amenities:
            poi_id = self._amenities[text]
            if poi_id not in self._pois:
                raise UnknownDestinationError(
                    f"amenity '{text}' is at point of interest '{poi_id}', which this site does not have"
                )
            return self._pois[poi_id]
        raise UnknownDestinationError(
            f"unknown destination '{destination}': not a point of interest ({', '.join(sorted(self._pois))}),"
            f" not an amenity, not 'proc:<procedure id>'"
        )

    def resolve_counter(self, procedure_id: str, counter_id: str) -> Poi:
        """The counter the bridge named for a procedure, checked against this site's POIs."""
        if not counter_id:
            raise UnknownDestinationError(f"procedure '{procedure_id}' has no intake counter in the catalog")
        poi = self._pois.get(counter_id)
        if poi is None or poi.kind != "counter":
            raise UnknownDestinationError(
                f"procedure '{procedure_id}' is received at '{counter_id}', "
                "which is not a counter of this site"
            )
        return poi

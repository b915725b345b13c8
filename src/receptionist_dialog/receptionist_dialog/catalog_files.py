"""Read the catalog from the operators' YAML files, in the same shape the bridge's services give.

At run time the dialog manager fetches the catalog from the service bridge; this reader exists for
the unit tests, the NLU bench and the chat's offline mode, so they exercise the real catalog without
a running bridge.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

FEE_UNKNOWN = -1


def load_counters(path: str | Path) -> list[dict]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return [dict(c) for c in data.get("counters") or []]


def load_procedures(path: str | Path, counters_path: str | Path) -> list[dict]:
    """Procedures as dicts with the fields of receptionist_interfaces/Procedure (counter from field)."""
    counters = load_counters(counters_path)
    by_field = {f: c for c in counters for f in c.get("fields") or []}
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    procedures = []
    for entry in data.get("procedures") or []:
        counter = by_field.get(entry.get("field", ""), {})
        fee = entry.get("fee_vnd")
        source = entry.get("source") or []
        procedures.append(
            {
                "id": entry["id"],
                "name": entry.get("name", ""),
                "field": entry.get("field", ""),
                "counter_id": counter.get("id", ""),
                "counter_name": counter.get("name", ""),
                "colloquial_names": list(entry.get("colloquial_names") or []),
                "documents": list(entry.get("documents") or []),
                "fee_vnd": FEE_UNKNOWN if fee is None else int(fee),
                "fee_text": entry.get("fee_text", "") or "",
                "processing_time": entry.get("processing_time", "") or "",
                "online_available": bool(entry.get("online_available", False)),
                "source": "; ".join(source) if isinstance(source, list) else str(source),
            }
        )
    return procedures


def load_amenities(path: str | Path) -> list[dict]:
    """Amenities as dicts with the fields of receptionist_interfaces/Amenity (answers filled in)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    settings = {k: str(v or "") for k, v in (data.get("settings") or {}).items()}
    amenities = []
    for entry in data.get("amenities") or []:
        answer = entry.get("answer", "")
        placeholders = re.findall(r"{(\w+)}", answer)
        if any(not settings.get(name) for name in placeholders):
            answer = entry.get("answer_if_unset", answer)
        else:
            answer = answer.format(**settings)
        amenities.append(
            {
                "id": entry["id"],
                "name": entry.get("name", ""),
                "poi_id": entry.get("poi_id", ""),
                "answer": answer,
                "keywords": [str(k) for k in entry.get("keywords") or []],
            }
        )
    return amenities


def load_catalog_dir(root: str | Path) -> tuple[list[dict], list[dict], list[dict]]:
    """(procedures, amenities, counters) from a checkout's `config/` folder."""
    root = Path(root)
    counters_path = root / "site" / "counters.yaml"
    return (
        load_procedures(root / "catalog" / "procedures.yaml", counters_path),
        load_amenities(root / "catalog" / "amenities.yaml"),
        load_counters(counters_path),
    )

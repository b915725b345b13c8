"""The center's catalog: procedures, amenities and counters, loaded from reviewable YAML files.

Operators edit `config/catalog/procedures.yaml`, `config/catalog/amenities.yaml` and
`config/site/counters.yaml`. Everything is validated at load time and every problem is reported
with the file and the entry it is in, so a typo in a site's catalog stops the service with a clear
message instead of reaching a citizen. A procedure's counter is derived from its field through
counters.yaml (the single source for which counter receives which field).
"""

from __future__ import annotations

import hashlib
import json
import re
import string
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

RELIABILITY_TAGS = ("S", "S-old", "2nd", "unverified")
LEVELS = ("commune", "city")
# Points of interest the navigation config creates for the amenities.
KNOWN_POI_IDS = (
    "printing_area",
    "water_station",
    "charging_station",
    "library_green_space",
    "medical_corner",
    "elderly_support_desk",
    "online_help_desk",
    "legal_advice_desk",
    "restroom",
    "reception",
    "waiting_area",
)
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there
_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_COUNTER_ID_RE = re.compile(r"^counter_[0-9]+$")


class CatalogError(ValueError):
    """One or more problems in the catalog files; the message lists each with file and entry."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("invalid catalog:\n  " + "\n  ".join(problems))


@dataclass(frozen=True)
class Counter:
    id: str
    number: int
    name: str
    fields: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "number": self.number, "name": self.name, "fields": list(self.fields)}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Counter:
        return Counter(data["id"], int(data["number"]), data["name"], tuple(data["fields"]))


@dataclass(frozen=True)
class Procedure:
    id: str
    name: str
    field: str
    counter_id: str
    counter_name: str
    colloquial_names: tuple[str, ...]
    documents: tuple[str, ...]
    fee_vnd: int | None
    fee_text: str
    processing_time: str
    online_available: bool
    level: str
    authority: str
    source: tuple[str, ...]
    reliability: str
    notes: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("colloquial_names", "documents", "source"):
            data[key] = list(data[key])
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Procedure:
        values = dict(data)
        for key in ("colloquial_names", "documents", "source"):
            values[key] = tuple(values[key])
        return Procedure(**values)


@dataclass(frozen=True)
class Amenity:
    id: str
    name: str
    poi_id: str
    answer: str  # placeholders already resolved with the site's settings
    keywords: tuple[str, ...]
    source: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["keywords"] = list(self.keywords)
        data["source"] = list(self.source)
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Amenity:
        values = dict(data)
        values["keywords"] = tuple(values["keywords"])
        values["source"] = tuple(values["source"])
        return Amenity(**values)


@dataclass
class Catalog:
    procedures: list[Procedure]
    amenities: list[Amenity]
    counters: list[Counter]
    version: str = ""
    _by_id: dict[str, Procedure] = field(default_factory=dict, repr=False)
    _counters_by_id: dict[str, Counter] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_id = {p.id: p for p in self.procedures}
        self._counters_by_id = {c.id: c for c in self.counters}
        if not self.version:
            self.version = hashlib.sha256(
                json.dumps(self.to_dict(include_version=False), sort_keys=True).encode()
            ).hexdigest()[:16]

    def procedure(self, procedure_id: str) -> Procedure | None:
        return self._by_id.get(procedure_id)

    def counter(self, counter_id: str) -> Counter | None:
        return self._counters_by_id.get(counter_id)

    def to_dict(self, include_version: bool = True) -> dict[str, Any]:
        data: dict[str, Any] = {
            "procedures": [p.to_dict() for p in self.procedures],
            "amenities": [a.to_dict() for a in self.amenities],
            "counters": [c.to_dict() for c in self.counters],
        }
        if include_version:
            data["version"] = self.version
        return data

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Catalog:
        """Rebuild a catalog from `to_dict()` output (the center's /v1/catalog or the bridge's cache)."""
        return Catalog(
            procedures=[Procedure.from_dict(p) for p in data["procedures"]],
            amenities=[Amenity.from_dict(a) for a in data["amenities"]],
            counters=[Counter.from_dict(c) for c in data["counters"]],
            version=str(data.get("version", "")),
        )


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as stream:
            return yaml.load(stream, Loader=_YAML_LOADER)
    except FileNotFoundError as error:
        raise CatalogError([f"{path}: file not found"]) from error
    except yaml.YAMLError as error:
        raise CatalogError([f"{path}: not valid YAML: {error}"]) from error


def _string_list(
    value: Any, where: str, key: str, problems: list[str], min_items: int = 1
) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: '{key}' must be a list of non-empty strings")
        return ()
    if len(value) < min_items:
        problems.append(f"{where}: '{key}' needs at least {min_items} item(s)")
    return tuple(v.strip() for v in value)


def _text(entry: dict[str, Any], key: str, where: str, problems: list[str], required: bool = True) -> str:
    value = entry.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"{where}: '{key}' must be a non-empty string")
        return ""
    return value.strip()


def load_counters(path: Path) -> list[Counter]:
    data = _read_yaml(path)
    problems: list[str] = []
    entries = data.get("counters") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogError([f"{path}: expected a top-level 'counters' list"])
    counters: list[Counter] = []
    seen_fields: dict[str, str] = {}
    for index, entry in enumerate(entries):
        where = f"{path}: counters[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        counter_id = str(entry.get("id", ""))
        where = f"{path}: counter '{counter_id or index}'"
        if not _COUNTER_ID_RE.match(counter_id):
            problems.append(f"{where}: 'id' must look like counter_<n>")
        number = entry.get("number")
        if not isinstance(number, int) or number <= 0:
            problems.append(f"{where}: 'number' must be a positive integer")
            number = 0
        name = _text(entry, "name", where, problems)
        fields = _string_list(entry.get("fields"), where, "fields", problems)
        for field_name in fields:
            if field_name in seen_fields:
                problems.append(f"{where}: field '{field_name}' already belongs to {seen_fields[field_name]}")
            seen_fields[field_name] = counter_id
        counters.append(Counter(counter_id, number, name, fields))
    ids = [c.id for c in counters]
    numbers = [c.number for c in counters]
    if len(set(ids)) != len(ids):
        problems.append(f"{path}: duplicate counter ids")
    if len(set(numbers)) != len(numbers):
        problems.append(f"{path}: duplicate counter numbers")
    if problems:
        raise CatalogError(problems)
    return counters


def load_procedures(path: Path, counters: list[Counter]) -> list[Procedure]:
    data = _read_yaml(path)
    entries = data.get("procedures") if isinstance(data, dict) else None
    if not isinstance(entries, list) or not entries:
        raise CatalogError([f"{path}: expected a top-level 'procedures' list"])
    counter_of_field = {f: c for c in counters for f in c.fields}
    problems: list[str] = []
    procedures: list[Procedure] = []
    for entry, procedure_id, where in _identified_entries(entries, path, "procedure", problems):
        field_name = _text(entry, "field", where, problems)
        counter = counter_of_field.get(field_name)
        if field_name and counter is None:
            problems.append(f"{where}: field '{field_name}' is not received by any counter in counters.yaml")
        if "counter_id" in entry and counter is not None and entry["counter_id"] != counter.id:
            problems.append(
                f"{where}: counter_id '{entry['counter_id']}' contradicts counters.yaml ({counter.id})"
            )
        fee = entry.get("fee_vnd")
        if fee is not None and (isinstance(fee, bool) or not isinstance(fee, int) or fee < 0):
            problems.append(f"{where}: 'fee_vnd' must be a non-negative integer or null (unknown)")
            fee = None
        online = entry.get("online_available")
        if not isinstance(online, bool):
            problems.append(f"{where}: 'online_available' must be true or false")
        level = entry.get("level")
        if level not in LEVELS:
            problems.append(f"{where}: 'level' must be one of {', '.join(LEVELS)}")
        reliability = entry.get("reliability")
        if reliability not in RELIABILITY_TAGS:
            problems.append(f"{where}: 'reliability' must be one of {', '.join(RELIABILITY_TAGS)}")
        fee_text = _text(entry, "fee_text", where, problems)
        if fee is None and fee_text and "quầy" not in fee_text:
            problems.append(
                f"{where}: unknown fee: 'fee_text' must tell the citizen to confirm it at the counter"
            )
        procedures.append(
            Procedure(
                id=procedure_id,
                name=_text(entry, "name", where, problems),
                field=field_name,
                counter_id=counter.id if counter else "",
                counter_name=counter.name if counter else "",
                colloquial_names=_string_list(
                    entry.get("colloquial_names"), where, "colloquial_names", problems
                ),
                documents=_string_list(entry.get("documents"), where, "documents", problems),
                fee_vnd=fee,
                fee_text=fee_text,
                processing_time=_text(entry, "processing_time", where, problems),
                online_available=bool(online),
                level=str(level),
                authority=_text(entry, "authority", where, problems),
                source=_string_list(entry.get("source"), where, "source", problems),
                reliability=str(reliability),
                notes=_text(entry, "notes", where, problems, required=False),
            )
        )
    if problems:
        raise CatalogError(problems)
    return procedures


def _placeholders(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def load_amenities(path: Path) -> list[Amenity]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("amenities"), list):
        raise CatalogError([f"{path}: expected a top-level 'amenities' list"])
    settings = data.get("settings") or {}
    problems: list[str] = []
    if not isinstance(settings, dict):
        raise CatalogError([f"{path}: 'settings' must be a mapping"])
    settings = {str(k): "" if v is None else str(v).strip() for k, v in settings.items()}
    amenities: list[Amenity] = []
    for entry, amenity_id, where in _identified_entries(data["amenities"], path, "amenity", problems):
        poi_id = entry.get("poi_id")
        if poi_id not in KNOWN_POI_IDS:
            problems.append(f"{where}: 'poi_id' must be one of {', '.join(KNOWN_POI_IDS)}")
        template = _text(entry, "answer", where, problems)
        names = _placeholders(template)
        unknown = [n for n in names if n not in settings]
        if unknown:
            problems.append(
                f"{where}: answer uses unknown setting(s) {unknown}; define them under 'settings'"
            )
        answer = template
        if names and not unknown:
            if all(settings[n] for n in names):
                answer = template.format_map(settings)
            else:
                answer = _text(entry, "answer_if_unset", where, problems)
        amenities.append(
            Amenity(
                id=amenity_id,
                name=_text(entry, "name", where, problems),
                poi_id=str(poi_id),
                answer=answer,
                keywords=_string_list(entry.get("keywords"), where, "keywords", problems),
                source=_string_list(entry.get("source"), where, "source", problems),
            )
        )
    if problems:
        raise CatalogError(problems)
    return amenities


def default_counters_path(catalog_dir: Path) -> Path:
    """counters.yaml sits in the site folder next to the catalog folder: config/site/counters.yaml."""
    return catalog_dir.parent / "site" / "counters.yaml"


def load_catalog(catalog_dir: Path | str, counters_path: Path | str | None = None) -> Catalog:
    """Load and validate procedures.yaml, amenities.yaml (in `catalog_dir`) and counters.yaml."""
    catalog_dir = Path(catalog_dir)
    counters_file = Path(counters_path) if counters_path else default_counters_path(catalog_dir)
    counters = load_counters(counters_file)
    problems: list[str] = []
    procedures: list[Procedure] = []
    amenities: list[Amenity] = []
    try:
        procedures = load_procedures(catalog_dir / "procedures.yaml", counters)
    except CatalogError as error:
        problems += error.problems
    try:
        amenities = load_amenities(catalog_dir / "amenities.yaml")
    except CatalogError as error:
        problems += error.problems
    if problems:
        raise CatalogError(problems)
    return Catalog(procedures=procedures, amenities=amenities, counters=counters)


def _identified_entries(
    entries: list[Any], path: Path, kind: str, problems: list[str]
) -> Iterator[tuple[dict[str, Any], str, str]]:
    """(entry, id, where) of each mapping entry; bad shapes, ids and duplicates go to `problems`."""
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            problems.append(f"{path}: {kind}s[{index}]: must be a mapping")
            continue
        entry_id = str(entry.get("id", ""))
        where = f"{path}: {kind} '{entry_id or f'#{index}'}'"
        if not _ID_RE.match(entry_id):
            problems.append(f"{where}: 'id' must be ASCII snake_case")
        if entry_id in seen:
            problems.append(f"{where}: duplicate id")
        seen.add(entry_id)
        yield entry, entry_id, where

"""Application (hồ sơ) codes and how their status is told to a citizen."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

# Statuses the center stores; anything else in the database is reported as an error, not guessed.
STATUSES = ("received", "processing", "supplement_required", "ready", "returned", "rejected")

# National one-stop-shop receipt code: agency code (dot-separated, e.g. 000.00.12.H26 for a Hanoi
# unit), the receipt date YYMMDD and a sequence number: "000.00.12.H26-250801-0001".
_CODE_RE = re.compile(r"^[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){1,5}-\d{6}-\d{4,6}$")
_DASHES = str.maketrans({"–": "-", "—": "-", "_": "-"})


def normalize_code(raw: str) -> str:
    """Upper-case, no spaces, plain dashes: what a citizen reads out or types becomes the stored form."""
    return re.sub(r"\s+", "", raw.translate(_DASHES)).upper()


def is_valid_code(code: str) -> bool:
    return bool(_CODE_RE.match(code))


def _vi_date(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d/%m/%Y")
    except ValueError:
        return iso


def status_text(status: str, procedure_name: str, expected_return_date: str, counter_name: str) -> str:
    """The sentence the robot says about an application, polite Vietnamese."""
    what = f"Hồ sơ {procedure_name.lower()}" if procedure_name else "Hồ sơ"
    where = counter_name or "quầy trả kết quả"
    due = _vi_date(expected_return_date)
    texts = {
        "received": f"{what} của anh/chị đã được tiếp nhận, đang chờ xử lý; ngày hẹn trả kết quả là {due} ạ.",
        "processing": f"{what} của anh/chị đang được giải quyết; ngày hẹn trả kết quả là {due} ạ.",
        "supplement_required": (
            f"{what} của anh/chị cần bổ sung giấy tờ. Mời anh/chị đến {where} để được hướng dẫn ạ."
        ),
        "ready": f"{what} của anh/chị đã có kết quả. Mời anh/chị mang giấy biên nhận đến {where} để nhận ạ.",
        "returned": f"{what} của anh/chị đã được trả kết quả rồi ạ.",
        "rejected": (
            f"{what} của anh/chị chưa đủ điều kiện giải quyết. "
            f"Mời anh/chị đến {where} để nhận văn bản trả lời và hồ sơ ạ."
        ),
    }
    return texts[status]


def load_applications(
    path: Any, known_procedures: set[str], known_counters: set[str]
) -> list[dict[str, Any]]:
    """Read and validate a sample-applications YAML file; every problem names the file and the entry."""
    from pathlib import Path

    import yaml

    from service_bridge.catalog import CatalogError

    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise CatalogError([f"{path}: file not found"]) from error
    except yaml.YAMLError as error:
        raise CatalogError([f"{path}: not valid YAML: {error}"]) from error
    entries = data.get("applications") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise CatalogError([f"{path}: expected a top-level 'applications' list"])
    problems: list[str] = []
    result: list[dict[str, Any]] = []
    for index, entry in enumerate(entries):
        where = f"{path}: applications[{index}]"
        if not isinstance(entry, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        code = normalize_code(str(entry.get("code", "")))
        where = f"{path}: application '{code or index}'"
        if not is_valid_code(code):
            problems.append(f"{where}: 'code' is not a receipt code like 000.00.12.H26-250801-0001")
        if entry.get("procedure_id") not in known_procedures:
            problems.append(f"{where}: unknown procedure_id '{entry.get('procedure_id')}'")
        if entry.get("counter_id") not in known_counters:
            problems.append(f"{where}: unknown counter_id '{entry.get('counter_id')}'")
        if entry.get("status") not in STATUSES:
            problems.append(f"{where}: 'status' must be one of {', '.join(STATUSES)}")
        for key in ("received_date", "expected_return_date"):
            try:
                date.fromisoformat(str(entry.get(key)))
            except ValueError:
                problems.append(f"{where}: '{key}' must be an ISO date YYYY-MM-DD")
        result.append({**{k: str(v) for k, v in entry.items()}, "code": code})
    if problems:
        raise CatalogError(problems)
    return result

"""Touch buttons of the screen, built from the catalog the bridge serves and the ids an operator chose.

The kiosk never carries its own copy of the catalog: names come from the bridge, so a renamed procedure
is renamed on the screen too. Pressing a button asks the dialog the question a citizen would say, with
the official name. A button shows the official name unless it is too long to read on a touch button
("Chứng thực bản sao từ bản chính giấy tờ, văn bản"); then it shows the phrase citizens use for it
("Công chứng giấy tờ", the catalog's first colloquial name), and the official name as its title.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

PROCEDURE = "procedure"
AMENITY = "amenity"
STAFF = "staff"


@dataclass(frozen=True)
class ButtonTemplates:
    procedure_question: str = "Tôi muốn hỏi về thủ tục {name}"
    amenity_question: str = "Cho tôi hỏi về {name}"
    staff_label: str = "Gọi nhân viên hỗ trợ"
    staff_request: str = "Tôi cần gặp nhân viên hỗ trợ"
    max_label_chars: int = 36


def button_label(name: str, colloquial_names: Sequence[str], max_chars: int) -> str:
    """The official name, or the first colloquial name (capitalized) when the official one is too long."""
    if len(name) <= max_chars:
        return name
    for phrase in colloquial_names:
        phrase = phrase.strip()
        if phrase and len(phrase) <= max_chars:
            return phrase[0].upper() + phrase[1:]
    return name


def _pick(
    kind: str,
    wanted: Sequence[str],
    entries: Iterable[Mapping[str, Any]],
    template: str,
    max_label_chars: int,
) -> tuple[list[dict[str, str]], list[str]]:
    by_id = {str(entry.get("id", "")): entry for entry in entries}
    buttons: list[dict[str, str]] = []
    missing: list[str] = []
    for item_id in wanted:
        entry = by_id.get(item_id)
        name = str(entry.get("name", "")).strip() if entry else ""
        if not name:
            missing.append(item_id)
            continue
        label = button_label(name, list(entry.get("colloquial_names", ())), max_label_chars)
        buttons.append(
            {
                "id": f"{kind}:{item_id}",
                "kind": kind,
                "label": label,
                "title": name,
                "ask_text": template.format(name=name),
            }
        )
    return buttons, missing


def build_buttons(
    procedures: Iterable[Mapping[str, Any]],
    amenities: Iterable[Mapping[str, Any]],
    procedure_ids: Sequence[str],
    amenity_ids: Sequence[str],
    templates: ButtonTemplates,
) -> tuple[list[dict[str, str]], list[str]]:
    """(buttons in configured order ending with the staff button, ids the catalog does not have)."""
    procedure_buttons, missing_procedures = _pick(
        PROCEDURE,
        [i for i in procedure_ids if i],
        procedures,
        templates.procedure_question,
        templates.max_label_chars,
    )
    amenity_buttons, missing_amenities = _pick(
        AMENITY,
        [i for i in amenity_ids if i],
        amenities,
        templates.amenity_question,
        templates.max_label_chars,
    )
    return procedure_buttons + amenity_buttons + [staff_button(templates)], [
        f"{PROCEDURE}:{i}" for i in missing_procedures
    ] + [f"{AMENITY}:{i}" for i in missing_amenities]


def staff_button(templates: ButtonTemplates) -> dict[str, str]:
    """Always on the screen, even before the catalog is loaded: asking for a person must never wait."""
    return {
        "id": STAFF,
        "kind": STAFF,
        "label": templates.staff_label,
        "title": templates.staff_label,
        "ask_text": templates.staff_request,
    }

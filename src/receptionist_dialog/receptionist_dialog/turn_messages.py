"""What the dialog node publishes for a turn: which turns are spoken, the DialogState and Ask fields.

No ROS import: the node fills DialogState / Ask.Response from these dicts (keys are the message
fields), so the mapping from the conversation to the screen is tested with plain objects.
"""

from __future__ import annotations

import json
from typing import Any

from receptionist_dialog.dialog_manager import IDLE, Turn


def heard(text: str, confidence: float, is_voice: bool, min_confidence: float) -> str:
    """The text the conversation gets: a voice transcript below `min_confidence` counts as not heard
    ("" makes the robot ask again); 0 means the recognizer gave no confidence."""
    return "" if is_voice and 0.0 < confidence < min_confidence else text


def is_spoken(turn: Turn, current: Any) -> bool:
    """Only the conversation in front of the robot is spoken and shown; a typed session in the
    background (another screen) gets its answer without the robot speaking over the citizen."""
    return current is None or turn.session_id == current.session_id


def state_fields(turn: Turn | None, current: Any, last_text: str) -> dict[str, Any]:
    """DialogState fields after `turn` (None: the robot is idle) in the conversation `current`."""
    fields: dict[str, Any] = {"state": turn.state if turn is not None else IDLE}
    if current is not None:
        fields.update(
            session_id=current.session_id,
            person_id=current.person_id,
            elderly_mode=current.elderly,
            ticket_number=next(iter(current.tickets.values()), ""),
        )
    elif turn is not None:
        fields["session_id"] = turn.session_id
    if turn is not None:
        fields.update(
            last_user_text=last_text,
            last_robot_text=turn.answer,
            intent=turn.intent,
            counter_id=turn.counter_id,
        )
        if turn.procedure:
            fields.update(
                procedure_id=turn.procedure.get("id", ""), procedure_name=turn.procedure.get("name", "")
            )
        if turn.ticket_number:
            fields["ticket_number"] = turn.ticket_number
    return fields


def ask_fields(turn: Turn) -> dict[str, Any]:
    """Ask.Response fields for a typed question answered by `turn`, with all its details as JSON."""
    details = turn.details()
    procedure = details["procedure"]
    return {
        "answer": turn.answer,
        "intent": turn.intent,
        "procedure_id": procedure["id"],
        "procedure_name": procedure["name"],
        "procedure_field": procedure["field"],
        "counter_id": turn.counter_id,
        "ticket_number": turn.ticket_number,
        "state": turn.state,
        "details_json": json.dumps(details, ensure_ascii=False),
    }

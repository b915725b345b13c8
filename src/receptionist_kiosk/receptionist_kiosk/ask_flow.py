"""One typed question from the screen: show it, ask the dialog (the same one that answers speech), show
the answer; when the dialog cannot answer, say so politely instead of leaving the citizen waiting."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from receptionist_kiosk.page_state import CITIZEN, ROBOT, PageState
from receptionist_kiosk.validation import AskRequest

DEFAULT_BUSY_MESSAGE = (
    "Xin lỗi, hệ thống đang bận. Mời anh/chị thử lại sau ít phút "
    "hoặc bấm nút \u201cGọi nhân viên hỗ trợ\u201d ạ."
)
ANSWER_FIELDS = (
    "intent",
    "procedure_id",
    "procedure_name",
    "procedure_field",
    "counter_id",
    "ticket_number",
    "state",
)


class DialogUnavailableError(RuntimeError):
    """The dialog's Ask service is not up, did not answer in time, or failed."""


# (text, session_id) -> the Ask response's fields; raises DialogUnavailableError.
DialogCall = Callable[[str, str], Mapping[str, Any]]


class AskFlow:
    def __init__(
        self,
        page: PageState,
        call_dialog: DialogCall,
        busy_message: str = DEFAULT_BUSY_MESSAGE,
        warn: Callable[[str], None] = lambda _message: None,
    ) -> None:
        self._page = page
        self._call_dialog = call_dialog
        self._busy_message = busy_message
        self._warn = warn

    def handle(self, request: AskRequest) -> tuple[int, dict[str, Any]]:
        """(HTTP status, JSON body). 200 with the answer, or 503 with the polite busy message."""
        self._page.add_turn(CITIZEN, request.text, request.source)
        self._page.ask_started()
        try:
            reply = self._call_dialog(request.text, request.session_id)
        except DialogUnavailableError as error:
            self._warn(f"dialog did not answer '{request.text[:60]}': {error}")
            self._page.add_turn(ROBOT, self._busy_message, "system")
            return 503, {
                "ok": False,
                "error": "dialog_unavailable",
                "message": self._busy_message,
                "answer": self._busy_message,
                "truncated": request.truncated,
            }
        finally:
            self._page.ask_finished()
        answer = str(reply.get("answer", "")).strip()
        fields = {name: str(reply.get(name, "") or "") for name in ANSWER_FIELDS}
        self._page.apply_answer(
            counter_id=fields["counter_id"],
            ticket_number=fields["ticket_number"],
            procedure_name=fields["procedure_name"],
            state=fields["state"],
        )
        if answer:
            self._page.add_turn(ROBOT, answer, request.source)
        return 200, {
            "ok": True,
            "answer": answer,
            **fields,
            "truncated": request.truncated,
            "text": request.text,
        }

"""A typed question: shown at once, answered by the dialog, or met with a polite apology."""

from receptionist_kiosk.ask_flow import DEFAULT_BUSY_MESSAGE, AskFlow, DialogUnavailableError
from receptionist_kiosk.page_state import CITIZEN, ROBOT, PageState
from receptionist_kiosk.validation import AskRequest


def test_answer_is_shown_and_returned():
    page = PageState()
    calls = []

    def dialog(text, session_id):
        calls.append((text, session_id, page.snapshot()["thinking"]))
        return {
            "answer": "Dạ, anh/chị mời đến Quầy số 1 ạ.",
            "counter_id": "counter_1",
            "ticket_number": "A-001",
            "procedure_name": "Đăng ký khai sinh",
            "state": "offering_guide",
            "intent": "procedure_info",
        }

    status, body = AskFlow(page, dialog).handle(AskRequest("làm giấy khai sinh", "s9", "screen"))
    assert calls == [("làm giấy khai sinh", "s9", True)]  # the screen said "thinking" during the call
    assert status == 200 and body["ok"] is True
    assert body["answer"] == "Dạ, anh/chị mời đến Quầy số 1 ạ." and body["ticket_number"] == "A-001"
    state = page.snapshot()
    assert [(t["role"], t["text"]) for t in state["turns"]] == [
        (CITIZEN, "làm giấy khai sinh"),
        (ROBOT, "Dạ, anh/chị mời đến Quầy số 1 ạ."),
    ]
    assert (state["counter_id"], state["ticket_number"], state["state"]) == (
        "counter_1",
        "A-001",
        "offering_guide",
    )
    assert state["thinking"] is False


def test_dialog_down_gives_the_polite_busy_message_and_a_log():
    page = PageState()
    warnings = []

    def dialog(text, session_id):
        raise DialogUnavailableError("service /receptionist/ask is not available")

    status, body = AskFlow(page, dialog, warn=warnings.append).handle(AskRequest("wifi", truncated=True))
    assert status == 503
    assert body == {
        "ok": False,
        "error": "dialog_unavailable",
        "message": DEFAULT_BUSY_MESSAGE,
        "answer": DEFAULT_BUSY_MESSAGE,
        "truncated": True,
    }
    assert DEFAULT_BUSY_MESSAGE.startswith("Xin lỗi, hệ thống đang bận")
    assert len(warnings) == 1 and "not available" in warnings[0]
    turns = page.snapshot()["turns"]
    assert turns[-1]["text"] == DEFAULT_BUSY_MESSAGE and turns[-1]["source"] == "system"
    assert page.snapshot()["thinking"] is False


def test_empty_answer_adds_no_robot_turn():
    page = PageState()
    status, body = AskFlow(page, lambda t, s: {"answer": "  "}).handle(AskRequest("alo"))
    assert status == 200 and body["answer"] == ""
    assert [t["role"] for t in page.snapshot()["turns"]] == [CITIZEN]

"""What the screen shows: one turn per sentence, a new citizen's screen starts clean."""

import threading

from receptionist_kiosk.page_state import CITIZEN, ROBOT, STATUS_TEXT, THINKING_TEXT, PageState


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def texts(page: PageState) -> list[tuple[str, str]]:
    return [(turn["role"], turn["text"]) for turn in page.snapshot()["turns"]]


def test_same_sentence_from_two_channels_is_shown_once():
    clock = FakeClock()
    page = PageState(dedupe_window_s=8.0, clock=clock)
    assert page.add_turn(CITIZEN, "wifi ở đây là gì", "screen")
    assert page.add_turn(ROBOT, "Mật khẩu wifi có ở khu ghế chờ ạ.", "screen")
    clock.now += 1.0
    assert not page.add_turn(ROBOT, "Mật khẩu  wifi có ở khu ghế chờ ạ.", "voice")  # SayRequest echo
    assert not page.add_turn(CITIZEN, "wifi ở đây là gì", "screen")  # Transcript echo
    assert texts(page) == [(CITIZEN, "wifi ở đây là gì"), (ROBOT, "Mật khẩu wifi có ở khu ghế chờ ạ.")]
    clock.now += 10.0
    assert page.add_turn(CITIZEN, "wifi ở đây là gì", "voice")  # asked again later: shown again


def test_empty_text_and_unknown_roles_are_ignored():
    page = PageState()
    assert not page.add_turn(ROBOT, "   ", "voice")
    assert not page.add_turn("operator", "x", "voice")
    assert page.snapshot()["turns"] == []


def test_conversation_is_bounded():
    page = PageState(max_turns=3, dedupe_window_s=0.0)
    for index in range(5):
        page.add_turn(CITIZEN, f"câu {index}", "voice")
    assert [text for _, text in texts(page)] == ["câu 2", "câu 3", "câu 4"]


def test_new_session_clears_previous_citizen_but_keeps_fresh_turns():
    clock = FakeClock()
    page = PageState(new_session_grace_s=3.0, clock=clock)
    page.update_dialog("answering", "s1", counter_id="counter_1", ticket_number="A-012")
    page.add_turn(CITIZEN, "làm khai sinh", "voice")
    clock.now += 30.0
    page.add_turn(CITIZEN, "cho tôi hỏi về thẻ căn cước", "screen")  # typed just before the new state
    clock.now += 1.0
    page.update_dialog("answering", "s2", counter_id="counter_3")
    state = page.snapshot()
    assert texts(page) == [(CITIZEN, "cho tôi hỏi về thẻ căn cước")]
    assert state["ticket_number"] == "" and state["counter_id"] == "counter_3"
    assert state["session_id"] == "s2"


def test_same_session_keeps_ticket_and_counter():
    page = PageState()
    page.update_dialog(
        "answering", "s1", counter_id="counter_1", ticket_number="A-012", procedure_name="Đăng ký khai sinh"
    )
    page.update_dialog("guiding", "s1")
    state = page.snapshot()
    assert (state["ticket_number"], state["counter_id"], state["state"]) == ("A-012", "counter_1", "guiding")
    assert state["status_text"] == STATUS_TEXT["guiding"]


def test_counter_name_comes_from_the_points_of_interest():
    page = PageState()
    page.set_counter_names({"counter_3": "Quầy số 3 - Cư trú và căn cước (Công an)"})
    page.apply_answer(counter_id="counter_3", ticket_number="B-7")
    state = page.snapshot()
    assert state["counter_name"] == "Quầy số 3 - Cư trú và căn cước (Công an)"
    page.apply_answer(counter_id="counter_99")
    assert page.snapshot()["counter_name"] == "counter_99"
    assert page.snapshot()["ticket_number"] == "B-7"


def test_thinking_while_an_answer_is_pending():
    page = PageState()
    page.ask_started()
    assert page.snapshot()["thinking"] and page.snapshot()["status_text"] == THINKING_TEXT
    page.ask_finished()
    page.ask_finished()  # never negative
    assert not page.snapshot()["thinking"]


def test_elderly_mode_follows_the_dialog():
    page = PageState()
    page.update_dialog("greeting", "s1", elderly_mode=True)
    assert page.snapshot()["elderly_mode"] is True


def test_wait_for_change_wakes_on_a_new_turn():
    page = PageState()
    version = page.version
    threading.Timer(0.05, lambda: page.add_turn(ROBOT, "Xin chào ạ", "voice")).start()
    assert page.wait_for_change(version, timeout=5.0)
    assert page.version > version
    assert not page.wait_for_change(page.version, timeout=0.01)


def test_buttons_change_bumps_version_only_when_different():
    page = PageState()
    buttons = [{"id": "staff", "kind": "staff", "label": "Gọi nhân viên hỗ trợ", "ask_text": "x"}]
    page.set_buttons(buttons)
    version = page.version
    page.set_buttons(list(buttons))
    assert page.version == version
    assert page.snapshot()["buttons"] == buttons

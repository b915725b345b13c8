"""The conversation state machine on the real catalog (fast, no DDS).

The bridge is replaced here by `QueueDesk`, an in-memory implementation of the same contract
(idempotent tickets per request key, queues, applications); the integration test
(test_dialog_ros.py) runs the same dialog against the real bridge and center service.
"""

from __future__ import annotations

import math

import pytest

from receptionist_dialog import dialog_manager as dm
from receptionist_dialog import responses as say
from receptionist_dialog.backend import (
    NOT_FOUND,
    OK,
    UNAVAILABLE,
    ApplicationResult,
    Catalog,
    CounterQueue,
    QueueResult,
    TicketResult,
)
from receptionist_dialog.dialog_manager import DialogConfig, DialogManager
from receptionist_dialog.nlu import NluEngine


class QueueDesk:
    """Tickets numbered per counter, the same ticket for a repeated key; records every call."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.by_key: dict[str, TicketResult] = {}
        self.waiting: dict[str, int] = {}
        self.down = False

    def issue_ticket(self, request_key: str, counter_id: str, procedure_id: str) -> TicketResult:
        self.calls.append(("ticket", request_key, counter_id, procedure_id))
        if self.down:
            return TicketResult(UNAVAILABLE, "center down")
        if request_key in self.by_key:
            first = self.by_key[request_key]
            return TicketResult(**{**first.__dict__, "duplicate": True})
        ahead = self.waiting.get(counter_id, 0)
        self.waiting[counter_id] = ahead + 1
        number = f"{counter_id.split('_')[-1]}-{ahead + 1:04d}"
        result = TicketResult(OK, "", number, counter_id, f"Quầy số {counter_id[-1]}", ahead, ahead * 300.0)
        self.by_key[request_key] = result
        return result

    def queue_status(self, counter_id: str) -> QueueResult:
        self.calls.append(("queue", counter_id))
        if self.down:
            return QueueResult(UNAVAILABLE)
        ids = [counter_id] if counter_id else [f"counter_{i}" for i in range(1, 10)]
        return QueueResult(
            OK, counters=[CounterQueue(c, f"Quầy số {c[-1]}", "", self.waiting.get(c, 0), 300.0) for c in ids]
        )

    def application_status(self, code: str) -> ApplicationResult:
        self.calls.append(("application", code))
        if code.endswith("0001"):
            return ApplicationResult(
                OK, "", code, "Đăng ký khai sinh", "ready", "Đã có kết quả", "", "", "counter_9"
            )
        return ApplicationResult(NOT_FOUND, "no such code")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def desk() -> QueueDesk:
    return QueueDesk()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def dialog(nlu_engine, dialog_catalog, desk, clock) -> DialogManager:
    manager = DialogManager(
        nlu_engine, desk, DialogConfig(silence_timeout_s=10.0, person_lost_timeout_s=5.0), clock
    )
    manager.update_catalog(dialog_catalog)
    return manager


def spoken(turn: dm.Turn) -> str:
    return " ".join(s.speech for s in turn.says)


def test_greeting_once_per_engaged_person(dialog):
    turn = dialog.on_engaged("p1")
    assert turn.state == dm.GREETING and "em chào anh chị" in spoken(turn)
    assert dialog.on_engaged("p1").says == []  # still the same conversation


def test_location_offer_yes_takes_one_ticket_and_guides(dialog, desk, clock):
    dialog.on_engaged("p1")
    turn = dialog.on_text("lam giay khai sinh o dau")
    assert turn.state == dm.OFFERING_GUIDE and turn.counter_id == "counter_1"
    assert "quầy số một" in spoken(turn) and "quầy số 1 - Hộ tịch" in turn.answer
    turn = dialog.on_text("vâng")
    assert turn.state == dm.GUIDING
    assert turn.guide is not None and turn.guide.destination == "counter_1" and turn.guide.person_id == "p1"
    assert turn.ticket_number == "1-0001" and "một gạch một" in spoken(turn)
    assert [c for c in desk.calls if c[0] == "ticket"] == [
        ("ticket", f"{turn.session_id}:counter_1", "counter_1", "dang_ky_khai_sinh")
    ]
    # a question on the way does not stop the escort, and asks for no second ticket
    turn = dialog.on_text("lệ phí bao nhiêu")
    assert turn.state == dm.GUIDING and turn.intent == "ask_fee" and turn.guide is None
    turn = dialog.on_guide_result(dm.GUIDE_SUCCEEDED, "Quầy số 1 - Hộ tịch")
    assert turn.state == dm.FAREWELL and "1-0001" in turn.answer
    assert dialog.on_speaking(False).state == dm.IDLE and dialog.current is None


def test_follow_up_question_uses_the_procedure_discussed(dialog):
    dialog.on_text("đổi căn cước ở đâu")
    turn = dialog.on_text("còn lệ phí thì sao?")
    assert turn.intent == "ask_fee" and turn.procedure["id"] == "cap_doi_the_can_cuoc"
    assert "hai mươi lăm nghìn đồng" in spoken(turn) and "25.000" in turn.answer


def test_question_without_procedure_asks_which_and_keeps_the_question(dialog):
    turn = dialog.on_text("lệ phí bao nhiêu vậy em")
    assert turn.state == dm.CLARIFYING and "thủ tục nào" in turn.answer
    turn = dialog.on_text("khai sinh")
    assert turn.intent == "ask_fee" and turn.procedure["id"] == "dang_ky_khai_sinh"


def test_close_procedures_are_clarified_not_guessed(desk, clock):
    catalog = Catalog(
        procedures=[
            {"id": "a", "name": "Cấp đổi giấy phép X", "field": "F", "counter_id": "counter_1",
             "counter_name": "Quầy số 1", "colloquial_names": ["làm giấy phép x"], "fee_vnd": 10000},
            {"id": "b", "name": "Cấp lại giấy phép X", "field": "F", "counter_id": "counter_2",
             "counter_name": "Quầy số 2", "colloquial_names": ["làm giấy phép x"], "fee_vnd": 20000},
        ],
    )  # fmt: skip
    dialog = DialogManager(NluEngine(), desk, DialogConfig(), clock)
    dialog.update_catalog(catalog)
    turn = dialog.on_text("làm giấy phép x hết bao nhiêu tiền")
    assert turn.state == dm.CLARIFYING and "cấp đổi giấy phép X" in turn.answer and "cấp lại" in turn.answer
    turn = dialog.on_text("cấp lại")
    assert turn.intent == "ask_fee" and turn.procedure["id"] == "b" and "hai mươi nghìn đồng" in spoken(turn)


def test_ticket_twice_is_the_same_ticket(dialog, desk):
    first = dialog.on_text("cho tôi lấy số làm hộ chiếu")
    second = dialog.on_text("lấy số cho tôi")
    assert first.ticket_number and first.ticket_number == second.ticket_number
    assert "đã có số" in second.answer
    assert desk.waiting["counter_3"] == 1  # one ticket in the queue, not two


def test_ticket_service_down_is_said_politely(dialog, desk):
    desk.down = True
    turn = dialog.on_text("lấy số đổi căn cước")
    assert "tạm gián đoạn" in turn.answer and not turn.ticket_number


def test_application_status_asks_for_the_code_then_answers(dialog, desk):
    turn = dialog.on_text("tôi muốn tra cứu hồ sơ")
    assert "mã hồ sơ" in turn.answer
    turn = dialog.on_text("000.00.12.H26-250801-0001")
    assert (
        turn.intent == "application_status" and "đã có kết quả" in turn.answer and "quầy số 9" in turn.answer
    )
    turn = dialog.on_text("hồ sơ 000.00.12.H26-250801-0099 đến đâu rồi")
    assert "không tìm thấy" in turn.answer
    assert ("application", "000.00.12.H26-250801-0099") in desk.calls


def test_queue_status_of_a_counter(dialog, desk):
    dialog.on_text("cho tôi lấy số làm khai sinh")
    turn = dialog.on_text("quầy 1 còn bao nhiêu người chờ")
    assert turn.intent == "queue_status" and ("queue", "counter_1") in desk.calls
    assert "1-0001" in turn.answer


def test_repeat_and_slower_speech(dialog):
    dialog.on_engaged("p1")
    answer = dialog.on_text("làm hộ chiếu cần giấy tờ gì")
    again = dialog.on_text("em nói lại được không")
    assert again.answer == answer.answer
    assert dialog.on_text("hả?").answer == answer.answer  # a bare "what?" asks for it again too
    slower = dialog.on_text("nói chậm thôi")
    assert slower.says[0].rate_scale == pytest.approx(0.8) and answer.answer in slower.answer
    assert dialog.on_text("chậm chậm thôi em").says[0].rate_scale == pytest.approx(0.65)
    assert dialog.current.elderly and "bác" in dialog.on_text("cảm ơn").answer.lower()


def test_elderly_citizen_is_addressed_as_bac_and_spoken_to_slowly(dialog):
    dialog.on_engaged("p1")
    turn = dialog.on_text("cháu ơi bác muốn đổi căn cước thì ra quầy nào hả cháu")
    assert "bác" in turn.answer and turn.says[0].rate_scale < 1.0


def test_handover_to_staff(dialog):
    turn = dialog.on_text("gọi nhân viên hỗ trợ giúp tôi")
    assert turn.state == dm.HANDOVER and turn.handover and "nhân viên" in turn.answer


def test_not_understood_twice_offers_a_staff_member(dialog):
    dialog.on_text("xyz abc def")
    turn = dialog.on_text("hôm nay trời đẹp nhỉ")
    assert "gọi nhân viên" in turn.answer
    assert dialog.on_text("có").handover


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01\ufffd\x7f", "a" * 100_000, "What time is it?", "🙂🙂🙂", "0" * 5000]
)
def test_bad_input_gets_a_polite_answer(dialog, text):
    turn = dialog.on_text(text)
    assert turn.says and turn.answer.startswith("Dạ")
    assert turn.guide is None and not turn.ticket_number


def test_silence_prompts_then_says_goodbye(dialog, clock):
    dialog.on_engaged("p1")
    dialog.on_speaking(False)
    clock.now += 5
    assert dialog.tick() is None
    clock.now += 6
    prompt = dialog.tick()
    assert prompt is not None and "còn cần em giúp gì" in prompt.answer
    clock.now += 11
    goodbye = dialog.tick()
    assert goodbye.state == dm.FAREWELL and "Chúc" in goodbye.answer
    assert dialog.on_speaking(False).state == dm.IDLE


def test_person_leaving_ends_the_conversation(dialog, clock):
    dialog.on_engaged("p7")
    assert dialog.on_people_seen({"p7", "p8"}) is None
    clock.now += 3
    assert dialog.on_people_seen({"p8"}) is None  # not gone long enough
    clock.now += 3
    turn = dialog.on_people_seen(set())
    assert turn.state == dm.IDLE and dialog.current is None


def test_typed_sessions_are_separate_from_the_citizen_in_front(dialog):
    dialog.on_engaged("p1")
    dialog.on_text("đổi căn cước ở đâu")
    typed = dialog.on_text("lấy số làm khai sinh", session_id="kiosk-7", source="screen")
    assert typed.session_id == "kiosk-7" and typed.guide is None
    assert dialog.current.procedure_id == "cap_doi_the_can_cuoc"  # the spoken conversation is untouched


def test_no_catalog_yet_is_said(nlu_engine, desk, clock):
    dialog = DialogManager(NluEngine(), desk, DialogConfig(), clock)
    turn = dialog.on_text("làm khai sinh ở đâu")
    assert "chưa tra cứu được danh mục" in turn.answer


def test_guide_failures_are_explained(dialog):
    dialog.on_engaged("p1")
    dialog.on_text("đổi căn cước ở đâu")
    dialog.on_text("có")
    turn = dialog.on_guide_result(5, "")
    assert turn.state == dm.LISTENING and "xin lỗi" in turn.answer
    assert not math.isnan(dialog.current.last_activity)


def test_guide_failure_tells_the_way_in_words(nlu_engine, dialog_catalog, desk, clock):
    asked: list[tuple[str, str]] = []

    def directions(destination: str, label: str) -> str:
        asked.append((destination, label))
        return f"Từ cửa ra vào chính nhìn vào, {label} ở cuối sảnh, phía bên tay trái, cách đó khoảng 16 mét."

    dialog = DialogManager(nlu_engine, desk, DialogConfig(), clock, directions=directions)
    dialog.update_catalog(dialog_catalog)
    dialog.on_engaged("p1")
    dialog.on_text("làm giấy khai sinh ở đâu")
    assert dialog.on_text("có").guide.destination == "counter_1"
    turn = dialog.on_guide_result(2, "Quầy số 1 - Hộ tịch")  # UNREACHABLE
    assert asked == [("counter_1", "quầy số 1 - Hộ tịch")]
    assert turn.state == dm.LISTENING and turn.intent == "guide_failed"
    assert "em xin lỗi" in turn.answer and "phía bên tay trái, cách đó khoảng 16 mét" in turn.answer
    assert "mười sáu mét" in spoken(turn)


def test_arrival_is_announced_at_the_counter_not_back_home(dialog):
    dialog.on_engaged("p1")
    dialog.on_text("làm giấy khai sinh ở đâu")
    going = dialog.on_text("vâng")
    assert dialog.on_guide_feedback("going") is None
    arrived = dialog.on_guide_feedback(dm.PHASE_ARRIVED)
    assert arrived.state == dm.GUIDING and arrived.intent == "arrived"
    assert "đến quầy số 1 - Hộ tịch rồi" in arrived.answer and going.ticket_number in arrived.answer
    assert dialog.on_guide_feedback(dm.PHASE_ARRIVED) is None  # once
    assert dialog.on_guide_feedback("returning") is None
    # The result comes when the robot is back home: nothing more to say, the conversation is over.
    done = dialog.on_guide_result(dm.GUIDE_SUCCEEDED, "Quầy số 1 - Hộ tịch")
    assert done.state == dm.IDLE and done.says == [] and dialog.current is None


def test_without_speaking_feedback_the_answer_settles_into_listening(dialog, clock):
    dialog.on_engaged("p1")
    clock.now += 3
    assert dialog.tick() is None and dialog.current.state == dm.GREETING
    clock.now += 4
    assert dialog.tick().state == dm.LISTENING


def test_one_waiting_line_per_pause_and_a_resume_line(dialog):
    dialog.on_engaged("p1")
    dialog.on_text("bác muốn làm giấy khai sinh ở đâu")
    assert dialog.on_text("vâng").guide is not None
    assert dialog.on_guide_feedback(dm.PHASE_GOING) is None  # the start was announced with the yes
    lines = []
    # The guide publishes its phase over and over: one line per change, nothing while it lasts.
    for phase in ["going", "waiting_for_visitor", "waiting_for_visitor", "waiting_for_visitor", "going",
                  "going", "waiting_for_visitor", "waiting_for_visitor", "going", "arrived", "arrived",
                  "returning", "returning"]:  # fmt: skip
        turn = dialog.on_guide_feedback(phase)
        if turn is not None:
            assert turn.state == dm.GUIDING and len(turn.says) == 1
            lines.append((turn.intent, turn.answer))
    assert [intent for intent, _ in lines] == [
        "guide_wait", "guide_resume", "guide_wait", "guide_resume", "arrived",
    ]  # fmt: skip
    assert lines[0][1] == "Bác ơi, em đang đợi bác ạ. Mời bác đi theo em ạ."
    assert lines[1][1] == "Dạ, mời bác tiếp tục đi theo em ạ."


def test_the_next_escort_waits_and_arrives_again(dialog):
    dialog.on_engaged("p1")
    dialog.on_text("làm giấy khai sinh ở đâu")
    dialog.on_text("vâng")
    assert dialog.on_guide_feedback(dm.PHASE_WAITING).intent == "guide_wait"
    # A question on the way (it clears the pending offer) does not make the arrival said twice.
    assert dialog.on_text("lệ phí bao nhiêu").state == dm.GUIDING
    assert dialog.on_guide_feedback(dm.PHASE_ARRIVED).intent == "arrived"
    assert dialog.on_text("cảm ơn em").state == dm.GUIDING
    assert dialog.on_guide_result(dm.GUIDE_SUCCEEDED).says == []
    # A new citizen, a new escort: the phases of the last one are forgotten.
    dialog.on_engaged("p2")
    dialog.on_text("đăng ký tạm trú ở quầy nào")
    assert dialog.on_text("có").guide is not None
    assert dialog.on_guide_feedback(dm.PHASE_WAITING).answer.startswith("Anh/chị ơi, em đang đợi anh/chị")
    assert dialog.on_guide_feedback(dm.PHASE_GOING).intent == "guide_resume"
    assert dialog.on_guide_feedback(dm.PHASE_ARRIVED).intent == "arrived"


def test_no_amenity_answer_invites_to_follow_before_the_offer_is_accepted(dialog, dialog_catalog):
    offered = 0
    for entry in dialog_catalog.amenities:
        dialog.current = None
        dialog.on_engaged("p1")
        turn = dialog.on_text(entry["keywords"][0])
        assert turn.intent == "amenity", entry["id"]
        answer = turn.answer.lower()
        assert "đi theo em" not in answer and "mời anh/chị đến" not in answer, entry["id"]
        assert "bác" not in answer, entry["id"]  # the address is the conversation's, not the catalog's
        assert answer.startswith("dạ,") and " ạ" in answer, entry["id"]
        if turn.state == dm.OFFERING_GUIDE:
            offered += 1
            assert answer.endswith("có muốn em dẫn đến đó không ạ?"), entry["id"]
            assert answer.count("?") == 1, entry["id"]
    assert offered >= 8  # most amenities have a place the robot can show


def test_a_status_naming_the_counter_is_not_followed_by_a_second_invitation():
    text = (
        "Hồ sơ đăng ký khai sinh của anh/chị đã có kết quả. "
        "Mời anh/chị mang giấy biên nhận đến Quầy số 9 - Trả kết quả để nhận ạ."
    )
    result = ApplicationResult(OK, "", "000.00.12.H26-250801-0002", "Đăng ký khai sinh", "ready", text,
                               "2025-08-01", "2025-08-04", "counter_9")  # fmt: skip
    said = say.application(say.ELDERLY, result)
    assert said.display == (
        "Dạ, mã 000.00.12.H26-250801-0002: hồ sơ đăng ký khai sinh của bác đã có kết quả. "
        "Mời bác mang giấy biên nhận đến Quầy số 9 - Trả kết quả để nhận ạ."
    )
    assert said.speech.count("quầy số chín") + said.speech.count("Quầy số chín") == 1
    assert "000" not in said.speech and said.speech.count("đăng ký khai sinh") == 1
    # A status that does not say where to go still gets the invitation to that counter.
    short = ApplicationResult(OK, "", "000.00.12.H26-250801-0001", "Đăng ký khai sinh", "ready",
                              "Đã có kết quả", "", "", "counter_9")  # fmt: skip
    said = say.application(say.DEFAULT, short)
    assert said.display.endswith("thủ tục đăng ký khai sinh: đã có kết quả. Mời anh/chị đến quầy số 9 ạ.")
    # Another counter named in the text is no reason to leave out the one the citizen must go to.
    other = ApplicationResult(
        OK, "", "X", "", "supplement_required", "Đã nộp ở Quầy số 19", "", "", "counter_1"
    )
    assert say.application(say.DEFAULT, other).display.endswith("Mời anh/chị đến quầy số 1 ạ.")


def test_fee_and_time_answers_are_polite_and_say_their_topic_once(dialog_catalog):
    for procedure in dialog_catalog.procedures:
        for answer in (say.fee(say.ELDERLY, procedure), say.processing_time(say.ELDERLY, procedure)):
            text = answer.display
            assert text.startswith("Dạ, ") and text.endswith(("ạ.", "ạ?")), text
            assert text.lower().count("lệ phí thủ tục") <= 1 and text.count("thời gian giải quyết") <= 1, text
            assert "anh/chị" not in text, text  # "bác" throughout
    unknown = {"name": "Tách thửa đất", "processing_time": "Thời gian giải quyết chưa được xác nhận; "
               "anh/chị vui lòng hỏi tại quầy.", "fee_text": "Mức lệ phí chưa được xác nhận."}  # fmt: skip
    assert say.processing_time(say.DEFAULT, unknown).display == (
        "Dạ, về thủ tục tách thửa đất: thời gian giải quyết chưa được xác nhận; "
        "anh/chị vui lòng hỏi tại quầy ạ."
    )
    assert say.fee(say.DEFAULT, unknown).display == (
        "Dạ, về thủ tục tách thửa đất: mức lệ phí chưa được xác nhận ạ."
    )


def test_the_ticket_and_guide_offer_is_a_polite_question(dialog):
    turn = dialog.on_text("bác muốn làm giấy khai sinh thì nộp ở đâu")
    assert turn.state == dm.OFFERING_GUIDE
    assert turn.answer.endswith("Bác có muốn em lấy số thứ tự và dẫn bác đến quầy không ạ?")


def test_a_question_about_something_the_center_does_not_handle_goes_to_the_staff(dialog):
    dialog.on_engaged("p1")
    turn = dialog.on_text("cây ATM ở đâu")
    assert turn.intent == "out_of_scope" and turn.guide is None and not turn.ticket_number
    assert "hỏi cán bộ lễ tân" in turn.answer and "nói lại" not in turn.answer
    chatter = dialog.on_text("hôm nay trời đẹp nhỉ")  # no question asked: say what the robot can do
    assert "thủ tục hành chính" in chatter.answer and "cán bộ lễ tân" not in chatter.answer

"""Understanding against the real catalog: intents, slots, context, clarification, bad input."""

import pytest

from receptionist_dialog.nlu import NluContext, NluEngine


@pytest.mark.parametrize(
    ("text", "intent", "procedure"),
    [
        ("lam giay khai sinh o dau", "ask_location", "dang_ky_khai_sinh"),
        ("Làm hộ chiếu cần giấy tờ gì?", "ask_documents", "cap_ho_chieu_pho_thong"),
        ("đổi căn cước hết bao nhiêu tiền", "ask_fee", "cap_doi_the_can_cuoc"),
        ("xin lý lịch tư pháp bao lâu thì có", "ask_processing_time", "cap_phieu_ly_lich_tu_phap"),
        ("Nhập hộ khẩu cho con dzô Hà Nội ở mô?", "ask_location", "dang_ky_thuong_tru"),
        ("làm sổ đỏ lần đầu ở quầy nào", "ask_location", "dang_ky_cap_giay_chung_nhan_lan_dau"),
        ("mất căn cước rồi làm lại ở đâu", "ask_location", "cap_lai_the_can_cuoc"),
        ("đăng ký tạm chú ở đâu", "ask_location", "dang_ky_tam_tru"),  # recognizer: tr -> ch
    ],
)
def test_procedure_questions(text, intent, procedure, nlu_engine):
    u = nlu_engine.understand(text)
    assert (u.intent, u.procedure_id) == (intent, procedure)


@pytest.mark.parametrize(
    ("text", "intent", "amenity"),
    [
        ("pass wifi là gì vậy", "amenity", "wifi"),
        ("cho tôi photo mấy tờ giấy", "amenity", "photocopy_print"),
        ("điện thoại hết pin, sạc ở đâu", "amenity", "phone_charging"),
        ("có máy đo huyết áp không", "amenity", "medical_kit"),
    ],
)
def test_amenities(text, intent, amenity, nlu_engine):
    u = nlu_engine.understand(text)
    assert (u.intent, u.amenity_id) == (intent, amenity)


def test_service_intents_and_slots(nlu_engine):
    u = nlu_engine.understand("hồ sơ 000.00.12.H26-250801-0001 của tôi đến đâu rồi")
    assert u.intent == "application_status" and u.application_code == "000.00.12.H26-250801-0001"
    u = nlu_engine.understand("quầy số 3 đang gọi đến số mấy rồi")
    assert u.intent == "queue_status" and u.counter_id == "counter_3"
    assert nlu_engine.understand("cho tôi lấy số thứ tự").intent == "take_ticket"
    assert nlu_engine.understand("quầy năm ở đâu").counter_id == "counter_5"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("xin chào", "greeting"),
        ("cảm ơn cháu nhiều nhé", "thanks"),
        ("thôi chào em, tôi về đây", "goodbye"),
        ("em nói lại được không", "repeat"),
        ("nói chậm thôi em", "speak_slower"),
        ("gọi nhân viên hỗ trợ", "ask_staff"),
        ("giá vàng hôm nay thế nào", "out_of_scope"),
    ],
)
def test_conversation_intents(text, intent, nlu_engine):
    assert nlu_engine.understand(text).intent == intent


def test_follow_up_keeps_the_procedure_discussed(nlu_engine):
    u = nlu_engine.understand("còn lệ phí thì sao?", NluContext(procedure_id="dang_ky_khai_sinh"))
    assert u.intent == "ask_fee" and u.procedure_id == "dang_ky_khai_sinh" and u.procedure_from_context
    # a clearly named other procedure wins over the context
    u = nlu_engine.understand("còn làm hộ chiếu thì sao", NluContext(procedure_id="dang_ky_khai_sinh"))
    assert u.procedure_id == "cap_ho_chieu_pho_thong"


def test_yes_no_only_when_the_robot_asked(nlu_engine):
    asked = NluContext(expecting="yes_no")
    assert nlu_engine.understand("vâng", asked).intent == "affirm"
    assert nlu_engine.understand("thôi không cần đâu", asked).intent == "deny"
    assert nlu_engine.understand("có wifi không", asked).intent == "amenity"  # a question, not a "no"
    assert nlu_engine.understand("trời có mưa không").intent == "out_of_scope"


def test_close_procedures_are_asked_about_and_the_answer_resolved(nlu_engine):
    u = nlu_engine.understand("làm căn cước")
    assert u.procedure_id == "cap_the_can_cuoc"
    context = NluContext(
        expecting="choice", options=["cap_doi_the_can_cuoc", "cap_lai_the_can_cuoc"], pending_intent="ask_fee"
    )
    u = nlu_engine.understand("cấp lại", context)
    assert (u.intent, u.procedure_id, u.choice_resolved) == ("ask_fee", "cap_lai_the_can_cuoc", True)
    u = nlu_engine.understand("cái thứ nhất", context)
    assert u.procedure_id == "cap_doi_the_can_cuoc"


def test_ambiguity_produces_a_clarification():
    # Two catalog entries with the same colloquial name must not be guessed between.
    procedures = [
        {"id": "a", "name": "Cấp đổi giấy phép X", "field": "F", "counter_id": "counter_1",
         "colloquial_names": ["làm giấy phép x"]},
        {"id": "b", "name": "Cấp lại giấy phép X", "field": "F", "counter_id": "counter_2",
         "colloquial_names": ["làm giấy phép x"]},
    ]  # fmt: skip
    u = NluEngine(procedures, []).understand("làm giấy phép x ở đâu")
    assert set(u.clarify) == {"a", "b"}


@pytest.mark.parametrize(
    "text", ["", "   ", "\x00\x01\x02\x03", "a" * 20000, "What time is it now?", "ờ ờ à"]
)
def test_bad_input_is_out_of_scope_without_error(text, nlu_engine):
    u = nlu_engine.understand(text)
    assert u.intent == "out_of_scope" and not u.procedure_id and not u.amenity_id
    assert u.latency_ms < 200


def test_catalog_is_data_not_code():
    # The same engine knows nothing until given a catalog, and learns a new procedure from data.
    empty = NluEngine([], [])
    assert empty.understand("làm giấy khai sinh ở đâu").procedure_id == ""
    empty.update_catalog(
        [{"id": "x", "name": "Cấp giấy phép nuôi chim cảnh", "field": "F", "counter_id": "counter_1"}], []
    )
    assert empty.understand("xin phép nuôi chim cảnh ở đâu").procedure_id == "x"

"""Buttons come from the bridge's catalog, in the operator's order; unknown ids are reported."""

from receptionist_kiosk.buttons import AMENITY, PROCEDURE, STAFF, ButtonTemplates, build_buttons

PROCEDURES = [
    {"id": "dang_ky_khai_sinh", "name": "Đăng ký khai sinh", "colloquial_names": ["làm giấy khai sinh"]},
    {"id": "cap_the_can_cuoc", "name": "Cấp thẻ căn cước"},
    {
        "id": "chung_thuc_ban_sao_tu_ban_chinh",
        "name": "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "colloquial_names": ["", "công chứng giấy tờ", "sao y bản chính"],
    },
]
AMENITIES = [{"id": "wifi", "name": "Wifi tốc độ cao miễn phí"}, {"id": "empty", "name": " "}]


def test_buttons_follow_the_configured_order_and_end_with_staff():
    buttons, missing = build_buttons(
        PROCEDURES, AMENITIES, ["cap_the_can_cuoc", "dang_ky_khai_sinh"], ["wifi"], ButtonTemplates()
    )
    assert [b["id"] for b in buttons] == [
        "procedure:cap_the_can_cuoc",
        "procedure:dang_ky_khai_sinh",
        "amenity:wifi",
        STAFF,
    ]
    assert [b["kind"] for b in buttons] == [PROCEDURE, PROCEDURE, AMENITY, STAFF]
    assert buttons[0]["label"] == "Cấp thẻ căn cước"
    assert buttons[0]["ask_text"] == "Tôi muốn hỏi về thủ tục Cấp thẻ căn cước"
    assert buttons[2]["ask_text"] == "Cho tôi hỏi về Wifi tốc độ cao miễn phí"
    assert buttons[3]["label"] == "Gọi nhân viên hỗ trợ"
    assert missing == []


def test_unknown_or_nameless_ids_are_reported_not_shown():
    buttons, missing = build_buttons(
        PROCEDURES, AMENITIES, ["nope", ""], ["empty", "wifi"], ButtonTemplates()
    )
    assert [b["id"] for b in buttons] == ["amenity:wifi", STAFF]
    assert missing == ["procedure:nope", "amenity:empty"]


def test_templates_are_configurable():
    templates = ButtonTemplates(
        "Thủ tục {name} cần gì ạ", "{name} ở đâu ạ", "Gọi cán bộ", "Cho tôi gặp cán bộ"
    )
    buttons, _ = build_buttons(PROCEDURES, AMENITIES, ["dang_ky_khai_sinh"], ["wifi"], templates)
    assert [b["ask_text"] for b in buttons] == [
        "Thủ tục Đăng ký khai sinh cần gì ạ",
        "Wifi tốc độ cao miễn phí ở đâu ạ",
        "Cho tôi gặp cán bộ",
    ]


def test_a_long_official_name_shows_the_citizens_phrase_but_asks_with_the_official_name():
    buttons, _ = build_buttons(PROCEDURES, [], ["chung_thuc_ban_sao_tu_ban_chinh"], [], ButtonTemplates())
    button = buttons[0]
    assert button["label"] == "Công chứng giấy tờ"
    assert button["title"] == "Chứng thực bản sao từ bản chính giấy tờ, văn bản"
    assert button["ask_text"] == "Tôi muốn hỏi về thủ tục Chứng thực bản sao từ bản chính giấy tờ, văn bản"


def test_a_long_name_without_a_short_phrase_stays_official():
    long_name = {
        "id": "x",
        "name": "Thủ tục có một cái tên rất dài dòng không thể nào ngắn hơn",
        "colloquial_names": [],
    }
    buttons, _ = build_buttons([long_name], [], ["x"], [], ButtonTemplates(max_label_chars=20))
    assert buttons[0]["label"] == long_name["name"]

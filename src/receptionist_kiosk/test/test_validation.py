"""Typed text from a public touchscreen: normalized, capped, and refused with a clear reason when bad."""

import json
import unicodedata

import pytest
from receptionist_kiosk.validation import MSG_EMPTY, RequestError, check_body_size, clean_text, parse_ask


def body(document) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def test_clean_text_composes_diacritics_and_drops_control_characters():
    decomposed = unicodedata.normalize("NFD", "Tôi muốn làm giấy khai sinh")
    text, truncated = clean_text(f"  {decomposed}\x00\t\n  cho con\u200b ", 300)
    assert text == "Tôi muốn làm giấy khai sinh cho con"
    assert not truncated


def test_clean_text_caps_long_text_at_a_word_boundary():
    text, truncated = clean_text("xin chào " * 100, 50)
    assert truncated
    assert len(text) <= 50
    assert text.endswith(("xin", "chào"))


def test_clean_text_cuts_a_single_long_word_hard():
    text, truncated = clean_text("a" * 400, 300)
    assert truncated and len(text) == 300


def test_parse_ask_accepts_text_session_and_source():
    request = parse_ask(
        body({"text": "wifi o day la gi", "session_id": " s1 ", "source": "button"}),
        "application/json; charset=utf-8",
        300,
    )
    assert (request.text, request.session_id, request.source, request.truncated) == (
        "wifi o day la gi",
        "s1",
        "button",
        False,
    )


def test_parse_ask_marks_truncated_text():
    request = parse_ask(body({"text": "hỏi " * 200}), "application/json", 100)
    assert request.truncated and len(request.text) <= 100


@pytest.mark.parametrize(
    ("raw", "content_type", "status", "code"),
    [
        (body({"text": "   \n "}), "application/json", 400, "empty_text"),
        (body({"text": ""}), "application/json", 400, "empty_text"),
        (b"{not json", "application/json", 400, "malformed_json"),
        (b"\xff\xfe\x00", "application/json", 400, "malformed_json"),
        (body(["text"]), "application/json", 400, "not_an_object"),
        (body({"question": "x"}), "application/json", 400, "text_missing"),
        (body({"text": 42}), "application/json", 400, "text_missing"),
        (body({"text": "x", "session_id": 7}), "application/json", 400, "bad_session_id"),
        (body({"text": "x", "source": "voice"}), "application/json", 400, "bad_source"),
        (body({"text": "x"}), "text/plain", 415, "unsupported_media_type"),
        (body({"text": "x"}), None, 415, "unsupported_media_type"),
    ],
)
def test_parse_ask_refuses_bad_bodies(raw, content_type, status, code):
    with pytest.raises(RequestError) as caught:
        parse_ask(raw, content_type, 300)
    assert (caught.value.status, caught.value.code) == (status, code)
    assert caught.value.body()["ok"] is False


def test_empty_text_message_is_polite_vietnamese():
    with pytest.raises(RequestError) as caught:
        parse_ask(body({"text": " "}), "application/json", 300)
    assert caught.value.message == MSG_EMPTY
    assert "vui lòng" in MSG_EMPTY and MSG_EMPTY.endswith("ạ.")


@pytest.mark.parametrize(("header", "status"), [(None, 411), ("abc", 400), ("-1", 400), ("9000", 413)])
def test_check_body_size_refuses(header, status):
    with pytest.raises(RequestError) as caught:
        check_body_size(header, 8192)
    assert caught.value.status == status


def test_check_body_size_accepts():
    assert check_body_size("120", 8192) == 120

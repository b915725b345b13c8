"""What the TTS agrees to say, and how it trims it."""

import unicodedata

import pytest

from receptionist_dialog.speech.text_check import prepare_for_speech


def test_normal_vietnamese_passes_unchanged():
    text = "Dạ, mời bác đến quầy số 3 ạ. Lệ phí là 8.000 đồng!"
    verdict = prepare_for_speech(text)
    assert verdict.text == text and not verdict.problem and not verdict.note


def test_whitespace_and_control_characters_are_cleaned():
    verdict = prepare_for_speech("  Xin\tchào\n\x1b[31mbác\x00 ạ  ")
    assert verdict.text == "Xin chào [31mbác ạ"


def test_decomposed_unicode_is_composed():
    assert prepare_for_speech(unicodedata.normalize("NFD", "Giấy khai sinh")).text == "Giấy khai sinh"


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("\x00\x01\x02", "empty"),
        ("... !!! 123", "no letters"),
        ("\ufffd\ufffd\ufffdab\ufffd\ufffd\ufffd@#$^*~|", "garbage"),
        (None, "not a string"),
        (b"bytes", "not a string"),
    ],
)
def test_unspeakable_input_is_refused_with_a_reason(text, reason):
    verdict = prepare_for_speech(text)
    assert verdict.text == ""
    assert reason in verdict.problem


def test_long_text_is_cut_at_a_sentence_end():
    sentence = "Mời bác đến quầy số ba để nộp hồ sơ ạ. "
    verdict = prepare_for_speech(sentence * 100, max_chars=200)
    assert len(verdict.text) <= 200
    assert verdict.text.endswith("ạ.")
    assert "truncated" in verdict.note


def test_long_text_without_sentence_end_is_cut_at_a_word():
    verdict = prepare_for_speech("khai sinh " * 100, max_chars=55)
    assert len(verdict.text) <= 55 and verdict.text.split()[-1] in ("khai", "sinh")


def test_non_vietnamese_letters_are_still_spoken():
    # English loan words are common ("wifi", "photo", "online"); espeak-ng's vi voice reads them.
    assert prepare_for_speech("Mật khẩu wifi là abc123").text == "Mật khẩu wifi là abc123"

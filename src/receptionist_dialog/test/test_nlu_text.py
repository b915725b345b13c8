"""Normalisation: diacritics, Telex typed with the input method off, abbreviations, regional words."""

from receptionist_dialog.nlu.text import (
    decode_telex,
    extract_application_codes,
    is_syllable,
    strip_diacritics,
)


def test_strip_diacritics_and_syllables():
    assert strip_diacritics("Đăng ký KHAI SINH") == "dang ky khai sinh"
    assert is_syllable("nghieng") and is_syllable("khuya") and not is_syllable("lamf")


def test_telex_and_vni_are_decoded():
    assert decode_telex("giaays") == "giay"
    assert decode_telex("dduwowcj") == "duoc"
    assert decode_telex("gia61y") == "giay"
    assert decode_telex("khai") == "khai"  # a real syllable is left alone


def test_application_codes_found_however_spaced():
    codes, rest = extract_application_codes("mã hồ sơ 000 00 12 h26 250802 0007 nhé")
    assert codes == ["000.00.12.H26-250802-0007"]
    assert "mahoso" in rest


def test_lexicon_repairs(nlu_engine):
    norm = nlu_engine.normalize("Làm khai sinh ở mô dzậy, ko bik đc ko")
    assert norm.text == "lam khai sinh o dau vay khong bik duoc khong"
    assert nlu_engine.normalize("lamf giaays khaisinh").text == "lam giay khai sinh"
    assert nlu_engine.normalize("đổi cccd").text == "doi can cuoc cong dan"
    assert nlu_engine.normalize("sổ hồng").tokens == ["so", "hong"]  # not "sổ không"


def test_garbage_and_huge_input_stay_cheap(nlu_engine):
    norm = nlu_engine.normalize("\x00\x01\x02 \ufffd\ufffd" + "a" * 50_000)
    assert norm.truncated
    assert len(norm.raw) > 50_000 and len(" ".join(norm.tokens)) <= 600

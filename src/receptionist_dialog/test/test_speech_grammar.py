"""Vosk grammar building from catalog phrases."""

import json
import unicodedata
from dataclasses import dataclass, field

import pytest

from receptionist_dialog.speech.grammar import (
    UNKNOWN_TOKEN,
    build_grammar,
    grammar_json,
    normalize_phrase,
    phrases_from_procedures,
    read_phrase_file,
)


@dataclass
class Entry:
    name: str
    colloquial_names: list[str] = field(default_factory=list)


def test_normalize_keeps_diacritics_and_drops_punctuation_and_digits():
    assert normalize_phrase("Làm giấy khai sinh (bản sao), số 2!") == "làm giấy khai sinh bản sao số"
    assert normalize_phrase("  CẤP   Căn cước ") == "cấp căn cước"
    assert normalize_phrase("Wi-Fi") == "wi fi"
    assert normalize_phrase("123 ...") == ""


def test_normalize_composes_decomposed_unicode():
    decomposed = unicodedata.normalize("NFD", "Giấy khai sinh")
    assert decomposed != "Giấy khai sinh"
    assert normalize_phrase(decomposed) == "giấy khai sinh"


def test_grammar_dedupes_keeps_order_and_ends_with_unk():
    grammar = build_grammar(["Làm giấy khai sinh", "làm giấy khai sinh!", "Đăng ký kết hôn", "", "[unk]"])
    assert grammar[:2] == ["làm giấy khai sinh", "đăng ký kết hôn"]
    assert grammar[-1] == UNKNOWN_TOKEN
    assert grammar.count(UNKNOWN_TOKEN) == 1
    assert len(grammar) == len(set(grammar))
    assert "" not in grammar


def test_grammar_adds_single_words_unless_asked_not_to():
    with_words = build_grammar(["đăng ký kết hôn"])
    assert {"đăng", "ký", "kết", "hôn"} <= set(with_words)
    assert build_grammar(["đăng ký kết hôn"], include_words=False) == ["đăng ký kết hôn", UNKNOWN_TOKEN]


def test_grammar_size_is_bounded():
    grammar = build_grammar(
        [f"cụm từ {chr(0x61 + i % 26)}{chr(0x61 + i // 26)}" for i in range(600)], max_entries=100
    )
    assert len(grammar) == 101 and grammar[-1] == UNKNOWN_TOKEN


def test_grammar_json_stays_utf8_for_vosk():
    text = grammar_json(build_grammar(["xin chào"], include_words=False))
    assert "chào" in text and "\\u" not in text
    assert json.loads(text) == ["xin chào", UNKNOWN_TOKEN]


def test_phrases_from_procedures_takes_official_and_colloquial_names():
    catalog = [
        Entry("Đăng ký khai sinh", ["làm giấy khai sinh", "khai sinh cho con"]),
        Entry("Cấp Căn cước", ["làm căn cước"]),
    ]
    assert phrases_from_procedures(catalog) == [
        "Đăng ký khai sinh",
        "làm giấy khai sinh",
        "khai sinh cho con",
        "Cấp Căn cước",
        "làm căn cước",
    ]


def test_phrase_file_skips_comments_and_blank_lines(tmp_path):
    file = tmp_path / "phrases.txt"
    file.write_text("# replies\nvâng\n\n  cảm ơn  \n  # indented comment\n", encoding="utf-8")
    assert read_phrase_file(file) == ["vâng", "cảm ơn"]


def test_missing_phrase_file_says_which(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nothing\.txt"):
        read_phrase_file(tmp_path / "nothing.txt")

"""Vosk grammar from the catalog's phrases: a JSON list of phrases, plus "[unk]" for everything else.

A grammar narrows the recognizer to what citizens say here (procedure names, colloquial names,
amenities, short replies), which helps small models in a noisy lobby. Vosk's Vietnamese models spell
words in lower case with diacritics, one syllable per word, so phrases are reduced to that form;
digits and punctuation are not in the vocabulary and are dropped.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

UNKNOWN_TOKEN = "[unk]"


class NamedProcedure(Protocol):
    """What the grammar needs from a catalog entry (receptionist_interfaces/msg/Procedure fits)."""

    name: str
    colloquial_names: list[str]


def normalize_phrase(text: str) -> str:
    """ "Làm giấy khai sinh (bản sao), số 2!" -> "làm giấy khai sinh bản sao số".

    NFC composition matters: a decomposed "ấ" would not match the model's vocabulary.
    """
    text = unicodedata.normalize("NFC", str(text)).lower()
    cleaned = "".join(ch if unicodedata.category(ch).startswith("L") or ch.isdigit() else " " for ch in text)
    words = [word for word in cleaned.split() if not any(ch.isdigit() for ch in word)]
    return " ".join(words)


def build_grammar(phrases: Iterable[str], include_words: bool = True, max_entries: int = 5000) -> list[str]:
    """Normalized, de-duplicated phrases (first occurrence first), then their words, then "[unk]".

    With `include_words`, a sentence that strings known words in a new order ("khai sinh cho con ở
    đâu") is still recognized word by word instead of collapsing into "[unk]".
    """
    entries: list[str] = []
    seen: set[str] = set()

    def add(entry: str) -> None:
        if entry and entry not in seen and len(entries) < max_entries:
            seen.add(entry)
            entries.append(entry)

    normalized = [normalize_phrase(phrase) for phrase in phrases if phrase.strip() != UNKNOWN_TOKEN]
    for phrase in normalized:
        add(phrase)
    if include_words:
        for phrase in normalized:
            for word in phrase.split():
                add(word)
    entries.append(UNKNOWN_TOKEN)
    return entries


def grammar_json(grammar: list[str]) -> str:
    """The grammar as Vosk reads it. Vosk's JSON reader does not decode \\u escapes, so the text stays
    UTF-8 ("chào", not "ch\\u00e0o"), or every word with a diacritic would be missing from the vocabulary.
    """
    return json.dumps(grammar, ensure_ascii=False)


def phrases_from_procedures(procedures: Iterable[NamedProcedure]) -> list[str]:
    phrases: list[str] = []
    for procedure in procedures:
        phrases.append(procedure.name)
        phrases.extend(procedure.colloquial_names)
    return phrases


def read_phrase_file(path: str | Path) -> list[str]:
    """One phrase per line; blank lines and lines starting with '#' are ignored."""
    file = Path(path)
    if not file.is_file():
        raise FileNotFoundError(f"phrase file {file} does not exist")
    lines = file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]

"""Application codes read out loud, as a speech recognizer writes them.

A citizen reads "000.00.12.H26-250805-0014" as "không không không chấm không không chấm mười hai chấm
hát hai sáu gạch hai lăm không tám không năm gạch không không mười bốn". Each run of such words is
written back in symbols ("000.00.12.H26-250805-0014") so the code pattern can find the code in it.
"""

from __future__ import annotations

import re

from receptionist_common.vietnamese_text import strip_diacritics
from receptionist_dialog.nlu.slots import NUMBER_WORDS

# Digits as read out: the number words, and "không"/"linh" (0) and "lăm" (5, after tens) of reading.
_DIGITS = {word: str(n) for word, n in NUMBER_WORDS.items() if n < 10}
_DIGITS |= {"khong": "0", "linh": "0", "lam": "5"}
_SYMBOLS = {"cham": ".", "gach": "-", "hat": "H", "hac": "H", "ho": "H", "h": "H"}
_SKIPPED = {"ngang", "ngan"}  # "gạch ngang": one dash
_WORD_RE = re.compile(r"[^\W_]+", re.UNICODE)


def _symbol(word: str, following: str) -> str | None:
    """The symbols one spoken word stands for, given the word after it; None: not a code word."""
    if word in _DIGITS:
        return _DIGITS[word]
    if word in _SYMBOLS:
        return _SYMBOLS[word]
    if word == "muoi":
        # "mười" is the tens digit before a unit ("mười bốn" 14), else ten; "hai mươi" has its own tens
        return "1" if following in _DIGITS else "10"
    if word.isdigit():
        return word
    return None


def spoken_codes(text: str) -> list[tuple[int, int, str]]:
    """(start, end, symbols) for every run of code words in `text` at least a code long, where start
    and end are character offsets of the run."""
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD_RE.finditer(text)]
    runs: list[tuple[int, int, str]] = []
    index = 0
    while index < len(words):
        start = index
        symbols: list[str] = []
        while index < len(words):
            written = words[index][2]
            word = strip_diacritics(written)
            following = strip_diacritics(words[index + 1][2]) if index + 1 < len(words) else ""
            if word in _SKIPPED and symbols and symbols[-1] == "-":
                index += 1
                continue
            if word == "muoi" and written != "mười" and symbols and symbols[-1] in "23456789":
                symbols.append("" if following in _DIGITS else "0")  # "hai mươi (mốt)": tens
                index += 1
                continue
            symbol = _symbol(word, following)
            if symbol is None:
                break
            symbols.append(symbol)
            index += 1
        if len(symbols) >= 12:
            runs.append((words[start][0], words[index - 1][1], "".join(symbols)))
        index = max(index, start + 1)
    return runs

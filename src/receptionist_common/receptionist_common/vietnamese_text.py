"""Vietnamese text folding for matching, shared by the center's search and the dialog's NLU.

Citizens often type without diacritics or with typos.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def strip_diacritics(text: str) -> str:
    """ "Đăng ký khai sinh" -> "dang ky khai sinh" (lower case, no tone or vowel marks, đ -> d)."""
    text = text.lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn")


def fold(text: str) -> str:
    """Strip diacritics and punctuation, collapse spaces: "Đăng ký KHAI SINH!" -> "dang ky khai sinh".

    Matching on the folded form makes "khai sinh", "khai sinh" typed without marks and "KHAI SINH"
    the same thing.
    """
    return _NON_WORD.sub(" ", strip_diacritics(text)).strip()


def tokens(text: str) -> list[str]:
    """Folded syllables of a text."""
    folded = fold(text)
    return folded.split() if folded else []


def edit_distance(a: str, b: str, limit: int = 3) -> int:
    """Optimal-string-alignment distance (Levenshtein plus adjacent transposition), capped at `limit`.

    Returns `limit` as soon as the distance is known to reach it, which keeps fuzzy lookup over the
    whole vocabulary cheap.
    """
    if a == b:
        return 0
    if abs(len(a) - len(b)) >= limit:
        return limit
    previous2: list[int] | None = None
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) >= limit:
            return limit
        previous2, previous = previous, current
    return min(previous[-1], limit)

"""Small slots read straight from the tokens: counter numbers and "the first / the second" choices."""

from __future__ import annotations

import itertools

NUMBER_WORDS = {
    "mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "sau": 6, "bay": 7, "tam": 8,
    "chin": 9, "muoi": 10,
}  # fmt: skip
_COUNTER_WORDS = {"quay", "cua", "ban"}  # "quầy", "cửa", "bàn" (số 3)
_ORDINALS = {
    ("thu", "nhat"): 0, ("dau", "tien"): 0, ("cai", "dau"): 0, ("so", "mot"): 0, ("thu", "1"): 0,
    ("so", "1"): 0, ("cai", "truoc"): 0, ("thu", "hai"): 1, ("cai", "sau"): 1, ("so", "hai"): 1,
    ("thu", "2"): 1, ("so", "2"): 1, ("thu", "ba"): 2, ("so", "ba"): 2, ("thu", "3"): 2, ("so", "3"): 2,
    ("cuoi", "cung"): -1, ("cai", "cuoi"): -1,
}  # fmt: skip


def read_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    return NUMBER_WORDS.get(token)


def counter_number(tokens: list[str]) -> int | None:
    """ "quầy số 3", "quầy 3", "quay so ba", "cửa số năm" -> the number, else None."""
    for index, token in enumerate(tokens):
        if token not in _COUNTER_WORDS:
            continue
        rest = tokens[index + 1 : index + 3]
        if rest and rest[0] == "so":
            rest = rest[1:]
        if rest:
            number = read_number(rest[0])
            if number is not None and 0 < number < 100:
                if token != "quay" and (index + 1 >= len(tokens) or tokens[index + 1] != "so"):
                    continue  # "cửa ba" is not a counter, "cửa số ba" is
                return number
    return None


def ordinal_choice(tokens: list[str]) -> int | None:
    """Index chosen by "cái thứ hai", "đầu tiên", "cái cuối" (-1 for the last), else None."""
    for first, second in itertools.pairwise(tokens):
        if (first, second) in _ORDINALS:
            return _ORDINALS[(first, second)]
    return None

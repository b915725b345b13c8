"""Ages said by citizens, read against the age limits the catalog's names state.

Some procedures exist twice, told apart by age only ("Cấp thẻ căn cước" and "... cho người dưới 14
tuổi"). A citizen says the age ("cho con 10 tuổi"), not the limit; so a stated age is expanded into the
limits it satisfies, worded as the names word them ("dưới 14 tuổi"), and the usual name matching does
the rest. Only limits some name of the catalog states are used: no age rule is invented here.
"""

from __future__ import annotations

import re

from receptionist_dialog.nlu.slots import read_number

_LIMIT_RE = re.compile(r"\b(duoi|tu|tren) (\d+) tuoi\b")


# Words after "lên N" that make N something other than an age ("lên 2 tầng", "lên 5 triệu").
_UNITS = {
    "lan",
    "tang",
    "trieu",
    "nghin",
    "ngan",
    "tram",
    "ty",
    "ngay",
    "thang",
    "nam",
    "gio",
    "phut",
    "so",
    "met",
    "m",
    "km",
    "kg",
    "cm",
    "phan",
    "dong",
    "xe",
}
_OLDEST = 120


def age_limits(names: list[list[str]]) -> set[tuple[str, int]]:
    """("duoi", 14), ("tu", 14), ("tren", 80) ... for every "dưới/từ/trên N tuổi" in the names given as
    unaccented syllables."""
    limits: set[tuple[str, int]] = set()
    for tokens in names:
        for word, number in _LIMIT_RE.findall(" ".join(tokens)):
            limits.add((word, int(number)))
    return limits


def _satisfies(age: int, word: str, limit: int) -> bool:
    if word == "duoi":
        return age < limit
    if word == "tren":
        return age > limit
    return age >= limit


def age_phrases(tokens: list[str], limits: set[tuple[str, int]]) -> list[tuple[list[str], list[str]]]:
    """For each "N tuổi" in the tokens (digits or one number word), the limits the age satisfies as
    words to add after it: "10 tuổi" -> "dưới 14 tuổi" when a name says "dưới 14 tuổi"."""
    found: list[tuple[list[str], list[str]]] = []
    if not limits:
        return found
    for index in range(1, len(tokens)):
        if tokens[index] == "tuoi":
            number = tokens[index - 1]  # "10 tuổi"
        elif tokens[index - 1] == "len" and (index + 1 == len(tokens) or tokens[index + 1] not in _UNITS):
            number = tokens[index]  # "mới lên 10": turned ten (no unit after the number)
        else:
            continue
        age = read_number(number)
        if age is None or age > _OLDEST:
            continue
        words = [
            token
            for word, limit in sorted(limits)
            if _satisfies(age, word, limit)
            for token in (word, str(limit), "tuoi")
        ]
        if words:
            found.append((tokens[index - 1 : index + 1], words))
    return found

"""Syllable-level fuzzy matching: typos, accents and the sound confusions of recognizers and dialects.

A citizen's "khai xinh", "tạm chú", "căn cuco" or "nần đầu" must still hit "khai sinh", "tạm trú",
"căn cước" and "lần đầu". Two syllables are compared by (1) a phonetic key that merges the initials
and finals Vietnamese speakers and recognizers confuse (s/x, ch/tr, d/gi/r/v, l/n, final n/ng and
c/t) and (2) an edit distance with transpositions. `FuzzyVocabulary` finds, for one syllable, every
known syllable within reach without scanning the whole vocabulary (a deletion index).
"""

from __future__ import annotations

import re
from functools import lru_cache

from receptionist_common.vietnamese_text import edit_distance

_INITIAL_CLASSES = [
    ("ngh", "ng"), ("gh", "g"), ("gi", "d"), ("dz", "d"), ("tr", "ch"), ("qu", "cu"), ("ph", "f"),
    ("k", "c"), ("q", "c"), ("x", "s"), ("r", "d"), ("v", "d"), ("z", "d"), ("l", "n"),
]  # fmt: skip
_FINAL_CLASSES = [("ng", "n"), ("nh", "n"), ("ch", "t"), ("c", "t")]
_INITIAL_RE = re.compile(r"^(ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|dz|[bcdghklmnpqrstvxz])?")

PHONETIC_SIMILARITY = 0.85
EDIT1_SIMILARITY = 0.72
EDIT2_SIMILARITY = 0.5
CONTEXT_SIMILARITY = 0.6


@lru_cache(maxsize=65536)
def phonetic_key(syllable: str) -> str:
    """A key equal for syllables that sound alike to a recognizer or across dialects."""
    match = _INITIAL_RE.match(syllable)
    initial = match.group(0) if match else ""
    rest = syllable[len(initial) :]
    for source, target in _INITIAL_CLASSES:
        if initial == source:
            initial = target
            break
    for source, target in _FINAL_CLASSES:
        if rest.endswith(source) and len(rest) > len(source):
            rest = rest[: -len(source)] + target
            break
    if rest == "y" or (not initial and rest.startswith("y")):
        rest = "i" + rest[1:]  # "kỳ"/"kì", "yêu"/"iêu": one sound; "tay" and "tai" are two
    return initial + rest


@lru_cache(maxsize=262144)
def syllable_similarity(a: str, b: str) -> float:
    """1.0 for the same syllable, less for a sound-alike or a typo, 0 when unrelated."""
    if a == b:
        return 1.0
    if a.isdigit() or b.isdigit():
        return 0.0
    if phonetic_key(a) == phonetic_key(b):
        return PHONETIC_SIMILARITY
    shortest = min(len(a), len(b))
    if shortest < 2:
        return 0.0
    distance = edit_distance(a, b, 3)
    if distance == 1 and (shortest >= 3 or (len(a) == len(b) == 2 and a[0] == b[0])):
        return EDIT1_SIMILARITY if shortest >= 4 else EDIT1_SIMILARITY - 0.1
    if distance == 2 and shortest >= 6:
        return EDIT2_SIMILARITY
    return 0.0


def context_similarity(a: str, b: str) -> float:
    """Similarity of a syllable next to an exactly matched one: one slip of any kind is accepted
    there ("kt" for "kết", "sag" for "sang"), since the neighbour vouches for the word."""
    similarity = syllable_similarity(a, b)
    if similarity >= CONTEXT_SIMILARITY:
        return similarity
    if min(len(a), len(b)) >= 2 and not a.isdigit() and not b.isdigit() and edit_distance(a, b, 2) <= 1:
        return CONTEXT_SIMILARITY
    return 0.0


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


class FuzzyVocabulary:
    """The known syllables, indexed so a query finds its near neighbours in a few lookups."""

    def __init__(self, syllables: set[str]) -> None:
        self.syllables = set(syllables)
        self._by_deletion: dict[str, set[str]] = {}
        self._by_key: dict[str, set[str]] = {}
        for syllable in self.syllables:
            self._by_key.setdefault(phonetic_key(syllable), set()).add(syllable)
            for variant in _deletions(syllable) | {syllable}:
                self._by_deletion.setdefault(variant, set()).add(syllable)
            if len(syllable) >= 6:  # distance 2 for long syllables: deletions of deletions
                for first in _deletions(syllable):
                    for variant in _deletions(first):
                        self._by_deletion.setdefault(variant, set()).add(syllable)
        self._cache: dict[str, tuple[tuple[str, float], ...]] = {}

    def neighbours(self, token: str) -> tuple[tuple[str, float], ...]:
        """Known syllables similar to `token`, with their similarity, best first."""
        cached = self._cache.get(token)
        if cached is not None:
            return cached
        candidates: set[str] = set(self._by_key.get(phonetic_key(token), ()))
        if token in self.syllables:
            candidates.add(token)
        if not token.isdigit():
            for variant in _deletions(token) | {token}:
                candidates |= self._by_deletion.get(variant, set())
        scored = [(c, syllable_similarity(token, c)) for c in candidates]
        result = tuple(sorted(((c, s) for c, s in scored if s > 0), key=lambda pair: -pair[1]))
        if len(self._cache) < 100_000:
            self._cache[token] = result
        return result

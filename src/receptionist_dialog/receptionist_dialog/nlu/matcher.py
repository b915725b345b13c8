"""Fuzzy phrase matching over one utterance.

The utterance is turned once into a `Lattice`: for every known syllable, where it (or a sound-alike
or a typo of it) occurs and how well. Intent phrases, catalog names and amenity keywords are then all
matched against the same lattice, so understanding one utterance costs a few thousand dictionary
lookups whatever the size of the catalog.
"""

from __future__ import annotations

from dataclasses import dataclass

from receptionist_dialog.nlu.fuzzy import FuzzyVocabulary

ACCENT_MISMATCH = 0.6  # same letters, other diacritics: "cảm" is not "cắm", "vàng" is not "vâng"
DROPPED_MARK = 0.85  # same letters, one mark left out: a slip ("cươc" for "cước"), not another word
MERGED_TONE = 0.9  # hỏi and ngã: one tone in southern and central speech, so also in what is typed
OTHER_TONE_FACTOR = 0.75  # a sound-alike typed with another tone is rather another word ("nấu"/"lâu")
_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}  # huyền, sắc, ngã, hỏi, nặng (combining)


def _merge_hoi_nga(marks: str) -> str:
    return marks.replace("\u0309", "\u0303")


def mark_agreement(typed: str, expected: str) -> float:
    """How well the diacritics typed on the right letters agree with the expected ones."""
    if typed == expected:
        return 1.0
    if _merge_hoi_nga(typed) == _merge_hoi_nga(expected):
        return MERGED_TONE
    rest = list(expected)
    for mark in typed:
        if mark not in rest:
            return ACCENT_MISMATCH
        rest.remove(mark)
    return DROPPED_MARK if len(rest) == 1 else ACCENT_MISMATCH


def tones_differ(typed: str, expected: str) -> bool:
    """Whether a syllable was typed with a tone other than the expected one (a missing tone is none)."""
    typed_tone = {_merge_hoi_nga(m) for m in typed if m in _TONES}
    expected_tone = {_merge_hoi_nga(m) for m in expected if m in _TONES}
    return bool(typed_tone) and typed_tone != expected_tone


class Lattice:
    """For each known syllable, the (position, similarity) pairs where the utterance has it.
    `transparent` words (fillers, classifiers: "tôi", "một", "cái") do not part the words around them:
    "cho tôi một số" still says "cho số", "đổi cái thẻ căn cước" still names "đổi thẻ căn cước".
    `literal` words (classifiers) are only themselves: "cái" is no slip for "cấp"."""

    def __init__(
        self,
        tokens: list[str],
        vocabulary: FuzzyVocabulary,
        marks: list[str | None] | None = None,
        transparent: frozenset[str] | set[str] = frozenset(),
        literal: frozenset[str] | set[str] = frozenset(),
        breaks: frozenset[int] = frozenset(),
    ) -> None:
        self.tokens = tokens
        # _clause[i]: how many clauses begin at or before position i (0 for the first one).
        self._clause = [sum(1 for start in breaks if start <= i) for i in range(len(tokens))]
        self.marks = marks or [None] * len(tokens)
        self.literal = literal
        # _opaque_before[i]: how many words before position i do part phrases.
        self._opaque_before = [0]
        for token in tokens:
            self._opaque_before.append(self._opaque_before[-1] + (token not in transparent))
        self.hits: dict[str, list[tuple[int, float]]] = {}
        self._marked: dict[tuple[str, str | None], list[tuple[int, float, float]]] = {}
        self._best: dict[tuple[str, str | None, float], tuple[float, list[int]] | None] = {}
        for position, token in enumerate(tokens):
            for syllable, similarity in vocabulary.neighbours(token):
                if token in literal and syllable != token:
                    continue
                self.hits.setdefault(syllable, []).append((position, similarity))

    def distance(self, earlier: int, later: int) -> int:
        """Steps from `earlier` to `later` (1: side by side), transparent words in between not counted;
        across a clause break, farther than any phrase reaches."""
        if self._clause[earlier] != self._clause[later]:
            return len(self.tokens) + 1
        return 1 + self._opaque_before[later] - self._opaque_before[earlier + 1]

    def best_hits(self, syllable: str, marks: str | None, floor: float) -> tuple[float, list[int]] | None:
        """(best similarity, positions having it) among hits passing `floor`, or None."""
        key = (syllable, marks, floor)
        if key not in self._best:
            good = [(p, s) for p, base, s in self.hits_for(syllable, marks) if base >= floor]
            if good:
                similarity = max(s for _, s in good)
                self._best[key] = (similarity, [p for p, s in good if s >= similarity - 1e-9])
            else:
                self._best[key] = None
        return self._best[key]

    def hits_for(self, syllable: str, marks: str | None) -> list[tuple[int, float, float]]:
        """(position, letter similarity, similarity) of `syllable`: the last is lowered where the
        utterance typed the same letters with other diacritics ("cảm" for "cắm"), both where a
        sound-alike was typed with another tone ("nấu" is no slip for "lâu")."""
        key = (syllable, marks)
        cached = self._marked.get(key)
        if cached is None:
            cached = []
            for p, s in self.hits.get(syllable, ()):
                typed = self.marks[p]
                if marks is None or typed is None or typed == marks:
                    cached.append((p, s, s))
                elif s == 1.0:
                    cached.append((p, s, mark_agreement(typed, marks)))
                elif tones_differ(typed, marks):
                    cached.append((p, s * OTHER_TONE_FACTOR, s * OTHER_TONE_FACTOR))
                else:
                    cached.append((p, s, s))
            self._marked[key] = cached
        return cached


def required_similarity(syllable: str, strict: bool = False) -> float:
    """Short syllables must match exactly or by sound; a typo in "o" or "gi" is another word.
    `strict` (intent phrases, made of common words) also refuses a typo in a four-letter syllable."""
    if len(syllable) <= 2:
        return 1.0
    if len(syllable) == 3 or (strict and len(syllable) == 4):
        return 0.85
    return 0.7


@dataclass
class PhraseHit:
    score: float  # mean similarity of the phrase's syllables
    positions: tuple[int, ...]

    @property
    def skipped(self) -> set[int]:
        """Positions between the phrase's first and last word that it did not use."""
        return set(range(self.positions[0], self.positions[-1] + 1)) - set(self.positions)


def match_phrase(
    lattice: Lattice, phrase: list[str], marks: list[str | None] | None = None, max_gap: int = 1
) -> PhraseHit | None:
    """Best in-order occurrence of `phrase` with at most `max_gap` extra tokens between syllables.
    At least one syllable must be exact: two sound-alikes in a row are usually other words. A syllable
    typed with other diacritics is another word here ("sổ" is no "số"): phrases are common words, and
    a phrase read into the wrong word decides the intent ("cái sổ đỏ" is no "cái số")."""
    if not phrase:
        return None
    marks = marks or [None] * len(phrase)
    floors = [required_similarity(s, strict=True) for s in phrase]
    first_hits = [
        (p, s) for p, base, s in lattice.hits_for(phrase[0], marks[0]) if _passes(base, s, floors[0])
    ]
    best: PhraseHit | None = None
    for start, similarity in first_hits:
        positions = [start]
        total = similarity
        exact = similarity == 1.0
        current = start
        for index in range(1, len(phrase)):
            candidates = [
                (pos, sim)
                for pos, base, sim in lattice.hits_for(phrase[index], marks[index])
                if current < pos
                and lattice.distance(current, pos) <= 1 + max_gap
                and _passes(base, sim, floors[index])
            ]
            if not candidates:
                break
            pos, sim = max(candidates, key=lambda hit: (hit[1], -hit[0]))
            positions.append(pos)
            total += sim
            exact = exact or sim == 1.0
            current = pos
        else:
            if not exact:
                continue
            hit = PhraseHit(score=total / len(phrase), positions=tuple(positions))
            if best is None or hit.score > best.score:
                best = hit
    return best


def _passes(base: float, similarity: float, floor: float) -> bool:
    """Whether a hit counts in a phrase: close enough in letters, and not the same letters with
    other diacritics."""
    return base >= floor and not (base == 1.0 and similarity <= ACCENT_MISMATCH)

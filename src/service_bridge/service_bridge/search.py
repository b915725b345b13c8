"""Rank procedures against what a citizen typed or said: official and colloquial names, no diacritics
needed, typos and run-together words tolerated.

The score of a procedure is the best score over its names. A name scores high when its distinctive
syllables (weighted by inverse document frequency over the catalog) appear in the query, when the
query has little left unexplained, and when the syllables come in the name's order. Fillers such as
"tôi muốn hỏi" are ignored. Plain Python: the center service and the bridge's offline cache share it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from receptionist_common.vietnamese_text import edit_distance, fold, tokens
from service_bridge.catalog import Procedure

# Folded filler syllables: pronouns, particles and question words that say nothing about the procedure.
STOPWORDS = frozenset(
    {
        "toi", "minh", "em", "anh", "chi", "bac", "co", "chu", "ong", "ba", "cau", "oi", "a", "ah", "u", "ha",
        "nhe", "nha", "nhi", "vay", "day", "muon", "can", "hoi", "cho", "voi", "va", "cua", "la", "gi", "nao",
        "the", "sao", "o", "dau", "thi", "duoc", "khong", "ko", "k", "thu", "tuc", "phai", "giup", "xem",
        "biet",
    }
)  # fmt: skip
# Not "dang" (đăng ký) nor "di" (đi): they carry meaning in names and are weighted by IDF instead.

_WEIGHT_PRECISION = 0.6
_WEIGHT_RECALL = 0.25
_WEIGHT_ORDER = 0.15


@dataclass(frozen=True)
class _Name:
    procedure_index: int
    tokens: tuple[str, ...]
    folded: str


def _content_tokens(text: str) -> list[str]:
    words = tokens(text)
    content = [w for w in words if w not in STOPWORDS]
    return content or words


class ProcedureIndex:
    """Search index over a fixed list of procedures (rebuild it when the catalog changes)."""

    def __init__(self, procedures: Sequence[Procedure]) -> None:
        self.procedures = list(procedures)
        self._names: list[_Name] = []
        self._names_with: dict[str, list[int]] = {}  # syllable -> names containing it
        document_frequency: dict[str, int] = {}
        for index, procedure in enumerate(self.procedures):
            seen: set[str] = set()
            for text in (procedure.name, *procedure.colloquial_names):
                words = tuple(_content_tokens(text))
                if words:
                    for word in set(words):
                        self._names_with.setdefault(word, []).append(len(self._names))
                    self._names.append(_Name(index, words, " ".join(words)))
                    seen.update(words)
            for word in seen:
                document_frequency[word] = document_frequency.get(word, 0) + 1
        count = max(len(self.procedures), 1)
        self._idf = {w: math.log((count + 1) / (df + 0.5)) + 0.1 for w, df in document_frequency.items()}
        self._unknown_weight = max(self._idf.values(), default=1.0) * 0.5
        self._vocabulary = sorted(self._idf)
        self._by_id = {p.id: i for i, p in enumerate(self.procedures)}

    def _slots(self, query: str) -> list[dict[str, float]]:
        """Map each query syllable to catalog syllables it may stand for, with a similarity 0..1."""
        slots: list[dict[str, float]] = []
        for word in _content_tokens(query):
            if word in self._idf:
                slots.append({word: 1.0})
                continue
            split = self._split(word)
            if split:
                slots.extend({part: 0.9} for part in split)
                continue
            slots.append(self._fuzzy(word))
        return slots

    def _split(self, word: str, max_parts: int = 5) -> list[str] | None:
        """'lamkhaisinh' -> ['lam', 'khai', 'sinh']: people run syllables together, mostly without marks.

        Fewest catalog syllables that spell the word exactly (dynamic programming), or None.
        """
        if len(word) < 4 or len(word) > 40:
            return None
        best: list[list[str] | None] = [None] * (len(word) + 1)
        best[0] = []
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 8), end):
                prefix = best[start]
                piece = word[start:end]
                usable = prefix is not None and piece in self._idf and len(prefix) < max_parts
                if usable and (best[end] is None or len(prefix) + 1 < len(best[end])):
                    best[end] = [*prefix, piece]
        parts = best[len(word)]
        return parts if parts and len(parts) > 1 else None

    def _fuzzy(self, word: str) -> dict[str, float]:
        if len(word) < 3:
            return {}
        limit = 2 if len(word) >= 6 else 1
        matches: dict[str, float] = {}
        for candidate in self._vocabulary:
            if abs(len(candidate) - len(word)) > limit:
                continue
            distance = edit_distance(word, candidate, limit + 1)
            if distance <= limit:
                matches[candidate] = max(0.0, 1.0 - distance / max(len(word), len(candidate)) - 0.1)
        return matches

    def _score_name(self, name: _Name, slots: list[dict[str, float]], folded_query: str) -> float:
        if f" {name.folded} " in f" {folded_query} ":
            return 1.0
        weights = [self._idf.get(w, self._unknown_weight) for w in name.tokens]
        positions: list[list[int]] = []
        covered = 0.0
        for word, weight in zip(name.tokens, weights, strict=True):
            best = 0.0
            where: list[int] = []
            for position, slot in enumerate(slots):
                similarity = slot.get(word, 0.0)
                if similarity > 0.0:
                    where.append(position)
                    best = max(best, similarity)
            covered += weight * best
            positions.append(where)
        precision = covered / sum(weights)
        if precision == 0.0:
            return 0.0
        name_words = set(name.tokens)
        explained = 0.0
        total = 0.0
        for slot in slots:
            weight = max((self._idf.get(w, 0.0) for w in slot), default=self._unknown_weight)
            total += weight
            explained += weight * max((s for w, s in slot.items() if w in name_words), default=0.0)
        recall = explained / total if total else 0.0
        pairs = len(name.tokens) - 1
        if pairs:
            in_order = sum(1 for i in range(pairs) if any(p + 1 in positions[i + 1] for p in positions[i]))
            order = in_order / pairs
        else:
            order = 1.0 if positions[0] else 0.0
        return _WEIGHT_PRECISION * precision + _WEIGHT_RECALL * recall + _WEIGHT_ORDER * order

    def search(self, query: str, limit: int = 5, min_score: float = 0.35) -> list[tuple[Procedure, float]]:
        """Best procedures for `query`, best first, each with a score in 0..1."""
        folded = fold(query)
        if not folded:
            return []
        direct = self._by_id.get(folded.replace(" ", "_"))
        if direct is not None:
            return [(self.procedures[direct], 1.0)]
        slots = self._slots(query)
        folded_content = " ".join(_content_tokens(query))
        best: dict[int, float] = {}
        candidates = sorted({n for slot in slots for word in slot for n in self._names_with.get(word, ())})
        for name in (self._names[n] for n in candidates):  # a name sharing no syllable scores 0
            score = self._score_name(name, slots, folded_content)
            if score > best.get(name.procedure_index, 0.0):
                best[name.procedure_index] = score
        ranked = sorted(
            ((i, s) for i, s in best.items() if s >= min_score),
            key=lambda item: (-item[1], item[0]),
        )
        return [(self.procedures[i], round(min(s, 1.0), 4)) for i, s in ranked[: max(limit, 0)]]


def rank_all(procedures: Iterable[Procedure]) -> list[tuple[Procedure, float]]:
    """The whole catalog in file order, for an empty query."""
    return [(p, 1.0) for p in procedures]

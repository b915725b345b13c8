"""Rank the catalog's procedures, amenities, counters and fields against an utterance.

Each entity has aliases (official name, colloquial names, keywords). An alias scores by how much of
its information the utterance contains (syllables weighted by rarity across the catalog, so "khai
sinh" counts more than "đăng ký"), with a bonus when the syllables come in the alias's order. The
entity's score then scales by how much of the utterance's own catalog vocabulary it explains, so
"làm lại khai sinh" prefers "Đăng ký lại khai sinh" over "Đăng ký khai sinh".
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import pairwise

from receptionist_dialog.nlu.fuzzy import context_similarity
from receptionist_dialog.nlu.matcher import Lattice, required_similarity


@dataclass
class Alias:
    entity: int
    text: str
    tokens: list[str]
    marks: list[str | None]
    weights: list[float]
    total: float
    floors: list[float] = field(default_factory=list)  # least similarity each syllable needs
    bigrams: frozenset[tuple[str, str]] = frozenset()
    anchor: float = 0.0  # weight from which a syllable is informative enough to anchor a match


@dataclass
class Entity:
    kind: str  # "procedure", "amenity", "counter", "field"
    id: str
    name: str
    aliases: list[Alias] = field(default_factory=list)


@dataclass
class EntityMatch:
    kind: str
    id: str
    name: str
    score: float  # for ranking: how well the entity explains the whole utterance
    strength: float  # for deciding it was mentioned at all: how completely its alias is there
    coverage: float  # of the best alias
    utterance_coverage: float
    alias: str
    positions: frozenset[int]  # expanded-token positions the best alias used
    units: frozenset[int]  # the same as positions of the original tokens
    all_units: frozenset[int] = frozenset()  # original tokens any alias of the entity explains


class EntityIndex:
    """Aliases of every entity with rarity weights, and an inverted index syllable -> aliases."""

    def __init__(
        self,
        stop_tokens: set[str],
        stop_factor: float = 0.2,
        evidence_mass: float = 6.0,
        utterance_weight: float = 0.6,
    ) -> None:
        self._stop = stop_tokens
        self.utterance_weight = utterance_weight  # how much explaining the whole utterance matters
        self.union_coverage = 0.6  # names matched at least this well pool the words they explain
        self.qualifier_floor = 0.3  # entities scoring this well compete on their qualifiers
        self.qualifier_gain = 1.0  # how much a qualifier's share of the utterance moves the score
        self.min_presence = 0.3  # share of a name's information that must appear for it to be scored
        self.evidence_mass = evidence_mass  # matched information that counts as full evidence
        self._stop_factor = stop_factor
        self.entities: list[Entity] = []
        self._aliases: list[Alias] = []
        self._by_syllable: dict[str, list[int]] = {}
        self.idf: dict[str, float] = {}
        self._bigrams: set[tuple[str, str]] = set()  # two-syllable words of the catalog and the lexicon

    @property
    def vocabulary(self) -> set[str]:
        return set(self.idf)

    def build(
        self,
        entries: list[tuple[str, str, str, list[tuple[list[str], list[str | None]]]]],
        words: list[list[str]] = (),
    ) -> None:
        """`entries`: (kind, id, display name, aliases as (syllables, diacritics of each)); `words`:
        other phrases whose two-syllable words tell compounds apart (intent phrases)."""
        self.entities = []
        document_frequency: dict[str, int] = {}
        for kind, entity_id, name, aliases in entries:
            self.entities.append(Entity(kind=kind, id=entity_id, name=name))
            for syllable in {s for alias, _ in aliases for s in alias}:
                document_frequency[syllable] = document_frequency.get(syllable, 0) + 1
        count = max(len(entries), 1)
        self.idf = {
            s: math.log(1.0 + count / df) * (self._stop_factor if s in self._stop else 1.0)
            for s, df in document_frequency.items()
        }
        self._bigrams = set()
        for phrase in [a for *_, aliases in entries for a, _ in aliases] + list(words):
            self._bigrams.update(pairwise(phrase))
        self._aliases = []
        self._by_syllable = {}
        for index, (_, _, _, aliases) in enumerate(entries):
            seen: set[tuple[str, ...]] = set()
            for tokens, marks in aliases:
                if not tokens or tuple(tokens) in seen:
                    continue
                seen.add(tuple(tokens))
                weights = [self.idf[s] for s in tokens]
                alias = Alias(index, " ".join(tokens), tokens, marks, weights, sum(weights) or 1.0)
                alias.floors = [required_similarity(t) for t in tokens]
                alias.bigrams = frozenset(pairwise(tokens))
                alias.anchor = 0.5 * max(weights)
                self.entities[index].aliases.append(alias)
                alias_id = len(self._aliases)
                self._aliases.append(alias)
                # Only informative syllables lead to an alias: a match needs one of them anyway.
                for syllable in {t for t, w in zip(tokens, weights, strict=False) if w >= alias.anchor}:
                    self._by_syllable.setdefault(syllable, []).append(alias_id)

    def _score_alias(self, alias: Alias, lattice: Lattice) -> tuple[float, float, float, set[int]]:
        """(score, coverage, matched information, positions used) of one alias."""
        found: dict[int, tuple[float, list[int]]] = {}  # alias index -> (similarity, positions)
        for j, syllable in enumerate(alias.tokens):
            best = lattice.best_hits(syllable, alias.marks[j], alias.floors[j])
            if best is not None:
                found[j] = best
        tokens = lattice.tokens
        for j, syllable in enumerate(alias.tokens):
            if j in found:
                continue
            # A typo the syllable alone would not pass ("bằg" for "bằng", "sag tên" for "sang tên")
            # counts when an exactly matched neighbour of the name stands right beside it.
            for k, step in ((j - 1, 1), (j + 1, -1)):
                neighbour = found.get(k)
                if neighbour is None or neighbour[0] < 1.0:
                    continue
                for q in neighbour[1]:
                    p = q + step
                    if (
                        0 <= p < len(tokens)
                        and tokens[p] not in lattice.literal
                        and (similarity := context_similarity(syllable, tokens[p])) > 0
                    ):
                        found[j] = (similarity, [p])
                        break
                if j in found:
                    break
        if len(alias.tokens) > 1 and self._bigrams:
            for j, (similarity, positions) in list(found.items()):
                if all(self._borrowed(alias, j, p, found, lattice) for p in positions):
                    found[j] = (similarity * 0.5, positions)
        ordered = [(j, *found[j]) for j in sorted(found)]
        anchored = any(similarity == 1.0 and alias.weights[j] >= alias.anchor for j, similarity, _ in ordered)
        # No informative syllable matched exactly: trust near-misses as typos of this alias only when
        # nearly all of it is there ("can cuco" for "căn cước", not "cốc nước" for "con nuôi").
        if not anchored and (len(ordered) < 2 or len(ordered) < len(alias.tokens) - 1):
            return 0.0, 0.0, 0.0, set()
        matched = 0.0
        used: set[int] = set()
        pairs = adjacent = 0
        previous: tuple[int, list[int]] | None = None
        for j, similarity, positions in ordered:
            matched += alias.weights[j] * similarity
            used.update(positions)
            if previous is not None:
                pairs += 1
                gap = j - previous[0]
                if any(q < p and lattice.distance(q, p) <= gap + 1 for p in positions for q in previous[1]):
                    adjacent += 1
            previous = (j, positions)
        coverage = matched / alias.total
        order = adjacent / pairs if pairs else 1.0
        return coverage * (0.75 + 0.25 * order), coverage, matched, used

    def distinctive_overlap(self, lattice: Lattice, ids: list[str]) -> dict[str, float]:
        """For each entity in `ids`, the information of the utterance's syllables found in its names
        and in none of the others' ("đăng ký mới" picks "Đăng ký tạm trú" over "Gia hạn tạm trú")."""
        vocab: dict[str, set[str]] = {}
        for entity in self.entities:
            if entity.id in ids:
                vocab[entity.id] = {t for alias in entity.aliases for t in alias.tokens}
        overlap: dict[str, float] = {}
        for entity_id, words in vocab.items():
            others = set().union(*(w for other, w in vocab.items() if other != entity_id))
            overlap[entity_id] = sum(
                self.idf.get(t, 0.0) for t in set(lattice.tokens) if t in words and t not in others
            )
        return overlap

    def _borrowed(
        self, alias: Alias, j: int, p: int, found: dict[int, tuple[float, list[int]]], lattice: Lattice
    ) -> bool:
        """Whether the syllable at `p` belongs to another word than the alias's: "trợ" of "hỗ trợ" is
        not the "trợ" of "trợ cấp" when "cấp" is not there."""
        for k in (j - 1, j + 1):
            for q in found[k][1] if k in found else ():
                if (q < p and k < j and lattice.distance(q, p) == 1) or (
                    p < q and k > j and lattice.distance(p, q) == 1
                ):
                    return False  # its alias neighbour is beside it (fillers aside): same word
        tokens = lattice.tokens
        own = alias.bigrams
        left = (tokens[p - 1], tokens[p]) if p > 0 else None
        right = (tokens[p], tokens[p + 1]) if p + 1 < len(tokens) else None
        return any(pair is not None and pair in self._bigrams and pair not in own for pair in (left, right))

    def rank(
        self,
        lattice: Lattice,
        origin: list[tuple[int, int]],
        kinds: tuple[str, ...] = ("procedure",),
        restrict: set[str] | None = None,
        top: int = 5,
    ) -> list[EntityMatch]:
        """Best entities of the given kinds (optionally only ids in `restrict`), best first."""
        ranked = self.rank_all(lattice, origin, restrict, top)
        return sorted((m for kind in kinds for m in ranked.get(kind, [])), key=lambda m: -m.score)[:top]

    def rank_all(
        self,
        lattice: Lattice,
        origin: list[tuple[int, int]],
        restrict: set[str] | None = None,
        top: int = 5,
        phrased: set[int] = frozenset(),
    ) -> dict[str, list[EntityMatch]]:
        """Best entities of every kind, best first, in one pass over the candidate aliases. `phrased`:
        original tokens a request phrase says ("mất" of "mất bao lâu"), which qualify no name."""
        candidates: set[int] = set()
        for syllable in lattice.hits:
            candidates.update(self._by_syllable.get(syllable, ()))
        informative = self._informative_units(lattice, origin)
        total_information = sum(informative.values()) or 1.0
        scored: dict[int, list[tuple[float, float, float, set[int], frozenset[int], Alias]]] = {}
        hits = lattice.hits
        for alias_id in candidates:
            alias = self._aliases[alias_id]
            if restrict is not None and self.entities[alias.entity].id not in restrict:
                continue
            present = sum(w for t, w in zip(alias.tokens, alias.weights, strict=True) if t in hits)
            if restrict is None and present < self.min_presence * alias.total:
                continue  # too little of this name is there to matter: skip the detailed scoring
            score, coverage, mass, used = self._score_alias(alias, lattice)
            if score > 0:
                units = frozenset(self._units_of(used, origin))
                scored.setdefault(alias.entity, []).append((score, coverage, mass, used, units, alias))
        best: dict[int, tuple[float, EntityMatch]] = {}
        explained_by: dict[int, set[int]] = {}
        for index, results in scored.items():
            entity = self.entities[index]
            # What the entity explains: the words of all its well-matched names together ("làm lại" of
            # one colloquial name, "mất sổ đỏ" of another).
            explained_units = set().union(*(r[4] for r in results if r[1] >= self.union_coverage))
            explained_by[index] = set().union(*(r[4] for r in results))
            for score, coverage, mass, used, units, alias in results:
                union = explained_units | units
                explained = sum(informative.get(unit, 0.0) for unit in union)
                utterance_coverage = min(1.0, explained / total_information)
                evidence = 0.7 + 0.3 * min(1.0, mass / self.evidence_mass)
                weight = self.utterance_weight
                final = score * (1.0 - weight + weight * utterance_coverage) * evidence
                strength = score * (0.7 + 0.3 * utterance_coverage) * evidence
                if index in best and final <= best[index][0]:
                    continue
                best[index] = (
                    final,
                    EntityMatch(
                        kind=entity.kind,
                        id=entity.id,
                        name=entity.name,
                        score=final,
                        strength=strength,
                        coverage=coverage,
                        utterance_coverage=utterance_coverage,
                        alias=alias.text,
                        positions=frozenset(used),
                        units=units,
                    ),
                )
        self._weigh_qualifiers(best, explained_by, lattice, origin, phrased, total_information)
        by_kind: dict[str, list[EntityMatch]] = {}
        for index, (_, match) in best.items():
            match.all_units = frozenset(explained_by[index])
            by_kind.setdefault(match.kind, []).append(match)
        for _kind, matches in by_kind.items():
            matches.sort(key=lambda m: -m.score)
            del matches[top:]
        return by_kind

    def _weigh_qualifiers(
        self,
        best: dict[int, tuple[float, EntityMatch]],
        explained_by: dict[int, set[int]],
        lattice: Lattice,
        origin: list[tuple[int, int]],
        phrased: set[int],
        total_information: float,
    ) -> None:
        """Between siblings (entities of a kind explaining the same words of the utterance), a word the
        utterance says exactly that one sibling's names have and the other's lack is a qualifier: it
        favours the one naming it ("đổi sổ đỏ" is "Cấp đổi ...", not "làm sổ đỏ"; "kết hôn lại" is
        "Đăng ký lại kết hôn"). Qualifiers are not listed by hand: they are whatever tells the names apart."""
        said = {
            t
            for p, t in enumerate(lattice.tokens)
            if (p, 1.0) in lattice.hits.get(t, ()) and not phrased.issuperset(range(*origin[p]))
        }
        contenders = [i for i, (score, _) in best.items() if score >= self.qualifier_floor]
        vocab = {
            i: {t for alias in self.entities[i].aliases for t in alias.tokens} & said for i in contenders
        }
        adjusted: dict[int, float] = {}
        for i in contenders:
            # against its closest sibling: what it names that the sibling does not, less the reverse
            balances = [
                sum(self.idf[t] for t in vocab[i] - vocab[j]) - sum(self.idf[t] for t in vocab[j] - vocab[i])
                for j in contenders
                if j != i
                and self.entities[j].kind == self.entities[i].kind
                and explained_by[i] & explained_by[j]  # a shared head word: siblings
            ]
            balance = min(balances, default=0.0)
            if balance:
                adjusted[i] = best[i][0] * (1.0 + self.qualifier_gain * balance / total_information)
        for i, score in adjusted.items():
            match = best[i][1]
            match.score = max(0.0, score)
            best[i] = (match.score, match)

    def _informative_units(self, lattice: Lattice, origin: list[tuple[int, int]]) -> dict[int, float]:
        """Weight of each original token: the rarity of the catalog syllable it matches best."""
        weights: dict[int, float] = {}
        inserted: dict[int, float] = {}
        for syllable, hits in lattice.hits.items():
            idf = self.idf.get(syllable)
            if idf is None:
                continue
            for position, similarity in hits:
                start, end = origin[position]
                value = idf * similarity
                if end - start != 1:
                    # an inserted synonym: its source tokens carry the weight, unless they are unknown
                    # to the catalog themselves ("10 tuổi" read as "dưới 14 tuổi")
                    for unit in range(start, end):
                        inserted[unit] = max(inserted.get(unit, 0.0), value)
                    continue
                if lattice.tokens[position] in lattice.literal:
                    value *= self._stop_factor  # "cái", "nó": say little, even where a name has "cải"
                if value > weights.get(start, 0.0):
                    weights[start] = value
        for unit, value in inserted.items():
            weights.setdefault(unit, value)
        return weights

    @staticmethod
    def _units_of(positions: set[int], origin: list[tuple[int, int]]) -> set[int]:
        units: set[int] = set()
        for position in positions:
            start, end = origin[position]
            units.update(range(start, end))
        return units

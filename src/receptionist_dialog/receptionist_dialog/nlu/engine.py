"""Understanding one citizen utterance: intent, procedure, amenity, counter, application code.

Plain Python, no ROS: the catalog is given as plain data (the dialog manager fetches it from the
service bridge; tests and the bench read the YAML files). The method is general, not fitted to a
list of sentences: normalisation (diacritics, typos, regional words), fuzzy matching of the catalog's
own names, and weighted intent phrases, combined by a few explicit rules below.
"""

from __future__ import annotations

import re
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from receptionist_dialog.nlu.ages import age_limits
from receptionist_dialog.nlu.entities import EntityIndex, EntityMatch
from receptionist_dialog.nlu.fuzzy import FuzzyVocabulary
from receptionist_dialog.nlu.lexicon import IntentPattern, load_intents, load_lexicon, plain_tokens
from receptionist_dialog.nlu.matcher import Lattice, PhraseHit, match_phrase
from receptionist_dialog.nlu.slots import counter_number, ordinal_choice
from receptionist_dialog.nlu.text import Normalized, TextNormalizer, accent_marks, is_syllable

PROCEDURE_INTENTS = ("ask_location", "ask_documents", "ask_fee", "ask_processing_time")
SERVICE_INTENTS = ("take_ticket", "queue_status", "application_status")
# Words that say nothing about which procedure is meant; they weigh little in catalog matching.
_STOP_TOKENS = {
    "o", "dau", "nao", "thi", "gi", "muon", "hoi", "vay", "roi", "la", "ma", "a", "nhe", "oi", "u",
    "cho", "toi", "cua", "va", "cac", "nhung", "mot", "duoc", "khong", "co", "nay", "de", "di", "ve",
    "voi", "em", "anh", "chi", "bac", "chau", "ong", "ba", "minh", "tui", "lam", "can", "phai", "thu",
    "tuc", "giup", "nguoi", "nha", "khi", "bi", "da", "se", "dang", "moi", "nhu", "the", "sao", "nua", "xin",
}  # fmt: skip
# Words of any administrative errand ("nộp hồ sơ", "giấy tờ", "quầy"): naming only these is an unclear
# request to ask back, not a thing the center does not handle.
_ERRAND_TOKENS = {"nop", "ho", "so", "giay", "to", "quay", "lam", "thu", "tuc", "hanh", "chinh", "dich", "vu"}
# Words that make a sentence a request ("cho tôi hỏi", "có ... không", "ở đâu").
_REQUEST_WORDS = {"muon", "can", "xin", "hoi", "dau", "nao", "gi", "sao", "khong", "chua", "giup", "lam"}
_ADDRESSEES = {"robot"}  # the robot called by name: "chào em robot nhé"
_PURPOSE = "de"  # "để": what follows says what a request is for ("bốc số để chờ tới lượt")
_NOT_PURPOSE_AFTER = {"lai", "xe", "sau", "o", "con", "dau"}  # để lại, để xe, để sau, để ở; đẻ con, để đâu
_PURPOSE_MARKS = accent_marks("để")  # not "đẻ" (give birth)
_ASIDE_FACTOR = 0.5  # a phrase said aside from the request (its purpose, a "never")
_NEGATIONS = {"chua", "khong", "chang", "cha"}
# "hai", "mười", "chục", "trăm", "vài", "nhiều": the number words that say a number even unaccented
_QUANTIFIERS = {"hai", "muoi", "chuc", "tram", "vai", "nhieu"}
_PARTICLES = {"nhe", "nha", "a", "nhi", "ha", "nghe"}  # sentence-final particles (unaccented)
# A bare "what?" ("hả?", "gì cơ?", "sao cơ?"): every word one of these, and at least one a question.
_REPAIR_WORDS = {"ha", "ho", "hu", "gi", "sao", "co", "cai", "a", "da", "vay", "the", "nhi"}
_REPAIR_QUESTIONS = {"ha", "ho", "hu", "gi", "sao"}
_FOLLOW_UP_RE = re.compile(r"^(con|the|vay|the con|con cai|roi)\b|\bthi sao\b|\bthe nao\b")
_ELDERLY_RE = re.compile(
    r"\b(chau|con) oi\b|\b(ha|nhe|nhi|a|voi) chau\b|\bchau$|^(bac|ba|ong|cu) |\bgia roi\b|\bmat kem\b"
    r"|\btai kem\b|\bnghe kem\b|\bbac (muon|hoi|khong|di|can|nghe)\b"
)


@dataclass
class NluConfig:
    procedure_min_score: float = 0.6  # strength below this: no procedure recognised
    procedure_relaxed_score: float = 0.45  # ... or this, in a clear question, far ahead of the next one
    amenity_min_score: float = 0.6
    counter_min_score: float = 0.6
    clarify_margin: float = 0.05  # top two procedures closer than this: ask which one
    ambiguous_min_score: float = 0.4  # a partial name this strong, shared by others ("giấy xác nhận"): ask
    ambiguous_other_score: float = 0.3  # ... between the procedures whose names have it this strongly
    choice_min_margin: float = 0.06
    context_keeps_below: float = 0.6  # a follow-up keeps the last procedure over a match below this
    explicit_request: float = 4.0  # a request phrase this strong outweighs a yes/no ("nói chậm thôi")
    weak_request_below: float = 2.9  # a procedure question this weak, about nothing known: out of scope
    unknown_thing_below: float = 0.35  # no procedure this strong for the words named: not a thing here
    subsume_coverage: float = 0.85  # a match inside a larger, this complete one belongs to it
    out_of_scope_below: float = 1.4  # best intent evidence below this: out of scope
    question_min_weight: float = 3.0  # a procedure question phrase this strong ("ở đâu", not "muốn làm")
    short_answer_tokens: int = 4  # a bare yes/no has at most this many non-filler tokens


@dataclass
class NluContext:
    """What the conversation expects, so short answers can be understood."""

    procedure_id: str = ""  # procedure discussed last ("còn lệ phí thì sao?")
    expecting: str = ""  # "", "yes_no", "choice", "application_code"
    options: list[str] = field(default_factory=list)  # procedure ids offered in a clarification
    pending_intent: str = ""  # intent the clarification is for


@dataclass
class Candidate:
    id: str
    name: str
    score: float


@dataclass
class Understanding:
    text: str
    normalized: str
    intent: str
    confidence: float
    intent_scores: dict[str, float] = field(default_factory=dict)
    procedure_id: str = ""
    procedure_score: float = 0.0
    procedure_from_context: bool = False
    candidates: list[Candidate] = field(default_factory=list)  # top procedures
    clarify: list[str] = field(default_factory=list)  # ids to ask between, when too close to call
    amenity_id: str = ""
    amenity_score: float = 0.0
    counter_id: str = ""
    field_name: str = ""
    application_code: str = ""
    choice_resolved: bool = False
    language: str = "vi"  # "vi", "foreign", "empty"
    elderly_cue: bool = False
    alternative_intent: str = ""  # what else the words may mean ("chào cháu nhé": hello or goodbye)
    opener: bool = False  # only calls for attention ("cho hỏi", "em ơi"): the question is still to come
    latency_ms: float = 0.0

    def to_dict(self) -> dict:
        return asdict(self)


class NluEngine:
    """Holds the catalog index and understands utterances against it."""

    def __init__(
        self,
        procedures: list[dict] | None = None,
        amenities: list[dict] | None = None,
        counters: list[dict] | None = None,
        config: NluConfig | None = None,
        lexicon_path: str | Path | None = None,
        intents_path: str | Path | None = None,
    ) -> None:
        self.config = config or NluConfig()
        self._lexicon = load_lexicon(lexicon_path)
        self._intents = load_intents(intents_path)
        self._transparent = frozenset(self._lexicon.fillers | self._lexicon.transparent)
        self.procedures: dict[str, dict] = {}
        self.amenities: dict[str, dict] = {}
        self.counters: dict[str, dict] = {}
        self._counter_by_number: dict[int, str] = {}
        self._field_procedures: dict[str, set[str]] = {}  # field -> ids of its procedures
        self._terms: set[tuple[str, ...]] = set()  # runs of words of procedure names, not of amenities'
        self._index = EntityIndex(_STOP_TOKENS | self._lexicon.fillers)
        self._age_limits: set[tuple[str, int]] = set()
        self._normalizer = self._make_normalizer(set())
        self._vocabulary = FuzzyVocabulary(set())
        self.update_catalog(procedures or [], amenities or [], counters)

    # --- catalog ----------------------------------------------------------------------------------

    def _make_normalizer(self, known: set[str]) -> TextNormalizer:
        lexicon = self._lexicon
        return TextNormalizer(
            token_map=lexicon.token_map,
            context_rules=lexicon.context_rules,
            phrases=lexicon.phrases,
            synonyms=lexicon.synonyms,
            synonym_marks=lexicon.synonym_marks,
            age_limits=self._age_limits,
            protected=lexicon.protected | {s for s in known if not is_syllable(s)},
            splittable={s for s in known if is_syllable(s) and len(s) >= 2},
        )

    def _alias_tokens(self, text: str) -> tuple[list[str], list[str | None]]:
        text = re.sub(r"\([^)]*\)", " ", str(text))
        norm = self._normalizer.normalize(text)
        if not norm.had_diacritics:
            return norm.tokens, [None] * len(norm.tokens)
        return norm.tokens, [m or "" for m in norm.marks]

    def update_catalog(
        self, procedures: list[dict], amenities: list[dict], counters: list[dict] | None = None
    ) -> None:
        """Index a new catalog (from the bridge, or the YAML files in tests and the bench)."""
        self.procedures = {p["id"]: p for p in procedures if p.get("id")}
        self.amenities = {a["id"]: a for a in amenities if a.get("id")}
        self.counters = {}
        for counter in counters or []:
            self.counters[counter["id"]] = dict(counter)
        for procedure in procedures:
            counter_id = procedure.get("counter_id")
            if counter_id and counter_id not in self.counters:
                self.counters[counter_id] = {"id": counter_id, "name": procedure.get("counter_name", "")}
        self._counter_by_number = {}
        for counter_id, counter in self.counters.items():
            number = counter.get("number") or _number_in(counter.get("name", "")) or _number_in(counter_id)
            if number:
                self._counter_by_number[int(number)] = counter_id
        # Normalise aliases with the lexicon first (abbreviations in names), then learn the vocabulary.
        known = {s for spec in self._intents.values() for p in spec.patterns for s in p.tokens}
        known |= {s for _, values in self._lexicon.synonyms for s in values}
        self._normalizer = self._make_normalizer(known)
        entries: list[tuple[str, str, str, list[tuple[list[str], list[str | None]]]]] = []
        fields: dict[str, set[str]] = {}
        for procedure in self.procedures.values():
            names = [procedure.get("name", ""), *list(procedure.get("colloquial_names") or [])]
            entries.append(("procedure", procedure["id"], procedure.get("name", ""), self._aliases(names)))
            if procedure.get("field"):
                fields.setdefault(procedure["field"], set()).add(procedure["id"])
        for amenity in self.amenities.values():
            names = [amenity.get("name", ""), *list(amenity.get("keywords") or [])]
            entries.append(("amenity", amenity["id"], amenity.get("name", ""), self._aliases(names)))
        for counter_id, counter in self.counters.items():
            label = str(counter.get("name", "")).split(" - ", 1)[-1]
            aliases = self._aliases(["quầy " + label, "quầy " + label.split("(")[0]])
            entries.append(("counter", counter_id, counter.get("name", ""), aliases))
        self._field_procedures = fields
        self._terms = _word_runs(entries, "procedure") - _word_runs(entries, "amenity")
        for field_name in fields:
            entries.append(("field", field_name, field_name, self._aliases([field_name])))
        self._index.build(entries, [p.tokens for spec in self._intents.values() for p in spec.patterns])
        self._age_limits = age_limits([tokens for *_, aliases in entries for tokens, _ in aliases])
        vocabulary = self._index.vocabulary | known
        self._normalizer = self._make_normalizer(vocabulary)
        for spec in self._intents.values():
            for pattern in spec.patterns:
                # Normalised as written: "hẹn" is not the chat spelling "hen" (= "nhé") of unaccented text.
                norm = self._normalizer.normalize(pattern.text or " ".join(pattern.tokens))
                if len(norm.tokens) == len(pattern.tokens):
                    pattern.tokens = norm.tokens
                else:
                    pattern.tokens, pattern.marks = norm.tokens, [None] * len(norm.tokens)
        self._vocabulary = FuzzyVocabulary({s for s in vocabulary if s.isascii() and s.isalnum()})

    def _aliases(self, names: list[str]) -> list[tuple[list[str], list[str | None]]]:
        return [alias for alias in (self._alias_tokens(n) for n in names if n) if alias[0]]

    # --- understanding ----------------------------------------------------------------------------

    def normalize(self, text: str) -> Normalized:
        return self._normalizer.normalize(text)

    def understand(self, text: str, context: NluContext | None = None) -> Understanding:
        started = time.perf_counter()
        context = context or NluContext()
        result = self._understand(text, context)
        result.latency_ms = (time.perf_counter() - started) * 1000.0
        return result

    def _understand(self, text: str, context: NluContext) -> Understanding:
        config = self.config
        norm = self._normalizer.normalize(text)
        result = Understanding(text=norm.raw, normalized=norm.text, intent="out_of_scope", confidence=0.0)
        if norm.application_codes:
            result.application_code = norm.application_codes[0]
        if not norm.tokens:
            result.language = "empty"
            return result
        result.elderly_cue = bool(_ELDERLY_RE.search(norm.text))
        transparent, literal = self._transparent, self._lexicon.transparent
        lattice = Lattice(
            norm.expanded, self._vocabulary, norm.expanded_marks, transparent, literal, norm.expanded_breaks
        )
        intent_lattice = Lattice(norm.tokens, self._vocabulary, norm.marks, transparent, literal, norm.breaks)

        if context.expecting == "choice" and context.options:
            chosen = self._resolve_choice(norm, lattice, context)
            if chosen:
                result.intent = context.pending_intent or "ask_location"
                result.procedure_id = chosen
                result.procedure_score = 1.0
                result.choice_resolved = True
                result.confidence = 0.9
                return result

        number = counter_number(norm.tokens)
        if number is not None:
            result.counter_id = self._counter_by_number.get(number, f"counter_{number}")
        # Words of a specific request phrase are not a name: "mang theo" is not "mạng" (wifi).
        pattern_hits = self._pattern_hits(intent_lattice)
        phrase_groups = self._phrase_units(pattern_hits)
        phrased = set().union(*phrase_groups)
        ranked_entities = self._index.rank_all(lattice, norm.origin, top=4, phrased=phrased)
        procedures = ranked_entities.get("procedure", [])
        amenities = ranked_entities.get("amenity", [])
        counters = ranked_entities.get("counter", [])
        fields = ranked_entities.get("field", [])
        counter = None
        if (
            counters
            and counters[0].score >= config.counter_min_score
            and match_phrase(lattice, counters[0].alias.split(), max_gap=0) is not None
        ):
            counter = counters[0]  # "quầy trả kết quả", in that order
        if counter and not result.counter_id:
            result.counter_id = counter.id
        procedures = [m for m in procedures if not _inside(m, counter)]
        amenities = [m for m in amenities if not _inside(m, counter)]
        # Whom a salute is said to is no question about it: "chào cháu rô bốt" asks nothing of the robot.
        saluted = {
            p
            for name, pattern, hit in pattern_hits
            if self._intents[name].kind == "social" and len(pattern.tokens) >= 2
            for p in hit.positions
        }
        amenities = [
            m
            for m in amenities
            if not m.units <= phrased | saluted
            and not self._other_compound(m, norm)
            and not self._half_of_a_term(m, norm)
        ]
        procedures = [m for m in procedures if not m.units <= phrased]
        procedure = None
        if procedures:
            top = procedures[0]
            runner_up = procedures[1].score if len(procedures) > 1 else 0.0
            asked = any(self._intents[name].kind in ("procedure", "service") for name, _, _ in pattern_hits)
            if top.strength >= config.procedure_min_score or (
                # a mistyped name in a clear question: accept it when nothing else comes close, unless
                # it would replace the procedure being talked about ("lấy số cho tôi với")
                asked
                and not context.procedure_id
                and top.strength >= config.procedure_relaxed_score
                and top.score - runner_up >= 0.12
            ):
                procedure = top
        amenity = amenities[0] if amenities and amenities[0].strength >= config.amenity_min_score else None
        # Evidence explained by a larger match belongs to it: "trợ cấp người già" is a procedure, not
        # the elderly-support amenity (unless the amenity is clearly the better match).
        if procedure and amenity:
            if _inside(amenity, procedure) and procedure.coverage >= config.subsume_coverage:
                amenity = None
            elif (
                _inside(procedure, amenity) and amenity.coverage >= config.subsume_coverage
            ) or amenity.strength > procedure.strength:
                procedure = None
            else:
                amenity = None
        if procedure is None:
            procedures = [m for m in procedures if amenity is None or not _inside(m, amenity)]
        result.candidates = [Candidate(m.id, m.name, round(m.score, 3)) for m in procedures]
        if (
            procedure is not None
            and context.procedure_id
            and procedure.strength < config.context_keeps_below
            and procedure.id != context.procedure_id
            and _FOLLOW_UP_RE.search(norm.text)
        ):
            procedure = None  # "còn ... thì sao": a weak match does not replace the topic

        field_match = None
        if fields and fields[0].coverage >= 0.99 and fields[0].strength >= config.procedure_min_score:
            field_match = fields[0]
            if (
                procedure is not None
                and procedure.units <= field_match.units
                and procedure.coverage < config.subsume_coverage
                and len(self._field_procedures.get(field_match.id, ())) > 1
            ):
                procedure = None  # "hỏi về bảo hiểm xã hội": the field, not one of its procedures
        ambiguous = self._shared_partial_name(procedures, procedure or amenity or field_match, context)
        consumed: set[int] = set()
        named: set[int] = set()
        for match in (procedure, amenity):
            if match is not None:
                # Words of its other names belong to it too, unless a request phrase apart from the
                # name said says them ("lấy số" is no name, even when some name has "sổ"; the
                # "xin phiếu" of "xin phiếu lý lịch tư pháp" is).
                detached = set().union(*(g for g in phrase_groups if not g & match.units))
                consumed |= match.units | (match.all_units - detached)
                named |= match.units
        scores = self._score_intents(
            pattern_hits,
            consumed,
            named,
            _purpose_positions(norm, pattern_hits),
            _never_positions(norm) | _counted_positions(norm),
        )
        content_tokens = [t for t in norm.tokens if t not in self._lexicon.fillers]
        answered = {p for name, _, hit in pattern_hits if name in ("affirm", "deny") for p in hit.positions}
        content_positions = {i for i, t in enumerate(norm.tokens) if t not in self._lexicon.fillers}
        bare_answer = bool(content_positions) and content_positions <= answered
        short = len(content_tokens) <= config.short_answer_tokens
        explicit = max(
            (v for k, v in scores.items() if self._intents[k].kind in ("procedure", "service", "meta")),
            default=0.0,
        )
        for answer in ("affirm", "deny"):
            if answer in scores:
                if (
                    context.expecting == "yes_no"
                    and explicit < config.explicit_request
                    and not (procedure or amenity)
                ):
                    scores[answer] *= 2.5 if short else 1.6
                elif context.expecting != "yes_no" and (procedure or amenity or not bare_answer):
                    del scores[answer]  # unasked, "ờ" or "có" in a sentence is no answer
        if result.application_code:
            scores["application_status"] = scores.get("application_status", 0.0) + 6.0
        if amenity is not None:
            result.amenity_id = amenity.id
            result.amenity_score = round(amenity.strength, 3)
            scores["amenity"] = max(scores.get("amenity", 0.0), 1.0 + 4.0 * amenity.strength)
        if procedure is not None:
            scores["ask_location"] = max(scores.get("ask_location", 0.0), 1.5 + procedure.strength)
        elif field_match is not None and amenity is None:
            scores["ask_location"] = max(scores.get("ask_location", 0.0), 1.5 + field_match.strength)
        elif ambiguous:
            scores["ask_location"] = max(scores.get("ask_location", 0.0), 1.5 + ambiguous[0].strength)
        if result.counter_id:
            scores["ask_location"] = max(scores.get("ask_location", 0.0), 2.5)
        if procedure is not None:
            self._drop_implied_services(scores, pattern_hits)

        opener_only = self._opener_only(pattern_hits)
        if opener_only and any(v >= config.out_of_scope_below for k, v in scores.items() if k != "greeting"):
            del scores["greeting"]  # "cho hỏi" before a question only opens it
        social = [name for name in ("thanks", "goodbye", "greeting") if name in scores]
        if social and not context.expecting and not self._has_request(scores, norm.tokens):
            best_social = max(social, key=lambda name: scores[name])
            scores = {best_social: scores[best_social]}  # "Hello robot", "cảm ơn nhiều" need no answer
        content_words = [t for t in norm.tokens if t not in self._lexicon.fillers or t in _REPAIR_WORDS]
        if not scores and _asks_what(content_words):
            scores["repeat"] = config.out_of_scope_below  # "hả?", "gì cơ?": asks to hear it again
        if not scores or max(scores.values()) < config.out_of_scope_below:
            result.intent = "out_of_scope"
            result.language = "foreign" if norm.foreign_ratio > 0.5 else "vi"
            result.intent_scores = {k: round(v, 2) for k, v in scores.items()}
            return result
        ranked = sorted(scores.items(), key=lambda item: -item[1])
        result.intent = ranked[0][0]
        if result.intent in ("greeting", "goodbye") and self._bare_salute(
            pattern_hits, content_positions, norm.tokens
        ):
            # A bare "chào" (+ particle): hello at the start, goodbye after a served request. The
            # conversation knows which; the words alone do not.
            result.intent, result.alternative_intent = "greeting", "goodbye"
        result.opener = result.intent == "greeting" and opener_only
        result.intent_scores = {k: round(v, 2) for k, v in ranked[:4]}
        second = ranked[1][1] if len(ranked) > 1 else 0.0
        result.confidence = round(min(1.0, ranked[0][1] / 5.0) * (1.0 - 0.5 * second / ranked[0][1]), 3)

        if (
            result.intent in ("ask_fee", "ask_documents")
            and amenity is not None
            and procedure is None
            and not context.procedure_id
        ):
            # "photo chỗ nào miễn phí", "mẫu tờ khai lấy ở đâu, bác quên không mang theo": the amenity's
            # answer says what it costs and where it is
            result.intent = "amenity"
        if result.intent == "amenity":
            return result
        if (
            result.intent in PROCEDURE_INTENTS
            and ranked[0][1] < config.weak_request_below
            and procedure is None
            and field_match is None
            and not ambiguous
            and not result.counter_id
            and not context.procedure_id
        ):
            result.intent = "out_of_scope"  # "giá vàng bao nhiêu": a lone weak word, nothing to ask about
            return result
        if (
            result.intent in PROCEDURE_INTENTS
            and procedure is None
            and field_match is None
            and not ambiguous
            and not result.counter_id
            and not context.procedure_id
            and self._asks_about_unknown(norm.tokens, pattern_hits, procedures)
        ):
            result.intent = "out_of_scope"  # "mua vé số ở đâu": asks about something that is not here
            return result
        if procedure is not None:
            result.procedure_id = procedure.id
            result.procedure_score = round(procedure.strength, 3)
            close = [
                m.id
                for m in procedures[1:]
                if m.strength >= config.procedure_min_score
                and procedure.score - m.score < config.clarify_margin
            ]
            if close:
                result.clarify = [procedure.id, *close[:2]]
        elif field_match is not None:
            result.field_name = field_match.id
        elif ambiguous and result.intent in PROCEDURE_INTENTS:
            result.procedure_id = ambiguous[0].id  # with the others to ask between
            result.procedure_score = round(ambiguous[0].strength, 3)
            result.clarify = [m.id for m in ambiguous[:3]]
        if (
            not result.procedure_id
            and not result.counter_id
            and not result.field_name
            and context.procedure_id
            and result.intent in (*PROCEDURE_INTENTS, "take_ticket", "queue_status")
        ):
            result.procedure_id = context.procedure_id
            result.procedure_from_context = True
        return result

    def _shared_partial_name(
        self, procedures: list[EntityMatch], recognised: EntityMatch | None, context: NluContext
    ) -> list[EntityMatch]:
        """Procedures to ask between when the words said are part of several names and decide none
        ("xin giấy xác nhận": of marital status, of residence, of disability), else []."""
        if recognised is not None or context.procedure_id or not procedures:
            return []
        top = procedures[0]
        if top.strength < self.config.ambiguous_min_score:
            return []
        shared = [
            m
            for m in procedures
            if (m.units >= top.units or m.units <= top.units)
            and m.strength >= self.config.ambiguous_other_score
        ]
        return shared if len(shared) >= 2 else []

    def _asks_about_unknown(
        self,
        tokens: list[str],
        hits: list[tuple[str, IntentPattern, PhraseHit]],
        procedures: list[EntityMatch],
    ) -> bool:
        """Whether the utterance names a thing (words beside the request phrase and the fillers) that
        no name of the catalog comes near to: a bus line, a lottery ticket, an ATM. A bare "ở đâu"
        names nothing and is asked back instead."""
        if any(m.strength >= self.config.unknown_thing_below for m in procedures):
            return False
        asked = {p for _, _, hit in hits for p in hit.positions}
        ignored = self._lexicon.fillers | self._lexicon.transparent | _STOP_TOKENS | _ERRAND_TOKENS
        return any(i not in asked and t not in ignored for i, t in enumerate(tokens))

    def _pattern_hits(self, lattice: Lattice) -> list[tuple[str, IntentPattern, PhraseHit]]:
        """Every intent phrase found in the utterance (computed once per utterance)."""
        found = []
        for name, spec in self._intents.items():
            for pattern in spec.patterns:
                hit = match_phrase(lattice, pattern.tokens, pattern.marks)
                if hit is not None:
                    found.append((name, pattern, hit))
        return [entry for entry in found if not _split_by_another(entry[2], found)]

    def _phrase_units(self, hits: list[tuple[str, IntentPattern, PhraseHit]]) -> list[set[int]]:
        """Tokens taken by each specific (several-word, strong, exact and contiguous) request phrase."""
        units: list[set[int]] = []
        for name, pattern, hit in hits:
            if self._intents[name].kind not in ("procedure", "service", "meta"):
                continue
            if len(pattern.tokens) >= 2 and pattern.weight >= 4.0 and hit.score >= 0.99 and not hit.skipped:
                units.append(set(hit.positions))
        return units

    def _half_of_a_term(self, match: EntityMatch, norm: Normalized) -> bool:
        """Whether a keyword is part of a longer term of the procedures' names, its first or last word
        paired with the word beside it: the "nước" of "sinh ở nước ngoài" is no drinking water, the
        "y tế" of "thẻ bảo hiểm y tế" no first-aid corner."""
        if not match.positions:
            return False
        first, last = min(match.positions), max(match.positions)
        tokens = norm.expanded
        longer = {tuple(tokens[first - 1 : last + 1]) if first > 0 else (), tuple(tokens[first : last + 2])}
        return bool({term for term in longer if len(term) > last - first + 1} & self._terms)

    def _other_compound(self, match: EntityMatch, norm: Normalized) -> bool:
        """Whether a single word of a two-word name stands beside another word in its partner's place:
        "bệnh viện" is no "thư viện", "thích ăn" no "đồ ăn" (the thing named is not the amenity)."""
        alias = match.alias.split()
        if len(alias) < 2 or len(match.positions) != 1:
            return False
        (position,) = match.positions
        tokens = norm.expanded
        if tokens[position] not in alias:
            return False
        index = alias.index(tokens[position])
        ignored = self._transparent | _STOP_TOKENS
        sides = []
        if index > 0:
            sides.append(position - 1)
        if index < len(alias) - 1:
            sides.append(position + 1)
        return any(0 <= q < len(tokens) and tokens[q] not in ignored for q in sides)

    def _bare_salute(
        self, hits: list[tuple[str, IntentPattern, PhraseHit]], content: set[int], tokens: list[str]
    ) -> bool:
        """Whether a greeting phrase says every word that counts, all of them words of leaving too or the
        robot addressed ("chào", "chào em robot nhé"; not "xin chào" or "alo"), and nothing else says
        leaving ("chào em nhé, anh đi đây" is a goodbye)."""
        greeted = {p for name, _, hit in hits if name == "greeting" for p in hit.positions}
        leaving = {t for pattern in self._intents["goodbye"].patterns for t in pattern.tokens}
        called = {p for p, token in enumerate(tokens) if token in _ADDRESSEES}
        if not content or not content <= greeted | called:
            return False
        if not all(tokens[p] in leaving for p in content - called):
            return False
        salute = greeted | called | {p for p, token in enumerate(tokens) if token in _PARTICLES}
        return all(set(hit.positions) <= salute for name, _, hit in hits if name == "goodbye")

    @staticmethod
    def _opener_only(hits: list[tuple[str, IntentPattern, PhraseHit]]) -> bool:
        """Whether the greeting words are all a call for attention ("cho hỏi"), no real hello."""
        greetings = [pattern for name, pattern, _ in hits if name == "greeting"]
        return bool(greetings) and all(pattern.implicit for pattern in greetings)

    def _drop_implied_services(
        self, scores: dict[str, float], hits: list[tuple[str, IntentPattern, PhraseHit]]
    ) -> None:
        """A named procedure asked about ("cái sổ đỏ làm ở đâu") is the request: a service only
        suggested by a phrase that may be other words ("cai so" is "cái sổ" unaccented) does not
        outweigh it; an explicit one ("lấy số", "số thứ tự") does."""
        asked = any(
            self._intents[name].kind == "procedure"
            and not pattern.implicit
            and pattern.weight >= self.config.question_min_weight
            for name, pattern, _ in hits
        )
        if not asked:
            return
        for name in SERVICE_INTENTS:
            found = [pattern for hit_name, pattern, _ in hits if hit_name == name]
            if name in scores and found and all(pattern.implicit for pattern in found):
                del scores[name]

    def _has_request(self, scores: dict[str, float], tokens: list[str]) -> bool:
        """Whether the utterance asks for something, beyond greeting or thanking."""
        kinds = {self._intents[name].kind for name in scores if name in self._intents}
        return bool(kinds & {"procedure", "service", "meta"}) or bool(set(tokens) & _REQUEST_WORDS)

    @staticmethod
    def _score_intents(
        hits: list[tuple[str, IntentPattern, PhraseHit]],
        consumed: set[int],
        named: set[int],
        purpose: set[int],
        aside_starts: set[int],
    ) -> dict[str, float]:
        """`consumed`: words of the procedure's or amenity's names; `named`: those of them said here."""
        values: dict[str, list[float]] = {}
        for name, pattern, hit in hits:
            value = pattern.weight * hit.score
            if set(hit.positions) <= purpose:
                value *= _ASIDE_FACTOR  # what the request is for, not the request
            if hit.positions[0] in aside_starts:
                # "chưa đi bao giờ" (never been) asks no "bao giờ" (when); "có 15 nhân viên" counts the
                # company's staff and calls nobody
                value *= _ASIDE_FACTOR
            if consumed and (
                set(hit.positions) <= consumed
                or (hit.skipped & consumed and hit.score < 1.0)
                or (hit.skipped and set(hit.positions) & named)
            ):
                # the words belong to the procedure's name ("tiền mai táng"), a near miss of the phrase
                # was read across it ("người [giám] hộ cho" is no "người hỗ trợ"), or a broken phrase
                # ends in it ("lấy [mất] số đỏ" took the land book, not a queue number)
                value *= 0.35
            values.setdefault(name, []).append(value)
        scores: dict[str, float] = {}
        for name, found in values.items():
            found.sort(reverse=True)
            scores[name] = found[0] + min(0.5, 0.1 * (len(found) - 1))
        return scores

    def _resolve_choice(self, norm: Normalized, lattice: Lattice, context: NluContext) -> str:
        """Which of the offered procedures the answer picks: by position ("cái thứ hai"), by the best
        match among them, or by the words only one of them has; "" when it does not tell."""
        index = ordinal_choice(norm.tokens)
        if index is not None and -len(context.options) <= index < len(context.options):
            return context.options[index]
        ranked = self._index.rank(lattice, norm.origin, ("procedure",), restrict=set(context.options), top=3)
        if ranked:
            second = ranked[1].score if len(ranked) > 1 else 0.0
            if ranked[0].score >= 0.15 and ranked[0].score - second >= self.config.choice_min_margin:
                return ranked[0].id
        overlap = self._index.distinctive_overlap(lattice, context.options)
        ordered = sorted(overlap.items(), key=lambda item: -item[1])
        if ordered and ordered[0][1] > 0 and (len(ordered) == 1 or ordered[0][1] > ordered[1][1]):
            return ordered[0][0]
        return ""


def _asks_what(tokens: list[str]) -> bool:
    """Whether the words are only a bare "what?" ("hả", "gì cơ", "sao cơ ạ"), nothing asked about."""
    return bool(tokens) and set(tokens) <= _REPAIR_WORDS and bool(set(tokens) & _REPAIR_QUESTIONS)


def _word_runs(entries: list[tuple[str, str, str, list]], kind: str, longest: int = 6) -> set[tuple]:
    """Every run of 2 to `longest` neighbouring words of the names and aliases of one kind of entity."""
    return {
        tuple(tokens[i:j])
        for entry_kind, _, _, aliases in entries
        if entry_kind == kind
        for tokens, _ in aliases
        for i in range(len(tokens))
        for j in range(i + 2, min(len(tokens), i + longest) + 1)
    }


def _split_by_another(hit: PhraseHit, hits: list[tuple[str, IntentPattern, PhraseHit]]) -> bool:
    """Whether a broken phrase shares its words with an unbroken one: read across a word that begins
    the other ("chờ [mất] bao lâu" beside "mất bao lâu", unaccented "cho" being "chờ"), or ending on a
    word of a phrase at least as long ("được [không bác] chưa" beside "chưa nghe rõ"). The unbroken
    phrase was said, the broken one only assembled from its parts."""
    skipped, positions = hit.skipped, set(hit.positions)
    return bool(skipped) and any(
        not other.skipped
        and positions & set(other.positions)
        and (skipped & set(other.positions) or len(other.positions) >= len(hit.positions))
        for _, _, other in hits
    )


def _inside(match: EntityMatch, container: EntityMatch | None) -> bool:
    """Whether `match` uses only words that the larger `container` match explains too."""
    return (
        container is not None and match.units <= container.units and len(container.units) > len(match.units)
    )


def _number_in(text: str) -> int | None:
    match = re.search(r"\d+", str(text))
    return int(match.group(0)) if match else None


def tokens_of(text: str) -> list[str]:
    """Unaccented tokens, for callers that need a quick comparison."""
    return plain_tokens(text)


def _purpose_positions(norm: Normalized, hits: list[tuple[str, IntentPattern, PhraseHit]]) -> set[int]:
    """Tokens of a purpose clause ("để ...", to the clause's end) that follows a request phrase: "bốc số
    để chờ tới lượt" asks for a ticket, "in phiếu số để bác xếp hàng" too."""
    tokens = norm.tokens
    requests = [min(hit.positions) for _, pattern, hit in hits if pattern.weight >= 4.0]
    for index, token in enumerate(tokens[:-1]):
        if (
            token != _PURPOSE
            or norm.marks[index] not in (None, _PURPOSE_MARKS)
            or tokens[index + 1] in _NOT_PURPOSE_AFTER
            or not any(start < index for start in requests)
        ):
            continue
        end = min((b for b in norm.breaks if b > index), default=len(tokens))
        return set(range(index + 1, end))
    return set()


def _counted_positions(norm: Normalized) -> set[int]:
    """Words right after a number of two or more: things counted, not addressed ("có 15 nhân viên")."""
    tokens = norm.tokens
    return {
        index
        for index in range(1, len(tokens))
        if (tokens[index - 1].isdigit() and int(tokens[index - 1]) >= 2) or tokens[index - 1] in _QUANTIFIERS
    }


def _never_positions(norm: Normalized) -> set[int]:
    """Where "bao giờ" says "never" ("chưa bao giờ", "chưa đi nước ngoài bao giờ"), not "when": right
    after a negation, or closing a negated clause."""
    tokens, never = norm.tokens, set()
    for index in range(len(tokens) - 1):
        if tokens[index : index + 2] != ["bao", "gio"]:
            continue
        start = max((b for b in norm.breaks if b <= index), default=0)
        before = tokens[max(start, index - 6) : index]
        after = tokens[index + 2] if index + 2 < len(tokens) and index + 2 not in norm.breaks else ""
        if (before and before[-1] in _NEGATIONS) or (
            any(t in _NEGATIONS for t in before) and after in ("", *_NEGATIONS, "ca")
        ):
            never.add(index)
    return never

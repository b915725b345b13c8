"""Vietnamese text normalisation: what citizens type and recognizers output, reduced to one form.

Every matcher of the NLU works on lower-case syllables without diacritics ("lam giay khai sinh"),
because a large share of citizens type without them and recognizers drop or confuse them. Before
that, this module repairs what is recoverable: Telex/VNI typed with the input method off
("lamf giaays"), words glued together, chat abbreviations ("ko", "cccd") and regional spellings
("dzậy", "hông"), all driven by the lexicon's data.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from receptionist_common.vietnamese_text import strip_diacritics
from receptionist_dialog.nlu.ages import age_phrases
from receptionist_dialog.nlu.matcher import DROPPED_MARK, mark_agreement
from receptionist_dialog.nlu.spoken_codes import spoken_codes

# Longest first, so "ngh" wins over "ng" and "n".
_INITIALS = (
    "ngh", "ng", "nh", "ch", "gh", "gi", "kh", "ph", "qu", "th", "tr",
    "b", "c", "d", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "x",
)  # fmt: skip
# Unaccented rhymes (vowel nucleus with its glide), e.g. "uoi" for "ươi"/"uôi".
_NUCLEI = (
    "a|ai|ao|au|ay|e|eo|eu|i|ia|iu|ie|ieu|o|oa|oai|oao|oay|oe|oeo|oi|u|ua|uay|ue|ui|uo|uoi|uou|uu|uy|"
    "uya|uyu|uye|y|ye|yeu"
)
_SYLLABLE_RE = re.compile(rf"^(?:{'|'.join(_INITIALS)})?(?:{_NUCLEI})(?:ch|ng|nh|c|m|n|p|t)?$")
_TELEX_TONES = set("sfrxj")
_VOWELS = set("aeiouy")
_APPLICATION_CODE_RE = re.compile(
    r"(?<![\w.])(\d{3})\s*[.,]?\s*(\d{2})\s*[.,]?\s*(\d{2})\s*[.,]?\s*([a-zA-Z]\s?\d{2})\s*[-–—_ ]?\s*(\d{6})"
    r"\s*[-–—_ ]?\s*(\d{4})(?![\w])"
)
_TOKEN_RE = re.compile(r"[^\W_]+", re.UNICODE)
# Where a clause ends: a request phrase does not run across it ("được không, bác chưa nghe rõ" says no
# "được chưa"). A point or comma between digits is part of a number ("10.000").
_CLAUSE_BREAK_RE = re.compile(r"[;:!?…\n]|(?<!\d)[,.]|[,.](?!\d)")
MAX_INPUT_CHARS = 600


def has_diacritics(text: str) -> bool:
    return strip_diacritics(text) != text.lower()


_Y_SPELLING_RE = re.compile(r"^(ch|gh|kh|ph|th|tr|ng|nh|[bcdghklmnprstvx])y$")


def canonical_syllable(token: str) -> str:
    """One spelling for the i/y variants Vietnamese allows: "ký"/"kí", "lý"/"lí" -> "ki", "li"."""
    return token[:-1] + "i" if _Y_SPELLING_RE.match(token) else token


def is_syllable(token: str) -> bool:
    """Whether an unaccented token is a well-formed Vietnamese syllable."""
    return bool(_SYLLABLE_RE.match(token))


def decode_telex(token: str) -> str:
    """Undo Telex/VNI keystrokes typed with the input method off: "giaays" -> "giay", "dduwowcj"
    -> "duoc", "gia61y" -> "giay". Returns the token unchanged when it does not decode to a syllable.
    """
    if is_syllable(token) or not token.isascii():
        return token
    word = re.sub(r"(?<=[a-z])[1-9]+", "", token)  # VNI: "gia61y" -> "giay"
    if word.startswith("dd"):
        word = word[1:]
    initial = next((i for i in _INITIALS if word.startswith(i)), "")
    rest = word[len(initial) :]
    if not rest or (rest[0] not in _VOWELS and rest[0] != "w"):
        return token
    rest = "".join(ch for ch in rest if ch not in _TELEX_TONES)
    rest = re.sub(r"([aeo])\1", r"\1", rest)
    rest = re.sub(r"([aou])w", r"\1", rest).replace("w", "u")
    decoded = initial + rest
    return decoded if is_syllable(decoded) else token


def accent_marks(word: str) -> str | None:
    """The diacritics of a word, order-free ("hoà" and "hòa" agree), or None when it has none."""
    word = unicodedata.normalize("NFD", word.lower())
    marks = sorted(ch for ch in word if unicodedata.category(ch) == "Mn")
    if "đ" in word:
        marks.append("đ")
    return "".join(marks) or None


@dataclass
class Normalized:
    """One utterance reduced to unaccented syllables, with what was pulled out of it."""

    raw: str
    tokens: list[str]  # unaccented, repaired, abbreviations expanded
    marks: list[str | None]  # diacritics each token was typed with (None: typed without)
    expanded: list[str]  # tokens plus synonym expansions inserted after their phrase
    expanded_marks: list[str | None]
    origin: list[tuple[int, int]]  # for each expanded token, the span of `tokens` it stands for
    breaks: frozenset[int] = frozenset()  # tokens that begin a new clause (after a comma, a full stop)
    application_codes: list[str] = field(default_factory=list)
    had_diacritics: bool = False
    truncated: bool = False
    foreign_ratio: float = 0.0  # share of tokens that are not Vietnamese syllables

    @property
    def text(self) -> str:
        return " ".join(self.tokens)

    @property
    def expanded_breaks(self) -> frozenset[int]:
        """Clause starts among the expanded tokens: where each breaking token itself stands."""
        first: dict[int, int] = {}
        for index, (start, end) in enumerate(self.origin):
            if end == start + 1 and start in self.breaks:
                first.setdefault(start, index)
        return frozenset(first.values())


def clean_input(text: str) -> tuple[str, bool]:
    """Drop control characters and cap the length so garbage and huge inputs stay cheap."""
    text = unicodedata.normalize("NFC", text or "")
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    truncated = len(text) > MAX_INPUT_CHARS
    return text[:MAX_INPUT_CHARS], truncated


def extract_application_codes(text: str) -> tuple[list[str], str]:
    """Find codes like "000.00.12.H26-250801-0001" however they were spaced; return them canonical
    and the text with each code replaced by a marker token."""
    codes: list[str] = []

    def _take(match: re.Match[str]) -> str:
        a, b, c, d, e, f = match.groups()
        codes.append(f"{a}.{b}.{c}.{d.upper().replace(' ', '')}-{e}-{f}")  # "h 26": read out, then heard
        return " mahoso "

    text = _APPLICATION_CODE_RE.sub(_take, text)
    if not codes:  # read out in words ("không không không chấm ...")
        for start, end, symbols in reversed(spoken_codes(text)):
            if _APPLICATION_CODE_RE.search(symbols):
                text = text[:start] + _APPLICATION_CODE_RE.sub(_take, symbols) + text[end:]
        codes.reverse()
    return codes, text


_UNITS = {"mot": 1, "hai": 2, "ba": 3, "bon": 4, "tu": 4, "nam": 5, "lam": 5, "sau": 6, "bay": 7, "tam": 8,
          "chin": 9}  # fmt: skip


def number_phrases(tokens: list[str]) -> list[tuple[list[str], list[str]]]:
    """Spoken two-digit numbers and their digits ("tám mươi" -> "80", "mười lăm" -> "15"), so that
    a catalog name written with digits ("trợ cấp 80 tuổi") matches a sentence written in words."""
    found: list[tuple[list[str], list[str]]] = []
    for index, token in enumerate(tokens):
        if token != "muoi":
            continue
        tens = _UNITS.get(tokens[index - 1]) if index > 0 else None
        start = index - 1 if tens and tens > 1 else index
        value = (tens if tens and tens > 1 else 1) * 10
        end = index + 1
        if (end < len(tokens) and tokens[end] in _UNITS and tokens[end] != "tam") or (
            end < len(tokens) and tokens[end] == "tam" and end + 1 < len(tokens) and tokens[end + 1] == "tuoi"
        ):
            value += _UNITS[tokens[end]]
            end += 1
        found.append((tokens[start:end], [str(value)]))
    return found


Token = tuple[str, str | None]  # (unaccented syllable, its diacritics as typed)
TYPED_PLAIN = ""  # marks of a word typed without any, where the rest of the sentence has them
WELL_MARKED_SHARE = 0.5  # share of words typed with marks from which a sentence counts as marked
# Spellings no Vietnamese word has without diacritics: a checked syllable (-p, -t, -c, -ch) carries sắc or
# nặng, and the diphthongs are written iê, yê, uô/ươ.
_NEEDS_MARKS_RE = re.compile(r"(?:p|t|c|ch)$|ie|ye|(?<!q)uo")


def _well_marked(tokens: list[Token]) -> bool:
    """In a sentence typed with diacritics a word without any is that word ("mang" is no "mạng", "cho"
    no "chỗ"); in one typed without them, or only partly with them ("lịch" typed "lich"), it may be
    any word of those letters."""
    typed = [(token, marks) for token, marks in tokens if marks is not None]
    if not typed or sum(1 for _, marks in typed if marks) < WELL_MARKED_SHARE * len(typed):
        return False
    plain = [token for token, marks in typed if marks == TYPED_PLAIN and is_syllable(token)]
    return not any(_NEEDS_MARKS_RE.search(token) for token in plain)


def _unknown_plain_marks(tokens: list[Token]) -> list[Token]:
    return [(token, None if marks == TYPED_PLAIN else marks) for token, marks in tokens]


class TextNormalizer:
    """Applies the lexicon (abbreviations, regional spellings, synonyms) after the generic repairs."""

    def __init__(
        self,
        token_map: dict[str, list[str]],
        context_rules: list[dict],
        phrases: list[tuple[list[str], list[str]]],
        synonyms: list[tuple[list[str], list[str]]],
        protected: set[str],
        splittable: set[str],
        synonym_marks: dict[tuple[str, ...], list[str | None]] | None = None,
        age_limits: set[tuple[str, int]] | None = None,
    ) -> None:
        self._age_limits = age_limits or set()  # "dưới 14 tuổi" and the like, from the catalog's names
        # Diacritics of synonym keys written with them: "rơi mất" is not "rồi mắt" typed with marks.
        self._synonym_marks = synonym_marks or {}
        self._token_map = token_map  # token as typed -> replacement words (with diacritics)
        self._context_rules = context_rules
        self._phrases = sorted(phrases, key=lambda pair: -len(pair[0]))
        self._synonyms = sorted(synonyms, key=lambda pair: -len(pair[0]))
        self._protected = protected  # loan words and codes never "repaired"
        self._splittable = splittable  # syllables a glued token may be split into

    def _untransposed(self, token: str) -> str | None:
        """A known syllable that `token` is with two neighbouring letters swapped ("cuco" -> "cuoc")."""
        for i in range(len(token) - 1):
            swapped = token[:i] + token[i + 1] + token[i] + token[i + 2 :]
            if swapped != token and swapped in self._splittable:
                return swapped
        return None

    def _split_glued(self, token: str) -> list[str]:
        """ "khaisinh" -> ["khai", "sinh"] when both halves are known syllables."""
        if len(token) < 4:
            return [token]
        for cut in range(2, len(token) - 1):
            left, right = token[:cut], token[cut:]
            if left in self._splittable and right in self._splittable:
                return [left, right]
        return [token]

    def _known(self, plain: str) -> bool:
        return plain in self._protected or plain in self._splittable

    def _mapped(self, key: str) -> list[Token]:
        return [
            (canonical_syllable(strip_diacritics(word)), accent_marks(word)) for word in self._token_map[key]
        ]

    def _map_token(self, typed: str) -> list[Token]:
        return [(canonical_syllable(t), m) for t, m in self._map_raw_token(typed)]

    def _map_raw_token(self, typed: str) -> list[Token]:
        if typed in self._token_map:
            return self._mapped(typed)
        plain = strip_diacritics(typed)
        if plain != typed and not is_syllable(plain) and not self._known(plain):
            collapsed = re.sub(r"([a-z])\1", r"\1", plain)  # "giia" typed with marks: "giịa"
            if collapsed != plain and is_syllable(collapsed):
                return [(collapsed, accent_marks(typed))]
        if plain != typed or plain in self._protected or plain.isdigit():
            return [(plain, accent_marks(typed))]
        if re.fullmatch(r"[a-z]+\d+", plain) and not is_syllable(decode_telex(plain)):
            word, number = re.match(r"([a-z]+)(\d+)", plain).groups()  # type: ignore[union-attr]
            if is_syllable(decode_telex(word)):  # "quay3" -> "quay 3"
                return [(decode_telex(word), None), (number, None)]
        decoded = decode_telex(plain)
        if decoded != plain:
            return self._mapped(decoded) if decoded in self._token_map else [(decoded, None)]
        if not is_syllable(plain) and plain not in self._splittable:
            collapsed = re.sub(r"([a-z])\1", r"\1", plain)  # "siinh" -> "sinh", "giia" -> "gia"
            if collapsed != plain and is_syllable(collapsed):
                return [(collapsed, None)]
            untransposed = self._untransposed(plain)
            if untransposed:
                return [(untransposed, None)]
            return [(part, None) for part in self._split_glued(plain)]
        return [(plain, TYPED_PLAIN)]

    def _apply_context_rules(self, tokens: list[Token]) -> list[Token]:
        out: list[Token] = []
        for index, (token, marks) in enumerate(tokens):
            replacement: list[Token] = [(token, marks)]
            for rule in self._context_rules:
                if token != rule["from"]:
                    continue
                before = out[-1][0] if out else ""
                after = tokens[index + 1][0] if index + 1 < len(tokens) else ""
                if before in rule.get("unless_after", ()) or after in rule.get("unless_before", ()):
                    continue
                trailing = rule.get("trailing", ())
                if rule.get("only_last") and not all(word in trailing for word, _ in tokens[index + 1 :]):
                    continue
                if rule.get("plain_only") and marks:
                    continue  # typed with diacritics: the word as written ("nhà" is no "nha")
                replacement = [(word, None) for word in rule["to"].split()]
                break
            out.extend(replacement)
        return out

    def _marks_agree(self, typed: list[Token], phrase: list[str]) -> bool:
        expected = self._synonym_marks.get(tuple(phrase))
        if not expected:
            return True
        return all(
            want is None or got is None or mark_agreement(got, want) >= DROPPED_MARK
            for (_, got), want in zip(typed, expected, strict=False)
        )

    def _rewrite(
        self, tokens: list[Token], table: list[tuple[list[str], list[str]]], keep: bool
    ) -> tuple[list[Token], list[tuple[int, int]]]:
        """Replace (or, with `keep`, follow) each phrase of `table` by its counterpart; also return, for
        every output token, the span of input tokens it comes from."""
        plain = [t for t, _ in tokens]
        out: list[Token] = []
        origin: list[tuple[int, int]] = []
        index = 0
        while index < len(tokens):
            for phrase, replacement in table:
                end = index + len(phrase)
                if plain[index:end] == phrase and self._marks_agree(tokens[index:end], phrase):
                    if keep:
                        out += tokens[index:end]
                        origin += [(i, i + 1) for i in range(index, end)]
                    out += [(word, None) for word in replacement]
                    origin += [(index, end)] * len(replacement)
                    index = end
                    break
            else:
                out.append(tokens[index])
                origin.append((index, index + 1))
                index += 1
        return out, origin

    def normalize(self, text: str) -> Normalized:
        cleaned, truncated = clean_input(text if isinstance(text, str) else "")
        codes, cleaned = extract_application_codes(cleaned)
        clauses = [
            [token for typed in _TOKEN_RE.findall(part) for token in self._map_token(typed)]
            for part in _CLAUSE_BREAK_RE.split(cleaned.lower())
        ]
        marked = _well_marked([token for clause in clauses for token in clause])
        pairs: list[Token] = []
        breaks: set[int] = set()
        for clause in clauses:
            clause = clause if marked else _unknown_plain_marks(clause)
            clause, _ = self._rewrite(clause, self._phrases, keep=False)
            clause = self._apply_context_rules(clause)
            if pairs and clause:
                breaks.add(len(pairs))
            pairs.extend(clause)
        tokens = [t for t, _ in pairs]
        foreign = sum(
            1 for t in tokens if not is_syllable(t) and not t.isdigit() and t not in self._protected
        )
        table = self._synonyms + number_phrases(tokens) + age_phrases(tokens, self._age_limits)
        expanded, origin = self._rewrite(pairs, sorted(table, key=lambda pair: -len(pair[0])), keep=True)
        return Normalized(
            raw=text if isinstance(text, str) else "",
            tokens=tokens,
            marks=[m for _, m in pairs],
            expanded=[t for t, _ in expanded],
            expanded_marks=[m for _, m in expanded],
            origin=origin,
            breaks=frozenset(breaks),
            application_codes=codes,
            had_diacritics=has_diacritics(cleaned),
            truncated=truncated,
            foreign_ratio=foreign / len(tokens) if tokens else 0.0,
        )

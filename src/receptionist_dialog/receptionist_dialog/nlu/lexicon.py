"""Load the NLU's language data (lexicon and intent patterns) from YAML into matcher-ready form."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import yaml

from receptionist_dialog.nlu.text import accent_marks, canonical_syllable, has_diacritics, strip_diacritics


def plain_tokens(text: str) -> list[str]:
    """Unaccented tokens of a lexicon entry ("Sổ đỏ" -> ["so", "do"])."""
    return [canonical_syllable(t) for t in strip_diacritics(str(text)).replace("-", " ").split()]


def phrase_marks(text: str) -> list[str | None]:
    """Diacritics of each syllable of a phrase written with them; all None if written without."""
    words = str(text).replace("-", " ").split()
    if not has_diacritics(str(text)):
        return [None] * len(words)
    return [accent_marks(word) or "" for word in words]


def _data_path(name: str) -> Path:
    return Path(str(resources.files("receptionist_dialog") / "data" / name))


@dataclass
class Lexicon:
    token_map: dict[str, list[str]]
    context_rules: list[dict]
    phrases: list[tuple[list[str], list[str]]]
    synonyms: list[tuple[list[str], list[str]]]
    synonym_marks: dict[tuple[str, ...], list[str | None]]  # keys written with diacritics: their marks
    protected: set[str]
    fillers: set[str]
    transparent: set[str] = field(default_factory=set)  # words that do not part a phrase (with fillers)


@dataclass
class IntentPattern:
    tokens: list[str]
    marks: list[str | None]  # diacritics of each syllable as written (None: unknown)
    weight: float
    text: str = ""  # the phrase as written, so it is normalised like a citizen typing it so
    implicit: bool = False  # only suggests the intent ("cái số"): a named procedure's question outweighs it


@dataclass
class IntentSpec:
    name: str
    kind: str  # "procedure", "service", "social", "meta", "answer"
    patterns: list[IntentPattern] = field(default_factory=list)


def load_lexicon(path: str | Path | None = None) -> Lexicon:
    """Read the lexicon YAML (the package's own when `path` is empty)."""
    data = yaml.safe_load(Path(path or _data_path("lexicon.yaml")).read_text(encoding="utf-8")) or {}
    token_map = {
        str(key).lower(): str(value).lower().split() for key, value in (data.get("tokens") or {}).items()
    }
    rules = []
    for rule in data.get("context_rules") or []:
        rules.append(
            {
                "from": strip_diacritics(rule["from"]),
                "to": strip_diacritics(rule["to"]),
                "unless_after": {strip_diacritics(t) for t in rule.get("unless_after", [])},
                "unless_before": {strip_diacritics(t) for t in rule.get("unless_before", [])},
                "only_last": bool(rule.get("only_last", False)),
                # words that may still follow an "only_last" word ("cảm ơn nha em")
                "trailing": {strip_diacritics(t) for t in rule.get("trailing", [])},
                "plain_only": bool(rule.get("plain_only", False)),  # only when typed without diacritics
            }
        )
    phrases = [(plain_tokens(k), plain_tokens(v)) for k, v in (data.get("phrases") or {}).items()]
    synonyms = [(plain_tokens(k), plain_tokens(v)) for k, v in (data.get("synonyms") or {}).items()]
    synonym_marks = {
        tuple(plain_tokens(k)): phrase_marks(k) for k in data.get("synonyms") or {} if has_diacritics(str(k))
    }
    return Lexicon(
        token_map=token_map,
        context_rules=rules,
        phrases=phrases,
        synonyms=synonyms,
        synonym_marks=synonym_marks,
        protected={strip_diacritics(str(w)) for w in data.get("protected") or []},
        fillers={strip_diacritics(str(w)) for w in data.get("fillers") or []},
        transparent={strip_diacritics(str(w)) for w in data.get("transparent") or []},
    )


def load_intents(path: str | Path | None = None) -> dict[str, IntentSpec]:
    """Read the intent patterns YAML: for each intent, weighted groups of phrases."""
    data = yaml.safe_load(Path(path or _data_path("intents.yaml")).read_text(encoding="utf-8")) or {}
    specs: dict[str, IntentSpec] = {}
    for name, entry in (data.get("intents") or {}).items():
        spec = IntentSpec(name=name, kind=entry.get("kind", "procedure"))
        for group in entry.get("patterns") or []:
            weight = float(group["weight"])
            implicit = bool(group.get("implicit", False))
            for phrase in group["phrases"]:
                spec.patterns.append(
                    IntentPattern(
                        tokens=plain_tokens(phrase),
                        marks=phrase_marks(phrase),
                        weight=weight,
                        text=str(phrase),
                        implicit=implicit,
                    )
                )
        specs[name] = spec
    return specs

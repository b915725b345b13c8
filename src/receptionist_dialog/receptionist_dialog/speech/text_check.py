"""What the TTS accepts to say: clean Unicode text with letters in it, of a bounded length.

A SayRequest can come from any node (or a person with a CLI): empty text, control characters, binary
junk or a whole document must be refused or trimmed with a reason, never read out or crash espeak-ng.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Characters that belong in spoken text besides letters, digits and spaces.
_SPEAKABLE_PUNCTUATION = set(".,;:!?…-–—'\"()/%&+«»“”‘’")
_SENTENCE_END_RE = re.compile(r"[.!?…](?=\s|$)")


@dataclass(frozen=True)
class TextVerdict:
    text: str  # what to say ("" when refused)
    problem: str = ""  # why it was refused ("" when accepted)
    note: str = ""  # what was changed, e.g. truncation


def _is_speakable(ch: str) -> bool:
    return ch.isalnum() or ch.isspace() or ch in _SPEAKABLE_PUNCTUATION


def _truncate(text: str, max_chars: int) -> str:
    """Cut at the last sentence end before `max_chars`, else at the last space, else hard."""
    head = text[:max_chars]
    ends = [m.end() for m in _SENTENCE_END_RE.finditer(head)]
    if ends and ends[-1] > max_chars // 3:
        return head[: ends[-1]].strip()
    space = head.rfind(" ")
    return (head[:space] if space > max_chars // 3 else head).strip()


def prepare_for_speech(text: object, max_chars: int = 1000, min_speakable_ratio: float = 0.7) -> TextVerdict:
    """Normalize `text` for espeak-ng, or refuse it with a reason a log reader understands."""
    if not isinstance(text, str):
        return TextVerdict("", f"text is {type(text).__name__}, not a string")
    text = unicodedata.normalize("NFC", text)
    # Control characters (NUL, escape sequences...) become spaces; newlines and tabs are spaces too.
    text = "".join(" " if unicodedata.category(ch).startswith("C") else ch for ch in text)
    text = " ".join(text.split())
    if not text:
        return TextVerdict("", "empty text")
    if not any(ch.isalpha() for ch in text):
        return TextVerdict("", f"no letters to speak in {text[:40]!r}")
    speakable = sum(1 for ch in text if _is_speakable(ch))
    if speakable / len(text) < min_speakable_ratio:
        return TextVerdict(
            "", f"looks like garbage ({speakable}/{len(text)} speakable characters): {text[:40]!r}"
        )
    if len(text) > max_chars:
        cut = _truncate(text, max_chars)
        return TextVerdict(cut, note=f"truncated from {len(text)} to {len(cut)} characters")
    return TextVerdict(text)

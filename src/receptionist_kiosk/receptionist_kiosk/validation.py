"""Validation of what the page POSTs: typed text is untrusted input from a public touchscreen."""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass

SOURCES = ("screen", "button")

# Polite Vietnamese messages shown on the page next to the input box.
MSG_EMPTY = "Anh/chị vui lòng nhập câu hỏi trước khi bấm Gửi ạ."
MSG_MALFORMED = "Xin lỗi, yêu cầu gửi lên không hợp lệ. Mời anh/chị thử lại ạ."
MSG_TOO_LARGE = "Xin lỗi, nội dung quá dài. Mời anh/chị nhập câu hỏi ngắn hơn ạ."


class RequestError(ValueError):
    """A request the kiosk refuses; `status` is the HTTP status, `code` a stable machine-readable reason."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message

    def body(self) -> dict[str, object]:
        return {"ok": False, "error": self.code, "message": self.message}


@dataclass(frozen=True)
class AskRequest:
    text: str
    session_id: str = ""
    source: str = "screen"
    truncated: bool = False


def clean_text(raw: str, max_chars: int) -> tuple[str, bool]:
    """NFC-normalize (some keyboards send combining diacritics), drop control characters, collapse spaces,
    and cap the length at a word boundary. Returns (text, truncated)."""
    text = unicodedata.normalize("NFC", raw)
    text = "".join(" " if unicodedata.category(ch).startswith(("C", "Z")) else ch for ch in text)
    text = " ".join(text.split())
    if len(text) <= max_chars:
        return text, False
    cut = text[:max_chars]
    space = cut.rfind(" ")
    if space > max_chars // 2:
        cut = cut[:space]
    return cut.rstrip(), True


def check_body_size(content_length: str | None, max_body_bytes: int) -> int:
    """The body length to read; refuses a missing, malformed or oversized Content-Length."""
    if content_length is None:
        raise RequestError(411, "length_required", MSG_MALFORMED)
    try:
        length = int(content_length)
    except ValueError as error:
        raise RequestError(400, "bad_content_length", MSG_MALFORMED) from error
    if length < 0:
        raise RequestError(400, "bad_content_length", MSG_MALFORMED)
    if length > max_body_bytes:
        raise RequestError(413, "body_too_large", MSG_TOO_LARGE)
    return length


def parse_ask(body: bytes, content_type: str | None, max_chars: int) -> AskRequest:
    """Parse a POST /api/ask body: a JSON object {"text": str, "session_id"?: str, "source"?: str}."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise RequestError(415, "unsupported_media_type", MSG_MALFORMED)
    try:
        document = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise RequestError(400, "malformed_json", MSG_MALFORMED) from error
    if not isinstance(document, dict):
        raise RequestError(400, "not_an_object", MSG_MALFORMED)
    raw_text = document.get("text")
    if not isinstance(raw_text, str):
        raise RequestError(400, "text_missing", MSG_MALFORMED)
    session_id = document.get("session_id", "")
    source = document.get("source", "screen")
    if not isinstance(session_id, str) or len(session_id) > 128:
        raise RequestError(400, "bad_session_id", MSG_MALFORMED)
    if source not in SOURCES:
        raise RequestError(400, "bad_source", MSG_MALFORMED)
    text, truncated = clean_text(raw_text, max_chars)
    if not text:
        raise RequestError(400, "empty_text", MSG_EMPTY)
    return AskRequest(text=text, session_id=session_id.strip(), source=source, truncated=truncated)

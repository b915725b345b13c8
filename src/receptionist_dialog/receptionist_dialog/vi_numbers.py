"""Read numbers the way a Hanoi receptionist says them aloud.

espeak-ng reads "25.000" digit group by digit group and "0042" as a string of zeros; citizens expect
"hai mươi lăm nghìn đồng" and "số bốn mươi hai". These functions turn numbers (and the numbers inside
free catalog text such as fees, dates and hours) into words, northern (Hanoi) usage: "nghìn", "linh",
"mốt", "tư", "lăm".
"""

from __future__ import annotations

import math
import re

_DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
_SCALES = ["", "nghìn", "triệu", "tỷ"]
# Vietnamese names of Latin letters, for ticket prefixes and codes ("A1" -> "A một").
_LETTERS = {
    "a": "a", "b": "bê", "c": "xê", "d": "đê", "đ": "đê", "e": "e", "f": "ép", "g": "gờ", "h": "hát",
    "i": "i", "j": "gi", "k": "ca", "l": "lờ", "m": "mờ", "n": "nờ", "o": "o", "p": "pê", "q": "quy",
    "r": "rờ", "s": "ét", "t": "tê", "u": "u", "v": "vê", "w": "vê kép", "x": "ích", "y": "i dài",
    "z": "dét",
}  # fmt: skip


def _read_tens_units(tens: int, units: int, *, after_hundred: bool) -> list[str]:
    words: list[str] = []
    if tens == 0:
        if units:
            if after_hundred:
                words.append("linh")
            words.append(_DIGITS[units])
        return words
    if tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 4 and tens > 1:
        words.append("tư")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(_DIGITS[units])
    return words


def _read_group(value: int, *, leading: bool) -> list[str]:
    """Read 0..999; a non-leading group keeps its zero hundreds ("không trăm linh năm")."""
    hundreds, rest = divmod(value, 100)
    tens, units = divmod(rest, 10)
    words: list[str] = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    words += _read_tens_units(tens, units, after_hundred=bool(words))
    return words


def read_integer(value: int) -> str:
    """Words for an integer: 105 -> "một trăm linh năm", 2025 -> "hai nghìn không trăm hai mươi lăm"."""
    if value < 0:
        return "âm " + read_integer(-value)
    if value == 0:
        return "không"
    if value >= 1000**4:
        billions, rest = divmod(value, 1000**3)
        tail = read_integer(rest) if rest else ""
        return (read_integer(billions) + " tỷ " + tail).strip()
    groups: list[int] = []
    while value:
        value, group = divmod(value, 1000)
        groups.append(group)
    words: list[str] = []
    top = len(groups) - 1
    for index in range(top, -1, -1):
        group = groups[index]
        if group == 0:
            continue
        lower_nonzero = any(groups[:index])
        words += _read_group(group, leading=index == top)
        if index:
            words.append(_SCALES[index])
        if not lower_nonzero:
            break
    return " ".join(words)


def read_digits(text: str) -> str:
    """Digit by digit, for phone numbers and codes: "1022" -> "một không hai hai"."""
    return " ".join(_DIGITS[int(ch)] for ch in text if ch.isdigit())


def read_decimal(text: str) -> str:
    """ "0,5" or "2.5" (a decimal with one separator) -> "không phẩy năm"."""
    whole, _, frac = re.split(r"([.,])", text, maxsplit=1)
    words = read_integer(int(whole))
    if frac:
        frac_words = read_integer(int(frac)) if not frac.startswith("0") else read_digits(frac)
        words += " phẩy " + frac_words
    return words


def read_money(amount_vnd: int) -> str:
    """25000 -> "hai mươi lăm nghìn đồng"; 0 -> "miễn phí"."""
    if amount_vnd == 0:
        return "miễn phí"
    return read_integer(amount_vnd) + " đồng"


def format_money(amount_vnd: int) -> str:
    """25000 -> "25.000 đồng" for the screen."""
    if amount_vnd == 0:
        return "miễn phí"
    return f"{amount_vnd:,}".replace(",", ".") + " đồng"


def read_ordinal_day(day: int) -> str:
    """Days of the month 1..10 are said with "mùng"."""
    return ("mùng " if day <= 10 else "") + read_integer(day)


def read_month(month: int) -> str:
    return "tháng " + ("tư" if month == 4 else read_integer(month))


def read_date(day: int, month: int, year: int | None = None) -> str:
    words = f"ngày {read_ordinal_day(day)} {read_month(month)}"
    if year is not None:
        words += " năm " + read_integer(year)
    return words


def read_letters_and_digits(code: str) -> str:
    """ "A1" -> "A một", "B12" -> "bê mười hai": letters by name, digit runs as numbers."""
    words: list[str] = []
    for run in re.findall(r"\d+|[^\W\d_]", code):
        if run.isdigit():
            words.append(read_integer(int(run)) if not run.startswith("0") else read_digits(run))
        else:
            words.append(run.upper() if run.lower() in "aeiou" else _LETTERS.get(run.lower(), run))
    return " ".join(words)


def read_ticket(ticket: str) -> str:
    """ "1-0042" -> "một gạch bốn mươi hai", "A1-0042" -> "A một gạch bốn mươi hai": the prefix as
    printed, the day's sequence as a number without its leading zeros."""
    prefix, sep, number = ticket.rpartition("-")
    if not sep:
        prefix, number = "", ticket
    if not number.isdigit():
        return read_letters_and_digits(ticket)
    spoken = read_integer(int(number))
    if prefix:
        spoken = read_letters_and_digits(prefix) + " gạch " + spoken
    return spoken


def read_duration(seconds: float) -> str:
    """A wait as a person says it: "khoảng mười lăm phút", "khoảng một tiếng rưỡi"."""
    if seconds is None or math.isnan(seconds) or seconds < 0:
        return "chưa rõ bao lâu"
    if seconds < 60:
        return "chưa đến một phút"
    minutes = round(seconds / 60.0)
    if minutes < 60:
        if minutes > 10:
            minutes = round(minutes / 5.0) * 5
        return "khoảng " + read_integer(minutes) + " phút"
    hours, rest = divmod(round(minutes / 15.0) * 15, 60)
    spoken = "khoảng " + read_integer(hours) + " tiếng"
    if rest == 30:
        spoken += " rưỡi"
    elif rest:
        spoken += " " + read_integer(rest) + " phút"
    return spoken


def format_duration(seconds: float) -> str:
    """The same wait for the screen: "khoảng 15 phút"."""
    if seconds is None or math.isnan(seconds) or seconds < 0:
        return "chưa rõ bao lâu"
    if seconds < 60:
        return "chưa đến 1 phút"
    minutes = round(seconds / 60.0)
    if minutes < 60:
        if minutes > 10:
            minutes = round(minutes / 5.0) * 5
        return f"khoảng {minutes} phút"
    hours, rest = divmod(round(minutes / 15.0) * 15, 60)
    return f"khoảng {hours} giờ" + (f" {rest} phút" if rest else "")


# --- numbers inside free text ---------------------------------------------------------------------

_CURRENCY = r"(?:đồng|đ|vnđ|vnd|VNĐ|VND)\b"
_TEXT_PATTERNS: list[tuple[str, str]] = [
    ("date", r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b"),
    ("clock", r"\b(\d{1,2})(?::|h|giờ\s?)(\d{2})\b"),
    ("hour", r"\b(\d{1,2})h\b"),
    ("percent", r"\b(\d+(?:[.,]\d+)?)\s?%"),
    ("phone", r"\b0\d{2,3}[.\s]?\d{3,4}(?:[.\s]?\d{3,4})?\b|\b1[89]00\d{4,6}\b"),
    ("money", r"\b(\d{1,3}(?:\.\d{3})+|\d+)\s?" + _CURRENCY),
    ("grouped", r"\b\d{1,3}(?:\.\d{3})+\b(?![.,]?\d)"),
    ("decimal", r"\b\d+,\d+\b"),
    ("integer", r"\b\d+\b"),
    ("slash", r"(?<=\w)/(?=\w)"),
]
_TEXT_RE = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TEXT_PATTERNS))


def _to_int(text: str) -> int:
    return int(text.replace(".", ""))


def _verbalize_match(match: re.Match[str]) -> str:
    kind = match.lastgroup
    text = match.group(0)
    if kind == "date":
        day, month, year = (int(part) for part in re.findall(r"\d+", text))
        if 1 <= day <= 31 and 1 <= month <= 12:
            return read_date(day, month, year)
        return " trên ".join(read_integer(int(part)) for part in re.findall(r"\d+", text))
    if kind == "clock":
        hour, minute = (int(part) for part in re.findall(r"\d+", text))
        return f"{read_integer(hour)} giờ" + (f" {read_integer(minute)}" if minute else "")
    if kind == "hour":
        return f"{read_integer(int(text[:-1]))} giờ"
    if kind == "percent":
        number = text.rstrip("% ")
        return (read_decimal(number) if re.search(r"[.,]", number) else read_integer(int(number))) + (
            " phần trăm"
        )
    if kind == "money":
        number = re.match(r"[\d.]+", text).group(0)  # type: ignore[union-attr]
        return read_integer(_to_int(number)) + " đồng"
    if kind == "grouped":
        return read_integer(_to_int(text))
    if kind == "phone":
        return read_digits(text)
    if kind == "decimal":
        return read_decimal(text)
    if kind == "integer":
        if (len(text) > 1 and text.startswith("0")) or len(text) > 9:
            return read_digits(text)
        return read_integer(int(text))
    if kind == "slash":
        return ", "
    return text


def verbalize(text: str) -> str:
    """Spell out the numbers of a sentence for speech: fees, dates, hours, percentages, phones.

    "Lệ phí 2.000 đ/trang từ 15:00" -> "Lệ phí hai nghìn đồng mỗi trang từ mười lăm giờ".
    """
    text = re.sub(r"(\d)\s?(?:đ|đồng)\s?/\s?(?=[^\W\d])", r"\1 đồng mỗi ", text)
    text = re.sub(r"\b([Aa]nh)/chị\b", r"\1 chị", text)
    spoken = _TEXT_RE.sub(_verbalize_match, text)
    return re.sub(r"\s{2,}", " ", spoken).strip()

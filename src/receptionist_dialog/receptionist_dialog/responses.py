"""What the robot says: polite Vietnamese, for the screen (digits) and for the voice (numbers in words).

Every answer is built once as segments; plain text segments are spelled out for speech by
`vi_numbers.verbalize`, and the special ones (ticket numbers, money, waits, dates) carry both forms.
The address term follows the citizen: "anh/chị" by default, "bác" for an elderly person.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from receptionist_dialog import vi_numbers

FEE_UNKNOWN = -1


@dataclass
class Utterance:
    display: str  # for the screen and the logs: digits, "1-0042", "25.000 đồng"
    speech: str  # for the TTS: every number in words


@dataclass
class Address:
    """How the robot calls the citizen."""

    you: str = "anh/chị"

    @property
    def You(self) -> str:  # noqa: N802 - the capitalised form, at the start of a sentence
        return self.you[:1].upper() + self.you[1:]


ELDERLY = Address("bác")
DEFAULT = Address("anh/chị")


class Builder:
    """Accumulates an answer's segments in both forms."""

    def __init__(self, address: Address) -> None:
        self.address = address
        self._display: list[str] = []
        self._speech: list[str] = []

    def text(self, text: str) -> Builder:
        text = _address(text, self.address)
        self._display.append(text)
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        self._speech.append(lead + speakable(core) + trail if core else text)
        return self

    def pair(self, display: str, speech: str) -> Builder:
        self._display.append(display)
        self._speech.append(speech)
        return self

    def build(self) -> Utterance:
        return Utterance(_tidy("".join(self._display)), _tidy("".join(self._speech)))


def _address(text: str, address: Address) -> str:
    """Catalog texts say "anh/chị"; an elderly citizen is "bác"."""
    if address.you == "anh/chị":
        return text
    text = re.sub(r"(?<![\w/])Anh/chị(?![\w/])", address.You, text)
    return re.sub(r"(?<![\w/])anh/chị(?![\w/])", address.you, text)


def _tidy(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return re.sub(r"\s+([,.?!;:])", r"\1", text)


def speakable(text: str) -> str:
    """The spoken form of a display text: numbers in words, no symbols read aloud."""
    text = re.sub(r"\s[-–]\s", ", ", text)
    return vi_numbers.verbalize(text)


def counter_phrase(counter_name: str, counter_id: str) -> str:
    """ "Quầy số 1 - Hộ tịch" as given by the catalog; the id only when no name is known."""
    if counter_name:
        return (
            counter_name[:1].lower() + counter_name[1:] if counter_name.startswith("Quầy") else counter_name
        )
    number = re.search(r"\d+", counter_id or "")
    return f"quầy số {number.group(0)}" if number else "quầy tiếp nhận"


def _sentence(text: str) -> str:
    text = text.strip()
    if text and text[-1] not in ".?!":
        text += "."
    return text[:1].upper() + text[1:] if text else text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text and not text[:2].isupper() else text


# --- the answers ---------------------------------------------------------------------------------


def greeting(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(f"Dạ, em chào {a.you} ạ. Em là robot lễ tân. {a.You} cần làm thủ tục gì, hay cần em giúp gì ạ?")
        .build()
    )


def greeting_again(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, em chào {a.you} ạ. {a.You} cần em giúp gì ạ?").build()


def invite_question(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, em nghe đây ạ. {a.You} cần hỏi thủ tục gì, hay cần em giúp gì ạ?").build()


def ask_which_procedure(a: Address, intent: str, examples: list[str]) -> Utterance:
    what = {
        "ask_documents": "chuẩn bị giấy tờ cho",
        "ask_fee": "hỏi lệ phí của",
        "ask_processing_time": "hỏi thời gian giải quyết của",
        "take_ticket": "lấy số cho",
        "queue_status": "xem hàng chờ của",
    }.get(intent, "làm")
    hint = ""
    if examples:
        hint = " Ví dụ: " + ", ".join(_lower_first(e) for e in examples[:3]) + "."
    return Builder(a).text(f"Dạ, {a.you} muốn {what} thủ tục nào ạ?{hint}").build()


def clarify(a: Address, names: list[str]) -> Utterance:
    b = Builder(a).text(f"Dạ, {a.you} muốn hỏi thủ tục nào ạ: ")
    parts = [f"{_lower_first(name)}" for name in names]
    if len(parts) == 2:
        b.text(f"{parts[0]}, hay {parts[1]}?")
    else:
        b.text(", ".join(parts[:-1]) + f", hay {parts[-1]}?")
    return b.build()


def location(a: Address, procedure: dict, offer: str) -> Utterance:
    counter = counter_phrase(procedure.get("counter_name", ""), procedure.get("counter_id", ""))
    b = Builder(a).text(f"Dạ, thủ tục {_lower_first(procedure['name'])} {a.you} nộp hồ sơ tại {counter} ạ.")
    return _with_offer(b, offer).build()


def field_location(a: Address, field_name: str, counter_name: str, counter_id: str, offer: str) -> Utterance:
    counter = counter_phrase(counter_name, counter_id)
    b = Builder(a).text(f"Dạ, các thủ tục về {_lower_first(field_name)} {a.you} nộp tại {counter} ạ.")
    return _with_offer(b, offer).build()


def counter_location(a: Address, counter_name: str, counter_id: str, offer: str) -> Utterance:
    b = Builder(a).text(f"Dạ, {counter_phrase(counter_name, counter_id)} đây ạ.")
    return _with_offer(b, offer).build()


def _with_offer(b: Builder, offer: str) -> Builder:
    a = b.address
    if offer == "guide":
        b.text(f" {a.You} có muốn em dẫn đến quầy không ạ?")
    elif offer == "ticket_and_guide":
        b.text(f" {a.You} có muốn em lấy số thứ tự và dẫn {a.you} đến quầy không ạ?")
    elif offer == "place":
        b.text(f" {a.You} có muốn em dẫn đến đó không ạ?")
    return b


def documents(a: Address, procedure: dict) -> Utterance:
    docs = [d.strip().rstrip(".;") for d in procedure.get("documents") or [] if d.strip()]
    name = _lower_first(procedure["name"])
    counter = counter_phrase(procedure.get("counter_name", ""), procedure.get("counter_id", ""))
    b = Builder(a)
    if not docs:
        b.text(f"Dạ, em chưa có danh sách giấy tờ của thủ tục {name}. ")
        b.text(f"{a.You} vui lòng hỏi cán bộ tại {counter} ạ.")
        return b.build()
    b.text(f"Dạ, để làm thủ tục {name}, {a.you} cần mang: ")
    for index, doc in enumerate(docs, 1):
        separator = "; " if index < len(docs) else ". "
        b.pair(f"{index}) ", f"{_ordinal_word(index, len(docs))}, ")
        b.text(_lower_first(doc) + separator)
    b.text(f"Hồ sơ nộp tại {counter} ạ.")
    return b.build()


def _ordinal_word(index: int, total: int) -> str:
    if total == 1:
        return ""
    return {1: "thứ nhất", 2: "thứ hai", 3: "thứ ba", 4: "thứ tư"}.get(
        index, "thứ " + vi_numbers.read_integer(index)
    )


def fee(a: Address, procedure: dict) -> Utterance:
    name = _lower_first(procedure["name"])
    counter = counter_phrase(procedure.get("counter_name", ""), procedure.get("counter_id", ""))
    amount = int(procedure.get("fee_vnd", FEE_UNKNOWN))
    text = (procedure.get("fee_text") or "").strip()
    # "Mức lệ phí chưa được xác nhận…" after "về lệ phí thủ tục X:" would say "lệ phí" twice.
    topic = "" if "phí" in text.lower().split()[:4] else "lệ phí "
    b = Builder(a).text(f"Dạ, về {topic}thủ tục {name}: ")
    if text:
        b.text(_polite(_lower_first(_sentence(text))))
    elif amount == 0:
        b.text("thủ tục này miễn lệ phí ạ.")
    elif amount > 0:
        b.pair(vi_numbers.format_money(amount), vi_numbers.read_money(amount)).text(" ạ.")
    else:
        b.text(f"em chưa có thông tin chính xác. {a.You} vui lòng hỏi cán bộ tại {counter} ạ.")
    return b.build()


def processing_time(a: Address, procedure: dict) -> Utterance:
    name = _lower_first(procedure["name"])
    text = (procedure.get("processing_time") or "").strip()
    counter = counter_phrase(procedure.get("counter_name", ""), procedure.get("counter_id", ""))
    b = Builder(a)
    if text.lower().startswith("thời gian"):  # "Thời gian giải quyết chưa được xác nhận…"
        b.text(f"Dạ, về thủ tục {name}: {_polite(_lower_first(_sentence(text)))}")
    elif text:
        b.text(f"Dạ, thời gian giải quyết thủ tục {name}: {_polite(_lower_first(_sentence(text)))}")
    else:
        b.text(f"Dạ, em chưa có thông tin về thời gian giải quyết thủ tục {name}. ")
        b.text(f"{a.You} vui lòng hỏi cán bộ tại {counter} ạ.")
    return b.build()


def _polite(text: str) -> str:
    """A catalog sentence closed with "ạ", the polite particle ("… hỏi tại quầy ạ.")."""
    if not text.endswith(".") or re.search(r"\bạ\.$", text):
        return text
    return text[:-1] + " ạ."


def ticket(a: Address, number: str, counter_name: str, counter_id: str, ahead: int, wait_s: float,
           duplicate: bool, offer: str) -> Utterance:  # fmt: skip
    counter = counter_phrase(counter_name, counter_id)
    b = Builder(a)
    b.text(f"Dạ, {a.you} đã có số rồi ạ: số " if duplicate else f"Dạ, em đã lấy số cho {a.you}: số ")
    b.pair(number, vi_numbers.read_ticket(number)).text(f", tại {counter}. ")
    if ahead > 0:
        b.text(f"Phía trước còn {ahead} người, thời gian chờ ")
        b.pair(vi_numbers.format_duration(wait_s), vi_numbers.read_duration(wait_s)).text(" ạ.")
    else:
        b.text(f"Hiện không có ai chờ trước {a.you} ạ.")
    return _with_offer(b, offer).build()


def ticket_unavailable(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(
            "Dạ, em xin lỗi, hệ thống cấp số đang tạm gián đoạn. "
            f"{a.You} vui lòng lấy số ở máy lấy số hoặc hỏi cán bộ lễ tân giúp em ạ."
        )
        .build()
    )


def queue_one(a: Address, queue: object, own_ticket: str = "") -> Utterance:
    counter = counter_phrase(getattr(queue, "counter_name", ""), getattr(queue, "counter_id", ""))
    b = Builder(a).text(f"Dạ, {counter} ")
    serving = getattr(queue, "now_serving", "")
    if serving:
        b.text("đang phục vụ số ").pair(serving, vi_numbers.read_ticket(serving)).text(", ")
    waiting = int(getattr(queue, "waiting", 0))
    if waiting:
        b.text(f"còn {waiting} người đang chờ, thời gian chờ ")
        wait = float(getattr(queue, "estimated_wait_s", float("nan")))
        b.pair(vi_numbers.format_duration(wait), vi_numbers.read_duration(wait)).text(" ạ.")
    else:
        b.text("hiện không có ai chờ ạ.")
    if own_ticket:
        b.text(f" Số của {a.you} là ").pair(own_ticket, vi_numbers.read_ticket(own_ticket)).text(" ạ.")
    return b.build()


def queue_all(a: Address, total_waiting: int, busiest: str) -> Utterance:
    b = Builder(a)
    if total_waiting == 0:
        b.text("Dạ, hiện tại các quầy đều vắng, không có ai phải chờ ạ.")
    else:
        b.text(f"Dạ, hiện có tất cả {total_waiting} người đang chờ")
        b.text(f", đông nhất là {busiest}." if busiest else ".")
        b.text(f" {a.You} làm thủ tục gì để em xem quầy đó giúp ạ?")
    return b.build()


def queue_unavailable(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(f"Dạ, em chưa xem được hàng chờ lúc này. {a.You} vui lòng xem bảng số ở sảnh chờ ạ.")
        .build()
    )


def ask_application_code(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(
            f"Dạ, {a.you} đọc giúp em mã hồ sơ in trên giấy biên nhận, hoặc nhập mã trên màn hình ạ. "
            "Mã có dạng 000.00.12.H26-250801-0001."
        )
        .build()
    )


def application(a: Address, result: object) -> Utterance:
    name = getattr(result, "procedure_name", "")
    code = getattr(result, "application_code", "")
    state_text = getattr(result, "state_text", "") or "đang được giải quyết"
    b = Builder(a).text("Dạ, ")
    if _lower_first(state_text).startswith("hồ sơ"):
        # The center's text is a whole sentence about "Hồ sơ <procedure> của anh/chị": say it as is,
        # after the code on the screen (read aloud, the code is a long digit string).
        b.pair(f"mã {code}: " if code else "", "").text(_lower_first(_sentence(state_text)))
    else:
        b.text("hồ sơ ").pair(code, f"của {a.you}")
        if name:
            b.text(f", thủ tục {_lower_first(name)}")
        b.text(f": {_lower_first(_sentence(state_text))}")
    expected = getattr(result, "expected_return_date", "")
    told = _date_display(expected) in state_text or expected in state_text
    if expected and not told and getattr(result, "state", "") not in ("returned", "ready"):
        b.text(" Ngày hẹn trả kết quả là ").pair(_date_display(expected), _date_speech(expected)).text(".")
    counter_id = getattr(result, "counter_id", "")
    if (
        counter_id
        and getattr(result, "state", "") in ("ready", "supplement_required")
        and not _names_counter(state_text, counter_id)
    ):
        b.text(f" Mời {a.you} đến {counter_phrase('', counter_id)} ạ.")
    return b.build()


def _names_counter(text: str, counter_id: str) -> bool:
    """Whether a text already sends the citizen to this counter ("… đến Quầy số 9 - Trả kết quả …")."""
    number = re.search(r"\d+", counter_id)
    return bool(number) and re.search(rf"quầy số\s*{number.group(0)}(?!\d)", text, re.IGNORECASE) is not None


def application_not_found(a: Address, code: str) -> Utterance:
    return (
        Builder(a)
        .text("Dạ, em không tìm thấy hồ sơ có mã ")
        .pair(code, " ".join(_speak_code(code)))
        .text(
            f". {a.You} kiểm tra lại mã trên giấy biên nhận giúp em, hoặc hỏi cán bộ tại quầy trả kết quả ạ."
        )
        .build()
    )


def application_unavailable(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(f"Dạ, em chưa tra cứu được hồ sơ lúc này. {a.You} vui lòng hỏi cán bộ tại quầy trả kết quả ạ.")
        .build()
    )


def _speak_code(code: str) -> list[str]:
    words = []
    for part in re.split(r"[.\-]", code):
        if part.isdigit():
            words.append(vi_numbers.read_digits(part))
        elif part:
            words.append(vi_numbers.read_letters_and_digits(part))
    return words


def _date_display(iso: str) -> str:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso)
    return f"{match.group(3)}/{match.group(2)}/{match.group(1)}" if match else iso


def _date_speech(iso: str) -> str:
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        return iso
    return vi_numbers.read_date(int(match.group(3)), int(match.group(2)), int(match.group(1)))


def amenity(a: Address, entry: dict, offer: bool) -> Utterance:
    b = Builder(a).text(
        _sentence(entry.get("answer") or f"Dạ, ở đây có {_lower_first(entry.get('name', ''))} ạ.")
    )
    return _with_offer(b, "place" if offer else "").build()


def guide_start(a: Address, destination: str, number: str = "") -> Utterance:
    b = Builder(a)
    if number:
        b.text("Dạ, em đã lấy số ").pair(number, vi_numbers.read_ticket(number)).text(f" cho {a.you}. ")
    b.text(f"Mời {a.you} đi theo em đến {destination} ạ. Em sẽ đi chậm thôi ạ.")
    return b.build()


def guide_wait(a: Address) -> Utterance:
    """Once per pause of the escort: the robot has stopped for the citizen."""
    return Builder(a).text(f"{a.You} ơi, em đang đợi {a.you} ạ. Mời {a.you} đi theo em ạ.").build()


def guide_resume(a: Address) -> Utterance:
    """The citizen caught up and the escort goes on."""
    return Builder(a).text(f"Dạ, mời {a.you} tiếp tục đi theo em ạ.").build()


def guide_arrived(a: Address, destination: str, number: str = "") -> Utterance:
    b = Builder(a).text(f"Dạ, đến {destination} rồi ạ. ")
    if number:
        b.text(f"Số của {a.you} là ").pair(number, vi_numbers.read_ticket(number)).text(", ")
        b.text("khi màn hình gọi đến số thì mời vào quầy ạ. ")
    b.text(f"Chúc {a.you} làm thủ tục thuận lợi ạ.")
    return b.build()


def guide_failed(a: Address, destination: str, directions: str = "") -> Utterance:
    """The apology when the robot cannot lead the way; with the way told in words when it is known."""
    b = Builder(a).text(f"Dạ, em xin lỗi, em chưa dẫn {a.you} đi được. ")
    if directions:
        return b.text(f"{directions} Nếu chưa tìm thấy, {a.you} hỏi cán bộ lễ tân giúp em ạ.").build()
    b.text(f"{_sentence(destination)[:-1]} ở trong sảnh, ")
    return b.text(f"{a.you} hỏi cán bộ lễ tân giúp em ạ.").build()


def guide_lost(a: Address) -> Utterance:
    return Builder(a).text("Dạ, em không thấy ai đi theo nên em quay về chỗ cũ ạ.").build()


def guide_cancelled(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ vâng, em dừng lại ạ. {a.You} cần gì thêm cứ hỏi em ạ.").build()


def declined(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ vâng ạ. {a.You} cần hỏi thêm gì cứ nói với em ạ.").build()


def anything_else(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, {a.you} cần em giúp gì ạ?").build()


def thanks(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, không có gì ạ. {a.You} cần hỏi thêm gì nữa không ạ?").build()


def farewell(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, em chào {a.you}. Chúc {a.you} một ngày tốt lành ạ.").build()


def silence_prompt(a: Address) -> Utterance:
    return Builder(a).text(f"{a.You} còn cần em giúp gì nữa không ạ?").build()


def slower(a: Address, last: Utterance | None) -> Utterance:
    b = Builder(a).text("Dạ, em nói chậm lại ạ. ")
    if last is not None:
        b.pair(last.display, last.speech)
    return b.build()


def nothing_to_repeat(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, {a.you} cần em giúp gì ạ?").build()


def handover(a: Address) -> Utterance:
    return (
        Builder(a)
        .text(f"Dạ, em đã gọi nhân viên hỗ trợ. {a.You} vui lòng chờ ở đây một chút, cán bộ sẽ đến ngay ạ.")
        .build()
    )


def not_understood(a: Address, offer_staff: bool) -> Utterance:
    b = Builder(a).text(f"Dạ, em chưa hiểu ý {a.you} lắm. ")
    if offer_staff:
        b.text(f"{a.You} có muốn em gọi nhân viên hỗ trợ không ạ?")
    else:
        b.text(f"{a.You} nói lại giúp em, ví dụ: làm giấy khai sinh ở quầy nào, hay lấy số thứ tự ạ.")
    return b.build()


def out_of_scope(a: Address, offer_staff: bool, asked_about_something: bool = False) -> Utterance:
    if asked_about_something:  # "nhà vệ sinh ở đâu": a real question the staff can answer
        return (
            Builder(a)
            .text(f"Dạ, em xin lỗi, việc này em chưa biết để chỉ {a.you} ạ. ")
            .text(f"Mời {a.you} hỏi cán bộ lễ tân giúp em nhé. ")
            .text("Em hướng dẫn được các thủ tục hành chính và các tiện ích ở đây ạ.")
            .build()
        )
    b = Builder(a).text(
        "Dạ, em xin lỗi, em chỉ hướng dẫn được các thủ tục hành chính và các tiện ích ở đây thôi ạ. "
    )
    if offer_staff:
        b.text(f"{a.You} có muốn em gọi nhân viên hỗ trợ không ạ?")
    else:
        b.text(f"{a.You} có thể hỏi em, ví dụ: đăng ký tạm trú ở đâu, hay lấy số thứ tự ạ.")
    return b.build()


def foreign_language(a: Address) -> Utterance:
    return Utterance(
        display="Dạ, em xin lỗi, em chỉ hiểu tiếng Việt ạ. Sorry, I only understand Vietnamese; "
        "please ask the staff at the reception desk.",
        speech="Dạ, em xin lỗi, em chỉ hiểu tiếng Việt ạ. Mời quý khách hỏi cán bộ lễ tân ạ.",
    )


def empty_input(a: Address) -> Utterance:
    return Builder(a).text(f"Dạ, em chưa nghe rõ. {a.You} nói lại giúp em được không ạ?").build()


def catalog_unavailable(a: Address) -> Utterance:
    return (
        Builder(a)
        .text("Dạ, em xin lỗi, em đang chưa tra cứu được danh mục thủ tục. ")
        .text(f"{a.You} vui lòng hỏi cán bộ lễ tân ạ.")
        .build()
    )


def estimated(seconds: float) -> bool:
    return seconds is not None and not math.isnan(seconds)

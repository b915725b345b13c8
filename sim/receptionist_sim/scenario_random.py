"""Randomized mornings for the end-to-end bench: requests drawn from the catalog, said in the styles
citizens use (with and without diacritics, the elderly's way of asking, short and terse), from random
positions and in random order.

Every request's expectations come from the catalog itself (procedure -> counter, application code ->
counter, amenity), never from what the robot is known to answer. The result is a scenario document
(the same shape as config/scenarios/*.yaml), validated by `parse_morning`. No ROS import.
"""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

STYLES = ("diacritics", "no_diacritics", "elderly", "short")

LOCATION = {
    "diacritics": ["Tôi muốn {x} thì nộp hồ sơ ở quầy nào?", "Cho tôi hỏi {x} thì làm ở đâu ạ?",
                   "Em ơi, {x} nộp ở đâu vậy?"],
    "elderly": ["Cháu ơi, bác muốn {x}, bác phải đến quầy nào hả cháu?",
                "Bác hỏi cái, {x} thì nộp ở đâu cháu?"],
    "short": ["{x} ở đâu", "{x} quầy nào"],
}  # fmt: skip
FEE = {
    "diacritics": ["Lệ phí {x} là bao nhiêu ạ?", "{x} mất bao nhiêu tiền vậy em?"],
    "elderly": ["Cháu ơi, {x} thì lệ phí bao nhiêu hả cháu?"],
    "short": ["lệ phí {x}"],
}  # fmt: skip
DOCUMENTS = {
    "diacritics": ["{x} cần mang những giấy tờ gì ạ?", "Tôi muốn {x} thì cần chuẩn bị giấy tờ gì?"],
    "elderly": ["Bác muốn {x} thì phải mang giấy tờ gì hả cháu?"],
    "short": ["{x} cần giấy tờ gì"],
}  # fmt: skip
AMENITY = {
    "diacritics": ["Ở đây có {x} không em?", "Cho tôi hỏi {x} ở đâu ạ?"],
    "elderly": ["Cháu ơi, {x} ở đâu hả cháu?"],
    "short": ["{x} ở đâu"],
}  # fmt: skip
APPLICATION = {
    "diacritics": ["Cho tôi hỏi hồ sơ mã {x} đến đâu rồi ạ?", "Tôi muốn tra cứu hồ sơ {x}."],
    "elderly": ["Cháu ơi, hồ sơ mã {x} của bác xong chưa cháu?"],
    "short": ["tra cứu hồ sơ {x}"],
}  # fmt: skip
YES = {
    "plain": ["Có ạ.", "Vâng, em dẫn đi nhé.", "Có.", "co a"],
    "elderly": ["Có cháu.", "co chau", "Ừ, cháu dẫn bác đi."],
}
NO = {"plain": ["Thôi không cần đâu, cảm ơn em.", "Không cần đâu ạ.", "khong can dau"],
      "elderly": ["Thôi không cần đâu cháu."]}  # fmt: skip
GOODBYE = {"plain": ["Chào em nhé.", "Tạm biệt em.", "chao em nhe"],
           "elderly": ["Cảm ơn cháu, bác về đây.", "Bác chào cháu nhé.", "tam biet chau"]}  # fmt: skip


def strip_diacritics(text: str) -> str:
    """How people type without Vietnamese accents: 'Đăng ký' -> 'dang ky'."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def said_fragment(text: str) -> str:
    """The longest stretch of a catalog text the robot must say word for word to anyone: without the
    address ("anh/chị" is "bác" to the elderly) or {setting} placeholders, and without the edge
    punctuation an answer may change."""
    parts = re.split(r"(?i)anh/chị|\{\w+\}", text or "")
    longest = max((part.strip(" ,.;:!?") for part in parts), key=len, default="")
    return " ".join(longest.split())


def must_say(*texts: str) -> dict[str, list[str]]:
    """An `answer_contains` expectation from catalog texts (none for a text the catalog lacks)."""
    fragments = [f for f in (said_fragment(t) for t in texts) if f]
    return {"answer_contains": fragments} if fragments else {}


def _phrase(templates: dict[str, list[str]], style: str, thing: str, rng: random.Random) -> str:
    key = "diacritics" if style == "no_diacritics" or style not in templates else style
    template = rng.choice(templates[key])
    if style == "no_diacritics":  # codes (ASCII) keep their letters as printed on the receipt
        return strip_diacritics(template).format(x=thing if thing.isascii() else strip_diacritics(thing))
    text = template.format(x=thing)
    return text[0].upper() + text[1:] if key == "diacritics" else text


class RequestMaker:
    """Citizens with one request each, drawn from the catalog."""

    def __init__(
        self,
        procedures: list[dict],
        amenities: list[dict],
        applications: list[dict],
        rng: random.Random,
        poi_ids: set[str] | None = None,
    ) -> None:
        # Only what a citizen can name: procedures with a colloquial name and an intake counter, and
        # (when the site's POIs are known) a counter the robot can guide to.
        self.procedures = [
            p
            for p in procedures
            if p.get("colloquial_names")
            and p.get("counter_id")
            and (poi_ids is None or p["counter_id"] in poi_ids)
        ]
        self.amenities = [a for a in amenities if a.get("keywords")]
        self.applications = [a for a in applications if a.get("code") and a.get("counter_id")]
        self.procedure_names = {p["id"]: p.get("name", "") for p in procedures}
        if not self.procedures:
            raise ValueError("the catalog has no procedure with a colloquial name and a counter")
        self.rng = rng

    def _name(self, procedure: dict) -> str:
        return self.rng.choice(procedure["colloquial_names"])

    def citizen(self, number: int, kind: str, accept_guide: bool = False) -> dict[str, Any]:
        """One citizen asking one `kind` of thing; a "location" asker accepts the guide offer (and a
        ticket) when `accept_guide`, else declines it."""
        rng = self.rng
        style = rng.choice(STYLES)
        who = "elderly" if style == "elderly" else "plain"
        entry: dict[str, Any] = {
            "id": f"r{number}",
            "name": f"Công dân {number}",
            "photo": rng.randrange(2),
            "stand": [round(rng.uniform(-0.1, 0.4), 2), round(rng.uniform(-0.4, 0.4), 2)],
            "enter": [round(rng.uniform(11.0, 13.0), 2), 0.5],
        }
        lines: list[dict[str, Any]] = []
        if kind in ("location", "fee", "documents"):
            procedure = rng.choice(self.procedures)
            intent = {"location": "ask_location", "fee": "ask_fee", "documents": "ask_documents"}[kind]
            templates = {"location": LOCATION, "fee": FEE, "documents": DOCUMENTS}[kind]
            expect: dict[str, Any] = {"intent": intent, "procedure": procedure["id"]}
            if kind == "location":
                expect.update(counter=procedure["counter_id"], state="offering_guide")
            elif kind == "fee":  # the catalog's fee (or that it is unconfirmed), not only the intent
                expect.update(must_say(procedure.get("fee_text", "")))
            else:  # the first document the catalog lists
                expect.update(must_say(*(procedure.get("documents") or [])[:1]))
            lines.append({
                "say": _phrase(templates, style, self._name(procedure), rng),
                "expect": expect,
                "clarify_reply": procedure["name"],
            })  # fmt: skip
            entry["request"] = f"{kind}: {procedure['id']}"
            if kind == "location" and accept_guide:
                expect = {"state": "guiding", "ticket": True, "counter": procedure["counter_id"]}
                lines.append({"say": rng.choice(YES[who]), "expect": expect})
                entry["guide"] = {"destination": procedure["counter_id"]}
            elif kind == "location":
                lines.append({"say": rng.choice(NO[who]), "expect": {"intent": "deny", "ticket": False}})
        elif kind == "amenity":
            amenity = rng.choice(self.amenities)
            keyword = rng.choice(amenity["keywords"])
            expect = {"intent": "amenity", **must_say(amenity.get("answer", ""))}
            lines.append({"say": _phrase(AMENITY, style, keyword, rng), "expect": expect})
            entry["request"] = f"amenity: {amenity['id']}"
        elif kind == "application":
            application = rng.choice(self.applications)
            lines.append({
                "say": _phrase(APPLICATION, style, application["code"], rng),
                "expect": {
                    "intent": "application_status",
                    "counter": application["counter_id"],
                    **must_say(self.procedure_names.get(application.get("procedure_id", ""), "")),
                },
            })  # fmt: skip
            entry["request"] = f"application: {application['code']}"
        else:
            raise ValueError(f"unknown request kind {kind!r}")
        if "guide" not in entry:
            lines.append(
                {"say": rng.choice(GOODBYE[who]), "expect": {"intent": "goodbye", "state": "farewell"}}
            )
        entry["lines"] = lines
        entry["about"] = f"style {style}"
        return entry


def random_morning(maker: RequestMaker, index: int, citizens: int = 2, guide: bool = False) -> dict[str, Any]:
    """A scenario document: one citizen asks where to go (accepting the guide when `guide`), the others
    ask anything; the order is shuffled."""
    rng = maker.rng
    kinds = [
        "location",
        *rng.choices(["location", "fee", "documents", "amenity", "application"], k=citizens - 1),
    ]
    accepts = [guide] + [False] * (citizens - 1)
    order = list(range(citizens))
    rng.shuffle(order)
    return {
        "title": f"random morning {index}",
        "citizens": [maker.citizen(index * 10 + n, kinds[i], accepts[i]) for n, i in enumerate(order, 1)],
    }

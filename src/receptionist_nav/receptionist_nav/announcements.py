"""What the robot says while guiding: polite Vietnamese, addressed to "anh/chị" (or "bác")."""

from __future__ import annotations


def start(place: str) -> str:
    return f"Mời anh/chị đi theo tôi đến {place} ạ. Tôi sẽ đi chậm, anh/chị cứ đi theo phía sau tôi nhé."


def waiting() -> str:
    return "Anh/chị ơi, tôi đang đứng đợi ở đây ạ. Mời anh/chị đi tiếp theo tôi."


def resumed() -> str:
    return "Dạ, mời anh/chị tiếp tục đi theo tôi ạ."


def arrived(place: str) -> str:
    return f"Dạ, đã đến {place} rồi ạ. Mời anh/chị liên hệ cán bộ tại đây. Chúc anh/chị một ngày tốt lành ạ!"


def visitor_lost(place: str) -> str:
    return (
        f"Tôi không thấy anh/chị đi theo nữa nên xin phép quay về ạ. {place.capitalize()} ở ngay phía trước, "
        "nếu cần anh/chị cứ hỏi cán bộ lễ tân nhé."
    )


def cannot_go(place: str) -> str:
    return (
        f"Xin lỗi anh/chị, hiện tôi không đi đến {place} được ạ. Mời anh/chị hỏi cán bộ lễ tân giúp tôi nhé."
    )


def low_battery() -> str:
    return (
        "Xin lỗi anh/chị, pin của tôi sắp hết nên tôi cần về trạm sạc ạ. Mời anh/chị hỏi cán bộ lễ tân nhé."
    )

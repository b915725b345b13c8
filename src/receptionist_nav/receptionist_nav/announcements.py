"""What the guide says when it speaks for itself (no dialog manager running, `announce: true`).

Polite Vietnamese addressed to "anh/chị", with the robot calling itself "em" like the dialog manager
does, so a citizen never hears two voices of the same robot.
"""

from __future__ import annotations


def start(place: str) -> str:
    return f"Mời anh/chị đi theo em đến {place} ạ. Em sẽ đi chậm, anh/chị cứ đi theo phía sau em nhé."


def waiting() -> str:
    return "Anh/chị ơi, em đang đứng đợi ở đây ạ. Mời anh/chị đi tiếp theo em."


def resumed() -> str:
    return "Dạ, mời anh/chị tiếp tục đi theo em ạ."


def arrived(place: str) -> str:
    return f"Dạ, đã đến {place} rồi ạ. Mời anh/chị liên hệ cán bộ tại đây. Chúc anh/chị một ngày tốt lành ạ!"


def visitor_lost(place: str) -> str:
    return (
        f"Em không thấy anh/chị đi theo nữa nên xin phép quay về ạ. {place.capitalize()} ở ngay phía trước, "
        "nếu cần anh/chị cứ hỏi cán bộ lễ tân nhé."
    )


def cannot_go(place: str) -> str:
    return (
        f"Em xin lỗi anh/chị, hiện em không đi đến {place} được ạ. Mời anh/chị hỏi cán bộ lễ tân giúp em nhé."
    )


def low_battery() -> str:
    return (
        "Em xin lỗi anh/chị, pin của em sắp hết nên em cần về trạm sạc ạ. Mời anh/chị hỏi cán bộ lễ tân nhé."
    )

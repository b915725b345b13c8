"""What the bridge tells the robot to say when something is off (polite Vietnamese, for citizens)."""

from __future__ import annotations

from datetime import datetime

from service_bridge.queueing import VIETNAM_TZ

TICKET_UNAVAILABLE = (
    "Dạ, hiện em chưa lấy được số thứ tự vì hệ thống xếp hàng đang tạm gián đoạn. "
    "Mời anh/chị đến quầy lễ tân để được cấp số trực tiếp ạ."
)
CENTER_UNAVAILABLE = (
    "Dạ, hệ thống của trung tâm đang tạm gián đoạn. Anh/chị vui lòng thử lại sau ít phút "
    "hoặc hỏi cán bộ lễ tân ạ."
)
QUEUE_UNAVAILABLE = "Dạ, hiện em chưa xem được tình trạng xếp hàng vì hệ thống đang tạm gián đoạn ạ."
APPLICATION_UNAVAILABLE = (
    "Dạ, hiện em chưa tra cứu được hồ sơ vì hệ thống đang tạm gián đoạn. "
    "Anh/chị vui lòng thử lại sau hoặc hỏi tại quầy trả kết quả ạ."
)
PROCEDURE_NOT_FOUND = (
    "Dạ, em chưa tìm thấy thủ tục phù hợp. Anh/chị nói rõ hơn tên thủ tục giúp em được không ạ?"
)
APPLICATION_CODE_INVALID = (
    "Dạ, mã hồ sơ chưa đúng. Mã hồ sơ in trên giấy biên nhận, có dạng như 000.00.12.H26-250801-0001 ạ."
)
REQUEST_INVALID = "Dạ, yêu cầu chưa hợp lệ ạ."


def application_not_found(code: str) -> str:
    return (
        f"Dạ, em không tìm thấy hồ sơ có mã {code}. Anh/chị vui lòng kiểm tra lại mã trên giấy biên nhận ạ."
    )


def stale_note(fetched_at_s: float) -> str:
    when = datetime.fromtimestamp(fetched_at_s, VIETNAM_TZ).strftime("%H giờ %M ngày %d/%m/%Y")
    return f"Thông tin này em lấy từ dữ liệu đã lưu lúc {when}, có thể chưa được cập nhật mới nhất ạ."

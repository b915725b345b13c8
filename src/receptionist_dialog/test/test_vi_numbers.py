"""Numbers as a Hanoi receptionist says them."""

import math

import pytest

from receptionist_dialog import vi_numbers as n


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (0, "không"),
        (5, "năm"),
        (10, "mười"),
        (15, "mười lăm"),
        (21, "hai mươi mốt"),
        (24, "hai mươi tư"),
        (25, "hai mươi lăm"),
        (105, "một trăm linh năm"),
        (110, "một trăm mười"),
        (1005, "một nghìn không trăm linh năm"),
        (2025, "hai nghìn không trăm hai mươi lăm"),
        (25000, "hai mươi lăm nghìn"),
        (1000500, "một triệu năm trăm"),
        (200000, "hai trăm nghìn"),
    ],
)
def test_integers(value, words):
    assert n.read_integer(value) == words


def test_money_tickets_and_durations():
    assert n.read_money(25000) == "hai mươi lăm nghìn đồng"
    assert n.read_money(0) == "miễn phí"
    assert n.format_money(1234000) == "1.234.000 đồng"
    assert n.read_ticket("1-0042") == "một gạch bốn mươi hai"
    assert n.read_ticket("0007") == "bảy"
    assert n.read_duration(840) == "khoảng mười lăm phút"
    assert n.read_duration(5400) == "khoảng một tiếng rưỡi"
    assert n.read_duration(30) == "chưa đến một phút"
    assert n.read_duration(math.nan) == "chưa rõ bao lâu"
    assert n.format_duration(840) == "khoảng 15 phút"


def test_numbers_inside_catalog_text_are_spelled_out():
    spoken = n.verbalize("Lệ phí 2.000 đ/trang, nộp trước 15:00, từ 1/7/2025 giảm 50%. Gọi 024.1022.")
    assert spoken == (
        "Lệ phí hai nghìn đồng mỗi trang, nộp trước mười lăm giờ, từ ngày mùng một tháng bảy năm "
        "hai nghìn không trăm hai mươi lăm giảm năm mươi phần trăm. Gọi không hai bốn một không hai hai."
    )
    assert not any(ch.isdigit() for ch in n.verbalize("Quầy số 3, 0,5% và 25.000 VNĐ, anh/chị"))
    assert "anh chị" in n.verbalize("Mời anh/chị")

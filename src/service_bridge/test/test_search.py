"""Procedure search: official names, what people say, no diacritics, typos, run-together words."""

from __future__ import annotations

from pathlib import Path

import pytest

from receptionist_common.vietnamese_text import edit_distance, fold
from service_bridge.catalog import load_catalog
from service_bridge.search import ProcedureIndex

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def index():
    return ProcedureIndex(load_catalog(REPO / "config" / "catalog").procedures)


def test_fold_strips_marks_case_and_punctuation():
    assert fold("Đăng ký KHAI SINH!") == "dang ky khai sinh"
    assert fold("  Sổ   đỏ? ") == "so do"


def test_edit_distance_counts_transpositions():
    assert edit_distance("khai", "khia") == 1
    assert edit_distance("sinh", "sinh") == 0
    assert edit_distance("abcdef", "uvwxyz", limit=3) == 3


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Đăng ký khai sinh", "dang_ky_khai_sinh"),
        ("Cấp Phiếu lý lịch tư pháp", "cap_phieu_ly_lich_tu_phap"),
        ("Chứng thực bản sao từ bản chính giấy tờ, văn bản", "chung_thuc_ban_sao_tu_ban_chinh"),
        ("Tôi muốn làm giấy khai sinh cho con", "dang_ky_khai_sinh"),
        ("lam giay khai sinh cho con", "dang_ky_khai_sinh"),
        ("bác muốn nhập hộ khẩu", "dang_ky_thuong_tru"),
        ("sang ten so do", "dang_ky_bien_dong_chuyen_nhuong"),
        ("mất sổ đỏ thì làm sao", "cap_lai_giay_chung_nhan_bi_mat"),
        ("cho em hỏi công chứng giấy tờ ở đâu", "chung_thuc_ban_sao_tu_ban_chinh"),
        ("lam ho chieu", "cap_ho_chieu_pho_thong"),
        ("doi bang lai xe", "doi_giay_phep_lai_xe"),
        ("xin giay xac nhan doc than", "cap_giay_xac_nhan_tinh_trang_hon_nhan"),
        ("dang ky ket hon", "dang_ky_ket_hon"),
        ("khia sinh", "dang_ky_khai_sinh"),  # transposed letters
        ("dang ky tam chu", "dang_ky_tam_tru"),  # regional tr/ch confusion
        ("lamkhaisinh", "dang_ky_khai_sinh"),  # run together
        ("tach khau", "tach_ho"),
        ("rut bao hiem xa hoi mot lan", "huong_bao_hiem_xa_hoi_mot_lan"),
        ("dang_ky_khai_tu", "dang_ky_khai_tu"),  # an id
    ],
)
def test_best_match(index, query, expected):
    results = index.search(query, 3)
    assert results, f"nothing found for {query!r}"
    assert results[0][0].id == expected, [(p.id, s) for p, s in results]


def test_scores_are_ordered_and_bounded(index):
    results = index.search("làm giấy khai sinh", 5)
    scores = [s for _, s in results]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 < s <= 1.0 for s in scores)
    assert scores[0] == 1.0


def test_nonsense_and_empty_find_nothing(index):
    assert index.search("", 5) == []
    assert index.search("?!", 5) == []
    assert index.search("qwxz zzkq", 5) == []


def test_limit_is_respected(index):
    assert len(index.search("đăng ký", 2)) == 2

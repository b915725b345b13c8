"""The catalog files of the repository load, are big enough, and bad entries fail with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from service_bridge.catalog import KNOWN_POI_IDS, CatalogError, load_catalog

REPO = Path(__file__).resolve().parents[3]
CATALOG_DIR = REPO / "config" / "catalog"
COUNTERS = REPO / "config" / "site" / "counters.yaml"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(CATALOG_DIR, COUNTERS)


def test_catalog_has_60_procedures_in_10_fields(catalog):
    assert len(catalog.procedures) >= 60
    assert len({p.field for p in catalog.procedures}) >= 10
    assert len({p.id for p in catalog.procedures}) == len(catalog.procedures)


def test_every_procedure_is_complete_and_sourced(catalog):
    counter_ids = {c.id for c in catalog.counters}
    for procedure in catalog.procedures:
        assert procedure.counter_id in counter_ids, procedure.id
        assert procedure.counter_name.startswith("Quầy"), procedure.id
        assert len(procedure.colloquial_names) >= 3, procedure.id
        assert procedure.documents and procedure.source, procedure.id
        if procedure.fee_vnd is None:
            # unknown fees are never invented: the citizen is told to confirm at the counter
            assert "tại quầy" in procedure.fee_text and "xác nhận" in procedure.fee_text, procedure.id


def test_counter_is_derived_from_field(catalog):
    birth = catalog.procedure("dang_ky_khai_sinh")
    residence = catalog.procedure("dang_ky_thuong_tru")
    assert (birth.field, birth.counter_id) == ("Hộ tịch", "counter_1")
    assert (residence.field, residence.counter_id) == ("Cư trú", "counter_3")


def test_fifteen_amenities_and_the_restrooms_at_known_points(catalog):
    expected = {
        "wifi", "photocopy_print", "stationery", "form_templates", "online_help", "legal_advice",
        "vneid_ihanoi", "digital_signature", "status_notify", "phone_charging", "library_green_space",
        "water_snacks", "reception_robot", "medical_kit", "elderly_disabled_support",
    }  # fmt: skip
    assert {a.id for a in catalog.amenities} == expected | {"restroom"}  # the site's, not one of the 15
    for amenity in catalog.amenities:
        assert amenity.poi_id in KNOWN_POI_IDS
        assert "{" not in amenity.answer and amenity.answer.endswith("ạ.")


def _write_catalog(tmp_path: Path, procedures: list, amenities_text: str | None = None) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "procedures.yaml").write_text(yaml.safe_dump({"procedures": procedures}, allow_unicode=True))
    (folder / "amenities.yaml").write_text(amenities_text or (CATALOG_DIR / "amenities.yaml").read_text())
    return folder


def _good_entry(**changes):
    entry = {
        "id": "dang_ky_khai_sinh",
        "name": "Đăng ký khai sinh",
        "field": "Hộ tịch",
        "colloquial_names": ["làm giấy khai sinh"],
        "documents": ["Tờ khai"],
        "fee_vnd": 0,
        "fee_text": "Miễn lệ phí.",
        "processing_time": "Trong ngày.",
        "online_available": True,
        "level": "commune",
        "authority": "UBND cấp xã",
        "source": ["https://dichvucong.gov.vn"],
        "reliability": "S",
    }
    entry.update(changes)
    return entry


def test_errors_name_file_entry_and_problem(tmp_path):
    folder = _write_catalog(
        tmp_path,
        [
            _good_entry(),
            _good_entry(id="Bad Id", field="Không có quầy"),
            _good_entry(id="phi_bi_bia", fee_vnd=None, fee_text="Khoảng 50.000 đồng"),
            _good_entry(id="dang_ky_khai_sinh"),
        ],
    )
    with pytest.raises(CatalogError) as raised:
        load_catalog(folder, COUNTERS)
    text = str(raised.value)
    assert "procedures.yaml: procedure 'Bad Id': 'id' must be ASCII snake_case" in text
    assert "field 'Không có quầy' is not received by any counter" in text
    assert "procedure 'phi_bi_bia': unknown fee" in text
    assert "procedure 'dang_ky_khai_sinh': duplicate id" in text


def test_contradicting_counter_id_is_rejected(tmp_path):
    folder = _write_catalog(tmp_path, [_good_entry(counter_id="counter_2")])
    with pytest.raises(CatalogError, match=r"contradicts counters\.yaml"):
        load_catalog(folder, COUNTERS)


def test_wifi_answer_uses_settings_only_when_set(tmp_path):
    text = (CATALOG_DIR / "amenities.yaml").read_text()
    text = text.replace('wifi_name: ""', 'wifi_name: "HCC-Free"').replace(
        'wifi_password: ""', 'wifi_password: "12345678"'
    )
    folder = _write_catalog(tmp_path, [_good_entry()], text)
    wifi = next(a for a in load_catalog(folder, COUNTERS).amenities if a.id == "wifi")
    assert "HCC-Free" in wifi.answer and "12345678" in wifi.answer


def test_unset_wifi_password_is_never_invented(catalog):
    wifi = next(a for a in catalog.amenities if a.id == "wifi")
    assert "mật khẩu là" not in wifi.answer
    assert "hỏi cán bộ lễ tân" in wifi.answer


def test_unknown_placeholder_and_poi_are_rejected(tmp_path):
    text = (CATALOG_DIR / "amenities.yaml").read_text()
    text = text.replace("poi_id: charging_station", "poi_id: nowhere").replace(
        "{notify_zalo_account}", "{zalo}"
    )
    folder = _write_catalog(tmp_path, [_good_entry()], text)
    with pytest.raises(CatalogError) as raised:
        load_catalog(folder, COUNTERS)
    assert "amenity 'phone_charging': 'poi_id' must be one of" in str(raised.value)
    assert "amenity 'status_notify': answer uses unknown setting(s) ['zalo']" in str(raised.value)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(CatalogError, match="file not found"):
        load_catalog(tmp_path, COUNTERS)
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "procedures.yaml").write_text("procedures: [unclosed")
    (folder / "amenities.yaml").write_text((CATALOG_DIR / "amenities.yaml").read_text())
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(folder, COUNTERS)


def test_catalog_round_trips_through_dict(catalog):
    from service_bridge.catalog import Catalog

    again = Catalog.from_dict(catalog.to_dict())
    assert again.version == catalog.version
    assert again.procedures == catalog.procedures

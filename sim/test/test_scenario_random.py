"""Randomized mornings for the bench: valid scenarios whose expectations come from the catalog."""

from __future__ import annotations

import random
from pathlib import Path

import yaml

from receptionist_common.points_of_interest import load_pois
from receptionist_sim.scenario import parse_morning
from receptionist_sim.scenario_random import RequestMaker, random_morning, said_fragment, strip_diacritics

ROOT = Path(__file__).resolve().parents[2]


def load_catalog():
    counters = yaml.safe_load((ROOT / "config/site/counters.yaml").read_text(encoding="utf-8"))["counters"]
    by_field = {f: c["id"] for c in counters for f in c["fields"]}
    raw = yaml.safe_load((ROOT / "config/catalog/procedures.yaml").read_text(encoding="utf-8"))["procedures"]
    procedures = [{**p, "counter_id": by_field.get(p.get("field", ""), "")} for p in raw]
    amenities = yaml.safe_load((ROOT / "config/catalog/amenities.yaml").read_text(encoding="utf-8"))[
        "amenities"
    ]
    applications = yaml.safe_load(
        (ROOT / "config/catalog/sample_applications.yaml").read_text(encoding="utf-8")
    )["applications"]
    return procedures, amenities, applications


def test_random_mornings_are_valid_and_expect_what_the_catalog_says():
    procedures, amenities, applications = load_catalog()
    pois = set(load_pois(ROOT / "config/site/points_of_interest.yaml")[1])
    counter_of = {p["id"]: p["counter_id"] for p in procedures}
    by_id = {p["id"]: p for p in procedures}
    amenity_answer = {a["id"]: a["answer"] for a in amenities}
    code_counter = {a["code"]: a["counter_id"] for a in applications}
    maker = RequestMaker(procedures, amenities, applications, random.Random(5), pois)
    kinds, styles = set(), set()
    for index in range(60):
        morning = parse_morning(random_morning(maker, index, 3, guide=index % 2 == 0), "random", pois)
        assert len(morning.citizens) == 3
        assert sum(1 for c in morning.citizens if c.guide) == (1 if index % 2 == 0 else 0)
        for citizen in morning.citizens:
            kind, _, what = citizen.request.partition(": ")
            kinds.add(kind)
            styles.add(citizen.about)
            first = citizen.lines[0].expect
            if kind in ("location", "fee", "documents"):
                assert first.procedure == (what,)
            if kind == "location":
                assert first.counter == counter_of[what] and first.state == ("offering_guide",)
            # The answer itself is checked against the catalog's words, not only the intent.
            if kind == "fee":
                assert first.answer_contains == (said_fragment(by_id[what]["fee_text"]),)
            if kind == "documents":
                assert first.answer_contains == (said_fragment(by_id[what]["documents"][0]),)
            if kind == "amenity":
                assert first.answer_contains == (said_fragment(amenity_answer[what]),)
            if kind in ("fee", "documents", "amenity", "application"):
                assert all(len(f) >= 8 for f in first.answer_contains) and first.answer_contains
            if kind == "location" and not citizen.guide:
                assert citizen.lines[1].expect.intent == ("deny",) and citizen.lines[1].expect.ticket is False
            if citizen.guide:
                assert citizen.guide.destination == counter_of[what] and citizen.lines[-1].expect.ticket
            else:
                assert citizen.lines[-1].expect.intent == ("goodbye",)
            if kind == "application":
                assert first.counter == code_counter[what] and what in citizen.lines[0].say
            if citizen.about == "style no_diacritics":
                assert citizen.lines[0].say.isascii()
    assert kinds == {"location", "fee", "documents", "amenity", "application"}
    assert styles == {"style diacritics", "style no_diacritics", "style elderly", "style short"}
    again = RequestMaker(procedures, amenities, applications, random.Random(5), pois)
    assert random_morning(again, 0, 3, guide=True) == random_morning(
        RequestMaker(procedures, amenities, applications, random.Random(5), pois), 0, 3, guide=True
    )


def test_said_fragment_leaves_out_what_the_robot_may_change():
    # "anh/chị" is "bác" to the elderly, placeholders are site settings, edge punctuation may differ.
    text = "Dạ, anh/chị được photo và in tài liệu miễn phí tại khu in ấn ạ. Mời anh/chị đi theo em."
    assert said_fragment(text) == "được photo và in tài liệu miễn phí tại khu in ấn ạ. Mời"
    assert said_fragment("Tên mạng là {wifi_name}, mật khẩu là {wifi_password}.") == "Tên mạng là"
    assert said_fragment("") == ""


def test_strip_diacritics():
    assert strip_diacritics("Đăng ký khai sinh ở đâu?") == "dang ky khai sinh o dau?"

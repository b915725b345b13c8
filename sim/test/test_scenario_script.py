"""Scenario files: the shipped morning is valid, and every kind of mistake is named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from receptionist_common.points_of_interest import load_pois
from receptionist_sim.scenario import ScenarioError, load_counter_ids, load_morning, parse_morning

ROOT = Path(__file__).resolve().parents[2]
POIS = set(load_pois(ROOT / "config/site/points_of_interest.yaml")[1])
COUNTERS = load_counter_ids(ROOT / "config/site/counters.yaml")


def citizen(**overrides) -> dict:
    entry = {
        "id": "c9",
        "name": "Anh Ba",
        "lines": [
            {"say": "làm khai sinh ở đâu", "expect": {"counter": "counter_1", "state": "offering_guide"}}
        ],
    }
    entry.update(overrides)
    return entry


def parse(*citizens: dict, **document) -> object:
    return parse_morning({"citizens": list(citizens), **document}, "test.yaml", POIS, COUNTERS)


def test_the_shipped_morning_covers_the_required_citizens():
    morning = load_morning(ROOT / "config/scenarios/morning.yaml", POIS, COUNTERS)
    assert len(morning.citizens) >= 5
    said = [line.say for c in morning.citizens for line in c.lines]
    assert any(not any(ord(ch) > 127 for ch in s) for s in said)  # someone types without diacritics
    assert any(any(ord(ch) > 127 for ch in s) for s in said)
    assert any(c.walk_speed and c.guide for c in morning.citizens)  # a slow, guided visitor
    expects = [line.expect for c in morning.citizens for line in c.lines]
    assert any("amenity" in e.intent for e in expects)
    assert any("application_status" in e.intent for e in expects)
    assert any("clarifying" in e.state for e in expects)
    guided = [c for c in morning.citizens if c.guide]
    assert len(guided) >= 3
    assert all(c.guide.destination in POIS for c in guided)
    # Every guided citizen's offer names the counter they must be led to, and a ticket is expected.
    for c in guided:
        assert any(line.expect.counter == c.guide.destination for line in c.lines)
        assert any(line.expect.ticket for line in c.lines)
    # The application code asked about is one of the seeded sample applications.
    samples = yaml.safe_load((ROOT / "config/catalog/sample_applications.yaml").read_text(encoding="utf-8"))
    codes = {a["code"] for a in samples["applications"]}
    assert any(code in s for s in said for code in codes)


def test_a_minimal_citizen_gets_defaults():
    morning = parse(citizen())
    c = morning.citizens[0]
    assert c.request == "làm khai sinh ở đâu"  # the first line when no label is given
    assert c.lines[0].expect.state == ("offering_guide",)
    assert c.lines[0].confidence == 0.9 and c.guide is None and c.walk_speed == 0.0
    assert morning.title == "test"


@pytest.mark.parametrize(
    ("entry", "document", "message"),
    [
        (citizen(colour="red"), {}, r"citizen 1: unknown key\(s\) colour"),
        (citizen(id="bad id"), {}, "must be a letter"),
        (citizen(lines=[]), {}, "missing lines"),
        (citizen(lines=[{"say": "  "}]), {}, "'say' must be a non-empty string"),
        (citizen(lines=[{"say": "x", "expect": {"state": "dancing"}}]), {}, "unknown dialog state"),
        (citizen(lines=[{"say": "x", "expect": {"counter": "counter_42"}}]), {}, "counter_42.*not one of"),
        (citizen(lines=[{"say": "x", "expect": {"ticket": "yes"}}]), {}, "'ticket' must be true or false"),
        (citizen(lines=[{"say": "x", "confidence": 1.5}]), {}, "confidence"),
        (citizen(guide={"destination": "moon"}), {}, "c9 > guide: destination 'moon'"),
        (citizen(walk_speed=-1), {}, "walk_speed"),
        (citizen(stand=[1]), {}, r"'stand' must be \[x, y\]"),
        (citizen(), {"background": ["fly c2"]}, "not a simulation command"),
        (citizen(), {"background": ["place c2 1"]}, "wrong number of arguments"),
        (citizen(), {"background": ["walk c2 a b"]}, "must be numbers"),
        (citizen(), {"stage": {"home_poi": "garage"}}, "home_poi 'garage'"),
        (citizen(), {"stage": {"stand_distance": 0.1}}, "stand_distance"),
    ],
)
def test_mistakes_are_reported_with_where_they_are(entry, document, message):
    with pytest.raises(ScenarioError, match=message) as error:
        parse(entry, **document)
    assert str(error.value).startswith("test.yaml")


def test_duplicate_citizens_and_unreadable_files(tmp_path: Path):
    with pytest.raises(ScenarioError, match=r"duplicate citizen id\(s\) \['c9'\]"):
        parse(citizen(), citizen())
    with pytest.raises(ScenarioError, match="cannot read"):
        load_morning(tmp_path / "missing.yaml")
    broken = tmp_path / "broken.yaml"
    broken.write_text("citizens: [", encoding="utf-8")
    with pytest.raises(ScenarioError, match="cannot read"):
        load_morning(broken)
    with pytest.raises(ScenarioError, match="missing citizens"):
        parse_morning({"title": "x"}, "t.yaml")

"""The labeled NLU sets are well-formed: every label names an intent the NLU has and an entity of the
catalog, the dev set has the size and styles issue 4 asks for, and no evaluation split repeats a dev
sentence (a leak would overstate how well the NLU generalizes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from receptionist_dialog.nlu.lexicon import load_intents

DATA = Path(__file__).resolve().parents[1] / "receptionist_dialog" / "data"
SPLITS = sorted(DATA.glob("nlu_*.jsonl"))
NON_PATTERN_INTENTS = {"amenity"}  # recognised from the catalog's amenities, not from phrases


def rows_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def styles_of(path: Path) -> set[str]:
    return {style for row in rows_of(path) for style in row["styles"]}


@pytest.mark.parametrize("path", SPLITS, ids=lambda p: p.stem)
def test_every_label_names_an_intent_and_a_catalog_entry(path, dialog_catalog):
    intents = set(load_intents()) | NON_PATTERN_INTENTS
    procedures = {p["id"] for p in dialog_catalog.procedures}
    amenities = {a["id"] for a in dialog_catalog.amenities}
    known_styles = styles_of(DATA / "nlu_dev.jsonl") | {"short"}  # the later sets also mark short ones
    rows = rows_of(path)
    assert rows, path
    texts = [row["text"] for row in rows]
    assert len(set(texts)) == len(texts), "a sentence is labeled twice"
    for row in rows:
        assert row["intent"] in intents, row
        assert row.get("procedure") in (None, *procedures), row
        assert row.get("amenity") in (None, *amenities), row
        assert row["styles"] and set(row["styles"]) <= known_styles, row


def test_the_dev_set_has_the_size_and_styles_asked_for():
    rows = rows_of(DATA / "nlu_dev.jsonl")
    share = {
        style: sum(style in row["styles"] for row in rows) / len(rows)
        for style in styles_of(DATA / "nlu_dev.jsonl")
    }
    assert len(rows) >= 300
    assert share["no_diacritics"] >= 0.15 and share["asr_noise"] >= 0.10 and share["typo"] >= 0.10
    assert set(load_intents()) - {"affirm", "deny"} <= {row["intent"] for row in rows}


def test_no_evaluation_split_repeats_a_dev_sentence():
    dev = {row["text"].strip().lower() for row in rows_of(DATA / "nlu_dev.jsonl")}
    for path in SPLITS:
        if path.stem != "nlu_dev":
            repeated = [row["text"] for row in rows_of(path) if row["text"].strip().lower() in dev]
            assert not repeated, (path.name, repeated)

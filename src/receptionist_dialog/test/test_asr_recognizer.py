"""Recognizer logic that needs no model: result parsing, confidence, model path resolution and checks."""

import json

import pytest

from receptionist_dialog.speech.recognizer import (
    MODEL_ENV_VAR,
    ModelUnavailableError,
    describe_model_path,
    load_model,
    mean_confidence,
    model_problem,
    parse_result,
    resolve_model_path,
    supports_grammar,
)


def words(*pairs):
    return [{"word": w, "conf": c, "start": i * 0.3, "end": i * 0.3 + 0.3} for i, (w, c) in enumerate(pairs)]


def test_mean_confidence():
    assert mean_confidence(words(("làm", 1.0), ("khai", 0.5), ("sinh", 0.6))) == pytest.approx(0.7)
    assert mean_confidence([]) == 0.0


def test_unknown_words_count_as_zero_confidence():
    assert mean_confidence(words(("khai", 1.0), ("[unk]", 0.9))) == pytest.approx(0.5)


def test_confidence_is_clamped_and_nan_safe():
    assert mean_confidence(words(("a", 1.7), ("b", -0.2))) == pytest.approx(0.5)
    assert mean_confidence(words(("a", float("nan")), ("b", 1.0))) == pytest.approx(0.5)


def test_parse_final_result():
    raw = json.dumps(
        {"result": words(("làm", 0.9), ("giấy", 0.8), ("[unk]", 1.0)), "text": "làm giấy [unk]"},
        ensure_ascii=False,
    )
    hyp = parse_result(raw, is_final=True)
    assert hyp.is_final
    assert hyp.text == "làm giấy"
    assert hyp.confidence == pytest.approx((0.9 + 0.8) / 3)


def test_parse_partial_result_with_and_without_words():
    assert parse_result('{"partial": "xin chào"}', is_final=False).text == "xin chào"
    assert parse_result('{"partial": "xin chào"}', is_final=False).confidence == 0.0
    with_words = json.dumps({"partial": "xin chào", "partial_result": words(("xin", 0.6), ("chào", 0.8))})
    assert parse_result(with_words, is_final=False).confidence == pytest.approx(0.7)


def test_parse_empty_and_malformed_results():
    assert parse_result('{"text": ""}', is_final=True).text == ""
    assert parse_result("", is_final=True).text == ""
    assert parse_result("{not json", is_final=False).text == ""


def test_model_path_parameter_wins_over_environment():
    assert resolve_model_path("/models/a", {MODEL_ENV_VAR: "/models/b"}) == "/models/a"
    assert resolve_model_path("", {MODEL_ENV_VAR: " /models/b "}) == "/models/b"
    assert resolve_model_path("", {}) == ""
    assert MODEL_ENV_VAR in describe_model_path("")


def test_model_problems_are_explained(tmp_path):
    assert model_problem("") == "no model path given"
    assert model_problem(str(tmp_path / "missing")) == "directory does not exist"
    assert "not a Vosk model" in model_problem(str(tmp_path))
    (tmp_path / "am").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"x")
    (tmp_path / "conf").mkdir()
    assert model_problem(str(tmp_path)) is None


def test_load_model_raises_model_unavailable(tmp_path):
    with pytest.raises(ModelUnavailableError, match="does not exist"):
        load_model(str(tmp_path / "missing"))


def test_corrupt_model_is_reported_by_vosk_not_crashing(tmp_path):
    (tmp_path / "am").mkdir()
    (tmp_path / "am" / "final.mdl").write_bytes(b"not a kaldi model")
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "mfcc.conf").write_text("--use-energy=false\n")
    with pytest.raises(ModelUnavailableError, match="Vosk could not load it"):
        load_model(str(tmp_path))


def test_grammar_support_follows_the_graph_files(tmp_path):
    graph = tmp_path / "graph"
    graph.mkdir()
    (graph / "HCLG.fst").write_bytes(b"")
    assert not supports_grammar(str(tmp_path))
    (graph / "Gr.fst").write_bytes(b"")
    assert supports_grammar(str(tmp_path))

"""Streaming recognition with a real Vosk model, on real synthesized Vietnamese speech.

Skipped unless RECEPTIONIST_VOSK_MODEL names a model directory (no model can be downloaded here); the
content checks also need a Vietnamese model (vosk-model-small-vn-0.4 or vosk-model-vn-0.4).
"""

import numpy as np

from receptionist_dialog.speech.audio import samples_to_bytes
from receptionist_dialog.speech.grammar import build_grammar
from receptionist_dialog.speech.recognizer import StreamingRecognizer, supports_grammar

SILENCE_1S = np.zeros(16000, dtype=np.int16)


def stream(recognizer, samples, chunk=1600):
    results = []
    for start in range(0, len(samples), chunk):
        hypothesis = recognizer.accept(samples_to_bytes(samples[start : start + chunk]))
        if hypothesis is not None:
            results.append(hypothesis)
    final = recognizer.finish()
    return results + ([final] if final else [])


def test_speech_gives_partials_then_a_final_with_confidence(vosk_model, speech_audio):
    speech, _ = speech_audio("Xin chào, tôi muốn làm giấy khai sinh cho con.")
    results = stream(StreamingRecognizer(vosk_model), np.concatenate([speech, SILENCE_1S]))
    partials = [r for r in results if not r.is_final]
    finals = [r for r in results if r.is_final]
    assert partials and finals
    assert all(r.text and 0.0 < r.confidence <= 1.0 for r in finals)
    assert len({r.text for r in partials}) == len(partials)  # only changed partials are reported


def test_silence_gives_nothing(vosk_model):
    assert stream(StreamingRecognizer(vosk_model), np.concatenate([SILENCE_1S, SILENCE_1S])) == []


def test_recognizer_starts_afresh_after_each_final(vosk_model, speech_audio):
    speech, _ = speech_audio("Cho tôi lấy số thứ tự.")
    recognizer = StreamingRecognizer(vosk_model)
    first = [r for r in stream(recognizer, speech) if r.is_final]
    second = [r for r in stream(recognizer, speech) if r.is_final]
    # Not necessarily the same words: Vosk keeps adapting to the speaker (i-vectors) across utterances.
    assert len(first) == 1 and len(second) == 1 and second[0].text


def test_grammar_limits_the_words_to_the_catalog(vietnamese_model, vosk_model, speech_audio):
    if not supports_grammar(vietnamese_model):
        import pytest

        pytest.skip("this Vosk model has a static graph: grammars need a small model")
    grammar = build_grammar(["làm giấy khai sinh", "đăng ký kết hôn", "cấp căn cước"], include_words=False)
    speech, _ = speech_audio("Đăng ký kết hôn.", rate_wpm=130)
    finals = [r for r in stream(StreamingRecognizer(vosk_model, grammar=grammar), speech) if r.is_final]
    assert [r.text for r in finals] == ["đăng ký kết hôn"]

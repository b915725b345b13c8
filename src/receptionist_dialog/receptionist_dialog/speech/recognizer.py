"""Streaming Vosk recognition: model loading with clear reasons, partial and final hypotheses.

Vosk itself is imported lazily so that a robot without the wheel, or without a model, still runs
text-only; `ModelUnavailableError` carries the reason to log.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from receptionist_dialog.speech.grammar import UNKNOWN_TOKEN, grammar_json

MODEL_ENV_VAR = "RECEPTIONIST_VOSK_MODEL"


class ModelUnavailableError(RuntimeError):
    """No usable Vosk model (or no Vosk): the robot runs text-only."""


@dataclass(frozen=True)
class Hypothesis:
    text: str
    confidence: float  # 0..1, mean word confidence; "[unk]" words count as 0
    is_final: bool


def resolve_model_path(parameter: str, environ: Mapping[str, str] = os.environ) -> str:
    """The `model_path` parameter wins; else the RECEPTIONIST_VOSK_MODEL environment variable."""
    return (parameter or environ.get(MODEL_ENV_VAR, "")).strip()


def describe_model_path(path: str) -> str:
    return path if path else f"<unset: parameter model_path or env {MODEL_ENV_VAR}>"


def model_problem(path: str) -> str | None:
    """Why `path` is not a Vosk model directory, or None if it looks like one (am/ and conf/ present)."""
    if not path:
        return "no model path given"
    folder = Path(path)
    if not folder.is_dir():
        return "directory does not exist"
    if not (folder / "am" / "final.mdl").is_file() or not (folder / "conf").is_dir():
        return "not a Vosk model directory (expected am/final.mdl and conf/)"
    return None


def supports_grammar(path: str) -> bool:
    """Only models with a dynamic graph (graph/Gr.fst + HCLr.fst, the "small" ones) can take a grammar;
    Vosk ignores it for models compiled into a static HCLG.fst."""
    graph = Path(path) / "graph"
    return (graph / "Gr.fst").is_file() or not (graph / "HCLG.fst").is_file()


def load_model(path: str) -> Any:
    """Load a Vosk model, or raise ModelUnavailableError saying why (missing, malformed, no vosk wheel)."""
    problem = model_problem(path)
    if problem:
        raise ModelUnavailableError(problem)
    try:
        import vosk
    except ImportError as error:
        raise ModelUnavailableError(f"the vosk Python package is not installed ({error})") from error
    vosk.SetLogLevel(-1)
    try:
        return vosk.Model(str(path))
    except Exception as error:  # vosk raises a bare Exception("Failed to create a model")
        raise ModelUnavailableError(f"Vosk could not load it: {error}") from error


def mean_confidence(words: list[dict[str, Any]]) -> float:
    """Mean of Vosk's per-word `conf`, with "[unk]" words at 0 so out-of-grammar speech scores low."""
    if not words:
        return 0.0
    total = 0.0
    for word in words:
        conf = 0.0 if word.get("word") == UNKNOWN_TOKEN else float(word.get("conf", 0.0))
        total += min(1.0, max(0.0, conf)) if math.isfinite(conf) else 0.0
    return total / len(words)


def _clean_text(text: str) -> str:
    return " ".join(word for word in text.split() if word != UNKNOWN_TOKEN)


def parse_result(raw: str, is_final: bool) -> Hypothesis:
    """Vosk's JSON (Result/FinalResult or PartialResult) -> Hypothesis without "[unk]" in the text."""
    try:
        data = json.loads(raw) if raw else {}
    except json.JSONDecodeError:
        data = {}
    if is_final:
        words = data.get("result") or []
        text = _clean_text(str(data.get("text", "")))
    else:
        words = data.get("partial_result") or []
        text = _clean_text(str(data.get("partial", "")))
    confidence = mean_confidence(words) if words else 0.0
    return Hypothesis(text=text, confidence=confidence, is_final=is_final)


class StreamingRecognizer:
    """One Vosk recognizer fed with 16-bit mono chunks; yields partials (on change) and finals.

    Finals come when Vosk's endpointing hears the speaker stop; `finish()` forces one (the robot
    starts speaking, the stream ends).
    """

    def __init__(self, model: Any, sample_rate: int = 16000, grammar: list[str] | None = None) -> None:
        import vosk

        self.sample_rate = sample_rate
        self.grammar = list(grammar) if grammar else None
        if self.grammar:
            self._recognizer = vosk.KaldiRecognizer(model, float(sample_rate), grammar_json(self.grammar))
        else:
            self._recognizer = vosk.KaldiRecognizer(model, float(sample_rate))
        self._recognizer.SetWords(True)
        self._recognizer.SetPartialWords(True)
        self._last_partial = ""

    def accept(self, pcm: bytes) -> Hypothesis | None:
        """Feed S16LE audio; return a final hypothesis, a changed partial, or None."""
        if self._recognizer.AcceptWaveform(pcm):
            self._last_partial = ""
            final = parse_result(self._recognizer.Result(), is_final=True)
            return final if final.text else None
        partial = parse_result(self._recognizer.PartialResult(), is_final=False)
        if not partial.text or partial.text == self._last_partial:
            return None
        self._last_partial = partial.text
        return partial

    def finish(self) -> Hypothesis | None:
        """Close the current utterance: its final hypothesis if anything was said, then start afresh."""
        self._last_partial = ""
        final = parse_result(self._recognizer.FinalResult(), is_final=True)
        return final if final.text else None

    def reset(self) -> None:
        """Drop whatever was heard so far (e.g. audio that contains the robot's own voice)."""
        self._last_partial = ""
        self._recognizer.Reset()

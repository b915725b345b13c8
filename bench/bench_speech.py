#!/usr/bin/env python3
"""Speed of the robot's voice: TTS real-time factor and time to first audio; ASR real-time factor.

Run after `bash scripts/setup.sh && source scripts/env.sh`:
    python bench/bench_speech.py [--rounds 10] [--model /path/to/vosk-model-small-vn-0.4]

TTS: typical answers synthesized with espeak-ng's Vietnamese voice through each backend. RTF is
synthesis time / audio duration (below 1 is faster than speech); time to first audio is from a say
request to the moment its audio is ready to play (text check, queue, synthesis: the node plays whole
files). ASR: needs a Vosk model (--model or RECEPTIONIST_VOSK_MODEL); synthesized questions are streamed
in 100 ms chunks; RTF is decoding time / audio duration and "final latency" is from the last chunk of
speech to the final hypothesis. Skipped, with the reason, when no model is given.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from receptionist_dialog.speech.audio import read_wav, resample, samples_to_bytes
from receptionist_dialog.speech.playback import Playback
from receptionist_dialog.speech.recognizer import (
    MODEL_ENV_VAR,
    ModelUnavailableError,
    StreamingRecognizer,
    load_model,
)
from receptionist_dialog.speech.speaker import Speaker, SpeakerSettings, SpeechRequest
from receptionist_dialog.speech.synthesis import (
    BACKEND_ESPEAK,
    BACKEND_PYTTSX3,
    SynthesisError,
    Synthesizer,
    effective_rate,
)

ANSWERS = [
    "Dạ, để làm giấy khai sinh cho cháu, mời bác mang theo giấy chứng sinh và căn cước của bố hoặc mẹ, "
    "rồi đến quầy số một ạ. Nếu đăng ký trong vòng sáu mươi ngày thì được miễn lệ phí.",
    "Dạ, số thứ tự của anh là một trăm linh hai, hiện có bốn người đang chờ trước anh ở quầy số ba ạ.",
    "Mật khẩu wifi là một hai ba bốn năm sáu ạ. Nhà vệ sinh ở cuối hành lang bên tay phải.",
    "Dạ, em chưa có thông tin chắc chắn về lệ phí này, mời chị hỏi thêm cán bộ ở quầy số năm ạ.",
]
QUESTIONS = [
    "Tôi muốn làm giấy khai sinh cho con.",
    "Cho tôi hỏi đăng ký kết hôn ở quầy nào?",
    "Lệ phí làm căn cước là bao nhiêu?",
    "Nhà vệ sinh ở đâu vậy?",
]


def p50_p95(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def bench_synthesis(backend: str, rounds: int, folder: Path) -> tuple[str, ...] | None:
    """One table row for `backend`: audio length, RTF, synthesis time, utterances at the wrong rate."""
    try:
        synthesizer = Synthesizer("vi", backend=backend)
        return _synthesis_row(synthesizer, backend, rounds, folder)
    except (SynthesisError, ValueError) as error:
        print(f"  {backend}: failed ({error})")
        return None


def _synthesis_row(synthesizer: Synthesizer, backend: str, rounds: int, folder: Path) -> tuple[str, ...]:
    rtfs, times, audio = [], [], []
    for i in range(rounds):
        for j, text in enumerate(ANSWERS):
            result = synthesizer.synthesize(text, 150, folder / f"{backend}-{i}-{j}.wav")
            rtfs.append(result.synth_time_s / result.duration_s)
            times.append(result.synth_time_s)
            audio.append(result.duration_s)
    # Rate honoured per utterance? Alternate normal and elderly rates; the slow one must be longer.
    misses = 0
    for i in range(rounds):
        normal = synthesizer.synthesize(ANSWERS[1], 150, folder / f"{backend}-n{i}.wav").duration_s
        slow = synthesizer.synthesize(ANSWERS[1], 90, folder / f"{backend}-s{i}.wav").duration_s
        misses += int(not slow > 1.3 * normal)
    rtf50, rtf95 = p50_p95(rtfs)
    t50, t95 = p50_p95(times)
    return (
        backend,
        f"{statistics.mean(audio):.1f}",
        f"{rtf50:.4f}",
        f"{rtf95:.4f}",
        f"{t50 * 1000:.0f}",
        f"{t95 * 1000:.0f}",
        f"{misses}/{rounds}",
    )


def bench_first_audio(rounds: int, folder: Path) -> tuple[float, float, float]:
    """SayRequest -> audio ready to play, through the node's queue (no player, no hold)."""
    ready: dict[str, float] = {}
    done = threading.Event()
    wanted = rounds * len(ANSWERS)

    def on_start(utterance_id: str, result) -> None:
        ready[utterance_id] = time.perf_counter()
        if len(ready) == wanted:
            done.set()

    speaker = Speaker(
        Synthesizer("vi"),
        Playback("", hold_without_player=False),
        SpeakerSettings(output_dir=folder / "speaker", keep_files=5),
        on_start,
        lambda utterance_id, completed: None,
        lambda level, message: None,
    )
    sent: dict[str, float] = {}
    for i in range(rounds):
        for j, text in enumerate(ANSWERS):
            key = f"u{i}-{j}"
            sent[key] = time.perf_counter()
            speaker.submit(SpeechRequest(key, text))
            while key not in ready:  # one at a time: the latency of an idle robot
                time.sleep(0.0005)
    done.wait(30)
    speaker.close()
    latencies = [ready[k] - sent[k] for k in sent]
    p50, p95 = p50_p95(latencies)
    return p50, p95, max(latencies)


def bench_elderly(folder: Path) -> tuple[float, float]:
    synthesizer = Synthesizer("vi")
    normal = synthesizer.synthesize(ANSWERS[0], effective_rate(150, 1.0), folder / "n.wav").duration_s
    slow = synthesizer.synthesize(ANSWERS[0], effective_rate(150, 0.7), folder / "s.wav").duration_s
    return normal, slow


def bench_asr(model_path: str, folder: Path) -> None:
    print(f"\nASR (Vosk, model {model_path})")
    started = time.perf_counter()
    try:
        model = load_model(model_path)
    except ModelUnavailableError as error:
        print(f"  skipped: the model cannot be loaded ({error})")
        return
    print(f"  model load: {time.perf_counter() - started:.2f} s")
    synthesizer = Synthesizer("vi")
    rows = []
    for i, text in enumerate(QUESTIONS):
        samples, rate = read_wav(synthesizer.synthesize(text, 150, folder / f"q{i}.wav").path)
        speech = resample(samples, rate, 16000)
        stream = np.concatenate([speech, np.zeros(16000, dtype=np.int16)])
        recognizer = StreamingRecognizer(model)
        decode_s, final_at, final_text = 0.0, None, ""
        speech_end = None
        for start in range(0, len(stream), 1600):
            chunk_started = time.perf_counter()
            hypothesis = recognizer.accept(samples_to_bytes(stream[start : start + 1600]))
            now = time.perf_counter()
            decode_s += now - chunk_started
            if start + 1600 >= len(speech) and speech_end is None:
                speech_end = now
            if hypothesis is not None and hypothesis.is_final and final_at is None:
                final_at, final_text = now, hypothesis.text
        finished = time.perf_counter()
        last = recognizer.finish()
        decode_s += time.perf_counter() - finished
        if final_at is None and last is not None:
            final_at, final_text = time.perf_counter(), last.text
        audio_s = len(stream) / 16000
        latency = (final_at - speech_end) if final_at and speech_end else float("nan")
        rows.append((decode_s / audio_s, latency, text, final_text))
    print(f"  {'RTF':>6}  {'final latency':>13}  said -> heard")
    for rtf, latency, said, heard in rows:
        print(f"  {rtf:6.3f}  {latency * 1000:10.0f} ms  {said!r} -> {heard!r}")
    mean_rtf = statistics.mean(r[0] for r in rows)
    print(f"  mean RTF {mean_rtf:.3f} (includes 1 s of trailing silence per question)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=10, help="repetitions of the answer set")
    parser.add_argument("--model", default=os.environ.get(MODEL_ENV_VAR, ""), help="Vosk model directory")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench_speech_") as tmp:
        folder = Path(tmp)
        print(f"TTS (espeak-ng voice vi, 150 wpm, {len(ANSWERS)} typical answers x {args.rounds})")
        header = ("backend", "audio s", "RTF p50", "RTF p95", "synth ms p50", "synth ms p95", "rate misses")
        print("  " + "  ".join(f"{h:>12}" for h in header))
        for backend in (BACKEND_ESPEAK, BACKEND_PYTTSX3):
            row = bench_synthesis(backend, args.rounds, folder)
            if row:
                print("  " + "  ".join(f"{c:>12}" for c in row))
        p50, p95, worst = bench_first_audio(args.rounds, folder)
        print(
            f"  time to first audio (say request -> audio ready, default backend): "
            f"p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {worst * 1000:.0f} ms"
        )
        normal, slow = bench_elderly(folder)
        print(f"  elderly mode (rate_scale 0.7): {normal:.1f} s -> {slow:.1f} s for the same answer")
        if args.model:
            bench_asr(args.model, folder)
        else:
            print(
                f"\nASR: skipped: no Vosk model (pass --model DIR or set {MODEL_ENV_VAR}); "
                "none ships with the project and none can be downloaded here"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())

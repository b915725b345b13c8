"""ASR node: streaming Vietnamese recognition with Vosk, from an audio topic or the microphone.

Audio in: `/audio/raw` (std_msgs/Int16MultiArray, mono signed 16-bit samples at `input_sample_rate`,
16 kHz by default, any chunk size), or the microphone through the optional `sounddevice` package when
`audio_source` is `microphone`. Out: `/receptionist/speech` (Transcript, source "voice"): partial
hypotheses (is_final=false) as they change and a final one when the speaker pauses, with the mean word
confidence. Audio is ignored while the robot speaks (`/receptionist/speaking`) and for a short tail.

Without a model the node logs why, reports it on /diagnostics and stays idle: the robot runs text-only.
The logic lives in `receptionist_dialog.speech`.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup
from rclpy.node import Node
from std_msgs.msg import Int16MultiArray

from receptionist_common.health import OK, WARN, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_dialog.speech.gate import SpeakingGate
from receptionist_dialog.speech.grammar import build_grammar, phrases_from_procedures, read_phrase_file
from receptionist_dialog.speech.listener import SpeechListener
from receptionist_dialog.speech.microphone import Microphone, MicrophoneUnavailableError
from receptionist_dialog.speech.recognizer import (
    Hypothesis,
    ModelUnavailableError,
    StreamingRecognizer,
    describe_model_path,
    load_model,
    resolve_model_path,
    supports_grammar,
)
from receptionist_interfaces.msg import SpeakingState, Transcript
from receptionist_interfaces.srv import ListAmenities, LookupProcedure

GRAMMAR_SOURCES = ("none", "catalog", "file")
CATALOG_CALL_TIMEOUT_S = 15.0
PARAMETERS = {
    "model_path": ("", "Vosk model directory; empty: env RECEPTIONIST_VOSK_MODEL; none: text-only"),
    "sample_rate": (16000, "sample rate fed to the model (Vosk models are trained at 16 kHz)"),
    "audio_source": ("topic", "topic (audio_topic) or microphone (needs the sounddevice package)"),
    "audio_topic": ("/audio/raw", "std_msgs/Int16MultiArray of mono S16 samples at input_sample_rate"),
    "input_sample_rate": (16000, "sample rate of the incoming audio (resampled to sample_rate)"),
    "microphone_device": ("", "sounddevice input: empty default, an index, or part of a device name"),
    "chunk_ms": (100, "audio fed to the recognizer per step, milliseconds"),
    "publish_partials": (True, "publish partial hypotheses (is_final=false) as they change"),
    "speech_topic": ("/receptionist/speech", "Transcript output"),
    "speaking_topic": ("/receptionist/speaking", "SpeakingState from the TTS: audio is ignored while true"),
    "speaking_tail_s": (0.4, "keep ignoring audio this long after the robot stops speaking (echo)"),
    "speaking_overrun_s": (3.0, "reopen anyway this long after the expected end if no speaking=false came"),
    "grammar_source": ("none", "none (free recognition), catalog (bridge + phrases), file (phrases only)"),
    "phrase_file": ("", "optional file of extra phrases, one per line ('#' comments)"),
    "extra_phrases": (["vâng", "không", "cảm ơn"], "phrases always in the grammar (replies, greetings)"),
    "grammar_include_words": (True, "also accept single words of the phrases in any order"),
    "lookup_service": ("/receptionist/lookup_procedure", "bridge service listing the catalog"),
    "amenities_service": ("/receptionist/list_amenities", "bridge service listing the amenities"),
    "grammar_retry_s": (5.0, "period of the attempts to fetch the catalog until it succeeds"),
}


class AsrNode(Node):
    def __init__(self) -> None:
        super().__init__("asr")
        self.params = params = declare_parameters(self, PARAMETERS)
        self._status: tuple[int, str] = (OK, "listening")
        self._model: Any = None
        self._listener: SpeechListener | None = None
        self._microphone: Microphone | None = None
        self._grammar_loaded = False
        self._fetch_started: float | None = None  # monotonic time of the catalog request in flight
        self._model_path = resolve_model_path(params["model_path"])
        self._publisher = self.create_publisher(Transcript, params["speech_topic"], 10)
        self._health = HealthReporter(self)
        self._health.add_check("asr", lambda: (*self._status, {"model": self._model_path}))
        try:
            self._model = load_model(self._model_path)
        except ModelUnavailableError as error:
            self._status = (WARN, f"no speech recognition model ({error}): text-only")
            self.get_logger().warn(
                f"No Vosk model at {describe_model_path(self._model_path)}: running text-only "
                f"(screen and terminal). Reason: {error}"
            )
            return
        self._start_listening()

    def _start_listening(self) -> None:
        params = self.params
        gate = SpeakingGate(params["speaking_tail_s"], params["speaking_overrun_s"])
        recognizer = StreamingRecognizer(self._model, params["sample_rate"], self._initial_grammar())
        self._listener = SpeechListener(
            recognizer, gate, params["input_sample_rate"], params["sample_rate"], params["chunk_ms"]
        )
        control = MutuallyExclusiveCallbackGroup()
        self.create_subscription(
            SpeakingState, params["speaking_topic"], self._on_speaking, 10, callback_group=control
        )
        if params["grammar_source"] == "catalog" and supports_grammar(self._model_path):
            self._lookup = self.create_client(
                LookupProcedure, params["lookup_service"], callback_group=control
            )
            self._amenities = self.create_client(
                ListAmenities, params["amenities_service"], callback_group=control
            )
            self._grammar_timer = self.create_timer(
                params["grammar_retry_s"], self._fetch_catalog, callback_group=control
            )
            self._fetch_catalog()
        source = params["audio_source"]
        if source == "microphone":
            source = self._open_microphone()
        if source != "microphone":
            if source != "topic":
                self.get_logger().error(
                    f"unknown audio_source '{source}': listening on {params['audio_topic']}"
                )
            # Its own group keeps the audio in order while the speaking state is handled in parallel.
            self.create_subscription(
                Int16MultiArray, params["audio_topic"], self._on_audio, 50,
                callback_group=MutuallyExclusiveCallbackGroup(),
            )  # fmt: skip
        where = "the microphone" if source == "microphone" else params["audio_topic"]
        self.get_logger().info(f"Listening to {where} with the Vosk model {self._model_path}")

    def _initial_grammar(self) -> list[str] | None:
        """Grammar from the phrase file and extra phrases; the catalog's phrases are added once fetched."""
        params = self.params
        mode = params["grammar_source"]
        if mode not in GRAMMAR_SOURCES:
            self.get_logger().error(f"unknown grammar_source '{mode}' (one of {GRAMMAR_SOURCES}): no grammar")
            return None
        if mode == "none":
            return None
        if not supports_grammar(self._model_path):
            self.get_logger().warn("this Vosk model has a static graph (HCLG.fst): it cannot take a grammar")
            return None
        if mode == "catalog":
            return None  # free recognition until the catalog arrives, rather than a grammar without it
        return self._grammar([])

    def _grammar(self, catalog_phrases: list[str]) -> list[str]:
        phrases = list(catalog_phrases) + list(self.params["extra_phrases"])
        if self.params["phrase_file"]:
            try:
                phrases += read_phrase_file(self.params["phrase_file"])
            except (OSError, UnicodeDecodeError) as error:
                self.get_logger().error(f"cannot read phrase_file: {error}")
        grammar = build_grammar(phrases, self.params["grammar_include_words"])
        self.get_logger().info(f"grammar: {len(grammar)} entries from {len(phrases)} phrases")
        return grammar

    def _fetch_catalog(self) -> None:
        if self._grammar_loaded:
            return
        started = self._fetch_started
        if started is not None and time.monotonic() - started < CATALOG_CALL_TIMEOUT_S:
            return  # a request is in flight; one that never answers is given up after the timeout
        if not self._lookup.service_is_ready():
            self.get_logger().info(
                f"waiting for {self.params['lookup_service']} to build the grammar",
                throttle_duration_sec=30.0,
            )
            return
        request = LookupProcedure.Request(query="", procedure_id="", max_results=10000)
        self._fetch_started = time.monotonic()
        self._lookup.call_async(request).add_done_callback(self._on_catalog)

    def _on_catalog(self, future: Any) -> None:
        try:
            response = future.result()
        except Exception as error:
            self._fetch_started = None
            self.get_logger().warn(f"catalog lookup failed: {error}")
            return
        if response.error_code != LookupProcedure.Response.OK or not response.procedures:
            self._fetch_started = None
            self.get_logger().warn(f"catalog lookup answered {response.error_code}: {response.error_message}")
            return
        phrases = phrases_from_procedures(response.procedures)
        if self._amenities.service_is_ready():
            self._amenities.call_async(ListAmenities.Request()).add_done_callback(
                lambda done: self._use_catalog(phrases, done)
            )
        else:
            self._use_catalog(phrases, None)

    def _use_catalog(self, phrases: list[str], amenities_future: Any) -> None:
        phrases = list(phrases)
        try:
            if amenities_future is not None:
                for amenity in amenities_future.result().amenities:
                    phrases += [amenity.name, *amenity.keywords]
        except Exception as error:
            self.get_logger().warn(f"amenity list failed, grammar without amenities: {error}")
        recognizer = StreamingRecognizer(self._model, self.params["sample_rate"], self._grammar(phrases))
        self._publish_all([self._listener.replace_recognizer(recognizer)])
        self._grammar_loaded = True
        self._fetch_started = None
        self._grammar_timer.cancel()

    def _open_microphone(self) -> str:
        params = self.params
        block = max(1, params["input_sample_rate"] * params["chunk_ms"] // 1000)
        try:
            self._microphone = Microphone(
                params["input_sample_rate"], block, params["microphone_device"], self._on_samples
            )
            self._microphone.start()
        except MicrophoneUnavailableError as error:
            self._status = (WARN, f"microphone unavailable: {error}")
            self.get_logger().error(
                f"Microphone unavailable: {error}. Listening on {params['audio_topic']} instead"
            )
            self._microphone = None
            return "topic"
        return "microphone"

    def _on_audio(self, msg: Int16MultiArray) -> None:
        self._on_samples(np.frombuffer(msg.data, dtype=np.int16) if len(msg.data) else np.zeros(0, np.int16))

    def _on_samples(self, samples: np.ndarray) -> None:
        self._publish_all(self._listener.on_audio(samples, time.monotonic()))

    def _on_speaking(self, msg: SpeakingState) -> None:
        final = self._listener.on_speaking(msg.speaking, time.monotonic(), msg.expected_duration_s)
        self._publish_all([final])

    def _publish_all(self, hypotheses: list[Hypothesis | None]) -> None:
        for hypothesis in hypotheses:
            if hypothesis is None or (not hypothesis.is_final and not self.params["publish_partials"]):
                continue
            msg = Transcript(
                text=hypothesis.text,
                confidence=float(hypothesis.confidence),
                is_final=hypothesis.is_final,
                source=Transcript.SOURCE_VOICE,
            )
            msg.header.stamp = self.get_clock().now().to_msg()
            self._publisher.publish(msg)
            if hypothesis.is_final:
                self.get_logger().info(f"heard '{hypothesis.text}' (confidence {hypothesis.confidence:.2f})")

    def destroy_node(self) -> None:
        if self._microphone is not None:
            self._microphone.stop()
        super().destroy_node()


def main(args: list[str] | None = None) -> None:
    run_node(AsrNode, args)


if __name__ == "__main__":
    main()

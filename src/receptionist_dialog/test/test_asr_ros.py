"""The ASR node over real DDS: text-only without a model; with a model (RECEPTIONIST_VOSK_MODEL),
transcripts from audio on /audio/raw and deafness while the robot speaks."""

import array
import importlib.util
import re
import time
from pathlib import Path

import numpy as np
import pytest
from diagnostic_msgs.msg import DiagnosticArray, DiagnosticStatus
from std_msgs.msg import Int16MultiArray

from harness.graph import wait_for_topic_publisher, wait_for_topic_subscriber
from receptionist_interfaces.msg import SpeakingState, Transcript

CONFIG = Path(__file__).resolve().parents[3] / "config" / "speech.yaml"
CHUNK = 1600  # 100 ms at 16 kHz


class Inbox:
    def __init__(self) -> None:
        self.items: list = []

    def __call__(self, msg) -> None:
        self.items.append(msg)

    def wait_for(self, predicate, timeout: float = 20.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in list(self.items) if predicate(m)]
            if found:
                return found[0]
            time.sleep(0.05)
        raise AssertionError(f"no matching message within {timeout} s")


def publish_audio(publisher, samples: np.ndarray, pace: float = 0.25) -> None:
    """Publish 100 ms chunks at `pace` x their duration (faster than real time, in order)."""
    for start in range(0, len(samples), CHUNK):
        publisher.publish(Int16MultiArray(data=array.array("h", samples[start : start + CHUNK].tobytes())))
        time.sleep(0.1 * pace)


def test_without_a_model_it_runs_text_only(ros_context, launch_node, tmp_path):
    missing = tmp_path / "no-model-here"
    process = launch_node(
        "receptionist_dialog", "asr", params_files=[CONFIG], parameters={"model_path": str(missing)},
        env={"RECEPTIONIST_VOSK_MODEL": ""},
    )  # fmt: skip
    process.wait_for_log(
        rf"No Vosk model at {re.escape(str(missing))}: running text-only \(screen and terminal\)"
    )
    node = ros_context.node
    diagnostics, transcripts = Inbox(), Inbox()
    node.create_subscription(DiagnosticArray, "/diagnostics", diagnostics, 10)
    node.create_subscription(Transcript, "/receptionist/speech", transcripts, 10)
    status = diagnostics.wait_for(lambda msg: any("asr" in s.name for s in msg.status), timeout=20.0).status[
        0
    ]
    assert status.level == DiagnosticStatus.WARN and "text-only" in status.message
    # Audio sent anyway is not processed and nothing is published; the node stays up.
    audio = node.create_publisher(Int16MultiArray, "/audio/raw", 10)
    publish_audio(audio, (3000 * np.sin(np.arange(16000) / 5)).astype(np.int16))
    time.sleep(0.5)
    assert transcripts.items == []
    assert process.is_running()


@pytest.fixture
def asr_with_model(ros_context, launch_node, vosk_model_path):
    process = launch_node(
        "receptionist_dialog", "asr", params_files=[CONFIG],
        parameters={"model_path": vosk_model_path, "speaking_tail_s": 0.3, "audio_source": "microphone"},
    )  # fmt: skip
    process.wait_for_log(r"Listening to /audio/raw", timeout=60.0)
    node = ros_context.node
    transcripts = Inbox()
    node.create_subscription(Transcript, "/receptionist/speech", transcripts, 50)
    audio = node.create_publisher(Int16MultiArray, "/audio/raw", 200)
    speaking = node.create_publisher(SpeakingState, "/receptionist/speaking", 10)
    wait_for_topic_subscriber(node, "/audio/raw")
    wait_for_topic_subscriber(node, "/receptionist/speaking")
    wait_for_topic_publisher(node, "/receptionist/speech")
    return process, transcripts, audio, speaking


def test_speech_on_the_audio_topic_gives_transcripts(asr_with_model, speech_audio):
    process, transcripts, audio, _ = asr_with_model
    if importlib.util.find_spec("sounddevice") is None:  # microphone mode says why and uses the topic
        assert "Microphone unavailable: the Python package 'sounddevice' is not installed" in process.output()
    speech, _ = speech_audio("Xin chào, tôi muốn làm giấy khai sinh cho con.")
    publish_audio(audio, np.concatenate([speech, np.zeros(24000, dtype=np.int16)]))
    final = transcripts.wait_for(lambda m: m.is_final, timeout=30.0)
    assert final.text and 0.0 < final.confidence <= 1.0 and final.source == Transcript.SOURCE_VOICE
    assert any(not m.is_final and m.text for m in transcripts.items)


def test_the_robot_voice_is_not_transcribed(asr_with_model, speech_audio):
    _, transcripts, audio, speaking = asr_with_model
    speech, _ = speech_audio("Dạ, mời bác đến quầy số ba ạ.")
    speaking.publish(SpeakingState(speaking=True, utterance_id="robot", expected_duration_s=30.0))
    time.sleep(0.3)
    publish_audio(audio, np.concatenate([speech, np.zeros(24000, dtype=np.int16)]))
    time.sleep(1.0)
    assert transcripts.items == []
    speaking.publish(SpeakingState(speaking=False, utterance_id="robot"))
    time.sleep(0.6)  # past the tail
    publish_audio(audio, np.concatenate([speech, np.zeros(24000, dtype=np.int16)]))
    assert transcripts.wait_for(lambda m: m.is_final, timeout=30.0).text


def test_grammar_is_built_from_the_bridge_catalog(
    ros_context, launch_node, center_service, service_bridge_factory, vosk_model_path
):
    from receptionist_dialog.speech.recognizer import supports_grammar

    if not supports_grammar(vosk_model_path):
        pytest.skip("this Vosk model has a static graph: grammars need a small model")
    service_bridge_factory()
    process = launch_node(
        "receptionist_dialog", "asr", params_files=[CONFIG],
        parameters={"model_path": vosk_model_path, "grammar_source": "catalog", "grammar_retry_s": 1.0},
    )  # fmt: skip
    match = process.wait_for_log(r"grammar: (\d+) entries from (\d+) phrases", timeout=60.0)
    entries, phrases = int(match.group(1)), int(match.group(2))
    status, catalog = center_service.request("GET", "/v1/catalog")
    assert status == 200
    expected = sum(1 + len(p["colloquial_names"]) for p in catalog["procedures"])
    assert phrases >= expected  # + amenity names and keywords + extra phrases
    assert entries > len(catalog["procedures"])

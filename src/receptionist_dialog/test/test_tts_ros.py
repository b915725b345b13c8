"""The TTS node over real DDS: SayRequest in -> SpeakingState true then false, a WAV with real speech."""

import time
from pathlib import Path

import pytest

from harness.graph import wait_for_topic_publisher, wait_for_topic_subscriber
from receptionist_dialog.speech.audio import read_wav, rms_dbfs, voiced_fraction
from receptionist_interfaces.msg import SayRequest, SpeakingState

CONFIG = Path(__file__).resolve().parents[3] / "config" / "speech.yaml"
ANSWER = "Dạ, mời bác đến quầy số ba để làm giấy khai sinh ạ."


class Collector:
    def __init__(self) -> None:
        self.items: list[tuple[float, SpeakingState]] = []

    def __call__(self, msg: SpeakingState) -> None:
        self.items.append((time.monotonic(), msg))

    def wait_for(self, predicate, timeout: float = 15.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate([m for _, m in self.items]):
                return
            time.sleep(0.02)
        raise AssertionError(
            f"not seen within {timeout} s: {[(m.utterance_id, m.speaking) for _, m in self.items]}"
        )


@pytest.fixture
def tts(request, ros_context, launch_node, tmp_path):
    overrides = getattr(request, "param", {})
    process = launch_node(
        "receptionist_dialog",
        "tts",
        params_files=[CONFIG],
        parameters={"output_dir": str(tmp_path), **overrides},
    )
    process.wait_for_log(r"TTS ready", timeout=30)
    node = ros_context.node
    states = Collector()
    node.create_subscription(SpeakingState, "/receptionist/speaking", states, 10)
    say = node.create_publisher(SayRequest, "/receptionist/say", 10)
    wait_for_topic_subscriber(node, "/receptionist/say")
    wait_for_topic_publisher(node, "/receptionist/speaking")
    return process, states, say, tmp_path


def ended(utterance_id):
    return lambda states: any(s.utterance_id == utterance_id and not s.speaking for s in states)


def test_say_request_is_spoken_with_speaking_state_and_a_real_wav(tts):
    process, states, say, out = tts
    say.publish(SayRequest(utterance_id="answer-1", text=ANSWER, rate_scale=1.0))
    states.wait_for(ended("answer-1"))
    mine = [(t, s) for t, s in states.items if s.utterance_id == "answer-1"]
    assert [s.speaking for _, s in mine] == [True, False]
    (t_start, start), (t_end, _) = mine
    assert 1.5 < start.expected_duration_s < 8.0
    # Without a player the node holds "speaking" for the audio's duration, as a loudspeaker would.
    assert t_end - t_start > 0.8 * start.expected_duration_s
    wavs = list(out.glob("*answer-1.wav"))
    assert len(wavs) == 1
    samples, rate = read_wav(wavs[0])
    assert len(samples) / rate == pytest.approx(start.expected_duration_s, abs=0.01)
    assert rms_dbfs(samples) > -35.0 and voiced_fraction(samples, rate) > 0.4
    assert process.is_running()


@pytest.mark.parametrize("tts", [{"hold_without_player": False}], indirect=True)
def test_elderly_mode_speaks_slower(tts):
    _, states, say, _ = tts
    say.publish(SayRequest(utterance_id="normal", text=ANSWER, rate_scale=0.0))  # 0: default rate
    say.publish(SayRequest(utterance_id="slow", text=ANSWER, rate_scale=0.6))
    states.wait_for(ended("slow"), timeout=30)
    duration = {s.utterance_id: s.expected_duration_s for s in (m for _, m in states.items) if s.speaking}
    assert duration["slow"] > 1.3 * duration["normal"]


def test_garbage_is_ignored_and_interrupt_cuts_in(tts):
    process, states, say, _ = tts
    say.publish(SayRequest(utterance_id="junk", text="\x00\x01\x02"))
    say.publish(SayRequest(utterance_id="empty", text="   "))
    process.wait_for_log(r"ignoring say request 'empty': empty text")
    long_text = "Dạ, hiện tại đang có mười hai người chờ ở quầy số năm, bác vui lòng ngồi ghế chờ ạ. " * 3
    say.publish(SayRequest(utterance_id="long", text=long_text))
    states.wait_for(lambda s: any(m.utterance_id == "long" and m.speaking for m in s))
    say.publish(SayRequest(utterance_id="sorry", text="Xin lỗi bác.", interrupt=True))
    states.wait_for(ended("sorry"))
    events = [(s.utterance_id, s.speaking) for _, s in states.items]
    assert events == [("long", True), ("long", False), ("sorry", True), ("sorry", False)]
    long_start, long_end = (t for t, s in states.items if s.utterance_id == "long")
    assert long_end - long_start < 0.5 * next(s.expected_duration_s for _, s in states.items if s.speaking)
    assert process.is_running()

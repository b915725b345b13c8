"""The TTS queue with real synthesis: order of events, queueing, interrupts, bad input, players."""

import shutil
import threading
import time

import pytest

from receptionist_dialog.speech.audio import read_wav, rms_dbfs
from receptionist_dialog.speech.playback import Playback, PlaybackError, player_command
from receptionist_dialog.speech.speaker import Speaker, SpeakerSettings, SpeechRequest
from receptionist_dialog.speech.synthesis import BACKEND_ESPEAK, Synthesizer

pytestmark = pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")


class Recorder:
    """Collects the speaker's callbacks and lets a test wait for one."""

    def __init__(self) -> None:
        self.events: list[tuple] = []
        self.results = {}
        self._cond = threading.Condition()

    def start(self, utterance_id, result):
        with self._cond:
            self.results[utterance_id] = result
            self.events.append(("start", utterance_id))
            self._cond.notify_all()

    def end(self, utterance_id, completed):
        with self._cond:
            self.events.append(("end", utterance_id, completed))
            self._cond.notify_all()

    def log(self, level, message):
        with self._cond:
            self.events.append((level, message))
            self._cond.notify_all()

    def wait_for(self, predicate, timeout=10.0):
        with self._cond:
            assert self._cond.wait_for(lambda: predicate(self.events), timeout), self.events


@pytest.fixture(scope="module")
def synthesizer():
    return Synthesizer("vi", backend=BACKEND_ESPEAK)


@pytest.fixture
def make_speaker(synthesizer, tmp_path):
    speakers = []

    def make(playback=None, **settings):
        recorder = Recorder()
        speaker = Speaker(
            synthesizer,
            playback or Playback("", hold_without_player=False),
            SpeakerSettings(output_dir=tmp_path / "out", **settings),
            recorder.start,
            recorder.end,
            recorder.log,
        )
        speakers.append(speaker)
        return speaker, recorder

    yield make
    for speaker in speakers:
        speaker.close()


def ended(utterance_id):
    return lambda events: any(e[0] == "end" and e[1] == utterance_id for e in events)


def test_each_request_starts_then_ends_with_a_real_wav(make_speaker):
    speaker, recorder = make_speaker()
    assert speaker.submit(SpeechRequest("a", "Xin chào bác ạ."))
    assert speaker.submit(SpeechRequest("b", "Mời bác đến quầy số ba."))
    recorder.wait_for(ended("b"))
    assert recorder.events == [("start", "a"), ("end", "a", True), ("start", "b"), ("end", "b", True)]
    for result in recorder.results.values():
        samples, _ = read_wav(result.path)
        assert result.duration_s > 0.5 and rms_dbfs(samples) > -35.0


def test_slower_rate_scale_gives_longer_audio(make_speaker):
    speaker, recorder = make_speaker()
    speaker.submit(SpeechRequest("normal", "Lệ phí là tám nghìn đồng một bản ạ.", rate_scale=1.0))
    speaker.submit(SpeechRequest("slow", "Lệ phí là tám nghìn đồng một bản ạ.", rate_scale=0.6))
    recorder.wait_for(ended("slow"))
    assert recorder.results["slow"].rate_wpm == 90
    assert recorder.results["slow"].duration_s > 1.3 * recorder.results["normal"].duration_s


def test_garbage_is_ignored_with_a_warning_and_nothing_is_said(make_speaker):
    speaker, recorder = make_speaker()
    assert not speaker.submit(SpeechRequest("g1", ""))
    assert not speaker.submit(SpeechRequest("g2", "\x00\x07\x1b"))
    assert not speaker.submit(SpeechRequest("g3", "#$%^&*" * 5))
    assert speaker.submit(SpeechRequest("ok", "Dạ."))
    recorder.wait_for(ended("ok"))
    warnings = [e[1] for e in recorder.events if e[0] == "warn"]
    assert len(warnings) == 3 and all("ignoring say request" in w for w in warnings)
    assert [e for e in recorder.events if e[0] == "start"] == [("start", "ok")]


def test_requests_queue_while_speaking(make_speaker):
    speaker, recorder = make_speaker(playback=Playback("", hold_without_player=True))
    for i in range(3):
        speaker.submit(SpeechRequest(f"q{i}", "Dạ vâng."))
    assert speaker.queue_length >= 1
    recorder.wait_for(ended("q2"))
    order = [e[1] for e in recorder.events if e[0] == "start"]
    assert order == ["q0", "q1", "q2"]


def test_full_queue_drops_the_oldest_waiting_request(make_speaker):
    speaker, recorder = make_speaker(playback=Playback("", hold_without_player=True), max_queue=2)
    for i in range(5):
        speaker.submit(SpeechRequest(f"q{i}", "Dạ vâng ạ."))
    recorder.wait_for(ended("q4"))
    spoken = [e[1] for e in recorder.events if e[0] == "start"]
    assert spoken[-2:] == ["q3", "q4"] and len(spoken) < 5
    assert any("queue full" in e[1] for e in recorder.events if e[0] == "warn")


def test_interrupt_cuts_the_current_utterance_and_clears_the_queue(make_speaker):
    speaker, recorder = make_speaker(playback=Playback("", hold_without_player=True))
    speaker.submit(
        SpeechRequest("long", "Dạ, mời bác ngồi chờ một chút, nhân viên sẽ đến hỗ trợ bác ngay ạ.")
    )
    speaker.submit(SpeechRequest("queued", "Câu này sẽ bị bỏ."))
    recorder.wait_for(lambda events: ("start", "long") in events)
    began = time.monotonic()
    speaker.submit(SpeechRequest("urgent", "Xin lỗi bác.", interrupt=True))
    recorder.wait_for(ended("urgent"))
    assert ("end", "long", False) in recorder.events
    assert time.monotonic() - began < recorder.results["long"].duration_s
    assert "queued" not in [e[1] for e in recorder.events if e[0] == "start"]


def test_interrupt_without_text_just_silences(make_speaker):
    speaker, recorder = make_speaker(playback=Playback("", hold_without_player=True))
    speaker.submit(
        SpeechRequest("long", "Dạ, mời bác ngồi chờ một chút, nhân viên sẽ đến hỗ trợ bác ngay ạ.")
    )
    recorder.wait_for(lambda events: ("start", "long") in events)
    assert speaker.submit(SpeechRequest("stop", "", interrupt=True))
    recorder.wait_for(ended("long"))
    assert ("end", "long", False) in recorder.events
    assert not any(e[0] == "warn" for e in recorder.events)


def test_old_wav_files_are_pruned(make_speaker, tmp_path):
    speaker, recorder = make_speaker(keep_files=2)
    for i in range(4):
        speaker.submit(SpeechRequest(f"f{i}", "Dạ."))
    recorder.wait_for(ended("f3"))
    assert len(list((tmp_path / "out").glob("*.wav"))) == 2


def test_empty_utterance_ids_are_numbered(make_speaker):
    speaker, recorder = make_speaker()
    speaker.submit(SpeechRequest("", "Dạ."))
    recorder.wait_for(lambda events: any(e[0] == "end" for e in events))
    assert recorder.events[0][1].startswith("tts-")


def test_external_player_is_run_on_the_wav_and_can_be_interrupted(make_speaker, tmp_path):
    # A wrapper player that takes a while (aplay on a real speaker); its child must be stopped too.
    speaker, recorder = make_speaker(playback=Playback("sh -c 'sleep 20; exit 0' {wav}"))
    speaker.submit(SpeechRequest("played", "Dạ vâng ạ."))
    recorder.wait_for(lambda events: ("start", "played") in events)
    speaker.submit(SpeechRequest("", "", interrupt=True))
    recorder.wait_for(ended("played"), timeout=5.0)
    assert ("end", "played", False) in recorder.events


def test_failing_player_is_reported_and_the_queue_goes_on(make_speaker):
    speaker, recorder = make_speaker(playback=Playback("false"))
    speaker.submit(SpeechRequest("p1", "Dạ."))
    speaker.submit(SpeechRequest("p2", "Vâng."))
    recorder.wait_for(ended("p2"))
    assert ("end", "p1", False) in recorder.events
    assert any("playback of 'p1' failed" in e[1] for e in recorder.events if e[0] == "error")


def test_player_command_template():
    assert player_command("aplay -q {wav}", "/t/a.wav") == ["aplay", "-q", "/t/a.wav"]
    assert player_command("paplay", "/t/a.wav") == ["paplay", "/t/a.wav"]
    assert player_command("", "/t/a.wav") == []


def test_missing_player_is_refused_up_front():
    with pytest.raises(PlaybackError, match="not found"):
        Playback("no-such-player-xyz {wav}")

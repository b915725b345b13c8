"""The speaking gate keeps the ASR deaf while the robot speaks, plus a tail, and never for good."""

import pytest

from receptionist_dialog.speech.gate import SpeakingGate


def test_open_until_the_robot_speaks():
    gate = SpeakingGate(tail_s=0.5, overrun_s=2.0)
    assert gate.is_open(0.0)
    gate.on_speaking(True, now=10.0, expected_duration_s=3.0)
    assert gate.robot_speaking
    assert not gate.is_open(10.0)
    assert not gate.is_open(12.9)


def test_tail_after_speaking_false():
    gate = SpeakingGate(tail_s=0.5, overrun_s=2.0)
    gate.on_speaking(True, now=10.0, expected_duration_s=3.0)
    gate.on_speaking(False, now=13.0)
    assert not gate.robot_speaking
    assert not gate.is_open(13.4)
    assert gate.is_open(13.5)


def test_interrupted_utterance_reopens_early():
    gate = SpeakingGate(tail_s=0.3, overrun_s=2.0)
    gate.on_speaking(True, now=0.0, expected_duration_s=10.0)
    gate.on_speaking(False, now=1.0)
    assert gate.is_open(1.3)


def test_reopens_by_itself_when_speaking_false_never_comes():
    gate = SpeakingGate(tail_s=0.3, overrun_s=2.0)
    gate.on_speaking(True, now=0.0, expected_duration_s=3.0)
    assert not gate.is_open(4.9)
    assert gate.is_open(5.0)


def test_unknown_duration_uses_the_longest_closure():
    gate = SpeakingGate(tail_s=0.3, overrun_s=2.0, unknown_duration_s=20.0)
    gate.on_speaking(True, now=0.0, expected_duration_s=0.0)
    assert not gate.is_open(19.9)
    assert gate.is_open(20.0)


def test_queued_utterances_keep_it_closed():
    gate = SpeakingGate(tail_s=0.5, overrun_s=1.0)
    gate.on_speaking(True, now=0.0, expected_duration_s=2.0)
    gate.on_speaking(False, now=2.0)
    gate.on_speaking(True, now=2.05, expected_duration_s=2.0)
    assert not gate.is_open(2.6)
    gate.on_speaking(False, now=4.1)
    assert gate.is_open(4.6)


def test_negative_durations_are_rejected():
    with pytest.raises(ValueError):
        SpeakingGate(tail_s=-1.0)

"""PCM helpers: byte conversion, WAV round trip, energy, resampling and re-chunking."""

import numpy as np
import pytest

from receptionist_dialog.speech.audio import (
    SILENCE_FLOOR_DBFS,
    ChunkBuffer,
    StreamResampler,
    read_wav,
    resample,
    rms_dbfs,
    samples_from_bytes,
    samples_to_bytes,
    voiced_fraction,
    wav_duration_s,
    write_wav,
)


def sine(freq: float, seconds: float, rate: int, amplitude: float = 0.5) -> np.ndarray:
    t = np.arange(int(seconds * rate)) / rate
    return (amplitude * 32767 * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def dominant_frequency(samples: np.ndarray, rate: int) -> float:
    spectrum = np.abs(np.fft.rfft(samples.astype(np.float64)))
    return float(np.fft.rfftfreq(len(samples), 1 / rate)[np.argmax(spectrum)])


def test_bytes_round_trip_is_little_endian():
    samples = np.array([0, 1, -1, 32767, -32768], dtype=np.int16)
    data = samples_to_bytes(samples)
    assert data[:4] == b"\x00\x00\x01\x00"
    assert samples_from_bytes(data).tolist() == samples.tolist()


def test_odd_byte_count_is_an_error():
    with pytest.raises(ValueError, match="even number of bytes"):
        samples_from_bytes(b"\x00\x01\x02")


def test_wav_round_trip_and_duration(tmp_path):
    samples = sine(440, 1.5, 22050)
    write_wav(tmp_path / "a.wav", samples, 22050)
    read, rate = read_wav(tmp_path / "a.wav")
    assert rate == 22050
    assert np.array_equal(read, samples)
    assert wav_duration_s(tmp_path / "a.wav") == pytest.approx(1.5, abs=1e-3)


def test_stereo_wav_is_mixed_down(tmp_path):
    import wave

    left = sine(300, 0.5, 16000)
    stereo = np.stack([left, left], axis=1).astype("<i2").tobytes()
    with wave.open(str(tmp_path / "s.wav"), "wb") as wav:
        wav.setnchannels(2)
        wav.setsampwidth(2)
        wav.setframerate(16000)
        wav.writeframes(stereo)
    mono, rate = read_wav(tmp_path / "s.wav")
    assert rate == 16000 and len(mono) == len(left)
    assert np.max(np.abs(mono.astype(int) - left.astype(int))) <= 1


def test_rms_levels():
    assert rms_dbfs(np.zeros(1000, dtype=np.int16)) == SILENCE_FLOOR_DBFS
    assert rms_dbfs(np.zeros(0, dtype=np.int16)) == SILENCE_FLOOR_DBFS
    # A full-scale sine is -3 dBFS; half scale is 6 dB lower.
    assert rms_dbfs(sine(1000, 1.0, 16000, 1.0)) == pytest.approx(-3.01, abs=0.05)
    assert rms_dbfs(sine(1000, 1.0, 16000, 0.5)) == pytest.approx(-9.03, abs=0.05)


def test_voiced_fraction_separates_tone_from_silence():
    rate = 16000
    half = np.concatenate([sine(500, 1.0, rate), np.zeros(rate, dtype=np.int16)])
    assert voiced_fraction(half, rate) == pytest.approx(0.5, abs=0.02)
    assert voiced_fraction(np.zeros(rate, dtype=np.int16), rate) == 0.0


@pytest.mark.parametrize(("src", "dst"), [(48000, 16000), (22050, 16000), (8000, 16000), (44100, 16000)])
def test_resample_keeps_duration_and_pitch(src, dst):
    tone = sine(440, 1.0, src)
    out = resample(tone, src, dst)
    assert out.dtype == np.int16
    assert len(out) == pytest.approx(dst, abs=1)
    assert dominant_frequency(out, dst) == pytest.approx(440, abs=2)
    assert rms_dbfs(out) == pytest.approx(rms_dbfs(tone), abs=0.5)


def test_downsampling_removes_what_would_alias():
    # 11 kHz fits in 48 kHz but would fold to 5 kHz at 16 kHz without the low-pass.
    out = resample(sine(11000, 1.0, 48000), 48000, 16000)
    assert rms_dbfs(out) < rms_dbfs(sine(11000, 1.0, 48000)) - 20


@pytest.mark.parametrize(("src", "dst"), [(48000, 16000), (44100, 16000), (8000, 16000), (16000, 16000)])
def test_stream_resampler_has_no_seams_between_pieces(src, dst):
    tone = sine(440, 1.0, src)
    stream = StreamResampler(src, dst)
    pieces = [stream.process(tone[i : i + 777]) for i in range(0, len(tone), 777)]
    out = np.concatenate(pieces)
    assert len(out) == pytest.approx(dst, abs=2)
    assert dominant_frequency(out, dst) == pytest.approx(440, abs=2)
    # No clicks at piece borders: the steady part's sample-to-sample steps stay those of a 440 Hz sine.
    steady = out[100:-100].astype(np.float64)
    max_step = 0.5 * 32767 * 2 * np.pi * 440 / dst
    assert np.max(np.abs(np.diff(steady))) <= max_step * 1.05 + 2


def test_stream_resampler_filters_like_the_one_shot_version():
    noise = np.random.default_rng(1).integers(-8000, 8000, 48000).astype(np.int16)
    stream = StreamResampler(48000, 16000)
    out = np.concatenate([stream.process(noise[i : i + 1600]) for i in range(0, len(noise), 1600)])
    assert rms_dbfs(out) == pytest.approx(rms_dbfs(resample(noise, 48000, 16000)), abs=0.5)


def test_resample_rejects_bad_rates():
    with pytest.raises(ValueError):
        resample(np.zeros(10, dtype=np.int16), 0, 16000)
    with pytest.raises(ValueError):
        StreamResampler(16000, -1)


def test_chunk_buffer_recuts_arbitrary_pieces_in_order():
    buffer = ChunkBuffer(1600)
    stream = np.arange(5000, dtype=np.int16)
    chunks = []
    for piece in (stream[:7], stream[7:1700], stream[1700:1701], stream[1701:5000]):
        chunks += buffer.push(piece)
    assert [len(c) for c in chunks] == [1600, 1600, 1600]
    assert np.array_equal(np.concatenate(chunks), stream[:4800])
    assert buffer.pending_samples == 200
    assert np.array_equal(buffer.flush(), stream[4800:])
    assert buffer.pending_samples == 0


def test_chunk_buffer_clear_drops_pending_audio():
    buffer = ChunkBuffer(100)
    buffer.push(np.ones(150, dtype=np.int16))
    buffer.clear()
    assert buffer.push(np.zeros(100, dtype=np.int16))[0].sum() == 0


def test_chunk_size_must_be_positive():
    with pytest.raises(ValueError):
        ChunkBuffer(0)

"""TTS node: speaks SayRequests in Vietnamese with espeak-ng and announces when the robot is speaking.

Subscribes `/receptionist/say` (SayRequest); publishes `/receptionist/speaking` (SpeakingState:
speaking=true with the expected duration when an utterance starts, false when it ends or is cut) so the
ASR ignores the robot's own voice. Audio is played with `player_command` (e.g. `aplay -q {wav}`) or, in
simulation, only written to `output_dir`. The logic lives in `receptionist_dialog.speech`.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy

from receptionist_common.health import ERROR, OK, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_dialog.speech.playback import Playback, PlaybackError
from receptionist_dialog.speech.speaker import Speaker, SpeakerSettings, SpeechRequest
from receptionist_dialog.speech.synthesis import SynthesisError, SynthesisResult, Synthesizer
from receptionist_interfaces.msg import SayRequest, SpeakingState

PARAMETERS = {
    "say_topic": ("/receptionist/say", "SayRequest input"),
    "speaking_topic": ("/receptionist/speaking", "SpeakingState output (the ASR listens to it)"),
    "voice": ("vi", "espeak-ng voice: vi (northern), vi-vn-x-central, vi-vn-x-south; '+f3' adds a variant"),
    "rate_wpm": (150, "normal speaking rate, words per minute; SayRequest.rate_scale multiplies it"),
    "min_rate_wpm": (80, "slowest rate allowed (elderly mode never goes below it)"),
    "max_rate_wpm": (300, "fastest rate allowed"),
    "backend": ("auto", "espeak-ng (the command, robust), pyttsx3, or auto: espeak-ng when installed"),
    "espeak_binary": ("espeak-ng", "espeak-ng executable (voice check and command backend)"),
    "synthesis_timeout_s": (15.0, "longest synthesis of one utterance before giving up"),
    "player_command": (
        "",
        "command playing a WAV, '{wav}' is the file (e.g. 'aplay -q {wav}'); empty: no sound",
    ),
    "hold_without_player": (True, "without a player, stay 'speaking' for the audio's duration (real timing)"),
    "output_dir": ("", "directory for the WAV files; empty: a new temporary directory"),
    "keep_files": (50, "WAV files kept in output_dir (oldest deleted first); 0 keeps all"),
    "max_chars": (1000, "longer texts are cut at a sentence end"),
    "max_queue": (10, "requests waiting while speaking; the oldest is dropped beyond"),
}

_SPEAKING_QOS = QoSProfile(
    depth=10, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.TRANSIENT_LOCAL
)


class TtsNode(Node):
    def __init__(self) -> None:
        super().__init__("tts")
        params = declare_parameters(self, PARAMETERS)
        self._speaker: Speaker | None = None
        self._problem = ""
        output_dir = Path(params["output_dir"] or tempfile.mkdtemp(prefix="receptionist_tts_"))
        self._publisher = self.create_publisher(SpeakingState, params["speaking_topic"], _SPEAKING_QOS)
        synthesizer = self._make_synthesizer(params)
        playback = self._make_playback(params)
        if synthesizer is not None:
            settings = SpeakerSettings(
                output_dir=output_dir,
                rate_wpm=params["rate_wpm"],
                min_rate_wpm=params["min_rate_wpm"],
                max_rate_wpm=params["max_rate_wpm"],
                max_chars=params["max_chars"],
                max_queue=params["max_queue"],
                keep_files=params["keep_files"],
            )
            self._speaker = Speaker(synthesizer, playback, settings, self._on_start, self._on_end, self._log)
            where = f"playing with '{playback.command_template}'" if playback.plays_audio else "not playing"
            self.get_logger().info(
                f"TTS ready: backend {synthesizer.backend}, voice {synthesizer.voice}, "
                f"{params['rate_wpm']} wpm, {where}, writing speech to {output_dir}"
            )
        self.create_subscription(SayRequest, params["say_topic"], self._on_say, 10)
        self._health = HealthReporter(self)
        self._health.add_check("tts", self._health_check)

    def _make_synthesizer(self, params: dict) -> Synthesizer | None:
        def fallback(message: str) -> None:
            self.get_logger().warn(f"TTS backend: {message}")

        options = dict(
            backend=params["backend"],
            espeak_binary=params["espeak_binary"],
            timeout_s=params["synthesis_timeout_s"],
            on_fallback=fallback,
        )
        try:
            return Synthesizer(params["voice"], **options)
        except ValueError as error:  # unknown voice or backend name: say so, keep talking with the default
            self.get_logger().error(f"{error}: using voice 'vi' and backend 'auto'")
            options["backend"] = PARAMETERS["backend"][0]
        except SynthesisError as error:
            self._problem = str(error)
            self.get_logger().error(f"No speech synthesis: {error}. The robot answers on screen only.")
            return None
        try:
            return Synthesizer(PARAMETERS["voice"][0], **options)
        except (ValueError, SynthesisError) as error:
            self._problem = str(error)
            self.get_logger().error(f"No speech synthesis: {error}. The robot answers on screen only.")
            return None

    def _make_playback(self, params: dict) -> Playback:
        try:
            return Playback(params["player_command"], params["hold_without_player"])
        except PlaybackError as error:
            self.get_logger().error(f"{error}: writing WAV files without playing them")
            return Playback("", params["hold_without_player"])

    def _on_say(self, msg: SayRequest) -> None:
        if self._speaker is None:
            self.get_logger().warn(f"cannot say '{msg.utterance_id}': no speech synthesis ({self._problem})")
            return
        self._speaker.submit(SpeechRequest(msg.utterance_id, msg.text, msg.rate_scale, msg.interrupt))

    def _publish(self, speaking: bool, utterance_id: str, duration_s: float) -> None:
        state = SpeakingState(
            speaking=speaking, utterance_id=utterance_id, expected_duration_s=float(duration_s)
        )
        state.header.stamp = self.get_clock().now().to_msg()
        self._publisher.publish(state)

    def _on_start(self, utterance_id: str, result: SynthesisResult) -> None:
        self.get_logger().info(
            f"speaking '{utterance_id}': {result.duration_s:.2f} s at {result.rate_wpm} wpm "
            f"({result.backend}, synthesized in {result.synth_time_s * 1000:.0f} ms) -> {result.path}"
        )
        self._publish(True, utterance_id, result.duration_s)

    def _on_end(self, utterance_id: str, completed: bool) -> None:
        self._publish(False, utterance_id, 0.0)
        self.get_logger().info(f"{'done' if completed else 'stopped'} speaking '{utterance_id}'")

    def _log(self, level: str, message: str) -> None:
        logger = self.get_logger()
        {"info": logger.info, "warn": logger.warn}.get(level, logger.error)(message)

    def _health_check(self) -> tuple[int, str, dict[str, str]]:
        if self._speaker is None:
            return ERROR, f"no speech synthesis: {self._problem}", {}
        values = {"backend": self._speaker.synthesizer.backend, "queue": str(self._speaker.queue_length)}
        if not self._speaker.playback.plays_audio:
            return OK, "writing WAV files only (no player_command)", values
        return OK, "ready", values

    def destroy_node(self) -> None:
        if self._speaker is not None:
            self._speaker.close()
        super().destroy_node()


def main(args: list[str] | None = None) -> None:
    run_node(TtsNode, args)


if __name__ == "__main__":
    main()

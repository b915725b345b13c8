"""morning_scenario: plays a scripted morning of citizens against the whole stack in the simulation.

Thin shell over scenario_director.py. Out: `/sim/citizen_command` (brings citizens in, makes them walk
and follow), `/receptionist/speech` (what each citizen says, as the ASR's final Transcript: the node
stands in for the person and for speech recognition). In: `/receptionist/say` and
`/receptionist/speaking` (what the robot says and when it has finished), `/receptionist/dialog_state`
(what it understood), `/sim/robot_pose`, `/sim/citizens`, `/cmd_vel`, `/diagnostics`.
Prints the conversation as it happens, then a summary table; writes the report (JSON), the
conversation and a PNG of the trajectories to `output_dir`; exits 0 when every citizen was served as
scripted, 1 otherwise, 2 when the scenario or site files cannot be used.
"""

from __future__ import annotations

import json
import os
import signal
import sys
import threading
import time
from dataclasses import fields
from pathlib import Path
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray
from geometry_msgs.msg import PoseStamped, Twist
from rclpy.node import Node
from std_msgs.msg import String
from visualization_msgs.msg import MarkerArray

from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.occupancy import MapError, load_map
from receptionist_common.points_of_interest import PoiError, load_pois
from receptionist_common.qos import DIALOG_STATE
from receptionist_common.site_paths import resolve_site_path
from receptionist_interfaces.msg import DialogState, SayRequest, SpeakingState, Transcript
from receptionist_sim.geometry2d import quaternion_to_yaw
from receptionist_sim.scenario import ScenarioError, load_counter_ids, load_morning
from receptionist_sim.scenario_director import MorningDirector, MorningReport, Timing
from receptionist_sim.scenario_observations import CitizenView, DialogView, Observations, SayView
from receptionist_sim.scenario_plot import DEFAULT_FONT, draw_morning, write_png
from receptionist_sim.scenario_report import report_dict, summary_table

TIMING_HELP = {
    "ready_timeout_s": "wait this long for the stack (topics connected, dialog catalog) before failing",
    "command_timeout_s": "a simulation command must show its effect within this",
    "approach_timeout_s": "a citizen walks from the door to the robot within this",
    "greet_wait_s": "with a vision node: how long a citizen waits to be greeted before speaking",
    "quiet_timeout_s": "the longest the robot may keep talking before the scenario goes on",
    "quiet_settle_s": "the robot silent this long after its last utterance: it has finished",
    "no_tts_pause_s": "without a TTS node: pause after the robot's last say request",
    "think_s": "a citizen's pause before answering the robot",
    "reply_timeout_s": "a transcript must get the dialog's reply within this",
    "motion_timeout_s": "after the yes to a guide offer the robot must start moving within this",
    "trip_timeout_s": "the robot must reach the guide destination within this",
    "citizen_timeout_s": "a slower visitor must reach the counter within this after the robot",
    "home_timeout_s": "the robot must be back home and still within this",
    "home_still_s": "the robot must stand still this long to count as home",
    "arrive_radius_m": "robot this close to the destination: arrived",
    "citizen_radius_m": "citizen this close to the destination: arrived",
    "home_radius_m": "robot this close to home: home",
    "leave_timeout_s": "a leaving citizen is removed after this long in any case",
    "poll_s": "how often the scenario looks at what it observes",
    "discovery_s": "wait this long after start before deciding whether a TTS and a vision node exist",
    "idle_timeout_s": "before a citizen comes in, wait this long at most for the last conversation to end",
}
TIMING_DEFAULTS = Timing()

PARAMETERS = {
    "scenario_file": ("config/scenarios/morning.yaml", "the script of the morning (citizens, lines, checks)"),
    "points_of_interest_file": ("config/site/points_of_interest.yaml", "POIs: home and guide destinations"),
    "counters_file": ("config/site/counters.yaml", "counter ids the script's expectations may name"),
    "map_yaml": ("maps/lobby.yaml", "the map the trajectories are drawn on"),
    "output_dir": ("log/morning", "report JSON, conversation and trajectory PNG go here"),
    "plot_scale": (3, "PNG pixels per map cell"),
    "plot_font": (DEFAULT_FONT, "TrueType font of the PNG labels (Vietnamese names); missing: ASCII"),
    "required_diagnostics": (
        ["/dialog_manager: catalog", "/dialog_manager: guide"],
        "/diagnostics statuses that must be OK before the first citizen comes in",
    ),
    "transcript_confidence": (0.0, "override every line's ASR confidence (0: the script's)"),
    "speech_topic": ("/receptionist/speech", "where the citizens' final transcripts are published"),
    "say_topic": ("/receptionist/say", "SayRequests of the robot"),
    "speaking_topic": ("/receptionist/speaking", "SpeakingState of the TTS node"),
    "dialog_state_topic": ("/receptionist/dialog_state", "DialogState of the dialog manager"),
    "engagement_topic": ("/receptionist/engagement", "published by the vision node, when there is one"),
    "citizen_command_topic": ("/sim/citizen_command", "the simulation's citizen commands"),
    "citizens_topic": ("/sim/citizens", "the simulated citizens (MarkerArray)"),
    "robot_pose_topic": ("/sim/robot_pose", "the robot's true pose in the simulation"),
    "cmd_vel_topic": ("/cmd_vel", "velocity commands: the robot's motion starts"),
    **{f.name: (getattr(TIMING_DEFAULTS, f.name), TIMING_HELP[f.name]) for f in fields(Timing)},
}


class ScenarioStoppedError(RuntimeError):
    """The node is shutting down (Ctrl-C) while the morning runs."""


class DdsWorld:
    """The director's `World` over DDS, on any rclpy node (the scenario node, or the bench's)."""

    def __init__(self, node: Node, topics: dict[str, str], echo: bool = True) -> None:
        self.node = node
        self.topics = topics
        self.obs = Observations()
        self.echo = echo
        self.printed: list[str] = []
        self._t0 = time.monotonic()
        self._command = node.create_publisher(String, topics["citizen_command_topic"], 10)
        self._speech = node.create_publisher(Transcript, topics["speech_topic"], 10)
        node.create_subscription(SayRequest, topics["say_topic"], self._on_say, 50)
        node.create_subscription(SpeakingState, topics["speaking_topic"], self._on_speaking, 50)
        node.create_subscription(DialogState, topics["dialog_state_topic"], self._on_dialog, DIALOG_STATE)
        node.create_subscription(MarkerArray, topics["citizens_topic"], self._on_citizens, 10)
        node.create_subscription(PoseStamped, topics["robot_pose_topic"], self._on_pose, 10)
        node.create_subscription(Twist, topics["cmd_vel_topic"], self._on_cmd_vel, 50)
        node.create_subscription(DiagnosticArray, "/diagnostics", self._on_diagnostics, 50)
        self._citizens_seen = False

    # ---- World --------------------------------------------------------------------------------------
    def now(self) -> float:
        return time.monotonic() - self._t0

    def sleep(self, seconds: float) -> None:
        if not self.node.context.ok():
            raise ScenarioStoppedError("shutting down")
        time.sleep(seconds)

    def command(self, text: str) -> None:
        self._command.publish(String(data=text))

    def speak(self, text: str, confidence: float) -> float:
        msg = Transcript(
            text=text, confidence=float(confidence), is_final=True, source=Transcript.SOURCE_VOICE
        )
        msg.header.stamp = self.node.get_clock().now().to_msg()
        sent = self.now()
        self._speech.publish(msg)
        return sent

    def emit(self, line: str) -> None:
        self.printed.append(line)
        if self.echo:
            print(line, flush=True)

    def tts_present(self) -> bool:
        return self.node.count_publishers(self.topics["speaking_topic"]) > 0

    def vision_present(self) -> bool:
        return self.node.count_publishers(self.topics["engagement_topic"]) > 0

    def missing(self) -> list[str]:
        missing = []
        if self._speech.get_subscription_count() == 0:
            missing.append(f"nobody listens on {self.topics['speech_topic']} (dialog_manager)")
        if self._command.get_subscription_count() == 0:
            missing.append(f"nobody listens on {self.topics['citizen_command_topic']} (lobby_sim)")
        if not self._citizens_seen:
            missing.append(f"no {self.topics['citizens_topic']} from the simulation")
        return missing

    # ---- callbacks ----------------------------------------------------------------------------------
    def _on_say(self, msg: SayRequest) -> None:
        self.obs.on_say(SayView(self.now(), msg.utterance_id, msg.text, bool(msg.interrupt)))

    def _on_speaking(self, msg: SpeakingState) -> None:
        self.obs.on_speaking(self.now(), bool(msg.speaking), msg.utterance_id)

    def _on_dialog(self, msg: DialogState) -> None:
        self.obs.on_dialog(
            DialogView(
                t=self.now(),
                state=msg.state,
                intent=msg.intent,
                procedure_id=msg.procedure_id,
                procedure_name=msg.procedure_name,
                counter_id=msg.counter_id,
                ticket_number=msg.ticket_number,
                last_user_text=msg.last_user_text,
                last_robot_text=msg.last_robot_text,
                elderly=bool(msg.elderly_mode),
                session_id=msg.session_id,
            )
        )

    def _on_citizens(self, msg: MarkerArray) -> None:
        self._citizens_seen = True
        self.obs.on_citizens(
            {m.ns: CitizenView(m.pose.position.x, m.pose.position.y, m.text) for m in msg.markers if m.ns}
        )

    def _on_pose(self, msg: PoseStamped) -> None:
        q = msg.pose.orientation
        self.obs.on_robot_pose(
            self.now(), msg.pose.position.x, msg.pose.position.y, quaternion_to_yaw(q.x, q.y, q.z, q.w)
        )

    def _on_cmd_vel(self, msg: Twist) -> None:
        self.obs.on_cmd_vel(self.now(), msg.linear.x, msg.angular.z)

    def _on_diagnostics(self, msg: DiagnosticArray) -> None:
        for status in msg.status:
            level = status.level
            self.obs.on_diagnostic(status.name, level[0] if isinstance(level, bytes) else int(level))


def topics_of(values: dict[str, Any]) -> dict[str, str]:
    return {key: str(value) for key, value in values.items() if key.endswith("_topic")}


def timing_of(values: dict[str, Any]) -> Timing:
    return Timing(**{f.name: float(values[f.name]) for f in fields(Timing)})


def write_outputs(
    report: MorningReport,
    world: DdsWorld,
    output_dir: Path,
    map_yaml: Path,
    pois: dict,
    scale: int,
    font_path: str = DEFAULT_FONT,
) -> list[Path]:
    """Report JSON, the conversation as printed, and the trajectory PNG."""
    output_dir.mkdir(parents=True, exist_ok=True)
    written = []
    path = output_dir / "morning_report.json"
    path.write_text(json.dumps(report_dict(report), ensure_ascii=False, indent=2), encoding="utf-8")
    written.append(path)
    path = output_dir / "morning_conversation.txt"
    path.write_text("\n".join([*world.printed, "", summary_table(report), ""]), encoding="utf-8")
    written.append(path)
    names = {c.id: c.name for c in report.morning.citizens}
    image = draw_morning(
        load_map(map_yaml),
        {p.id: (p.x, p.y, p.yaw, p.kind) for p in pois.values()},
        list(world.obs.robot_track),
        {k: list(v) for k, v in world.obs.citizen_tracks.items() if k in names},
        names,
        title=report.morning.title,
        scale=scale,
        font_path=font_path or None,
    )
    written.append(write_png(output_dir / "morning_trajectories.png", image))
    return written


class MorningScenarioNode(Node):
    def __init__(self) -> None:
        super().__init__("morning_scenario")
        self.p = declare_parameters(self, PARAMETERS)
        self.exit_code: int | None = None
        _, self.pois = load_pois(resolve_site_path(self.p["points_of_interest_file"]))
        self.morning = load_morning(
            resolve_site_path(self.p["scenario_file"]),
            poi_ids=set(self.pois),
            counter_ids=load_counter_ids(resolve_site_path(self.p["counters_file"])),
        )
        if self.p["transcript_confidence"] > 0:
            self.get_logger().info(f"every line at ASR confidence {self.p['transcript_confidence']}")
        self.map_yaml = resolve_site_path(self.p["map_yaml"])
        load_map(self.map_yaml)  # fail now, not after the morning
        self.world = DdsWorld(self, topics_of(self.p))
        self.director = MorningDirector(
            self.morning,
            {p.id: (p.x, p.y, p.yaw) for p in self.pois.values()},
            self.world,
            timing_of(self.p),
            tuple(self.p["required_diagnostics"]),
        )
        self.director.confidence_override = float(self.p["transcript_confidence"])
        self.get_logger().info(
            f"{len(self.morning.citizens)} citizens from {self.morning.source}; "
            f"outputs to {Path(self.p['output_dir']).expanduser()}"
        )
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="morning", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        try:
            report = self.director.run()
        except Exception as error:
            if self.context.ok():
                self.get_logger().error(f"the scenario failed: {error!r}")
                self.exit_code = 1
                self.done.set()
                _stop_spinning()
                return
            print("morning_scenario: stopped before the morning was over", flush=True)
            self.exit_code = 130
            self.done.set()
            return
        print("\n" + summary_table(report), flush=True)
        try:
            written = write_outputs(
                report,
                self.world,
                Path(self.p["output_dir"]).expanduser(),
                self.map_yaml,
                self.pois,
                int(self.p["plot_scale"]),
                self.p["plot_font"],
            )
            print("written: " + ", ".join(str(p) for p in written), flush=True)
        except (OSError, ValueError) as error:
            self.get_logger().error(f"could not write the outputs: {error}")
        self.exit_code = 0 if report.ok else 1
        self.done.set()
        _stop_spinning()


def _stop_spinning() -> None:
    """End run_node's spin the way Ctrl-C does (rclpy's SIGINT handler): the process then exits with
    the scenario's exit code."""
    os.kill(os.getpid(), signal.SIGINT)


def main(args: list[str] | None = None) -> None:
    created: list[MorningScenarioNode] = []

    def factory() -> MorningScenarioNode:
        created.append(MorningScenarioNode())
        return created[-1]

    try:
        run_node(factory, args)
    except (ScenarioError, PoiError, MapError, OSError) as error:
        print(f"morning_scenario: cannot run: {error}", file=sys.stderr, flush=True)
        sys.exit(2)
    if not created:
        sys.exit(2)
    node = created[0]
    node.done.wait(timeout=10.0)
    sys.exit(node.exit_code if node.exit_code is not None else 130)


if __name__ == "__main__":
    main()

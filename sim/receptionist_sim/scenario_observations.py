"""What a scenario sees of the running stack, collected from its topics (plain data, thread-safe).

The node (morning_scenario_node.py) fills it from ROS callbacks; the director reads it to decide when
the robot has answered, finished speaking, started moving or come home. Times are seconds on one
monotonic clock (the node's `now()`), taken when a message arrives.
"""

from __future__ import annotations

import math
import threading
from dataclasses import dataclass, field

MOTION_EPS = 0.01  # |v| (m/s) or |w| (rad/s) above this is motion
MOTION_GAP_S = 0.5  # motion after this long without any starts a new "motion start"
TRACK_STEP_M = 0.05  # trajectory points closer than this are not stored


@dataclass(frozen=True)
class DialogView:
    """One DialogState message."""

    t: float
    state: str
    intent: str = ""
    procedure_id: str = ""
    procedure_name: str = ""
    counter_id: str = ""
    ticket_number: str = ""
    last_user_text: str = ""
    last_robot_text: str = ""
    elderly: bool = False
    session_id: str = ""


@dataclass(frozen=True)
class SayView:
    """One SayRequest: something the robot is asked to say (dialog or navigation announcements)."""

    t: float
    utterance_id: str
    text: str
    interrupt: bool = False


@dataclass(frozen=True)
class CitizenView:
    x: float
    y: float
    activity: str  # receptionist_sim.citizens.Activity value


@dataclass
class Observations:
    dialog: list[DialogView] = field(default_factory=list)
    says: list[SayView] = field(default_factory=list)
    speaking_starts: list[tuple[float, str]] = field(default_factory=list)
    motion_starts: list[float] = field(default_factory=list)
    robot: tuple[float, float, float] | None = None
    robot_still_since: float = 0.0
    citizens: dict[str, CitizenView] = field(default_factory=dict)
    robot_track: list[tuple[float, float]] = field(default_factory=list)
    citizen_tracks: dict[str, list[tuple[float, float]]] = field(default_factory=dict)
    diagnostics: dict[str, int] = field(default_factory=dict)  # status name -> level
    _pending: dict[str, float] = field(default_factory=dict)  # utterances not finished yet
    _ended: set[str] = field(default_factory=set)
    _last_speech_event: float = -math.inf
    _last_say: float = -math.inf
    _last_motion: float = -math.inf
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    # ---- inputs (from callbacks) --------------------------------------------------------------------
    def on_dialog(self, view: DialogView) -> None:
        with self._lock:
            self.dialog.append(view)

    def on_say(self, view: SayView) -> None:
        with self._lock:
            self.says.append(view)
            self._last_say = self._last_speech_event = view.t
            if view.interrupt:
                self._pending.clear()  # the TTS empties its queue and cuts the current utterance
            if view.text.strip() and view.utterance_id not in self._ended:
                self._pending[view.utterance_id] = view.t

    def on_speaking(self, t: float, speaking: bool, utterance_id: str) -> None:
        with self._lock:
            self._last_speech_event = t
            if speaking:
                self.speaking_starts.append((t, utterance_id))
            else:
                self._pending.pop(utterance_id, None)
                self._ended.add(utterance_id)

    def on_cmd_vel(self, t: float, linear: float, angular: float) -> None:
        if abs(linear) <= MOTION_EPS and abs(angular) <= MOTION_EPS:
            return
        with self._lock:
            if t - self._last_motion > MOTION_GAP_S:
                self.motion_starts.append(t)
            self._last_motion = t

    def on_robot_pose(self, t: float, x: float, y: float, yaw: float) -> None:
        with self._lock:
            moved = self.robot is None or (
                math.hypot(x - self.robot[0], y - self.robot[1]) > 0.01
                or abs(math.remainder(yaw - self.robot[2], 2 * math.pi)) > 0.02
            )
            if moved:
                self.robot_still_since = t
            self.robot = (x, y, yaw)
            _extend(self.robot_track, x, y)

    def on_citizens(self, citizens: dict[str, CitizenView]) -> None:
        with self._lock:
            self.citizens = dict(citizens)
            for citizen_id, view in citizens.items():
                _extend(self.citizen_tracks.setdefault(citizen_id, []), view.x, view.y)

    def on_diagnostic(self, name: str, level: int) -> None:
        with self._lock:
            self.diagnostics[name] = level

    # ---- queries (from the director) ----------------------------------------------------------------
    def dialog_since(self, t: float) -> list[DialogView]:
        with self._lock:
            return [d for d in self.dialog if d.t >= t]

    def says_since(self, t: float) -> list[SayView]:
        with self._lock:
            return [s for s in self.says if s.t >= t]

    def first_speaking_after(self, t: float) -> float | None:
        with self._lock:
            return next((s for s, _ in self.speaking_starts if s >= t), None)

    def first_motion_after(self, t: float) -> float | None:
        with self._lock:
            return next((m for m in self.motion_starts if m >= t), None)

    def citizen(self, citizen_id: str) -> CitizenView | None:
        with self._lock:
            return self.citizens.get(citizen_id)

    def robot_pose(self) -> tuple[float, float, float] | None:
        with self._lock:
            return self.robot

    def robot_still_for(self, now: float) -> float:
        with self._lock:
            return now - self.robot_still_since if self.robot is not None else 0.0

    def diagnostic_level(self, name: str) -> int | None:
        with self._lock:
            return self.diagnostics.get(name)

    def quiet(self, now: float, settle_s: float, tts_present: bool, no_tts_pause_s: float) -> bool:
        """The robot has nothing left to say: every utterance asked for has been spoken (or cut).

        Without a TTS node nothing ever reports speaking; then a pause after the last request counts.
        """
        with self._lock:
            if not tts_present:
                return now - self._last_say >= no_tts_pause_s
            return not self._pending and now - self._last_speech_event >= settle_s

    def forget_pending(self) -> list[str]:
        """Give up on utterances the TTS never reported (e.g. it could not synthesize them)."""
        with self._lock:
            pending = list(self._pending)
            self._pending.clear()
            return pending


def _extend(track: list[tuple[float, float]], x: float, y: float) -> None:
    if not track or math.hypot(x - track[-1][0], y - track[-1][1]) >= TRACK_STEP_M:
        track.append((x, y))

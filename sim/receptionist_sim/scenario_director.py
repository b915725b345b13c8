"""Plays a scripted morning against the running stack and records what really happened.

For each citizen: they appear at the door and walk up to the robot waiting at home; they say their
lines one by one, each after the robot has finished speaking (as the ASR's final transcripts: the
scenario stands in for a person AND for speech recognition); when the robot guides them they walk
behind it at their own pace; once the robot is back home the next citizen comes in. Every reply is
checked against the script's expectations, and a guide against the destination the robot actually
reached. The world (topics, simulation commands, clock) is behind the small `World` protocol, so this
runs unchanged over DDS (morning_scenario_node.py) and against a fake in the unit tests. No ROS import.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from receptionist_sim.scenario import CitizenScript, Expect, Line, Morning
from receptionist_sim.scenario_observations import DialogView, Observations

# Reply intents that are not what a citizen came for (for the summary's "understood" column).
SMALL_TALK = {"", "greeting", "affirm", "deny", "thanks", "goodbye", "repeat", "speak_slower", "empty"}


class World(Protocol):
    """The director's view of the lobby and the robot."""

    obs: Observations

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    def command(self, text: str) -> None:
        """A simulation command (/sim/citizen_command)."""

    def speak(self, text: str, confidence: float) -> float:
        """Deliver a citizen's utterance as a final transcript; returns the time it was sent."""

    def emit(self, line: str) -> None:
        """Print one line of the conversation log."""

    def tts_present(self) -> bool: ...

    def vision_present(self) -> bool: ...

    def missing(self) -> list[str]:
        """What the scenario still waits for before it can start (topics without a peer, ...)."""


@dataclass
class Timing:
    ready_timeout_s: float = 90.0  # the stack up: topics connected, dialog has its catalog
    command_timeout_s: float = 6.0  # a simulation command shows its effect
    approach_timeout_s: float = 30.0  # a citizen walks from the door to the robot
    greet_wait_s: float = 4.0  # with a vision node: how long a citizen waits to be greeted
    quiet_timeout_s: float = 60.0  # the longest the robot may keep talking
    quiet_settle_s: float = 0.4  # silent this long after its last utterance: the robot has finished
    no_tts_pause_s: float = 1.0  # without a TTS node: pause after the robot's last say request
    think_s: float = 0.4  # the citizen's pause before answering
    reply_timeout_s: float = 12.0  # a transcript gets its DialogState reply
    motion_timeout_s: float = 15.0  # after the "yes" to a guide offer, the robot starts moving
    trip_timeout_s: float = 150.0  # the robot reaches the destination
    citizen_timeout_s: float = 90.0  # a slower visitor reaches the counter after the robot
    home_timeout_s: float = 120.0  # the robot is back home and still
    home_still_s: float = 1.0
    arrive_radius_m: float = 0.5  # robot this close to the destination: arrived
    citizen_radius_m: float = 1.6  # citizen this close to the destination: arrived
    home_radius_m: float = 0.4
    leave_timeout_s: float = 40.0  # a leaving citizen is removed after this long in any case
    poll_s: float = 0.05
    discovery_s: float = 2.0  # after this long the graph is known (is there a TTS, a vision node?)
    idle_timeout_s: float = 10.0  # before a citizen comes in, the previous conversation has ended


@dataclass
class LineRecord:
    speaker: str
    text: str
    sent_at: float
    reply: DialogView | None = None
    robot_said: list[str] = field(default_factory=list)
    first_say_s: float | None = None  # transcript -> the dialog's SayRequest
    first_word_s: float | None = None  # transcript -> the TTS starts speaking the reply
    motion_s: float | None = None  # transcript ("yes" to a guide offer) -> first non-zero /cmd_vel
    failures: list[str] = field(default_factory=list)


@dataclass
class GuideRecord:
    destination: str
    asked_at: float
    motion_at: float | None = None
    robot_arrived_at: float | None = None
    citizen_arrived_at: float | None = None
    home_at: float | None = None
    closest_m: float = math.inf

    @property
    def time_to_counter_s(self) -> float | None:
        if self.citizen_arrived_at is None:
            return None
        return self.citizen_arrived_at - self.asked_at


@dataclass
class CitizenRecord:
    script: CitizenScript
    started_at: float
    lines: list[LineRecord] = field(default_factory=list)
    guide: GuideRecord | None = None
    failures: list[str] = field(default_factory=list)
    finished_at: float = 0.0

    @property
    def all_failures(self) -> list[str]:
        return [f for line in self.lines for f in line.failures] + self.failures

    @property
    def ok(self) -> bool:
        return not self.all_failures

    def _replies(self) -> list[DialogView]:
        return [line.reply for line in self.lines if line.reply is not None]

    @property
    def intent(self) -> str:
        return next((r.intent for r in self._replies() if r.intent not in SMALL_TALK), "")

    def _last(self, attribute: str) -> str:
        values = [getattr(r, attribute) for r in self._replies() if getattr(r, attribute)]
        return values[-1] if values else ""

    @property
    def procedure(self) -> str:
        return self._last("procedure_id")

    @property
    def counter(self) -> str:
        return self._last("counter_id")

    @property
    def ticket(self) -> str:
        return self._last("ticket_number")

    @property
    def guided_to(self) -> str:
        return self.guide.destination if self.guide and self.guide.robot_arrived_at is not None else ""


@dataclass
class MorningReport:
    morning: Morning
    started_at: float
    citizens: list[CitizenRecord] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    finished_at: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures and all(c.ok for c in self.citizens)

    @property
    def lines(self) -> list[LineRecord]:
        return [line for c in self.citizens for line in c.lines]


def _fold(text: str) -> str:
    return unicodedata.normalize("NFC", text).casefold()


def check_expect(expect: Expect, reply: DialogView, robot_said: list[str]) -> list[str]:
    """The differences between what the script expects and the robot's reply (empty: as expected)."""
    problems = []
    if expect.intent and reply.intent not in expect.intent:
        problems.append(f"intent {reply.intent or '-'} (expected {'/'.join(expect.intent)})")
    if expect.procedure and reply.procedure_id not in expect.procedure:
        problems.append(f"procedure {reply.procedure_id or '-'} (expected {'/'.join(expect.procedure)})")
    if expect.counter and reply.counter_id != expect.counter:
        problems.append(f"counter {reply.counter_id or '-'} (expected {expect.counter})")
    if expect.state and reply.state not in expect.state:
        problems.append(f"state {reply.state or '-'} (expected {'/'.join(expect.state)})")
    if expect.ticket is not None and bool(reply.ticket_number) != expect.ticket:
        problems.append(
            f"ticket {reply.ticket_number or 'none'} (expected {'one' if expect.ticket else 'none'})"
        )
    if expect.elderly is not None and reply.elderly != expect.elderly:
        problems.append(f"elderly mode {reply.elderly} (expected {expect.elderly})")
    said = _fold(" ".join([reply.last_robot_text, *robot_said]))
    for words in expect.answer_contains:
        if _fold(words) not in said:
            problems.append(f"the answer does not mention '{words}'")
    return problems


class MorningDirector:
    def __init__(
        self,
        morning: Morning,
        pois: dict[str, tuple[float, float, float]],
        world: World,
        timing: Timing | None = None,
        required_diagnostics: tuple[str, ...] = (),
    ) -> None:
        """`pois`: {id: (x, y, yaw)} of the site; `required_diagnostics`: /diagnostics status names
        that must be OK before the first citizen comes in (e.g. the dialog's catalog)."""
        self.morning = morning
        self.pois = pois
        self.world = world
        self.obs = world.obs
        self.timing = timing or Timing()
        self.required_diagnostics = required_diagnostics
        self.confidence_override = 0.0  # > 0: every line at this ASR confidence instead of the script's
        self._t0 = world.now()
        self._printed_says = len(self.obs.says_since(-math.inf))  # a world may be reused
        self._leaving: dict[str, tuple[list[tuple[float, float]], float, float]] = {}
        self._to_remove: list[str] = []
        if morning.stage.home_poi not in pois:
            raise ValueError(f"home POI {morning.stage.home_poi!r} is unknown")
        for destination in morning.destinations:
            if destination not in pois:
                raise ValueError(f"guide destination {destination!r} is not a point of interest")

    # ---- the morning --------------------------------------------------------------------------------
    def run(self) -> MorningReport:
        report = MorningReport(self.morning, self.world.now())
        self._event(f"{self.morning.title}: {len(self.morning.citizens)} citizens")
        if not self._ready(report):
            report.finished_at = self.world.now()
            return report
        for command in self.morning.background:
            self._background(command, report)
        for index, script in enumerate(self.morning.citizens, 1):
            if not self._robot_home(self.timing.home_timeout_s):
                report.failures.append(f"the robot was not at home before citizen {script.id}")
                self._event(f"FAILED: the robot is not at home; citizen {script.id} cannot be served")
                break
            self._dialog_idle()
            self._event(f"citizen {index}/{len(self.morning.citizens)}: {script.name} ({script.request})")
            record = self._serve(script)
            report.citizens.append(record)
            verdict = (
                "served as scripted" if record.ok else "NOT as scripted: " + "; ".join(record.all_failures)
            )
            self._event(f"{script.name}: {verdict}")
        self._wait(lambda: not self._leaving, self.timing.leave_timeout_s)
        for citizen_id in [*self._leaving, *self._to_remove]:
            self._remove(citizen_id)
        tickets = [c.ticket for c in report.citizens if c.ticket]
        duplicates = sorted({t for t in tickets if tickets.count(t) > 1})
        if duplicates:
            report.failures.append(f"ticket number(s) issued twice: {', '.join(duplicates)}")
        report.finished_at = self.world.now()
        return report

    def _ready(self, report: MorningReport) -> bool:
        def ready() -> bool:
            return not self._not_ready()

        if self._wait(ready, self.timing.ready_timeout_s):
            # Who else is on the graph (TTS, vision) is known once discovery has settled.
            self._wait(
                lambda: self.world.now() - self._t0 >= self.timing.discovery_s, self.timing.discovery_s
            )
            vision = "a vision node greets citizens" if self.world.vision_present() else "no vision node"
            tts = "TTS speaking" if self.world.tts_present() else "no TTS node: pauses instead"
            self._event(f"stack ready ({vision}; {tts})")
            return True
        report.failures.append("the stack was not ready: " + "; ".join(self._not_ready()))
        self._event("FAILED: " + report.failures[-1])
        return False

    def _dialog_idle(self) -> None:
        """Let the previous conversation end (a farewell being said; with a vision node, someone
        who walked away) so that the next citizen starts a conversation of their own."""
        dialog = self.obs.dialog_since(-math.inf)
        if not dialog or dialog[-1].state == "idle":
            return
        if not self._wait(
            lambda: self.obs.dialog_since(-math.inf)[-1].state == "idle", self.timing.idle_timeout_s
        ):
            state = self.obs.dialog_since(-math.inf)[-1].state
            self._event(
                f"the dialog is still '{state}' after {self.timing.idle_timeout_s:.0f} s; next citizen"
            )

    def _not_ready(self) -> list[str]:
        missing = list(self.world.missing())
        if self.obs.robot_pose() is None:
            missing.append("no robot pose from the simulation")
        for name in self.required_diagnostics:
            level = self.obs.diagnostic_level(name)
            if level != 0:
                missing.append(f"/diagnostics '{name}' is {'not reported' if level is None else 'not OK'}")
        return missing

    def _background(self, command: str, report: MorningReport) -> None:
        verb, citizen_id = command.split()[:2]

        def applied() -> bool:
            if verb == "remove":
                return self.obs.citizen(citizen_id) is None
            if verb in ("place", "spawn", "walk"):
                return self.obs.citizen(citizen_id) is not None
            return True

        if not self._command(command, applied):
            report.failures.append(f"the simulation did not apply '{command}'")

    # ---- one citizen --------------------------------------------------------------------------------
    def _serve(self, script: CitizenScript) -> CitizenRecord:
        record = CitizenRecord(script, self.world.now())
        for citizen_id in self._to_remove:
            self._remove(citizen_id)
        self._to_remove = []
        if not self._approach(script, record):
            if self.obs.citizen(script.id) is not None:
                self._remove(script.id)
            record.finished_at = self.world.now()
            return record
        if self.world.vision_present():
            arrived = self.world.now()
            if self._wait(lambda: bool(self.obs.says_since(arrived)), self.timing.greet_wait_s):
                self._wait_quiet(arrived)
        for number, line in enumerate(script.lines, 1):
            records = self._say_line(script, line)
            record.lines.extend(records)
            final = records[-1]
            if final.reply is None:
                break
            if final.reply.state == "guiding":
                self._guide(script, record, final)
                if number < len(script.lines):
                    record.failures.append(f"{len(script.lines) - number} line(s) after the guide not said")
                break
        if script.guide is not None and record.guide is None:
            record.failures.append(f"expected a guide to {script.guide.destination}; the robot did not guide")
        self._wait_quiet(record.started_at)
        if record.guide is None and self.obs.citizen(script.id) is not None:
            self._leave(script.id)
        record.finished_at = self.world.now()
        return record

    def _approach(self, script: CitizenScript, record: CitizenRecord) -> bool:
        hx, hy, hyaw = self.pois[self.morning.stage.home_poi]
        forward, lateral = self.morning.stage.stand_distance + script.stand[0], script.stand[1]
        sx = hx + forward * math.cos(hyaw) - lateral * math.sin(hyaw)
        sy = hy + forward * math.sin(hyaw) + lateral * math.cos(hyaw)
        ex, ey = script.enter or self.morning.stage.entrance
        heading = math.atan2(sy - ey, sx - ex)
        spawn = f"spawn {script.id} {ex:.2f} {ey:.2f} {heading:.3f} {script.photo}"
        if not self._command(spawn, lambda: self.obs.citizen(script.id) is not None):
            record.failures.append(f"could not bring {script.id} into the lobby ('{spawn}' had no effect)")
            return False
        if script.walk_speed > 0:
            self.world.command(f"speed {script.id} {script.walk_speed:.2f}")
        walk = f"walk {script.id} {sx:.2f} {sy:.2f}"

        def started() -> bool:
            return self._activity(script.id) == "walking" or self._citizen_near(script.id, sx, sy, 0.3)

        if not self._command(walk, started):
            record.failures.append(f"{script.id} did not start walking to the robot")
            return False
        if not self._wait(
            lambda: self._citizen_near(script.id, sx, sy, 0.3) and self._activity(script.id) != "walking",
            self.timing.approach_timeout_s,
        ):
            record.failures.append(
                f"{script.id} did not reach the robot within {self.timing.approach_timeout_s:.0f} s"
            )
            return False
        self.world.command(f"place {script.id} {sx:.2f} {sy:.2f} {math.atan2(hy - sy, hx - sx):.3f}")
        self._event(f"{script.name} stands in front of the robot")
        return True

    def _say_line(self, script: CitizenScript, line: Line) -> list[LineRecord]:
        """Say one scripted line (and the clarification answer if the robot asks); the last record
        carries the reply the expectations are checked against."""
        confidence = self.confidence_override or line.confidence
        records = [self._utter(script, line.say, confidence)]
        reply = records[-1].reply
        if reply is not None and reply.state == "clarifying" and line.clarify_reply:
            records.append(self._utter(script, line.clarify_reply, confidence))
        final = records[-1]
        if final.reply is not None:
            final.failures.extend(
                f"'{final.text}': {p}" for p in check_expect(line.expect, final.reply, final.robot_said)
            )
        return records

    def _utter(self, script: CitizenScript, text: str, confidence: float) -> LineRecord:
        self._wait_quiet(self.world.now())
        self._wait(lambda: False, self.timing.think_s)
        sent = self.world.speak(text, confidence)
        self._emit(sent, f"Công dân ({script.name}): {text}")
        record = LineRecord(script.name, text, sent)

        def replied() -> bool:
            record.reply = next(
                (
                    d
                    for d in self.obs.dialog_since(sent)
                    if d.last_user_text == text and (d.intent or d.last_robot_text)
                ),
                None,
            )
            return record.reply is not None

        if not self._wait(replied, self.timing.reply_timeout_s):
            said = [s.text for s in self.obs.says_since(sent)]
            later = [d.state for d in self.obs.dialog_since(sent) if d.last_user_text == text]
            if said:  # e.g. a state published right after the reply replaced it (latched, depth 1)
                record.robot_said = said
                record.failures.append(
                    f"'{text}': the robot answered ('{said[0][:60]}') but no DialogState of that turn "
                    f"arrived (later states: {', '.join(later) or 'none'})"
                )
            else:
                record.failures.append(f"'{text}': no answer within {self.timing.reply_timeout_s:.0f} s")
            return record
        if record.reply.state == "guiding":
            # The robot talks while it walks: wait only for its first word, not for the end.
            self._wait(lambda: self.obs.first_speaking_after(sent) is not None, 5.0)
        else:
            self._wait_quiet(sent, expect_say=bool(record.reply.last_robot_text))
        says = self.obs.says_since(sent)
        record.robot_said = [s.text for s in says]
        if says:
            record.first_say_s = says[0].t - sent
        ids = {s.utterance_id for s in says}
        started = [t for t, uid in self.obs.speaking_starts if t >= sent and uid in ids]
        if started:
            record.first_word_s = min(started) - sent
        return record

    def _guide(self, script: CitizenScript, record: CitizenRecord, line: LineRecord) -> None:
        timing = self.timing
        destination = script.guide.destination if script.guide else ""
        guide = GuideRecord(destination or "?", line.sent_at)
        record.guide = guide
        if script.guide is None:
            record.failures.append("the robot started guiding, the script expects no guide")
        if not self._wait(
            lambda: self.obs.first_motion_after(line.sent_at) is not None, timing.motion_timeout_s
        ):
            record.failures.append(f"the robot did not start moving within {timing.motion_timeout_s:.0f} s")
            return
        guide.motion_at = self.obs.first_motion_after(line.sent_at)
        line.motion_s = guide.motion_at - line.sent_at
        if script.guide is None or destination not in self.pois:
            self._robot_home(timing.home_timeout_s)
            return
        px, py, pyaw = self.pois[destination]
        self._event(f"the robot leads {script.name} to {destination}")
        accompany = script.guide.accompany
        last_follow = [-math.inf]

        def arrived() -> bool:
            now = self.world.now()
            near = self._citizen_near(script.id, px, py, timing.citizen_radius_m)
            if accompany and guide.citizen_arrived_at is None and near:
                guide.citizen_arrived_at = now
            if (
                accompany
                and self._activity(script.id) not in ("following", None)
                and now - last_follow[0] > 1.0
            ):
                self.world.command(f"follow {script.id}")  # walks behind the robot, at their own pace
                last_follow[0] = now
            pose = self.obs.robot_pose()
            if pose is None:
                return False
            distance = math.hypot(pose[0] - px, pose[1] - py)
            guide.closest_m = min(guide.closest_m, distance)
            return distance <= timing.arrive_radius_m or self._guide_given_up(line.sent_at) is not None

        reached = self._wait(arrived, timing.trip_timeout_s)
        given_up = self._guide_given_up(line.sent_at)
        if given_up is not None and (guide.closest_m > timing.arrive_radius_m or not reached):
            record.failures.append(
                f"the robot gave up guiding to {destination}: {given_up.intent} "
                f"(closest {guide.closest_m:.1f} m)"
            )
            self.world.command(f"stop {script.id}")
        elif not reached:
            record.failures.append(
                f"the robot did not reach {destination} within {timing.trip_timeout_s:.0f} s "
                f"(closest {guide.closest_m:.1f} m)"
            )
            self.world.command(f"stop {script.id}")
        else:
            guide.robot_arrived_at = self.world.now()
            self._event(f"the robot is at {destination}")
            if accompany and not self._citizen_to_counter(script, guide, px, py, pyaw):
                record.failures.append(
                    f"{script.name} did not reach {destination} within {timing.citizen_timeout_s:.0f} s "
                    "after the robot"
                )
        if self._robot_home(timing.home_timeout_s):
            guide.home_at = self.world.now()
            self._event("the robot is back home")
        else:
            record.failures.append(f"the robot was not back home within {timing.home_timeout_s:.0f} s")
        self._to_remove.append(script.id)  # being served at the counter: out of the scenario

    def _guide_given_up(self, since: float) -> DialogView | None:
        """The dialog's word that the escort ended without arriving (navigation failed, visitor lost)."""
        return next(
            (d for d in self.obs.dialog_since(since) if d.intent in ("guide_failed", "visitor_lost")), None
        )

    def _citizen_to_counter(
        self, script: CitizenScript, guide: GuideRecord, px: float, py: float, pyaw: float
    ) -> bool:
        """The escort ends at arrival (the simulation stops its followers): a visitor who fell behind
        walks the rest of the way to the counter."""
        radius = self.timing.citizen_radius_m
        if guide.citizen_arrived_at is None:
            if self._citizen_near(script.id, px, py, radius):
                guide.citizen_arrived_at = self.world.now()
            else:
                self._event(f"{script.name} is behind; walks on to the counter")
                spot_x, spot_y = px - math.cos(pyaw), py - math.sin(pyaw)
                self._command(
                    f"walk {script.id} {spot_x:.2f} {spot_y:.2f}",
                    lambda: (
                        self._activity(script.id) == "walking"
                        or self._citizen_near(script.id, px, py, radius)
                    ),
                )
                if self._wait(
                    lambda: self._citizen_near(script.id, px, py, radius), self.timing.citizen_timeout_s
                ):
                    guide.citizen_arrived_at = self.world.now()
        if guide.citizen_arrived_at is None:
            self.world.command(f"stop {script.id}")
            return False
        seconds = guide.time_to_counter_s or 0.0
        self._event(f"{script.name} is at {guide.destination} ({seconds:.0f} s after accepting the guide)")
        return True

    # ---- helpers ------------------------------------------------------------------------------------
    def _leave(self, citizen_id: str) -> None:
        path = list(self.morning.stage.exit_path)
        if not path:
            self._remove(citizen_id)
            return
        x, y = path.pop(0)
        self.world.command(f"walk {citizen_id} {x:.2f} {y:.2f}")
        self._leaving[citizen_id] = (path, self.world.now(), self.world.now())

    def _remove(self, citizen_id: str) -> None:
        self._leaving.pop(citizen_id, None)
        self._command(f"remove {citizen_id}", lambda: self.obs.citizen(citizen_id) is None)

    def _pump(self) -> None:
        """Print what the robot said since the last call; move leaving citizens along their way."""
        says = self.obs.says_since(-math.inf)
        for say in says[self._printed_says :]:
            self._emit(say.t, f"Robot: {say.text}")
        self._printed_says = len(says)
        now = self.world.now()
        for citizen_id, (path, since, last_sent) in list(self._leaving.items()):
            view = self.obs.citizen(citizen_id)
            if view is None:
                self._leaving.pop(citizen_id)
            elif now - since > self.timing.leave_timeout_s:
                self._leaving.pop(citizen_id)
                self.world.command(f"remove {citizen_id}")
            elif view.activity != "walking" and now - last_sent > 1.0:
                if not path:
                    self._leaving.pop(citizen_id)
                    self.world.command(f"remove {citizen_id}")
                    continue
                x, y = path.pop(0)
                self.world.command(f"walk {citizen_id} {x:.2f} {y:.2f}")
                self._leaving[citizen_id] = (path, since, now)

    def _wait(self, predicate: Callable[[], bool], timeout: float) -> bool:
        deadline = self.world.now() + timeout
        while True:
            self._pump()
            if predicate():
                return True
            if self.world.now() >= deadline:
                return False
            self.world.sleep(self.timing.poll_s)

    def _wait_quiet(self, since: float, expect_say: bool = False) -> None:
        timing = self.timing
        if expect_say:  # the say request and the dialog state travel on different topics
            self._wait(lambda: bool(self.obs.says_since(since)), 2.0)
        tts = self.world.tts_present()

        def quiet() -> bool:
            return self.obs.quiet(self.world.now(), timing.quiet_settle_s, tts, timing.no_tts_pause_s)

        if not self._wait(quiet, timing.quiet_timeout_s):
            lost = self.obs.forget_pending()
            self._event(f"WARNING: the TTS never finished {lost}; going on")

    def _command(self, text: str, applied: Callable[[], bool]) -> bool:
        """Send a simulation command, again every second, until `applied()` (a message sent before
        DDS discovery completes can be lost)."""
        deadline = self.world.now() + self.timing.command_timeout_s
        while self.world.now() < deadline:
            self.world.command(text)
            if self._wait(applied, min(1.0, max(0.0, deadline - self.world.now()))):
                return True
        return False

    def _robot_home(self, timeout: float) -> bool:
        hx, hy, _ = self.pois[self.morning.stage.home_poi]

        def home() -> bool:
            pose = self.obs.robot_pose()
            return (
                pose is not None
                and math.hypot(pose[0] - hx, pose[1] - hy) <= self.timing.home_radius_m
                and self.obs.robot_still_for(self.world.now()) >= self.timing.home_still_s
            )

        return self._wait(home, timeout)

    def _activity(self, citizen_id: str) -> str | None:
        view = self.obs.citizen(citizen_id)
        return view.activity if view is not None else None

    def _citizen_near(self, citizen_id: str, x: float, y: float, radius: float) -> bool:
        view = self.obs.citizen(citizen_id)
        return view is not None and math.hypot(view.x - x, view.y - y) <= radius

    def _emit(self, t: float, text: str) -> None:
        elapsed = max(0.0, t - self._t0)
        self.world.emit(f"[{int(elapsed // 60):02d}:{elapsed % 60:04.1f}] {text}")

    def _event(self, text: str) -> None:
        self._emit(self.world.now(), f"-- {text}")

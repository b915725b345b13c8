"""The morning director's logic against a fake lobby (no DDS): what it checks and what it reports.

The fake robot answers from a table and drives in straight lines; the citizens are the simulation's
real `Crowd`. Time is virtual, so a whole morning takes milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import math
from dataclasses import dataclass, field

import pytest

from receptionist_sim.citizens import Crowd
from receptionist_sim.geometry2d import Pose2D
from receptionist_sim.scenario import parse_morning
from receptionist_sim.scenario_director import MorningDirector, Timing, check_expect
from receptionist_sim.scenario_observations import CitizenView, DialogView, Observations, SayView
from receptionist_sim.scenario_report import report_dict, summary_table

POIS = {"home": (13.2, 3.2, -math.pi / 2), "counter_6": (14.3, 13.6, math.pi / 2), "water": (1.4, 7.3, 0.0)}
DT = 0.05


@dataclass
class FakeWorld:
    """A robot that answers from `replies` (text -> DialogState fields) and guides at 1 m/s."""

    replies: dict[str, dict]
    speech_s: float = 1.5
    tts: bool = True
    moves: bool = True
    gives_up: bool = False  # a guide starts (the robot turns) but navigation fails
    ready_after: float = 0.0
    obs: Observations = field(default_factory=Observations)
    t: float = 0.0
    robot: Pose2D = field(default_factory=lambda: Pose2D(*POIS["home"]))
    goals: list[tuple[float, float]] = field(default_factory=list)
    pause_until: float = 0.0
    events: list[tuple[float, object]] = field(default_factory=list)
    printed: list[str] = field(default_factory=list)
    spoken: list[str] = field(default_factory=list)
    commands: list[str] = field(default_factory=list)
    crowd: Crowd = field(default_factory=lambda: Crowd([], [], lambda x, y: True, lambda *a: True))
    utterances: int = 0

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        end = self.t + seconds
        while self.t < end - 1e-9:
            self.t += DT
            self._step()

    def _step(self) -> None:
        for event in [e for e in self.events if e[0] <= self.t]:
            self.events.remove(event)
            event[1]()
        if self.goals and self.t >= self.pause_until:
            gx, gy = self.goals[0]
            d = math.hypot(gx - self.robot.x, gy - self.robot.y)
            step = min(1.0 * DT, d)
            yaw = math.atan2(gy - self.robot.y, gx - self.robot.x) if d > 1e-9 else self.robot.yaw
            self.robot = Pose2D(self.robot.x + step * math.cos(yaw), self.robot.y + step * math.sin(yaw), yaw)
            self.obs.on_cmd_vel(self.t, 1.0, 0.0)
            if d <= step:
                self.goals.pop(0)
                if not self.goals:  # back home: the guided conversation is over
                    self.obs.on_dialog(DialogView(self.t, "idle"))
                for citizen in self.crowd.following():  # the escort is over: followers stop
                    self.crowd.command(f"stop {citizen.id}", self.robot, self.t)
                self.pause_until = self.t + 1.0
        self.crowd.step(DT, self.robot, self.t)
        self.obs.on_robot_pose(self.t, self.robot.x, self.robot.y, self.robot.yaw)
        self.obs.on_citizens(
            {c.id: CitizenView(c.x, c.y, c.activity.value) for c in self.crowd.citizens.values()}
        )
        self.obs.on_diagnostic("/dialog_manager: catalog", 0 if self.t >= self.ready_after else 2)

    def command(self, text: str) -> None:
        self.commands.append(text)
        with contextlib.suppress(ValueError):  # the simulation logs it; the director sees no effect
            self.crowd.command(text, self.robot, self.t)

    def speak(self, text: str, confidence: float) -> float:
        self.spoken.append(text)
        reply = self.replies.get(text)
        sent = self.t
        if reply is None:
            return sent
        self.utterances += 1
        uid = f"u{self.utterances}"
        fields = {k: v for k, v in reply.items() if k not in ("say", "go")}
        view = DialogView(t=0.0, last_user_text=text, last_robot_text=reply.get("say", "Dạ."), **fields)

        def answer() -> None:
            self.obs.on_say(SayView(self.t, uid, reply.get("say", "Dạ."), True))
            self.obs.on_dialog(DialogView(**{**view.__dict__, "t": self.t}))

        self.events.append((sent + 0.1, answer))
        if self.tts:
            self.events.append((sent + 0.3, lambda: self.obs.on_speaking(self.t, True, uid)))
            self.events.append((sent + 0.3 + self.speech_s, lambda: self.obs.on_speaking(self.t, False, uid)))
        if reply.get("state") == "farewell":  # the dialog ends the conversation once it said goodbye
            self.events.append(
                (sent + 0.4 + self.speech_s, lambda: self.obs.on_dialog(DialogView(self.t, "idle")))
            )
        if reply.get("go") and self.gives_up:
            failed = DialogView(
                0.0, "listening", intent="guide_failed", last_user_text=text, last_robot_text="Xin lỗi"
            )
            self.events.append((sent + 0.5, lambda: self.obs.on_cmd_vel(self.t, 0.0, 0.3)))
            self.events.append(
                (sent + 3.0, lambda: self.obs.on_dialog(DialogView(**{**failed.__dict__, "t": self.t})))
            )
        elif reply.get("go") and self.moves:
            home = POIS["home"][:2]
            self.events.append((sent + 0.5, lambda: self.goals.extend([POIS[reply["go"]][:2], home])))
        return sent

    def emit(self, line: str) -> None:
        self.printed.append(line)

    def tts_present(self) -> bool:
        return self.tts

    def vision_present(self) -> bool:
        return False

    def missing(self) -> list[str]:
        return [] if self.t >= self.ready_after else ["nobody listens on /receptionist/speech"]


REPLIES = {
    "khai sinh ở quầy nào": {
        "state": "offering_guide",
        "intent": "ask_location",
        "procedure_id": "dang_ky_khai_sinh",
        "counter_id": "counter_6",
        "say": "Dạ, quầy số 6 ạ. Em dẫn anh/chị đi nhé?",
    },
    "có": {
        "state": "guiding",
        "intent": "affirm",
        "counter_id": "counter_6",
        "ticket_number": "6-0001",
        "go": "counter_6",
        "say": "Mời anh/chị đi theo em.",
    },
    "co chau": {
        "state": "guiding",
        "intent": "affirm",
        "counter_id": "counter_6",
        "ticket_number": "6-0002",
        "go": "counter_6",
        "say": "Mời bác đi theo em.",
        "elderly": True,
    },
    "nước uống ở đâu": {"state": "offering_guide", "intent": "amenity", "say": "Dạ, nước uống ở góc trái ạ."},
    "không cần, chào em": {"state": "farewell", "intent": "goodbye", "say": "Dạ, em chào anh/chị."},
    "nộp ở quầy nào": {"state": "clarifying", "intent": "ask_location", "say": "Dạ, thủ tục nào ạ?"},
    "khai sinh": {
        "state": "offering_guide",
        "intent": "ask_location",
        "procedure_id": "dang_ky_khai_sinh",
        "counter_id": "counter_6",
        "say": "Dạ, quầy số 6 ạ.",
    },
}

GUIDED = {
    "id": "minh",
    "name": "Anh Minh",
    "request": "khai sinh",
    "lines": [
        {
            "say": "khai sinh ở quầy nào",
            "expect": {
                "procedure": "dang_ky_khai_sinh",
                "counter": "counter_6",
                "state": "offering_guide",
                "answer_contains": "quầy số 6",
            },
        },
        {"say": "có", "expect": {"state": "guiding", "ticket": True}},
    ],
    "guide": {"destination": "counter_6"},
}
AMENITY = {
    "id": "hoa",
    "name": "Chị Hoa",
    "request": "nước uống",
    "lines": [
        {"say": "nước uống ở đâu", "expect": {"intent": "amenity", "answer_contains": "nước uống"}},
        {"say": "không cần, chào em", "expect": {"intent": "goodbye", "state": "farewell"}},
    ],
}
ELDERLY = {
    "id": "lan",
    "name": "Bà Lan",
    "walk_speed": 0.3,
    "lines": [
        {"say": "khai sinh ở quầy nào", "expect": {"counter": "counter_6"}},
        {"say": "co chau", "expect": {"state": "guiding", "ticket": True, "elderly": True}},
    ],
    "guide": {"destination": "counter_6"},
}


def run(citizens: list[dict], world: FakeWorld | None = None, **timing):
    morning = parse_morning(
        {"title": "test", "citizens": citizens, "background": ["remove c1"]}, "t.yaml", set(POIS)
    )
    world = world or FakeWorld(REPLIES)
    defaults = {
        "ready_timeout_s": 5.0,
        "trip_timeout_s": 60.0,
        "home_timeout_s": 60.0,
        "quiet_timeout_s": 10.0,
    }
    director = MorningDirector(
        morning, POIS, world, Timing(**{**defaults, **timing}), ("/dialog_manager: catalog",)
    )
    return director.run(), world


def test_a_morning_served_as_scripted():
    report, world = run([GUIDED, AMENITY, ELDERLY])
    assert report.ok, summary_table(report)
    minh, hoa, lan = report.citizens
    assert (minh.procedure, minh.counter, minh.ticket, minh.guided_to) == (
        "dang_ky_khai_sinh",
        "counter_6",
        "6-0001",
        "counter_6",
    )
    assert minh.guide.home_at is not None and minh.guide.time_to_counter_s > 0
    assert hoa.intent == "amenity" and hoa.guide is None
    # The slow visitor falls behind, walks the rest alone, and takes longer to reach the counter.
    assert lan.guide.time_to_counter_s > minh.guide.time_to_counter_s + 5
    assert any("walk lan" in c for c in world.commands)
    # Lines are said one after the other, each after the robot finished speaking.
    assert world.spoken == [
        "khai sinh ở quầy nào",
        "có",
        "nước uống ở đâu",
        "không cần, chào em",
        "khai sinh ở quầy nào",
        "co chau",
    ]
    first = minh.lines[0]
    assert first.first_say_s == pytest.approx(0.1, abs=0.06)
    assert first.first_word_s == pytest.approx(0.3, abs=0.06)
    assert minh.lines[1].motion_s == pytest.approx(0.5, abs=0.06)
    assert minh.lines[1].sent_at - first.sent_at >= 1.5  # waited for the 1.5 s answer to be spoken
    # The conversation log has both voices, in Vietnamese, with timestamps.
    assert any("] Công dân (Anh Minh): khai sinh ở quầy nào" in line for line in world.printed)
    assert any("] Robot: Mời bác đi theo em." in line for line in world.printed)
    # Each citizen found the robot free: the previous conversation had ended.
    assert not any("the dialog is still" in line for line in world.printed)
    # Everyone has left the scenario at the end; the background command was sent.
    assert world.crowd.citizens == {} and "remove c1" in world.commands
    table = summary_table(report)
    assert "3/3 citizens served as scripted" in table and "counter_6" in table and "6-0002" in table
    json.dumps(report_dict(report), ensure_ascii=False)


def test_a_wrong_counter_fails_the_citizen_with_the_difference():
    replies = {
        **REPLIES,
        "khai sinh ở quầy nào": {**REPLIES["khai sinh ở quầy nào"], "counter_id": "counter_2"},
    }
    report, _ = run([GUIDED], FakeWorld(replies))
    assert not report.ok
    assert any("counter counter_2 (expected counter_6)" in f for f in report.citizens[0].all_failures)
    assert "MORNING NOT AS SCRIPTED" in summary_table(report)


def test_no_answer_and_a_robot_that_does_not_move_are_failures():
    report, _ = run([GUIDED], FakeWorld({}), reply_timeout_s=2.0)
    assert report.citizens[0].all_failures == [
        "'khai sinh ở quầy nào': no answer within 2 s",
        "expected a guide to counter_6; the robot did not guide",
    ]
    report, _ = run([GUIDED], FakeWorld(REPLIES, moves=False), motion_timeout_s=3.0)
    assert "the robot did not start moving within 3 s" in report.citizens[0].all_failures


def test_the_robot_asking_which_procedure_gets_the_clarification():
    unclear = {
        "id": "nam",
        "name": "Anh Nam",
        "lines": [
            {
                "say": "nộp ở quầy nào",
                "clarify_reply": "khai sinh",
                "expect": {"procedure": "dang_ky_khai_sinh", "state": "offering_guide"},
            },
            {"say": "không cần, chào em"},
        ],
    }
    report, world = run([unclear])
    assert report.ok, summary_table(report)
    assert world.spoken == ["nộp ở quầy nào", "khai sinh", "không cần, chào em"]
    strict = {**unclear, "lines": [{"say": "nộp ở quầy nào", "expect": {"state": "offering_guide"}}]}
    report, _ = run([strict])
    assert "state clarifying (expected offering_guide)" in report.citizens[0].all_failures[0]


def test_a_ticket_issued_twice_fails_the_morning():
    replies = {**REPLIES, "co chau": {**REPLIES["co chau"], "ticket_number": "6-0001"}}
    report, _ = run([GUIDED, ELDERLY], FakeWorld(replies))
    assert all(c.ok for c in report.citizens)
    assert report.failures == ["ticket number(s) issued twice: 6-0001"] and not report.ok


def test_a_stack_that_never_gets_ready_serves_nobody():
    report, world = run([GUIDED], FakeWorld(REPLIES, ready_after=1e9))
    assert report.citizens == [] and world.spoken == []
    assert "nobody listens on /receptionist/speech" in report.failures[0]
    assert "/diagnostics '/dialog_manager: catalog' is not OK" in report.failures[0]
    assert "not served at all: Anh Minh" in summary_table(report)


def test_without_a_tts_node_the_citizen_waits_a_pause_instead():
    report, _ = run([AMENITY], FakeWorld(REPLIES, tts=False), no_tts_pause_s=2.0)
    assert report.ok
    lines = report.citizens[0].lines
    assert lines[0].first_word_s is None and lines[1].sent_at - lines[0].sent_at >= 2.0


def test_check_expect_alternatives_and_words():
    reply = DialogView(0.0, "listening", intent="amenity", last_robot_text="Dạ, Nước uống ở đây ạ.")
    wanted = {
        "intent": ["amenity", "ask_location"],
        "answer_contains": ["nước uống", "quầy"],
        "ticket": False,
    }
    line = {"say": "x", "expect": wanted}
    expect = (
        parse_morning({"citizens": [{"id": "a", "name": "A", "lines": [line]}]}).citizens[0].lines[0].expect
    )
    assert check_expect(expect, reply, []) == ["the answer does not mention 'quầy'"]
    assert check_expect(expect, reply, ["Mời đến quầy số 1"]) == []


def test_quiet_means_every_requested_utterance_was_spoken_or_cut():
    obs = Observations()
    obs.on_say(SayView(0.0, "a", "Một."))
    obs.on_say(SayView(0.1, "b", "Hai."))
    assert not obs.quiet(5.0, 0.4, True, 1.0)
    obs.on_speaking(1.0, False, "a")
    assert not obs.quiet(5.0, 0.4, True, 1.0)  # "b" is still to come
    obs.on_say(SayView(2.0, "c", "Ba.", interrupt=True))  # the TTS drops "b" and says "c"
    obs.on_speaking(3.0, False, "c")
    assert not obs.quiet(3.1, 0.4, True, 1.0) and obs.quiet(3.5, 0.4, True, 1.0)
    assert obs.quiet(3.5, 0.4, False, 1.0)  # without TTS: a pause after the last request
    obs.on_say(SayView(4.0, "d", "Bốn."))
    assert obs.forget_pending() == ["d"] and obs.quiet(9.0, 0.4, True, 1.0)


def test_the_next_citizen_waits_for_the_last_conversation_to_end():
    open_ended = {"id": "an", "name": "Anh An", "lines": [{"say": "nước uống ở đâu"}]}  # no goodbye
    report, world = run([open_ended, AMENITY], idle_timeout_s=3.0)
    assert report.ok
    waited = [line for line in world.printed if "the dialog is still 'offering_guide' after 3 s" in line]
    assert len(waited) == 1
    second = report.citizens[1]
    assert second.started_at - report.citizens[0].finished_at >= 3.0


def test_a_guide_the_robot_gives_up_fails_without_waiting_for_the_trip_timeout():
    report, _ = run([GUIDED], FakeWorld(REPLIES, gives_up=True), trip_timeout_s=100.0)
    minh = report.citizens[0]
    assert "the robot gave up guiding to counter_6: guide_failed (closest 10.5 m)" in minh.all_failures
    assert minh.finished_at < 30.0 and minh.guided_to == ""

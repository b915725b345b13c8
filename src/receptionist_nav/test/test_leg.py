"""Decisions of one leg without ROS or Nav2: ticks of (time, cancel, preempt, follow reports) -> steps."""

from __future__ import annotations

import math

import pytest

from receptionist_nav import announcements, nav2_codes
from receptionist_nav.battery import BatteryPolicy
from receptionist_nav.escort import EscortConfig, EscortMonitor
from receptionist_nav.leg import LegStep, LegSupervisor, eta, nav_outcome
from receptionist_nav.trip import Leg, LegOutcome, ReturnPolicy

CONFIG = EscortConfig(behind_grace_s=2.0, resume_after_s=1.0, give_up_after_s=30.0, status_timeout_s=2.0)


def supervisor(monitor: EscortMonitor | None = None, preemptible: bool = False) -> LegSupervisor:
    return LegSupervisor("counter_5", 100.0, 240.0, 0.5, 0.2, monitor, preemptible)


def test_a_leg_sends_its_goal_once_then_drives_on():
    leg = supervisor()
    assert leg.step(100.0, False, False) == LegStep(send_goal=True)
    assert leg.step(100.1, False, False) == LegStep()
    assert leg.goal_active and not leg.paused


def test_cancel_timeout_and_preemption_end_the_leg_and_stop_nav2():
    assert supervisor().step(101.0, True, False) == LegStep(cancel_nav=True, outcome=LegOutcome(Leg.CANCELED))
    late = supervisor().step(340.5, False, False)
    assert late.cancel_nav and late.outcome.leg is Leg.FAILED
    assert late.outcome.nav_code == nav2_codes.NAVIGATOR_TIMEOUT
    assert late.outcome.message == "no arrival at counter_5 within 240 s"
    assert supervisor().step(340.0, False, False).outcome is None  # the deadline itself is still in time
    # Only the way back (preemptible) gives way to a new escort.
    assert supervisor().step(101.0, False, True).outcome is None
    preempted = supervisor(preemptible=True).step(101.0, False, True)
    assert preempted == LegStep(cancel_nav=True, outcome=LegOutcome(Leg.PREEMPTED))


def test_a_visitor_falling_behind_pauses_the_leg_then_the_goal_is_sent_again():
    monitor = EscortMonitor(CONFIG, True, 100.0)
    leg = supervisor(monitor)
    assert leg.step(100.0, False, False).send_goal
    monitor.report(False, 100.5)
    assert leg.step(102.0, False, False) == LegStep()  # within the grace period
    monitor.report(False, 102.0)
    wait = leg.step(102.6, False, False)
    assert wait == LegStep(cancel_nav=True, say=announcements.waiting())
    assert leg.paused and not leg.goal_active
    assert leg.feedback(102.6, 3.0, None).waiting
    monitor.report(False, 103.0)
    assert leg.step(103.1, False, False) == LegStep()  # still waiting: nothing said twice, nothing sent
    monitor.report(True, 104.0)
    assert leg.step(104.5, False, False) == LegStep()  # following again, not yet for resume_after_s
    assert leg.step(105.1, False, False) == LegStep(say=announcements.resumed(), send_goal=True)
    assert leg.goal_active and not leg.paused


def test_a_visitor_lost_ends_the_leg():
    monitor = EscortMonitor(CONFIG, True, 100.0)
    leg = supervisor(monitor)
    leg.step(100.0, False, False)
    monitor.report(False, 100.0)
    monitor.report(False, 101.5)
    assert leg.step(102.5, False, False).cancel_nav
    lost = leg.step(133.0, False, False)  # no fresh report since: still waiting, then given up
    assert lost == LegStep(cancel_nav=True, outcome=LegOutcome(Leg.LOST))


def test_distance_travelled_sums_the_reported_poses():
    leg = supervisor()
    assert leg.moved_to(1.0, 1.0) == 0.0  # the first pose is the start
    assert leg.moved_to(4.0, 5.0) == pytest.approx(5.0)
    assert leg.moved_to(4.0, 5.0) == 0.0
    assert leg.distance_m == pytest.approx(5.0)


def test_feedback_is_rate_limited_and_estimates_the_eta():
    monitor = EscortMonitor(CONFIG, True, 100.0)
    leg = supervisor(monitor)
    first = leg.feedback(100.0, None, None)
    assert first is not None and math.isnan(first.distance_remaining_m) and math.isnan(first.eta_s)
    assert not first.visitor_following  # a watched visitor without any report yet
    assert leg.feedback(100.1, 4.0, 6.0) is None
    shown = leg.feedback(100.2, 4.0, 0.0)  # Nav2 has no estimate yet: distance at the speed limit
    assert (shown.distance_remaining_m, shown.eta_s, shown.waiting) == (4.0, 8.0, False)
    assert supervisor().feedback(100.0, 4.0, 6.0).visitor_following  # nobody to watch


def test_eta_prefers_nav2_then_the_speed_limit():
    assert eta(6.0, 4.0, 0.5) == 6.0
    assert eta(0.0, 4.0, 0.5) == 8.0
    assert eta(None, 4.0, 0.5) == 8.0
    assert math.isnan(eta(None, float("nan"), 0.5))
    assert math.isnan(eta(None, 4.0, 0.0))


def test_nav2_final_result_becomes_the_leg_outcome():
    assert nav_outcome("counter_5", True, 0, "").leg is Leg.ARRIVED
    failed = nav_outcome("counter_5", False, nav2_codes.GOAL_OCCUPIED, "")
    assert (failed.leg, failed.nav_code) == (Leg.FAILED, nav2_codes.GOAL_OCCUPIED)
    assert failed.message == "Nav2 could not reach counter_5: GOAL_OCCUPIED (206): no details"
    assert nav_outcome("home", False, 105, "stuck").message.endswith("FAILED_TO_MAKE_PROGRESS (105): stuck")


def test_idle_robot_docks_when_low_and_leaves_the_dock_when_charged():
    policy = BatteryPolicy(low=0.25, critical=0.12, resume=0.8)
    assert policy.idle_target("home", 0.2, "home", "dock") == "dock"
    assert policy.idle_target("", 0.2, "home", "dock") == "dock"  # stopped somewhere: dock too
    assert policy.idle_target("dock", 0.2, "home", "dock") is None  # charging
    assert policy.idle_target("dock", 0.5, "home", "dock") is None  # hysteresis: not charged enough
    assert policy.idle_target("dock", 0.8, "home", "dock") == "home"
    assert policy.idle_target("home", 0.5, "home", "dock") is None
    assert policy.idle_target("home", None, "home", "dock") is None  # no battery reading: stay


class FakeRoad:
    """Return legs ending as scripted; records the back-off waits and the warnings."""

    def __init__(self, outcomes: list[LegOutcome], cut_pause: bool = False) -> None:
        self.outcomes = list(outcomes)
        self.cut_pause = cut_pause
        self.pauses: list[float] = []
        self.warnings: list[str] = []

    def drive(self) -> LegOutcome:
        return self.outcomes.pop(0)

    def pause(self, seconds: float) -> bool:
        self.pauses.append(seconds)
        return self.cut_pause


FAILED = LegOutcome(Leg.FAILED, nav2_codes.FAILED_TO_MAKE_PROGRESS, "blocked")


def test_way_back_is_retried_with_back_off_then_reported_stranded():
    road = FakeRoad([FAILED, FAILED, FAILED])
    end = ReturnPolicy(3, 1.0).drive_back("home", road.drive, road.pause, road.warnings.append)
    assert road.pauses == [1.0, 2.0] and not road.outcomes
    assert road.warnings[0] == "return to home failed (attempt 1/3): blocked; trying again in 1.0 s"
    assert not end.arrived and end.message == "arrived; return to home failed: blocked"
    assert end.stranded.startswith("could not return to 'home' after 3 attempt(s): blocked")


def test_way_back_arrives_after_a_retry_or_gives_way_to_a_new_escort():
    road = FakeRoad([FAILED, LegOutcome(Leg.ARRIVED)])
    end = ReturnPolicy(3, 1.0).drive_back("dock", road.drive, road.pause, road.warnings.append)
    assert (end.arrived, end.stranded, end.message) == (True, "", "arrived; returned to dock")
    assert len(road.warnings) == 1
    road = FakeRoad([LegOutcome(Leg.PREEMPTED)])
    end = ReturnPolicy(3, 1.0).drive_back("home", road.drive, road.pause, road.warnings.append)
    assert (end.arrived, end.stranded) == (False, "")
    assert end.message == "arrived; return interrupted by a new escort"


def test_way_back_canceled_during_the_back_off_is_not_stranded():
    road = FakeRoad([FAILED, FAILED], cut_pause=True)
    end = ReturnPolicy(3, 1.0).drive_back("home", road.drive, road.pause, road.warnings.append)
    assert road.pauses == [1.0] and road.warnings == [] and len(road.outcomes) == 1
    assert (end.arrived, end.stranded) == (False, "")
    canceled = FakeRoad([LegOutcome(Leg.CANCELED)])
    end = ReturnPolicy(3, 1.0).drive_back("home", canceled.drive, canceled.pause, canceled.warnings.append)
    assert end.message == "arrived; return to home failed: canceled" and end.stranded == ""

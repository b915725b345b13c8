"""Trip decisions without ROS: escort endings, the way back and its retries, goal checks."""

from __future__ import annotations

import math

import pytest

from receptionist_nav import announcements, nav2_codes
from receptionist_nav.trip import (
    RETURN_DOCK,
    RETURN_HOME,
    STAY,
    Leg,
    LegOutcome,
    ReturnPolicy,
    check_goal,
    escort_end,
    escort_speed,
    stranded_message,
)

FAILED = LegOutcome(Leg.FAILED, nav2_codes.FAILED_TO_MAKE_PROGRESS, "Nav2 could not reach home")


def test_every_escort_outcome_has_its_result_announcement_and_way_back():
    arrived = escort_end(LegOutcome(Leg.ARRIVED), "Quầy số 5", "p1", 30.0)
    assert (arrived.code, arrived.go_back) == ("SUCCEEDED", True)
    assert arrived.announcement == announcements.arrived("Quầy số 5")
    lost = escort_end(LegOutcome(Leg.LOST), "quầy số 5", "p1", 30.0)
    assert (lost.code, lost.go_back) == ("VISITOR_LOST", True)
    assert "'p1'" in lost.message and "30 s" in lost.message
    unreachable = escort_end(LegOutcome(Leg.FAILED, nav2_codes.GOAL_OCCUPIED, "occupied"), "Quầy 5", "", 30.0)
    assert (unreachable.code, unreachable.message, unreachable.go_back) == ("UNREACHABLE", "occupied", True)
    assert unreachable.announcement == announcements.cannot_go("Quầy 5")
    assert escort_end(FAILED, "Quầy 5", "", 30.0).code == "NAVIGATION_FAILED"
    canceled = escort_end(LegOutcome(Leg.CANCELED), "Quầy 5", "", 30.0)
    assert (canceled.code, canceled.announcement, canceled.go_back) == ("CANCELED", "", False)


def test_return_target_follows_the_goal_and_the_battery():
    assert ReturnPolicy.target(RETURN_HOME, False, "home", "dock") == "home"
    assert ReturnPolicy.target(RETURN_HOME, True, "home", "dock") == "dock"  # low battery
    assert ReturnPolicy.target(RETURN_DOCK, False, "home", "dock") == "dock"
    assert ReturnPolicy.target(STAY, True, "home", "dock") is None


def test_failed_return_is_retried_with_a_growing_back_off_then_given_up():
    policy = ReturnPolicy(attempts=3, backoff_s=2.0)
    assert policy.retry_delay(FAILED, 1) == 2.0
    assert policy.retry_delay(FAILED, 2) == 4.0
    assert policy.retry_delay(FAILED, 3) is None  # every attempt used: stranded
    assert ReturnPolicy(attempts=1, backoff_s=2.0).retry_delay(FAILED, 1) is None


@pytest.mark.parametrize("leg", [Leg.ARRIVED, Leg.CANCELED, Leg.PREEMPTED, Leg.LOST])
def test_only_a_failed_return_is_retried(leg):
    assert ReturnPolicy(attempts=5, backoff_s=1.0).retry_delay(LegOutcome(leg), 1) is None


@pytest.mark.parametrize(
    ("attempts", "backoff"), [(0, 1.0), (-1, 1.0), (2, -0.5), (2, math.nan), (2, math.inf)]
)
def test_return_policy_refuses_bad_settings(attempts, backoff):
    with pytest.raises(ValueError, match="return"):
        ReturnPolicy(attempts, backoff)


def test_stranded_message_names_the_target_the_attempts_and_the_cause():
    text = stranded_message("home", 3, FAILED)
    assert "'home'" in text and "3 attempt" in text and "Nav2 could not reach home" in text


def test_goal_checks_and_escort_speed():
    assert check_goal(RETURN_HOME, 0.0) == "" and check_goal(STAY, 0.5) == ""
    assert "after_arrival 7" in check_goal(7, 0.0)
    assert "max_speed_mps" in check_goal(RETURN_HOME, -1.0)
    assert "max_speed_mps" in check_goal(RETURN_HOME, math.nan)
    assert escort_speed(0.0, 0.6, 0.8) == 0.6  # the configured pace
    assert escort_speed(0.3, 0.6, 0.8) == 0.3  # the goal's own pace
    assert escort_speed(2.0, 0.6, 0.8) == 0.8  # never above the bound


def test_the_guide_calls_itself_em_like_the_dialog():
    texts = [
        announcements.start("Quầy số 1"),
        announcements.waiting(),
        announcements.resumed(),
        announcements.arrived("Quầy số 1"),
        announcements.visitor_lost("quầy số 1"),
        announcements.cannot_go("Quầy số 1"),
        announcements.low_battery(),
    ]
    for text in texts:
        words = text.lower().replace(",", " ").replace(".", " ").split()
        assert "tôi" not in words, text
    assert sum("em" in text.lower().split() for text in texts) >= 5

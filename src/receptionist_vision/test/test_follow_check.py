import math

from receptionist_vision.follow_check import FollowChecker, FollowConfig
from receptionist_vision.geometry import Box
from receptionist_vision.perception import PersonState

CFG = FollowConfig(max_distance_m=3.0, max_bearing_rad=0.9, lost_timeout_s=3.0)


def person(pid: str, distance: float, bearing: float = 0.0, since_detected: float = 0.0) -> PersonState:
    return PersonState(
        pid, Box(0, 0, 10, 30), None, "none", 0.9, distance, bearing, 0.0, 0.0, 1.0, 1, "face", since_detected
    )


def test_inactive_checker_reports_not_checking():
    state = FollowChecker(CFG).status(10.0)
    assert not state.checking and not state.visitor_following


def test_visitor_seen_behind_is_following_and_lost_after_timeout():
    checker = FollowChecker(CFG)
    checker.start("p0003", 0.0)
    assert checker.status(1.0).visitor_following  # the start counts as a sighting
    checker.update([person("p0003", 1.2)], 2.0)
    state = checker.status(2.0)
    assert state.visitor_following and state.person_id == "p0003" and state.visitor_distance_m == 1.2
    checker.update([], 3.0)
    assert math.isnan(checker.status(3.0).visitor_distance_m)
    assert checker.status(4.9).visitor_following
    late = checker.status(5.1)
    assert not late.visitor_following and late.seconds_since_seen > 3.0 and late.checking


def test_visitor_too_far_behind_is_not_following():
    checker = FollowChecker(CFG)
    checker.start("*", 0.0)
    for t in range(1, 6):
        checker.update([person("p0001", 4.5)], float(t))
    assert not checker.status(5.0).visitor_following


def test_nearest_person_is_taken_when_the_id_is_unknown_to_this_camera():
    checker = FollowChecker(CFG)
    checker.start("p0042", 0.0)
    checker.update([person("p0007", 2.5), person("p0008", 1.1), person("p0009", 0.8, bearing=1.4)], 1.0)
    state = checker.status(1.0)
    assert state.person_id == "p0042"  # the status is about the visitor navigation asked about
    assert checker.track_id == "p0008" and state.visitor_distance_m == 1.1
    checker.update([person("p0007", 1.0), person("p0008", 1.3)], 1.5)
    assert checker.track_id == "p0008"  # stays with the visitor it has
    assert checker.status(1.5).visitor_distance_m == 1.3


def test_any_visitor_reports_the_track_followed():
    checker = FollowChecker(CFG)
    checker.start("*", 0.0)
    checker.update([person("p0005", 1.4)], 1.0)
    assert checker.status(1.0).person_id == "p0005"


def test_stop_ends_the_check():
    checker = FollowChecker(CFG)
    checker.start("*", 0.0)
    checker.stop()
    assert not checker.status(0.5).checking


def test_a_track_only_carried_by_optical_flow_does_not_count_as_seen():
    checker = FollowChecker(CFG)
    checker.start("*", 0.0)
    checker.update([person("p0001", 1.5)], 1.0)
    for t in (2.0, 3.0, 4.0, 4.5):
        checker.update([person("p0001", 1.5, since_detected=t - 1.0)], t)  # coasting since t=1
    state = checker.status(4.5)
    assert state.seconds_since_seen == 3.5 and not state.visitor_following
    # Lost means no range, although the coasting track still has one.
    assert math.isnan(state.visitor_distance_m)

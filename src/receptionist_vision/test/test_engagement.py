from receptionist_vision.engagement import (
    DISENGAGED,
    DISENGAGING,
    ENGAGED,
    ENGAGING,
    EngagementConfig,
    EngagementState,
    Observation,
)

CFG = EngagementConfig(
    zone_distance_m=2.0,
    zone_exit_distance_m=2.6,
    facing_time_s=1.0,
    face_memory_s=0.5,
    disengage_timeout_s=2.0,
    leaving_speed_mps=0.35,
)


def _run(state, obs, start, end, step=0.1):
    changes = []
    t = start
    while t <= end + 1e-9:
        change = state.update(obs, t)
        if change:
            changes.append((round(t, 2), change.current))
        t += step
    return changes


def test_facing_in_the_zone_long_enough_means_engaged():
    state = EngagementState(CFG)
    changes = _run(state, Observation(1.5, 0.0, 0.0, True), 0.0, 1.5)
    assert [c for _, c in changes] == [ENGAGING, ENGAGED]
    assert changes[1][0] >= 1.0  # not before facing_time_s


def test_far_or_not_facing_stays_disengaged():
    state = EngagementState(CFG)
    assert [c for _, c in _run(state, Observation(3.5, 0.0, 0.0, True), 0.0, 3.0)] == [DISENGAGED]
    state = EngagementState(CFG)
    assert [c for _, c in _run(state, Observation(1.0, 0.0, 0.0, False), 0.0, 3.0)] == [DISENGAGED]
    state = EngagementState(CFG)  # facing but off to the side
    assert [c for _, c in _run(state, Observation(1.0, 1.2, 0.0, True), 0.0, 3.0)] == [DISENGAGED]


def test_looking_away_disengages_after_timeout_and_can_reengage():
    state = EngagementState(CFG)
    _run(state, Observation(1.5, 0.0, 0.0, True), 0.0, 1.5)
    assert state.level == ENGAGED
    changes = _run(state, Observation(1.5, 0.0, 0.0, False), 1.6, 5.0)
    levels = [c for _, c in changes]
    assert levels == [DISENGAGING, DISENGAGED]
    assert changes[1][0] - changes[0][0] >= CFG.disengage_timeout_s - 0.11


def test_short_face_gaps_do_not_break_engagement():
    state = EngagementState(CFG)
    _run(state, Observation(1.5, 0.0, 0.0, True), 0.0, 1.5)
    assert state.update(Observation(1.5, 0.0, 0.0, False), 1.7) is None  # 0.2 s gap < face_memory_s
    assert state.level == ENGAGED


def test_walking_away_is_not_wanting_to_talk():
    state = EngagementState(CFG)
    _run(state, Observation(1.5, 0.0, 0.0, True), 0.0, 1.5)
    change = state.update(Observation(1.6, 0.0, 0.8, True), 1.6)
    assert change is not None and change.current == DISENGAGING


def test_hysteresis_keeps_an_engaged_person_slightly_outside_the_zone():
    state = EngagementState(CFG)
    _run(state, Observation(1.9, 0.0, 0.0, True), 0.0, 1.5)
    assert state.level == ENGAGED
    assert state.update(Observation(2.3, 0.0, 0.0, True), 1.6) is None


def test_lost_person_is_reported_disengaged_once():
    state = EngagementState(CFG)
    _run(state, Observation(1.5, 0.0, 0.0, True), 0.0, 1.5)
    change = state.lost()
    assert change.previous == ENGAGED and change.current == DISENGAGED
    assert state.lost() is None

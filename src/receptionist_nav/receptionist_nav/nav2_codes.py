"""Nav2 Jazzy error codes as they reach a NavigateToPose client, and what they mean for an escort.

bt_navigator reports the lowest error code of its planner and controller nodes in the
NavigateToPose result: ComputePathToPose codes are 200..208, FollowPath codes 100..107, the
navigator's own 9000..9003.
"""

from __future__ import annotations

NONE = 0
# nav2_msgs/action/FollowPath
CONTROLLER_UNKNOWN = 100
INVALID_CONTROLLER = 101
CONTROLLER_TF_ERROR = 102
INVALID_PATH = 103
PATIENCE_EXCEEDED = 104
FAILED_TO_MAKE_PROGRESS = 105
NO_VALID_CONTROL = 106
CONTROLLER_TIMED_OUT = 107
# nav2_msgs/action/ComputePathToPose
PLANNER_UNKNOWN = 200
INVALID_PLANNER = 201
PLANNER_TF_ERROR = 202
START_OUTSIDE_MAP = 203
GOAL_OUTSIDE_MAP = 204
START_OCCUPIED = 205
GOAL_OCCUPIED = 206
PLANNER_TIMEOUT = 207
NO_VALID_PATH = 208
# nav2_msgs/action/NavigateToPose
NAVIGATOR_UNKNOWN = 9000
FAILED_TO_LOAD_BEHAVIOR_TREE = 9001
NAVIGATOR_TF_ERROR = 9002
NAVIGATOR_TIMEOUT = 9003

# Failures that say the goal itself cannot be reached (retrying the same goal will not help).
GOAL_UNREACHABLE = frozenset({GOAL_OUTSIDE_MAP, GOAL_OCCUPIED, NO_VALID_PATH})

_NAMES = {value: name for name, value in dict(globals()).items() if isinstance(value, int) and name.isupper()}


def describe(code: int) -> str:
    """Readable name of a code, e.g. 'GOAL_OCCUPIED (206)'."""
    return f"{_NAMES.get(int(code), 'UNKNOWN_CODE')} ({int(code)})"


def is_unreachable(code: int) -> bool:
    return int(code) in GOAL_UNREACHABLE

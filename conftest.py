"""Root pytest configuration: every test run stays on this machine, in its own ROS domain.

The harness (test/harness) starts nodes as real processes over real DDS; fixtures of the areas live in
test/fixtures and are registered in `pytest_plugins` below.
"""

import os
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(REPO_ROOT / "test"))

# Never talk to another machine, and never to another test run: set before any rclpy import.
os.environ["ROS_AUTOMATIC_DISCOVERY_RANGE"] = "LOCALHOST"
os.environ.setdefault("ROS_DOMAIN_ID", str(1 + os.getpid() % 100))

pytest_plugins = [
    "harness.fixtures",
    "fixtures.center",
    "fixtures.speech",
    "fixtures.kiosk",
    "fixtures.lobby",
    "fixtures.dialog",
    "fixtures.stack",
]

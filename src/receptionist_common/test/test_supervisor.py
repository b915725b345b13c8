"""The runner's supervision with real child processes: restarts, ready lines, clean stop."""

import sys
import time
from pathlib import Path

from receptionist_common.stack import ProcessSpec
from receptionist_common.supervisor import Supervisor

SLEEPER = [
    sys.executable,
    "-c",
    "import signal, sys, time; signal.signal(signal.SIGINT, lambda *_: sys.exit(0)); "
    "print('ready', flush=True); time.sleep(60)",
]
CRASHER = [sys.executable, "-c", "import sys; print('boom', flush=True); sys.exit(3)"]


def spec(name: str, **kwargs) -> ProcessSpec:
    return ProcessSpec(name=name, package="p", executable="e", ros_node=False, **kwargs)


def test_starts_waits_for_ready_and_stops_cleanly(tmp_path: Path):
    messages: list[str] = []
    supervisor = Supervisor(
        [(spec("sleeper", ready_log="ready"), SLEEPER)], tmp_path, {}, log=messages.append
    )
    assert supervisor.start_all() == []
    assert supervisor.status() == {"sleeper": "running"}
    codes = supervisor.stop_all(timeout_s=5)
    assert codes == {"sleeper": 0}  # it got SIGINT, like Ctrl-C, and exited by itself
    assert "ready" in (tmp_path / "sleeper.log").read_text()


def test_crashing_process_is_restarted_then_given_up(tmp_path: Path):
    messages: list[str] = []
    supervisor = Supervisor(
        [(spec("crasher"), CRASHER)],
        tmp_path,
        {},
        log=messages.append,
        max_restarts=2,
        restart_backoff_s=0.01,
    )
    supervisor.start_all()
    deadline = time.monotonic() + 10
    while supervisor.status()["crasher"] != "failed" and time.monotonic() < deadline:
        supervisor.poll()
        time.sleep(0.05)
    assert supervisor.status() == {"crasher": "failed"}
    assert supervisor.processes[0].exit_codes == [3, 3, 3]
    assert any("restart 2/2" in m for m in messages)
    assert any("not restarting" in m for m in messages)
    assert (tmp_path / "crasher.log").read_text().count("boom") == 3


def test_not_ready_process_is_reported(tmp_path: Path):
    supervisor = Supervisor(
        [(spec("crasher", ready_log="never"), CRASHER)], tmp_path, {}, log=lambda _m: None
    )
    assert supervisor.start_all() == ["crasher"]
    supervisor.stop_all(timeout_s=1)


def test_a_finished_scenario_ends_the_stack_with_its_code(tmp_path: Path):
    scenario = [sys.executable, "-c", "import sys; sys.exit(4)"]
    supervisor = Supervisor(
        [(spec("sleeper", ready_log="ready"), SLEEPER), (spec("scenario", ends_stack=True), scenario)],
        tmp_path,
        {},
        log=lambda _m: None,
    )
    supervisor.start_all()
    deadline = time.monotonic() + 10
    code = None
    while code is None and time.monotonic() < deadline:
        code = supervisor.poll()
        time.sleep(0.05)
    assert code == 4
    assert supervisor.status()["sleeper"] == "running"  # the caller stops the rest
    assert supervisor.stop_all(timeout_s=5)["sleeper"] == 0

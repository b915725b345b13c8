"""`output: screen` in a stack file: a process's lines reach the runner's console and its log file."""

import sys
import time
from pathlib import Path

import pytest

from receptionist_common.stack import ProcessSpec, StackError, load_stack
from receptionist_common.supervisor import Supervisor

TALKER = [sys.executable, "-c", "print('Công dân: xin chào', flush=True); print('tóm tắt', flush=True)"]


def test_screen_output_is_shown_and_logged(tmp_path: Path):
    shown: list[str] = []
    spec = ProcessSpec(
        name="talker", package="p", executable="e", ros_node=False, output="screen", ends_stack=True
    )
    supervisor = Supervisor([(spec, TALKER)], tmp_path, {}, log=lambda _m: None, screen=shown.append)
    supervisor.start_all()
    code = None
    for _ in range(200):
        code = supervisor.poll()
        if code is not None:
            break
        time.sleep(0.02)
    assert code == 0
    assert shown == ["Công dân: xin chào", "tóm tắt"]  # every line, in order, before the stop
    assert (tmp_path / "talker.log").read_text(encoding="utf-8").splitlines() == shown
    supervisor.stop_all(timeout_s=1)


def test_log_output_stays_in_the_log_file(tmp_path: Path):
    shown: list[str] = []
    spec = ProcessSpec(name="quiet", package="p", executable="e", ros_node=False, restart=False)
    supervisor = Supervisor([(spec, TALKER)], tmp_path, {}, log=lambda _m: None, screen=shown.append)
    supervisor.start_all()
    supervisor.processes[0].popen.wait(timeout=10)
    supervisor.stop_all(timeout_s=2)
    assert shown == []
    assert "tóm tắt" in (tmp_path / "quiet.log").read_text(encoding="utf-8")


def test_unknown_output_is_refused(tmp_path: Path):
    stack = tmp_path / "stack.yaml"
    stack.write_text("processes:\n  - {name: a, package: p, executable: e, output: printer}\n")
    with pytest.raises(StackError, match="output must be one of log, screen"):
        load_stack(stack, tmp_path)

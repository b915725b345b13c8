"""The terminal chat against the real service bridge (separate processes, real DDS, real center)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from harness.processes import resolve_executable, ros_process_env

DIALOG_PARAMS = Path(__file__).resolve().parents[3] / "config" / "dialog.yaml"


def run_chat(*args: str, timeout: float = 60.0) -> subprocess.CompletedProcess[str]:
    command = [str(resolve_executable("receptionist_dialog", "chat")), "--params-file", str(DIALOG_PARAMS)]
    return subprocess.run(
        [*command, *args], env=ros_process_env(), capture_output=True, text=True, timeout=timeout
    )


def test_one_shot_answers_from_the_bridge_catalog(service_bridge, center_service):
    done = run_chat("--timeout", "20", "--json", "lam giay khai sinh o dau")
    assert done.returncode == 0, done.stderr
    details = json.loads(done.stdout)
    assert (details["procedure"]["id"], details["counter"]) == ("dang_ky_khai_sinh", "counter_1")
    assert "quầy số 1" in details["answer"]
    assert service_bridge.is_running()


def test_without_a_bridge_the_chat_says_so_and_exits():
    done = run_chat("--timeout", "1.5", "--json", "lam giay khai sinh o dau")
    assert done.returncode == 2 and done.stdout == ""
    assert "no catalog from the service bridge" in done.stderr and "service_bridge" in done.stderr

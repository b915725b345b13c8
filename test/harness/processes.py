"""Start ROS 2 node executables as real processes, and make sure none outlives the test run."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

_LIVE: list[NodeProcess] = []


def resolve_executable(package: str, executable: str) -> Path:
    """Find `executable` of `package` the way `ros2 run` does (ament index: <prefix>/lib/<package>/)."""
    from ament_index_python.packages import PackageNotFoundError, get_package_prefix

    try:
        prefix = Path(get_package_prefix(package))
    except PackageNotFoundError as error:
        raise FileNotFoundError(
            f"package '{package}' is not in the workspace: run `bash scripts/setup.sh` first"
        ) from error
    path = prefix / "lib" / package / executable
    if not path.exists():
        raise FileNotFoundError(f"no executable '{executable}' in package '{package}' ({path})")
    return path


class NodeProcess:
    """One node running as a separate OS process in its own process group; output goes to a log file."""

    def __init__(self, command: Sequence[str], env: Mapping[str, str], label: str) -> None:
        self.label = label
        self.command = list(command)
        self._log = tempfile.NamedTemporaryFile(prefix=f"{label}-", suffix=".log", delete=False)  # noqa: SIM115
        self.log_path = Path(self._log.name)
        self._popen = subprocess.Popen(
            self.command,
            env=dict(env),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        _LIVE.append(self)

    @property
    def pid(self) -> int:
        return self._popen.pid

    def is_running(self) -> bool:
        return self._popen.poll() is None

    @property
    def returncode(self) -> int | None:
        return self._popen.poll()

    def output(self) -> str:
        self._log.flush()
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def wait_for_log(self, pattern: str, timeout: float = 20.0) -> re.Match[str]:
        """Wait until the process output matches `pattern`; fail with the output if it dies or times out."""
        regex = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            match = regex.search(self.output())
            if match:
                return match
            if not self.is_running():
                raise AssertionError(
                    f"{self.label} exited with {self.returncode} before printing /{pattern}/:\n"
                    + self.output()
                )
            time.sleep(0.05)
        raise TimeoutError(f"{self.label} did not print /{pattern}/ within {timeout} s:\n{self.output()}")

    def send_signal(self, sig: int) -> None:
        if self.is_running():
            os.killpg(self._popen.pid, sig)

    def stop(self, timeout: float = 10.0) -> int:
        """SIGINT (what Ctrl-C and launch send), then SIGTERM, then SIGKILL; returns the exit code."""
        for sig, wait_s in ((signal.SIGINT, timeout), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            if not self.is_running():
                break
            try:
                os.killpg(self._popen.pid, sig)
            except ProcessLookupError:
                break
            try:
                self._popen.wait(wait_s)
            except subprocess.TimeoutExpired:
                continue
        code = self._popen.wait()
        self._log.close()
        if self in _LIVE:
            _LIVE.remove(self)
        return code


def node_command(
    package: str,
    executable: str,
    name: str | None = None,
    params_files: Sequence[str | Path] = (),
    parameters: Mapping[str, Any] | None = None,
    remappings: Mapping[str, str] | None = None,
) -> list[str]:
    """The command line `ros2 run` would use, with --ros-args for name, parameters and remappings."""
    command = [str(resolve_executable(package, executable)), "--ros-args"]
    if name:
        command += ["-r", f"__node:={name}"]
    for params_file in params_files:
        command += ["--params-file", str(params_file)]
    if parameters:
        with tempfile.NamedTemporaryFile("w", prefix="params-", suffix=".yaml", delete=False) as overrides:
            yaml.safe_dump({"/**": {"ros__parameters": dict(parameters)}}, overrides, allow_unicode=True)
        command += ["--params-file", overrides.name]
    for source, target in (remappings or {}).items():
        command += ["-r", f"{source}:={target}"]
    return command


def ros_process_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The test run's environment (its ROS_DOMAIN_ID, LOCALHOST discovery) plus unbuffered output."""
    env = dict(os.environ)
    env.update(
        PYTHONUNBUFFERED="1",
        RCUTILS_COLORIZED_OUTPUT="0",
        RCUTILS_LOGGING_BUFFERED_STREAM="0",
        ROS_AUTOMATIC_DISCOVERY_RANGE="LOCALHOST",
    )
    env.update(extra or {})
    return env


def stop_all() -> None:
    """Stop every process still running: called at the end of each test and of the session."""
    for process in list(_LIVE):
        process.stop(timeout=5.0)

"""Pytest fixtures of the harness: the test's own node, and node processes torn down after each test."""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest

from harness.processes import NodeProcess, node_command, ros_process_env, stop_all

DESTROY_TIMEOUT_S = 15.0
_ABANDONED: list[str] = []  # test nodes whose DDS teardown never returned
_EXIT_STATUS: list[int] = []


class RosContext:
    """An rclpy node in the test process, spun by a background executor thread."""

    def __init__(self, name: str) -> None:
        import rclpy
        from rclpy.executors import MultiThreadedExecutor

        self.context = rclpy.Context()
        rclpy.init(context=self.context)
        self.node = rclpy.create_node(name, context=self.context)
        self.executor = MultiThreadedExecutor(num_threads=4, context=self.context)
        self.executor.add_node(self.node)
        self._thread = threading.Thread(target=self._spin, daemon=True)
        self._thread.start()

    def _spin(self) -> None:
        from rclpy.executors import ExternalShutdownException

        with contextlib.suppress(ExternalShutdownException):
            self.executor.spin()

    def close(self) -> None:
        self.executor.shutdown()
        # Fast DDS 3.2 can deadlock destroying an entity while it drops a remote participant whose
        # lease expired (a lock-order inversion between PDP and EDP, seen once in CI): destroy in a
        # helper thread so that a stuck destroy costs this test seconds, not the whole run.
        closer = threading.Thread(target=self._destroy, daemon=True)
        closer.start()
        closer.join(timeout=DESTROY_TIMEOUT_S)
        if closer.is_alive():
            _ABANDONED.append(self.node.get_name())
            warnings.warn(f"{self.node.get_name()}: DDS teardown stuck; abandoned", stacklevel=1)
            return
        self._thread.join(timeout=5)

    def _destroy(self) -> None:
        self.node.destroy_node()
        self.context.try_shutdown()


@pytest.fixture
def ros_context(request: pytest.FixtureRequest) -> Iterator[RosContext]:
    safe = "".join(c if c.isalnum() else "_" for c in request.node.name)[:40]
    ctx = RosContext(f"test_{safe}")
    try:
        yield ctx
    finally:
        ctx.close()


@pytest.fixture
def launch_node() -> Iterator[Any]:
    started: list[NodeProcess] = []

    def launch(
        package: str,
        executable: str,
        name: str | None = None,
        params_files: Sequence[str | Path] = (),
        parameters: Mapping[str, Any] | None = None,
        remappings: Mapping[str, str] | None = None,
        env: Mapping[str, str] | None = None,
    ) -> NodeProcess:
        command = node_command(package, executable, name, params_files, parameters, remappings)
        process = NodeProcess(command, ros_process_env(env), label=name or executable)
        started.append(process)
        return process

    yield launch
    for process in started:
        process.stop(timeout=5.0)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    stop_all()
    _EXIT_STATUS.append(int(exitstatus))


def pytest_unconfigure(config: pytest.Config) -> None:
    # A stuck DDS teardown holds Fast DDS locks that its exit-time destructors need too: leave at once
    # (the summary is printed already) rather than hang.
    if _ABANDONED and _EXIT_STATUS:
        print(f"harness: DDS teardown stuck for {', '.join(_ABANDONED)}; exiting directly", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT_STATUS[-1])

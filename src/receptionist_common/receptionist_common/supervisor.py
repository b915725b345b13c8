"""Start a stack's processes, restart the ones that crash, and stop all of them cleanly.

Plain Python (no ROS import), so it runs and is tested without DDS. The runner is what `ros2 launch`
is on a robot: on machines without the ros2 CLI it starts the same executables with the same
parameter files.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from receptionist_common.stack import ProcessSpec

Log = Callable[[str], None]


@dataclass
class Supervised:
    spec: ProcessSpec
    command: list[str]
    popen: subprocess.Popen[bytes] | None = None
    log_file: IO[bytes] | None = None
    restarts: int = 0
    last_start: float = 0.0
    gave_up: bool = False
    exit_codes: list[int] = field(default_factory=list)
    tee: threading.Thread | None = None


class Supervisor:
    """Keeps a list of processes running; each writes to `<log_dir>/<name>.log`."""

    def __init__(
        self,
        entries: list[tuple[ProcessSpec, list[str]]],
        log_dir: Path,
        env: dict[str, str],
        log: Log = print,
        max_restarts: int = 5,
        restart_backoff_s: float = 1.0,
        screen: Log | None = None,
    ) -> None:
        """`screen` receives each output line of the `output: screen` processes (default: print)."""
        self.processes = [Supervised(spec, command) for spec, command in entries]
        self.screen = screen or (lambda line: print(line, flush=True))
        self.log_dir = log_dir
        self.env = env
        self.log = log
        self.max_restarts = max_restarts
        self.restart_backoff_s = restart_backoff_s
        log_dir.mkdir(parents=True, exist_ok=True)

    def log_path(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def _start(self, proc: Supervised) -> None:
        proc.log_file = open(self.log_path(proc.spec.name), "ab")  # noqa: SIM115 - kept open while running
        env = {**self.env, **proc.spec.env}
        screen = proc.spec.output == "screen"
        proc.popen = subprocess.Popen(
            proc.command,
            env=env,
            stdout=subprocess.PIPE if screen else proc.log_file,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        if screen:
            proc.tee = threading.Thread(
                target=self._tee, args=(proc.popen.stdout, proc.log_file), name=f"tee-{proc.spec.name}"
            )
            proc.tee.start()
        proc.last_start = time.monotonic()
        self.log(f"started {proc.spec.name} (pid {proc.popen.pid})")

    def _tee(self, stream: IO[bytes], log_file: IO[bytes]) -> None:
        """Copy an `output: screen` process's lines to its log file and to the console."""
        for raw in iter(stream.readline, b""):
            log_file.write(raw)
            log_file.flush()
            self.screen(raw.decode("utf-8", errors="replace").rstrip("\n"))
        stream.close()

    def _wait_ready(self, proc: Supervised) -> bool:
        if not proc.spec.ready_log:
            return True
        pattern = re.compile(proc.spec.ready_log)
        deadline = time.monotonic() + proc.spec.ready_timeout_s
        path = self.log_path(proc.spec.name)
        while time.monotonic() < deadline:
            if pattern.search(path.read_text(encoding="utf-8", errors="replace")):
                return True
            if proc.popen is not None and proc.popen.poll() is not None:
                return False
            time.sleep(0.1)
        return False

    def start_all(self) -> list[str]:
        """Start in order, waiting for each one's ready line; returns the names that did not get ready."""
        not_ready = []
        for proc in self.processes:
            self._start(proc)
            if not self._wait_ready(proc):
                not_ready.append(proc.spec.name)
                self.log(f"WARNING {proc.spec.name} not ready; see {self.log_path(proc.spec.name)}")
        return not_ready

    def poll(self) -> int | None:
        """Restart crashed processes (with backoff), give up after `max_restarts`.

        Returns the exit code of an `ends_stack` process that has finished (the stack should stop).
        """
        for proc in self.processes:
            if proc.popen is None or proc.gave_up:
                continue
            code = proc.popen.poll()
            if code is None:
                continue
            proc.exit_codes.append(code)
            proc.popen = None
            if proc.tee is not None:
                proc.tee.join(timeout=3.0)  # its last lines (e.g. a scenario's summary) come first
            if proc.spec.ends_stack:
                proc.gave_up = True
                self.log(f"{proc.spec.name} finished with {code}: stopping the stack")
                return code
            if not proc.spec.restart or proc.restarts >= self.max_restarts:
                proc.gave_up = True
                self.log(f"ERROR {proc.spec.name} exited with {code}; not restarting (see its log)")
                continue
            proc.restarts += 1
            self.log(
                f"WARNING {proc.spec.name} exited with {code}; restart {proc.restarts}/{self.max_restarts}"
            )
            time.sleep(self.restart_backoff_s * proc.restarts)
            self._start(proc)
        return None

    def status(self) -> dict[str, str]:
        return {
            p.spec.name: "running"
            if p.popen is not None and p.popen.poll() is None
            else ("failed" if p.gave_up else "stopped")
            for p in self.processes
        }

    def stop_all(self, timeout_s: float = 10.0) -> dict[str, int | None]:
        """SIGINT every process (reverse start order), then SIGTERM/SIGKILL whatever is left."""
        codes: dict[str, int | None] = {}
        running = [p for p in reversed(self.processes) if p.popen is not None]
        for sig, wait_s in ((signal.SIGINT, timeout_s), (signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            for proc in running:
                if proc.popen is not None and proc.popen.poll() is None:
                    with contextlib.suppress(ProcessLookupError):
                        os.killpg(proc.popen.pid, sig)
            deadline = time.monotonic() + wait_s
            while time.monotonic() < deadline and any(p.popen.poll() is None for p in running if p.popen):
                time.sleep(0.05)
        for proc in running:
            assert proc.popen is not None
            codes[proc.spec.name] = proc.popen.poll()
            if proc.tee is not None:
                proc.tee.join(timeout=3.0)
            if proc.log_file:
                proc.log_file.close()
        return codes

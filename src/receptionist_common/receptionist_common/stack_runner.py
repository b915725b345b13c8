"""Run a stack file's processes without the ros2 CLI: `stack_runner --stack config/stack_sim.yaml`.

Same executables and parameter files as `ros2 launch receptionist_bringup robot.launch.py`; crashed
processes are restarted and logged; Ctrl-C (SIGINT) or SIGTERM stops everything cleanly.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from pathlib import Path

from receptionist_common.stack import StackError, load_stack
from receptionist_common.supervisor import Supervisor


def resolve_executable(package: str, executable: str) -> str:
    """`<prefix>/lib/<package>/<executable>` from the ament index, like `ros2 run`."""
    from ament_index_python.packages import PackageNotFoundError, get_package_prefix

    try:
        prefix = Path(get_package_prefix(package))
    except PackageNotFoundError:
        raise StackError(f"package {package!r} is not installed: run `bash scripts/setup.sh`") from None
    path = prefix / "lib" / package / executable
    if not path.exists():
        raise StackError(f"package {package!r} has no executable {executable!r} ({path})")
    return str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stack", type=Path, required=True, help="stack file, e.g. config/stack_sim.yaml")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="where config/ and maps/ are")
    parser.add_argument("--log-dir", type=Path, default=Path("log/stack"), help="one log file per process")
    parser.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0: run)")
    args = parser.parse_args(argv)

    state_dir = args.log_dir.resolve()
    try:
        specs = load_stack(args.stack, args.root.resolve(), {"STATE_DIR": str(state_dir)})
        entries = [
            (s, [resolve_executable(s.package, s.executable), *s.arguments, *s.ros_arguments()])
            for s in specs
        ]
    except StackError as error:
        print(f"[runner] ERROR: {error}", file=sys.stderr)
        return 2

    stopping = False

    def request_stop(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, request_stop)
    signal.signal(signal.SIGTERM, request_stop)

    def log(text: str) -> None:
        print(f"[runner] {text}", flush=True)

    supervisor = Supervisor(entries, state_dir, dict(os.environ), log=log)
    log(f"starting {len(entries)} processes; logs in {state_dir}")
    supervisor.start_all()
    log("all started; Ctrl-C to stop")
    started = time.monotonic()
    final_code: int | None = None
    while not stopping and (args.duration <= 0 or time.monotonic() - started < args.duration):
        final_code = supervisor.poll()
        if final_code is not None:
            break
        time.sleep(0.2)
    log("stopping")
    codes = supervisor.stop_all()
    unclean = {name: code for name, code in codes.items() if code not in (0, None)}
    log("stopped cleanly" if not unclean else f"stopped; non-zero exits: {unclean}")
    if final_code is not None:
        return final_code
    return 0 if not unclean else 1


if __name__ == "__main__":
    sys.exit(main())

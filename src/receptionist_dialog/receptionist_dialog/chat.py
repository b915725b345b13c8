"""Terminal chat with the receptionist, for operators and developers.

    ros2 run receptionist_dialog chat                      # full dialog against the running bridge
    ros2 run receptionist_dialog chat --json "lệ phí làm khai sinh bao nhiêu"   # one shot, JSON out
    ros2 run receptionist_dialog chat --via-ask            # talk to the running dialog_manager node
    ros2 run receptionist_dialog chat --offline config     # no ROS: catalog from the YAML files,
                                                           # tickets/queues/applications unavailable

The default mode runs the same DialogManager as the robot, in this process, with the real bridge's
services behind it (catalog, tickets, queues, application status). `--via-ask` instead sends each
line to /receptionist/ask, so the robot's own conversation (and voice) is used.
One-shot JSON: {"intent", "slots", "procedure": {"id", "name", "field"}, "counter", "answer", ...}.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import time
from pathlib import Path
from typing import Any

from receptionist_dialog.backend import UNAVAILABLE, ApplicationResult, Catalog, QueueResult, TicketResult
from receptionist_dialog.catalog_refresh import CatalogRefresh
from receptionist_dialog.dialog_manager import DialogManager
from receptionist_dialog.dialog_settings import bridge_services, build_nlu, dialog_config, settings_from_file

PROMPT = "bạn> "
# Someone waits at the terminal: ask the bridge for the catalog more often than the robot does.
CATALOG_RETRY_S = 0.2


class OfflineBackend:
    """No center: every service answers "unavailable", so the robot says so (never invents data)."""

    def issue_ticket(self, request_key: str, counter_id: str, procedure_id: str) -> TicketResult:
        return TicketResult(UNAVAILABLE, "offline chat: no ticket service")

    def queue_status(self, counter_id: str) -> QueueResult:
        return QueueResult(UNAVAILABLE, "offline chat: no queue service")

    def application_status(self, code: str) -> ApplicationResult:
        return ApplicationResult(UNAVAILABLE, "offline chat: no application service")


def _print_turn(details: dict, as_json: bool, out: Any = None) -> None:
    out = out or sys.stdout  # looked up per call: stdout may be redirected after import
    if as_json:
        print(json.dumps(details, ensure_ascii=False), file=out)
        return
    print(f"robot> {details['answer']}", file=out)
    slots = {k: v for k, v in details.get("slots", {}).items() if v}
    print(f"       [{details['state']}] intent={details['intent']} {slots}", file=out)


def _repl(answer: Any, as_json: bool) -> None:
    """Read lines until EOF or /quit; `answer(text) -> details dict`."""
    print("Gõ câu hỏi (tiếng Việt). /quit để thoát, /json để bật/tắt chi tiết JSON.")
    while True:
        try:
            line = input(PROMPT)
        except (EOFError, KeyboardInterrupt):
            print()
            return
        if line.strip() in ("/quit", "/exit"):
            return
        if line.strip() == "/json":
            as_json = not as_json
            continue
        _print_turn(answer(line), as_json)


def _dialog(settings: dict[str, Any], backend: Any) -> DialogManager:
    return DialogManager(build_nlu(settings), backend, config=dialog_config(settings))


def run_offline(config_dir: str, one_shot: str | None, params_file: str | None) -> int:
    from receptionist_dialog.catalog_files import load_catalog_dir

    procedures, amenities, counters = load_catalog_dir(config_dir)
    settings = settings_from_file(params_file or Path(config_dir) / "dialog.yaml")
    dialog = _dialog(settings, OfflineBackend())
    dialog.update_catalog(Catalog(procedures, amenities, counters))
    if one_shot is not None:
        _print_turn(dialog.on_text(one_shot, source="terminal").details(), True)
        return 0
    _repl(lambda text: dialog.on_text(text, source="terminal").details(), False)
    return 0


def run_ros(
    one_shot: str | None, via_ask: bool, timeout_s: float, params_file: str | None, ros_args: list[str]
) -> int:
    import rclpy
    from rclpy.executors import MultiThreadedExecutor

    from receptionist_dialog.bridge_client import BridgeBackend

    rclpy.init(args=ros_args)
    node = rclpy.create_node("dialog_chat")
    executor = MultiThreadedExecutor(num_threads=2)
    executor.add_node(node)
    spinner = threading.Thread(target=executor.spin, daemon=True)
    spinner.start()
    try:
        if via_ask:
            answer = _ask_client(node, timeout_s)
        else:
            settings = settings_from_file(params_file)
            backend = BridgeBackend(node, bridge_services(settings), timeout_s)
            refresh = CatalogRefresh(retry_s=CATALOG_RETRY_S)
            catalog, why = refresh.first_within(backend.fetch_catalog, timeout_s)
            if catalog is None:
                print(
                    f"error: no catalog from the service bridge ({why}). Is service_bridge running?",
                    file=sys.stderr,
                )
                return 2
            dialog = _dialog(settings, backend)
            dialog.update_catalog(catalog)
            session = f"chat-{int(time.time())}"

            def answer(text: str) -> dict:
                return dialog.on_text(text, session_id=session, source="terminal").details()

        if one_shot is not None:
            _print_turn(answer(one_shot), True)
        else:
            _repl(answer, False)
        return 0
    finally:
        executor.shutdown()
        spinner.join(5.0)  # a spin thread still in rcl at interpreter exit aborts the process (exit 134)
        node.destroy_node()
        rclpy.try_shutdown()


def _ask_client(node: Any, timeout_s: float) -> Any:
    from receptionist_interfaces.srv import Ask

    client = node.create_client(Ask, "/receptionist/ask")
    if not client.wait_for_service(timeout_sec=timeout_s):
        raise SystemExit("error: /receptionist/ask not available. Is the dialog_manager node running?")
    session = f"chat-{int(time.time())}"

    def answer(text: str) -> dict:
        done = threading.Event()
        future = client.call_async(Ask.Request(text=text, session_id=session))
        future.add_done_callback(lambda _f: done.set())
        if not done.wait(timeout_s):
            return {"answer": "(no answer from /receptionist/ask)", "intent": "", "state": "", "slots": {}}
        return json.loads(future.result().details_json)

    return answer


def main(args: list[str] | None = None) -> None:
    argv = sys.argv[1:] if args is None else args
    ros_args: list[str] = []
    if "--ros-args" in argv:
        index = argv.index("--ros-args")
        argv, ros_args = argv[:index], argv[index:]
    parser = argparse.ArgumentParser(prog="chat", description="Terminal chat with the receptionist robot.")
    parser.add_argument("--json", metavar="TEXT", help="answer one utterance and print JSON")
    parser.add_argument("--via-ask", action="store_true", help="use the running dialog_manager node")
    parser.add_argument("--offline", metavar="CONFIG_DIR", help="no ROS: read the catalog from CONFIG_DIR")
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for the services")
    parser.add_argument(
        "--params-file",
        metavar="YAML",
        help="dialog_manager parameters (thresholds, service names); default: CONFIG_DIR/dialog.yaml "
        "offline, the node's defaults otherwise",
    )
    options = parser.parse_args(argv)
    if options.offline:
        sys.exit(run_offline(options.offline, options.json, options.params_file))
    sys.exit(
        run_ros(options.json, options.via_ask, options.timeout, options.params_file, ["chat", *ros_args])
    )


if __name__ == "__main__":
    main()

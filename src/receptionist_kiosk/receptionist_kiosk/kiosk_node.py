"""Kiosk node: serves the robot's touchscreen and wires it to the dialog, the bridge and /diagnostics.

Thin shell: page state, validation, map drawing and health aggregation live in plain modules. Typed text
goes to the dialog manager's Ask service, so the screen and speech share one conversation.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

from diagnostic_msgs.msg import DiagnosticArray
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node

from receptionist_common.health import OK, WARN, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.qos import DIALOG_STATE
from receptionist_common.site_paths import resolve_site_path
from receptionist_interfaces.msg import DialogState, SayRequest, Transcript
from receptionist_interfaces.srv import Ask, ListAmenities, LookupProcedure
from receptionist_kiosk.ask_flow import DEFAULT_BUSY_MESSAGE, AskFlow, DialogUnavailableError
from receptionist_kiosk.buttons import ButtonTemplates, build_buttons, staff_button
from receptionist_kiosk.diagnostics_board import DiagnosticsBoard
from receptionist_kiosk.lobby_map import load_lobby, render_svg
from receptionist_kiosk.page_state import CITIZEN, ROBOT, PageState
from receptionist_kiosk.web_server import KioskWebServer, WebLimits

BRINGUP_PACKAGE = "receptionist_bringup"
CATALOG_OK = 0
CATALOG_CALL_TIMEOUT_S = 10.0

PARAMETERS = {
    "host": ("127.0.0.1", "Address the web server listens on (0.0.0.0 to reach it from another screen)."),
    "port": (8080, "TCP port of the web server; 0 picks a free port (printed in the log)."),
    "ask_service": ("/receptionist/ask", "Dialog manager's Ask service, the same dialog as speech."),
    "ask_timeout_s": (8.0, "Seconds to wait for the dialog's answer before the polite busy message."),
    "lookup_procedure_service": ("/receptionist/lookup_procedure", "Bridge service listing the catalog."),
    "list_amenities_service": ("/receptionist/list_amenities", "Bridge service listing the amenities."),
    "say_topic": ("/receptionist/say", "SayRequest: what the robot says aloud, shown as robot turns."),
    "dialog_state_topic": ("/receptionist/dialog_state", "DialogState (transient local): ticket, counter."),
    "speech_topic": ("/receptionist/speech", "Transcript: final ones are shown as the citizen's turns."),
    "diagnostics_topic": ("/diagnostics", "DiagnosticArray of every node, for the operator view."),
    "map_yaml": ("maps/lobby.yaml", "Nav2 map_server YAML of the lobby, drawn as the screen's small map."),
    "poi_file": ("config/site/points_of_interest.yaml", "Points of interest (counters) drawn on the map."),
    "procedure_buttons": (
        ["dang_ky_khai_sinh", "chung_thuc_ban_sao_tu_ban_chinh", "cap_the_can_cuoc"],
        "Procedure ids (from the bridge's catalog) shown as touch buttons, in order.",
    ),
    "amenity_buttons": (["wifi", "photocopy_print"], "Amenity ids (from the bridge) shown as touch buttons."),
    "procedure_question": ("Tôi muốn hỏi về thủ tục {name}", "What a procedure button asks the dialog."),
    "amenity_question": ("Cho tôi hỏi về {name}", "What an amenity button asks the dialog."),
    "max_button_label_chars": (
        36,
        "A longer official name is shown on its button as the catalog's first colloquial name instead.",
    ),
    "staff_label": ("Gọi nhân viên hỗ trợ", "Label of the call-staff button."),
    "staff_request_text": ("Tôi cần gặp nhân viên hỗ trợ", "What the call-staff button asks the dialog."),
    "busy_message": (DEFAULT_BUSY_MESSAGE, "Shown when the dialog does not answer."),
    "max_text_chars": (300, "Typed text longer than this is cut at a word boundary."),
    "max_body_bytes": (8192, "Larger POST bodies are refused with 413."),
    "max_turns": (40, "Conversation turns kept on the screen."),
    "dedupe_window_s": (8.0, "The same sentence from the same speaker within this window is shown once."),
    "new_session_grace_s": (
        3.0,
        "On a new conversation, turns younger than this are kept (they belong to it).",
    ),
    "stale_after_s": (5.0, "Operator view: a node silent on /diagnostics for longer is shown as STALE."),
    "expected_nodes": (["/kiosk"], "Operator view: nodes (hardware_id) shown as STALE until first heard."),
    "catalog_retry_s": (2.0, "Seconds between attempts to load the buttons while the bridge is not up."),
    "catalog_refresh_s": (600.0, "Seconds between reloads of the buttons once loaded."),
    "sse_keepalive_s": (15.0, "Keep-alive comment period of the page's event stream."),
    "health_period_s": (1.0, "Period of this node's /diagnostics status."),
}


class KioskNode(Node):
    def __init__(self) -> None:
        super().__init__("kiosk")
        self.params = p = declare_parameters(self, PARAMETERS)
        self._group = ReentrantCallbackGroup()
        self._templates = ButtonTemplates(
            p["procedure_question"],
            p["amenity_question"],
            p["staff_label"],
            p["staff_request_text"],
            p["max_button_label_chars"],
        )
        self.page = PageState(p["max_turns"], p["dedupe_window_s"], p["new_session_grace_s"])
        self.page.set_buttons([staff_button(self._templates)])
        self.board = DiagnosticsBoard(p["stale_after_s"], p["expected_nodes"])

        self.lobby = load_lobby(self._site_path(p["map_yaml"]), self._site_path(p["poi_file"]))
        for warning in self.lobby.warnings:
            self.get_logger().warning(warning)
        self.page.set_counter_names(self.lobby.counter_names())
        self._map_svg = render_svg(self.lobby)

        self._ask = self.create_client(Ask, p["ask_service"], callback_group=self._group)
        self._lookup = self.create_client(
            LookupProcedure, p["lookup_procedure_service"], callback_group=self._group
        )
        self._amenities = self.create_client(
            ListAmenities, p["list_amenities_service"], callback_group=self._group
        )
        self._catalog_loaded_at: float | None = None
        self._catalog_in_flight = False
        self._catalog_started = 0.0
        self._catalog_calls: list[tuple[Any, Any]] = []
        self._catalog_note = "waiting for the bridge"

        self.create_subscription(SayRequest, p["say_topic"], self._on_say, 10, callback_group=self._group)
        self.create_subscription(
            Transcript, p["speech_topic"], self._on_speech, 10, callback_group=self._group
        )
        self.create_subscription(
            DialogState,
            p["dialog_state_topic"],
            self._on_dialog_state,
            DIALOG_STATE,
            callback_group=self._group,
        )
        self.create_subscription(
            DiagnosticArray, p["diagnostics_topic"], self._on_diagnostics, 50, callback_group=self._group
        )

        self.flow = AskFlow(self.page, self._call_dialog, p["busy_message"], self.get_logger().warning)
        try:
            self.web = KioskWebServer(
                p["host"],
                p["port"],
                self.page,
                self.flow,
                lambda: self.board.summary(time.monotonic()),
                self._render_map,
                WebLimits(p["max_text_chars"], p["max_body_bytes"], p["sse_keepalive_s"]),
                log=self.get_logger().debug,
            )
        except OSError as error:
            self.get_logger().fatal(
                f"cannot serve the kiosk page on {p['host']}:{p['port']}: {error} "
                "(is another program using this port? change 'port' in config/kiosk.yaml)"
            )
            raise SystemExit(1) from error
        self.web.start()
        self.get_logger().info(f"kiosk serving on {self.web.url} (operator view: {self.web.url}operator)")

        self.health = HealthReporter(self, p["health_period_s"])
        self.health.add_check("web", lambda: (OK, f"serving on {self.web.url}", {}))
        self.health.add_check("dialog", self._dialog_health)
        self.health.add_check("buttons", self._buttons_health)
        self.health.add_check("map", self._map_health)
        self.create_timer(p["catalog_retry_s"], self._refresh_catalog, callback_group=self._group)
        self._refresh_catalog()

    # --- files ---------------------------------------------------------------------------------------
    @staticmethod
    def _site_path(value: str) -> Path | None:
        return resolve_site_path(value) if value else None

    def _render_map(self, highlight: str) -> str:
        return render_svg(self.lobby, highlight) if highlight else self._map_svg

    # --- dialog --------------------------------------------------------------------------------------
    def _call_dialog(self, text: str, session_id: str) -> dict[str, Any]:
        """Runs on an HTTP thread; the executor completes the future."""
        if not self._ask.service_is_ready() and not self._ask.wait_for_service(timeout_sec=1.0):
            raise DialogUnavailableError(f"service {self._ask.srv_name} is not available")
        done = threading.Event()
        future = self._ask.call_async(Ask.Request(text=text, session_id=session_id))
        future.add_done_callback(lambda _future: done.set())
        if not done.wait(self.params["ask_timeout_s"]):
            self._ask.remove_pending_request(future)
            raise DialogUnavailableError(f"no answer within {self.params['ask_timeout_s']} s")
        if future.exception() is not None:
            raise DialogUnavailableError(f"call failed: {future.exception()}")
        reply = future.result()
        return {
            name: getattr(reply, name)
            for name in (
                "answer",
                "intent",
                "procedure_id",
                "procedure_name",
                "procedure_field",
                "counter_id",
                "ticket_number",
                "state",
            )
        }

    def _on_say(self, msg: SayRequest) -> None:
        self.page.add_turn(ROBOT, msg.text, "voice")

    def _on_speech(self, msg: Transcript) -> None:
        if msg.is_final:
            self.page.add_turn(CITIZEN, msg.text, msg.source or "voice")

    def _on_dialog_state(self, msg: DialogState) -> None:
        self.page.update_dialog(
            msg.state, msg.session_id, msg.counter_id, msg.ticket_number, msg.procedure_name, msg.elderly_mode
        )

    def _on_diagnostics(self, msg: DiagnosticArray) -> None:
        now = time.monotonic()
        for status in msg.status:
            level = status.level if isinstance(status.level, int) else int.from_bytes(status.level, "little")
            values = {kv.key: kv.value for kv in status.values}
            self.board.update(status.hardware_id, status.name, level, status.message, now, values)

    # --- buttons from the bridge's catalog -----------------------------------------------------------
    def _refresh_catalog(self) -> None:
        if self._catalog_in_flight:
            if time.monotonic() - self._catalog_started < CATALOG_CALL_TIMEOUT_S:
                return
            for client, future in self._catalog_calls:  # the bridge never answered: forget and retry
                client.remove_pending_request(future)
            self._catalog_in_flight = False
            self._catalog_note = (
                f"the bridge did not answer the catalog calls within {CATALOG_CALL_TIMEOUT_S} s"
            )
            self.get_logger().warning(self._catalog_note)
        if (
            self._catalog_loaded_at is not None
            and time.monotonic() - self._catalog_loaded_at < self.params["catalog_refresh_s"]
        ):
            return
        if not (self._lookup.service_is_ready() and self._amenities.service_is_ready()):
            self._catalog_note = "waiting for the bridge's catalog services"
            return
        self._catalog_in_flight = True
        procedures = self._lookup.call_async(
            LookupProcedure.Request(query="", procedure_id="", max_results=1000)
        )
        amenities = self._amenities.call_async(ListAmenities.Request())
        self._catalog_started = time.monotonic()
        self._catalog_calls = [(self._lookup, procedures), (self._amenities, amenities)]
        remaining = [procedures, amenities]
        lock = threading.Lock()

        def on_done(future: Any) -> None:
            with lock:  # both callbacks may run at once on the executor's threads: apply exactly once
                remaining.remove(future)
                last = not remaining
            if last:
                self._apply_catalog(procedures, amenities)

        for future in (procedures, amenities):
            future.add_done_callback(on_done)

    def _apply_catalog(self, procedures_future: Any, amenities_future: Any) -> None:
        try:
            procedures, amenities = procedures_future.result(), amenities_future.result()
        except Exception as error:  # a failed call is retried on the next timer tick
            self._catalog_note = f"catalog call failed: {error}"
            self.get_logger().warning(self._catalog_note)
            return
        finally:
            self._catalog_in_flight = False
        if procedures.error_code != CATALOG_OK or amenities.error_code != CATALOG_OK:
            self._catalog_note = (
                f"bridge answered errors: procedures {procedures.error_code} '{procedures.error_message}', "
                f"amenities {amenities.error_code} '{amenities.error_message}'"
            )
            self.get_logger().warning(self._catalog_note)
            return
        buttons, missing = build_buttons(
            [
                {"id": item.id, "name": item.name, "colloquial_names": list(item.colloquial_names)}
                for item in procedures.procedures
            ],
            [{"id": item.id, "name": item.name} for item in amenities.amenities],
            self.params["procedure_buttons"],
            self.params["amenity_buttons"],
            self._templates,
        )
        if missing:
            self.get_logger().warning(f"buttons not in the bridge's catalog, not shown: {', '.join(missing)}")
        self.page.set_buttons(buttons)
        self._catalog_loaded_at = time.monotonic()
        stale = " (from the bridge's cache)" if procedures.stale or amenities.stale else ""
        self._catalog_note = f"{len(buttons) - 1} buttons loaded{stale}"
        self.get_logger().info(self._catalog_note)

    # --- health --------------------------------------------------------------------------------------
    def _dialog_health(self) -> tuple[int, str, dict[str, str]]:
        if self._ask.service_is_ready():
            return OK, "dialog service available", {}
        return WARN, f"dialog service {self._ask.srv_name} not available", {}

    def _buttons_health(self) -> tuple[int, str, dict[str, str]]:
        return (OK if self._catalog_loaded_at is not None else WARN), self._catalog_note, {}

    def _map_health(self) -> tuple[int, str, dict[str, str]]:
        if self.lobby.warnings:
            return WARN, "; ".join(self.lobby.warnings), {}
        return OK, f"{len(self.lobby.pois)} points of interest on the map", {}

    def destroy_node(self) -> None:
        web = getattr(self, "web", None)  # absent when the port could not be opened
        if web is not None:
            web.stop()
        super().destroy_node()


def main(args: list[str] | None = None) -> None:
    run_node(KioskNode, args)


if __name__ == "__main__":
    main()

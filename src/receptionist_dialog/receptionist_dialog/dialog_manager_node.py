"""ROS shell of the dialog manager: topics, services and the guide action around `DialogManager`.

In:  /receptionist/speech (Transcript, finals only), /receptionist/people (TrackedPeople),
     /receptionist/engagement (EngagementEvent: ENGAGED starts a conversation),
     /receptionist/speaking (SpeakingState), /receptionist/ask (Ask service: screen and terminal).
Out: /receptionist/say (SayRequest), /receptionist/dialog_state (DialogState, transient local),
     GuideVisitor goals on /receptionist/guide_visitor; calls to the service bridge.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from rclpy.action import ActionClient
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup, ReentrantCallbackGroup
from rclpy.node import Node

from receptionist_common.health import ERROR, OK, WARN, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.points_of_interest import PoiError, load_pois
from receptionist_common.qos import DIALOG_STATE
from receptionist_common.site_paths import resolve_site_path
from receptionist_dialog.bridge_client import BridgeBackend
from receptionist_dialog.catalog_refresh import CatalogRefresh
from receptionist_dialog.dialog_manager import DialogManager, Turn
from receptionist_dialog.dialog_settings import PARAMETERS, bridge_services, build_nlu, dialog_config
from receptionist_dialog.directions import LobbyDirections
from receptionist_dialog.goal_watch import GoalResponseWatch
from receptionist_dialog.turn_messages import ask_fields, heard, is_spoken, state_fields
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import (
    DialogState,
    EngagementEvent,
    SayRequest,
    SpeakingState,
    TrackedPeople,
    TrackedPerson,
    Transcript,
)
from receptionist_interfaces.srv import Ask


class DialogManagerNode(Node):
    def __init__(self) -> None:
        super().__init__("dialog_manager")
        p = declare_parameters(self, PARAMETERS)
        self._p = p
        self.backend = BridgeBackend(self, bridge_services(p), float(p["service_timeout_s"]))
        self.dialog = DialogManager(
            build_nlu(p), self.backend, dialog_config(p), directions=self._load_directions()
        )
        self._lock = threading.RLock()  # one conversation update at a time, whatever the callback
        self._goal_handle: Any = None
        self._last_text = ""
        events = MutuallyExclusiveCallbackGroup()  # dialog events in arrival order
        background = ReentrantCallbackGroup()

        self._say = self.create_publisher(SayRequest, p["say_topic"], 10)
        self._state = self.create_publisher(DialogState, p["state_topic"], DIALOG_STATE)
        self.create_subscription(
            Transcript, p["speech_topic"], self._on_transcript, 10, callback_group=events
        )
        self.create_subscription(TrackedPeople, p["people_topic"], self._on_people, 10, callback_group=events)
        self.create_subscription(
            EngagementEvent, p["engagement_topic"], self._on_engagement, 10, callback_group=events
        )
        self.create_subscription(
            SpeakingState, p["speaking_topic"], self._on_speaking, 10, callback_group=events
        )
        self.create_service(Ask, p["ask_service"], self._on_ask, callback_group=background)
        self._guide = ActionClient(self, GuideVisitor, p["guide_action"], callback_group=background)
        self.create_timer(float(p["tick_period_s"]), self._on_tick, callback_group=events)
        self._catalog = CatalogRefresh(float(p["catalog_retry_s"]), float(p["catalog_refresh_s"]))
        self.create_timer(
            min(float(p["catalog_retry_s"]), 1.0),
            self._refresh_catalog,
            callback_group=MutuallyExclusiveCallbackGroup(),
        )
        self._publish_state(None)
        self.health = HealthReporter(self)
        self.health.add_check("catalog", self._catalog_health)
        self.health.add_check("guide", self._guide_health)

    def _catalog_health(self) -> tuple[int, str, dict[str, str]]:
        if not self.dialog.has_catalog:
            return ERROR, "no catalog from the service bridge yet: procedure questions cannot be answered", {}
        return OK, "catalog loaded", {}

    def _guide_health(self) -> tuple[int, str, dict[str, str]]:
        if self._guide.server_is_ready():
            return OK, "guide_visitor reachable", {}
        return WARN, "guide_visitor not reachable: the robot gives directions instead of guiding", {}

    def _load_directions(self) -> Any:
        """The way to each POI in words; None (apology only) when the site file is missing or bad."""
        path = self._p["points_of_interest_file"]
        if not path:
            return None
        try:
            _, pois = load_pois(resolve_site_path(path))
            return LobbyDirections(pois, self._p["directions_origin_poi"]).describe
        except (PoiError, ValueError) as error:
            self.get_logger().warning(f"no spoken directions: {error}")
            return None

    # --- catalog -----------------------------------------------------------------------------------

    def _refresh_catalog(self) -> None:
        """Fetch the catalog until it comes, then refresh it now and then (one call at a time)."""
        now = time.monotonic()
        if not self._catalog.is_due(now):
            return
        catalog, why = self._catalog.attempt(now, self.backend.fetch_catalog, self.dialog.has_catalog)
        if catalog is None:
            if not self.dialog.has_catalog:
                self.get_logger().warning(f"no catalog yet ({why}); retrying", throttle_duration_sec=30.0)
            return
        with self._lock:
            self.dialog.update_catalog(catalog)
        self.get_logger().info(
            f"catalog: {len(catalog.procedures)} procedures, {len(catalog.amenities)} amenities, "
            f"{len(catalog.counters)} counters{' (stale)' if catalog.stale else ''}"
        )

    # --- inputs ------------------------------------------------------------------------------------

    def _on_transcript(self, msg: Transcript) -> None:
        if not msg.is_final:
            return
        voice = msg.source == Transcript.SOURCE_VOICE
        text = heard(msg.text, msg.confidence, voice, self._p["min_confidence"])  # "": "em chưa nghe rõ..."
        with self._lock:
            turn = self.dialog.on_text(text, msg.session_id, msg.source or Transcript.SOURCE_VOICE)
            self._last_text = msg.text
            self._apply(turn)

    def _on_ask(self, request: Ask.Request, response: Ask.Response) -> Ask.Response:
        with self._lock:
            turn = self.dialog.on_text(request.text, request.session_id, Transcript.SOURCE_SCREEN)
            self._last_text = request.text
            self._apply(turn)
        for name, value in ask_fields(turn).items():
            setattr(response, name, value)
        return response

    def _on_engagement(self, msg: EngagementEvent) -> None:
        with self._lock:
            if msg.engagement == TrackedPerson.ENGAGEMENT_ENGAGED:
                self._apply(self.dialog.on_engaged(msg.person_id))
            elif msg.engagement == TrackedPerson.ENGAGEMENT_DISENGAGED:
                self.dialog.on_disengaged(msg.person_id)

    def _on_people(self, msg: TrackedPeople) -> None:
        with self._lock:
            turn = self.dialog.on_people_seen({person.id for person in msg.people})
            if turn is not None:
                self._apply(turn)

    def _on_speaking(self, msg: SpeakingState) -> None:
        with self._lock:
            turn = self.dialog.on_speaking(bool(msg.speaking))
            if turn is not None:
                self._apply(turn)

    def _on_tick(self) -> None:
        with self._lock:
            turn = self.dialog.tick()
            if turn is not None:
                self._apply(turn)

    # --- outputs -----------------------------------------------------------------------------------

    def _apply(self, turn: Turn) -> None:
        spoken = is_spoken(turn, self.dialog.current)
        if spoken:
            for item in turn.says:
                msg = SayRequest(
                    utterance_id=item.utterance_id,
                    text=item.speech,
                    rate_scale=float(item.rate_scale),
                    interrupt=item.interrupt,
                )
                msg.header.stamp = self.get_clock().now().to_msg()
                self._say.publish(msg)
        if turn.cancel_guide:
            self._cancel_guide()
        if turn.guide is not None:
            self._send_guide(turn)
        if turn.handover:
            self.get_logger().warning(f"citizen asks for a staff member (session {turn.session_id})")
        if spoken:
            self._publish_state(turn)

    def _publish_state(self, turn: Turn | None) -> None:
        msg = DialogState(**state_fields(turn, self.dialog.current, self._last_text))
        msg.header.stamp = self.get_clock().now().to_msg()
        self._state.publish(msg)

    def _send_guide(self, turn: Turn) -> None:
        request = turn.guide
        assert request is not None
        if not self._guide.server_is_ready():
            self.get_logger().error(f"guide action {self._p['guide_action']} unavailable")
            self._guide_result(None, GuideVisitor.Result.NAVIGATION_FAILED, "")  # explained; nobody moves
            return
        goal = GuideVisitor.Goal(
            destination=request.destination,
            person_id=request.person_id,
            max_speed_mps=float(self._p["guide_max_speed_mps"]),
            after_arrival=int(request.after_arrival),
        )
        future = self._guide.send_goal_async(goal, feedback_callback=self._on_guide_feedback)
        watch = GoalResponseWatch()

        def on_timeout() -> None:
            timer.cancel()
            self.destroy_timer(timer)
            if not watch.time_out():
                return
            self.get_logger().error(
                f"no answer to the guide goal to '{goal.destination}' within "
                f"{self._p['guide_response_timeout_s']} s"
            )
            self._guide_result(None, GuideVisitor.Result.NAVIGATION_FAILED, "")  # the dialog explains

        timer = self.create_timer(
            float(self._p["guide_response_timeout_s"]), on_timeout, callback_group=ReentrantCallbackGroup()
        )
        future.add_done_callback(lambda f: self._on_goal_response(f, watch))

    def _on_goal_response(self, future: Any, watch: GoalResponseWatch) -> None:
        late = watch.answer()
        handle = future.result()
        if late:
            if handle is not None and handle.accepted:
                self.get_logger().warning("guide goal accepted after its timeout: canceling it")
                handle.cancel_goal_async()
            return
        if handle is None or not handle.accepted:
            self._guide_result(None, GuideVisitor.Result.BUSY, "")  # rejected
            return
        self._goal_handle = handle
        handle.get_result_async().add_done_callback(
            lambda f: self._guide_result(
                handle, f.result().result.error_code, f.result().result.destination_name
            )
        )

    def _on_guide_feedback(self, feedback_msg: Any) -> None:
        with self._lock:
            turn = self.dialog.on_guide_feedback(feedback_msg.feedback.phase)
            if turn is not None:
                self._apply(turn)

    def _guide_result(self, handle: Any, code: int, destination_name: str) -> None:
        with self._lock:
            if handle is not None and handle is not self._goal_handle:
                return
            self._goal_handle = None
            turn = self.dialog.on_guide_result(int(code), destination_name)
            if turn is not None:
                self._apply(turn)

    def _cancel_guide(self) -> None:
        handle, self._goal_handle = self._goal_handle, None
        if handle is not None:
            handle.cancel_goal_async()


def main(args: list[str] | None = None) -> None:
    run_node(DialogManagerNode, args)


if __name__ == "__main__":
    main()

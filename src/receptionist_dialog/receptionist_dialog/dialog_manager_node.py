"""ROS shell of the dialog manager: topics, services and the guide action around `DialogManager`.

In:  /receptionist/speech (Transcript, finals only), /receptionist/people (TrackedPeople),
     /receptionist/engagement (EngagementEvent: ENGAGED starts a conversation),
     /receptionist/speaking (SpeakingState), /receptionist/ask (Ask service: screen and terminal).
Out: /receptionist/say (SayRequest), /receptionist/dialog_state (DialogState, transient local),
     GuideVisitor goals on /receptionist/guide_visitor; calls to the service bridge.
"""

from __future__ import annotations

import json
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
from receptionist_dialog.dialog_manager import DialogConfig, DialogManager, Turn
from receptionist_dialog.directions import LobbyDirections
from receptionist_dialog.nlu import NluConfig, NluEngine
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

PARAMETERS = {
    "speech_topic": ("/receptionist/speech", "Transcript topic (final transcripts are answered)"),
    "say_topic": ("/receptionist/say", "SayRequest topic of the TTS node"),
    "people_topic": ("/receptionist/people", "TrackedPeople topic of the vision node"),
    "engagement_topic": ("/receptionist/engagement", "EngagementEvent topic; ENGAGED starts a conversation"),
    "speaking_topic": ("/receptionist/speaking", "SpeakingState topic of the TTS node"),
    "state_topic": ("/receptionist/dialog_state", "DialogState topic (transient local)"),
    "ask_service": ("/receptionist/ask", "Ask service for typed text (screen, terminal)"),
    "guide_action": ("/receptionist/guide_visitor", "GuideVisitor action server of the navigation"),
    "lookup_service": ("/receptionist/lookup_procedure", "bridge: LookupProcedure"),
    "amenities_service": ("/receptionist/list_amenities", "bridge: ListAmenities"),
    "ticket_service": ("/receptionist/issue_ticket", "bridge: IssueTicket"),
    "queue_service": ("/receptionist/queue_status", "bridge: QueueStatus"),
    "application_service": ("/receptionist/application_status", "bridge: ApplicationStatus"),
    "service_timeout_s": (3.0, "longest wait for one bridge call before answering without it"),
    "catalog_retry_s": (2.0, "retry period while the catalog could not be fetched"),
    "catalog_refresh_s": (300.0, "catalog refresh period once fetched"),
    "tick_period_s": (0.5, "period of the timeout checks"),
    "min_confidence": (0.35, "voice transcripts below this confidence are asked again"),
    "silence_timeout_s": (20.0, "silence of an engaged citizen before the robot asks, then says goodbye"),
    "silence_prompts": (1, "'còn cần em giúp gì không?' prompts before closing the conversation"),
    "person_lost_timeout_s": (6.0, "citizen out of sight this long: the conversation ends"),
    "session_expiry_s": (
        600.0,
        "typed sessions with their own session_id are forgotten after this idle time",
    ),
    "elderly_rate_scale": (0.8, "SayRequest.rate_scale for elderly citizens and 'nói chậm thôi'"),
    "slowest_rate_scale": (0.65, "rate_scale after a second 'nói chậm thôi'"),
    "offer_ticket_with_guide": (True, "a yes to the guide offer also takes a queue ticket for that counter"),
    "guide_after_arrival": (0, "GuideVisitor.after_arrival: 0 home, 1 dock, 2 stay"),
    "guide_max_speed_mps": (0.0, "GuideVisitor.max_speed_mps; 0: the navigation's escort speed"),
    "guide_response_timeout_s": (
        5.0,
        "no answer to a GuideVisitor goal within this time: the citizen is told, a late acceptance canceled",
    ),
    "procedure_min_score": (0.6, "NLU: least match strength for a procedure to count as mentioned"),
    "amenity_min_score": (0.6, "NLU: least match strength for an amenity to count as mentioned"),
    "clarify_margin": (0.05, "NLU: two procedures closer than this are asked about, not guessed"),
    "lexicon_file": ("", "NLU lexicon YAML; empty: the package's data/lexicon.yaml"),
    "intents_file": ("", "NLU intent phrases YAML; empty: the package's data/intents.yaml"),
    "points_of_interest_file": (
        "config/site/points_of_interest.yaml",
        "site POIs: the way told in words when the robot cannot lead a citizen; empty: no directions",
    ),
    "directions_origin_poi": ("entrance", "POI the directions are told from (the main entrance)"),
}


class DialogManagerNode(Node):
    def __init__(self) -> None:
        super().__init__("dialog_manager")
        p = declare_parameters(self, PARAMETERS)
        self._p = p
        nlu = NluEngine(
            config=NluConfig(
                procedure_min_score=float(p["procedure_min_score"]),
                amenity_min_score=float(p["amenity_min_score"]),
                clarify_margin=float(p["clarify_margin"]),
            ),
            lexicon_path=p["lexicon_file"] or None,
            intents_path=p["intents_file"] or None,
        )
        self.backend = BridgeBackend(
            self,
            {
                "lookup": p["lookup_service"],
                "amenities": p["amenities_service"],
                "ticket": p["ticket_service"],
                "queue": p["queue_service"],
                "application": p["application_service"],
            },
            float(p["service_timeout_s"]),
        )
        self.dialog = DialogManager(
            nlu,
            self.backend,
            DialogConfig(
                silence_timeout_s=float(p["silence_timeout_s"]),
                silence_prompts=int(p["silence_prompts"]),
                person_lost_timeout_s=float(p["person_lost_timeout_s"]),
                session_expiry_s=float(p["session_expiry_s"]),
                elderly_rate_scale=float(p["elderly_rate_scale"]),
                slowest_rate_scale=float(p["slowest_rate_scale"]),
                offer_ticket_with_guide=bool(p["offer_ticket_with_guide"]),
                guide_after_arrival=int(p["guide_after_arrival"]),
            ),
            directions=self._load_directions(),
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
        self._catalog_due = 0.0
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
        if now < self._catalog_due:
            return
        catalog, why = self.backend.fetch_catalog()
        if catalog is None:
            if not self.dialog.has_catalog:
                self.get_logger().warning(f"no catalog yet ({why}); retrying", throttle_duration_sec=30.0)
                self._catalog_due = now + float(self._p["catalog_retry_s"])
            else:
                self._catalog_due = now + float(self._p["catalog_retry_s"]) * 5
            return
        with self._lock:
            self.dialog.update_catalog(catalog)
        self.get_logger().info(
            f"catalog: {len(catalog.procedures)} procedures, {len(catalog.amenities)} amenities, "
            f"{len(catalog.counters)} counters{' (stale)' if catalog.stale else ''}"
        )
        self._catalog_due = now + float(self._p["catalog_refresh_s"])

    # --- inputs ------------------------------------------------------------------------------------

    def _on_transcript(self, msg: Transcript) -> None:
        if not msg.is_final:
            return
        with self._lock:
            if msg.source == Transcript.SOURCE_VOICE and 0.0 < msg.confidence < self._p["min_confidence"]:
                turn = self.dialog.on_text("", msg.session_id, msg.source)  # "em chưa nghe rõ..."
            else:
                turn = self.dialog.on_text(msg.text, msg.session_id, msg.source or Transcript.SOURCE_VOICE)
            self._last_text = msg.text
            self._apply(turn)

    def _on_ask(self, request: Ask.Request, response: Ask.Response) -> Ask.Response:
        with self._lock:
            turn = self.dialog.on_text(request.text, request.session_id, Transcript.SOURCE_SCREEN)
            self._last_text = request.text
            self._apply(turn)
        details = turn.details()
        response.answer = turn.answer
        response.intent = turn.intent
        response.procedure_id = details["procedure"]["id"]
        response.procedure_name = details["procedure"]["name"]
        response.procedure_field = details["procedure"]["field"]
        response.counter_id = turn.counter_id
        response.ticket_number = turn.ticket_number
        response.state = turn.state
        response.details_json = json.dumps(details, ensure_ascii=False)
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
        current = self.dialog.current
        spoken = current is None or turn.session_id == current.session_id
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
        msg = DialogState()
        msg.header.stamp = self.get_clock().now().to_msg()
        conv = self.dialog.current
        msg.state = turn.state if turn is not None else DialogState.STATE_IDLE
        if conv is not None:
            msg.session_id = conv.session_id
            msg.person_id = conv.person_id
            msg.elderly_mode = conv.elderly
            msg.ticket_number = next(iter(conv.tickets.values()), "")
        elif turn is not None:
            msg.session_id = turn.session_id
        if turn is not None:
            msg.last_user_text = self._last_text
            msg.last_robot_text = turn.answer
            msg.intent = turn.intent
            if turn.procedure:
                msg.procedure_id = turn.procedure.get("id", "")
                msg.procedure_name = turn.procedure.get("name", "")
            msg.counter_id = turn.counter_id
            if turn.ticket_number:
                msg.ticket_number = turn.ticket_number
        self._state.publish(msg)

    def _send_guide(self, turn: Turn) -> None:
        request = turn.guide
        assert request is not None
        if not self._guide.server_is_ready():
            self.get_logger().error(f"guide action {self._p['guide_action']} unavailable")
            self._guide_result(None, 5, "")  # NAVIGATION_FAILED: the dialog explains, nobody moves
            return
        goal = GuideVisitor.Goal(
            destination=request.destination,
            person_id=request.person_id,
            max_speed_mps=float(self._p["guide_max_speed_mps"]),
            after_arrival=int(request.after_arrival),
        )
        future = self._guide.send_goal_async(goal, feedback_callback=self._on_guide_feedback)
        # A goal response lost under load must not leave the citizen waiting for ever: after the timeout
        # the dialog explains as for a failure, and a goal accepted after that is canceled.
        pending = {"answered": False, "timed_out": False}

        def on_timeout() -> None:
            timer.cancel()
            self.destroy_timer(timer)
            with self._lock:
                if pending["answered"] or pending["timed_out"]:
                    return
                pending["timed_out"] = True
            self.get_logger().error(
                f"no answer to the guide goal to '{goal.destination}' within "
                f"{self._p['guide_response_timeout_s']} s"
            )
            self._guide_result(None, 5, "")  # NAVIGATION_FAILED: the dialog explains

        timer = self.create_timer(
            float(self._p["guide_response_timeout_s"]), on_timeout, callback_group=ReentrantCallbackGroup()
        )
        future.add_done_callback(lambda f: self._on_goal_response(f, pending))

    def _on_goal_response(self, future: Any, pending: dict[str, bool]) -> None:
        with self._lock:
            late = pending["timed_out"]
            pending["answered"] = True
        handle = future.result()
        if late:
            if handle is not None and handle.accepted:
                self.get_logger().warning("guide goal accepted after its timeout: canceling it")
                handle.cancel_goal_async()
            return
        if handle is None or not handle.accepted:
            self._guide_result(None, 6, "")  # BUSY / rejected
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

"""GuideVisitor action server: escort a citizen to a counter or amenity with Nav2, then go back home.

Thin shell: destinations, the follow policy, the battery policy, the trip decisions (how an escort
ends, the way back and its retries) and the announcements are plain modules; this file wires them to
Nav2's `navigate_to_pose` action, the bridge's LookupProcedure service, the follow-check and the
speech topic (silent with `announce: false`, when the dialog manager speaks). The same code drives
real Nav2 on a robot and the project's Nav2 stand-in in simulation.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

from action_msgs.msg import GoalStatus
from geometry_msgs.msg import PoseStamped
from nav2_msgs.action import NavigateToPose
from nav2_msgs.msg import SpeedLimit
from rclpy.action import ActionClient, ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node
from sensor_msgs.msg import BatteryState
from std_msgs.msg import String

from receptionist_common.health import ERROR, OK, WARN, HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.points_of_interest import Poi, load_pois
from receptionist_common.qos import DIALOG_STATE, LATCHED
from receptionist_common.site_paths import resolve_site_path
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import DialogState, FollowStatus, SayRequest
from receptionist_interfaces.srv import LookupProcedure
from receptionist_nav import announcements, nav2_codes, trip
from receptionist_nav.battery import BatteryPolicy
from receptionist_nav.destinations import (
    DestinationResolver,
    ProcedureDestination,
    UnknownDestinationError,
    load_amenity_pois,
)
from receptionist_nav.escort import Decision, EscortConfig, EscortMonitor
from receptionist_nav.trip import Leg, LegOutcome, ReturnPolicy

PARAMETERS = {
    "points_of_interest_file": ("config/site/points_of_interest.yaml", "POIs (id, name, map pose, kind)"),
    "amenities_file": ("config/catalog/amenities.yaml", "amenity catalog: amenity id -> poi_id"),
    "home_poi": ("home", "POI where the robot waits for citizens"),
    "dock_poi": ("dock", "POI of the charging dock"),
    "navigate_action": ("navigate_to_pose", "Nav2's NavigateToPose action"),
    "lookup_procedure_service": ("/receptionist/lookup_procedure", "bridge service: procedure -> counter"),
    "escort_speed_mps": (0.6, "escort speed limit (m/s) when the goal asks for none"),
    "elderly_escort_speed_mps": (0.4, "escort speed limit while the dialog is in elderly mode"),
    "max_escort_speed_mps": (0.8, "upper bound of a goal's max_speed_mps"),
    "return_speed_mps": (0.8, "speed limit when driving back home or to the dock alone"),
    "behind_grace_s": (2.0, "visitor not following for this long: stop and wait"),
    "resume_after_s": (1.0, "visitor following again for this long: drive on"),
    "give_up_after_s": (30.0, "waiting for the visitor this long: give up (VISITOR_LOST)"),
    "follow_status_timeout_s": (2.0, "an older follow status is no evidence"),
    "arrival_pause_s": (3.0, "stay at the destination this long before returning"),
    "return_attempts": (3, "return legs tried in all before the robot reports itself stranded (ERROR)"),
    "return_backoff_s": (5.0, "wait before retrying a failed return; doubled before each further retry"),
    "max_trip_s": (240.0, "a leg taking longer than this fails (NAVIGATION_FAILED)"),
    "server_timeout_s": (5.0, "wait this long for Nav2 / the bridge before failing"),
    "feedback_period_s": (0.2, "GuideVisitor feedback period"),
    "battery_low": (0.25, "battery fraction below which the robot docks after the escort"),
    "battery_critical": (0.12, "battery fraction below which escorts are refused"),
    "battery_resume": (0.80, "battery fraction at which a docked robot goes back home"),
    "auto_dock": (True, "go to the dock by itself when idle and the battery is low"),
    "elderly_speech_rate": (0.85, "speech rate scale of announcements in elderly mode"),
    "announce": (
        True,
        "speak to the visitor on /receptionist/say; false when the dialog manager runs (it owns speech)",
    ),
}


class GuideVisitorNode(Node):
    def __init__(self) -> None:
        super().__init__("guide_visitor")
        self.p = declare_parameters(self, PARAMETERS)
        self.frame_id, self.pois = load_pois(resolve_site_path(self.p["points_of_interest_file"]))
        for key in ("home_poi", "dock_poi"):
            if self.p[key] not in self.pois:
                raise ValueError(f"{key} '{self.p[key]}' is not in {self.p['points_of_interest_file']}")
        self.resolver = DestinationResolver(
            self.pois, load_amenity_pois(resolve_site_path(self.p["amenities_file"]))
        )
        self.battery_policy = BatteryPolicy(
            self.p["battery_low"], self.p["battery_critical"], self.p["battery_resume"]
        )
        self.return_policy = ReturnPolicy(int(self.p["return_attempts"]), float(self.p["return_backoff_s"]))
        self.escort_config = EscortConfig(
            self.p["behind_grace_s"],
            self.p["resume_after_s"],
            self.p["give_up_after_s"],
            self.p["follow_status_timeout_s"],
        )
        group = ReentrantCallbackGroup()
        self.nav = ActionClient(self, NavigateToPose, self.p["navigate_action"], callback_group=group)
        self.lookup = self.create_client(
            LookupProcedure, self.p["lookup_procedure_service"], callback_group=group
        )
        self.say_pub = self.create_publisher(SayRequest, "/receptionist/say", 10)
        self.escort_pub = self.create_publisher(String, "/receptionist/escort_person", LATCHED)
        self.speed_pub = self.create_publisher(SpeedLimit, "/speed_limit", 10)
        self.create_subscription(
            FollowStatus, "/receptionist/follow_status", self._on_follow, 10, callback_group=group
        )
        self.create_subscription(BatteryState, "/battery_state", self._on_battery, 10, callback_group=group)
        # The dialog latches its state (transient local): the last one arrives even if it was sent earlier.
        self.create_subscription(
            DialogState, "/receptionist/dialog_state", self._on_dialog, DIALOG_STATE, callback_group=group
        )
        self._lock = threading.Lock()  # one trip at a time
        self._monitor: EscortMonitor | None = None
        self._escort_person = ""
        self._battery: float | None = None
        self._elderly = False
        self._returning = False
        self._preempt_return = threading.Event()
        self._pose: PoseStamped | None = None
        self._at = self.p["home_poi"]  # where the robot believes it is parked
        self._stranded = ""  # why the robot could not get back home / to the dock ("" = it could)
        self._utterance = 0
        self.health = HealthReporter(self)
        self.health.add_check("navigation", self._navigation_health)
        self.health.add_check("battery", self._battery_health)
        self.server = ActionServer(
            self,
            GuideVisitor,
            "/receptionist/guide_visitor",
            execute_callback=self._execute,
            goal_callback=self._on_goal,
            cancel_callback=lambda _: CancelResponse.ACCEPT,
            callback_group=group,
        )
        self.create_timer(1.0, self._idle_tick, callback_group=group)
        self.get_logger().info(
            f"guide_visitor ready: {len(self.pois)} points of interest, "
            f"Nav2 action '{self.p['navigate_action']}'"
        )

    # ---- inputs ---------------------------------------------------------------------------------
    def _now(self) -> float:
        return self.get_clock().now().nanoseconds * 1e-9

    def _on_follow(self, msg: FollowStatus) -> None:
        monitor = self._monitor
        if monitor is None or not msg.checking:
            return
        if self._escort_person and msg.person_id and msg.person_id != self._escort_person:
            return
        monitor.report(bool(msg.visitor_following), self._now())

    def _navigation_health(self) -> tuple[int, str, dict[str, str]]:
        if self._stranded:
            return ERROR, self._stranded, {"at": str(self._at)}
        if self.nav.server_is_ready():
            return OK, f"{self.p['navigate_action']} reachable", {"at": str(self._at)}
        return ERROR, f"{self.p['navigate_action']} (Nav2) not reachable: cannot guide", {}

    def _battery_health(self) -> tuple[int, str, dict[str, str]]:
        if self._battery is None:
            return WARN, "no /battery_state received", {}
        level = ERROR if self.battery_policy.refuses_escort(self._battery) else OK
        return level, f"battery {self._battery:.0%}", {"fraction": f"{self._battery:.2f}"}

    def _on_battery(self, msg: BatteryState) -> None:
        self._battery = BatteryPolicy.fraction(msg.percentage)

    def _on_dialog(self, msg: DialogState) -> None:
        self._elderly = bool(msg.elderly_mode)

    def _on_goal(self, goal: GuideVisitor.Goal) -> GoalResponse:
        # Accept everything well-formed: bad destinations get an explicit error result, not a silent
        # rejection. A new escort may preempt a robot that is only driving back home.
        if self._returning and self._lock.locked():
            self._preempt_return.set()
        return GoalResponse.ACCEPT

    # ---- outputs --------------------------------------------------------------------------------
    def _say(self, text: str) -> None:
        if not text or not self.p["announce"]:
            return
        self._utterance += 1
        msg = SayRequest(text=text, utterance_id=f"guide-{self._utterance}", interrupt=False)
        msg.header.stamp = self.get_clock().now().to_msg()
        msg.rate_scale = float(self.p["elderly_speech_rate"]) if self._elderly else 1.0
        self.say_pub.publish(msg)
        self.get_logger().info(f"say: {text}")

    def _set_speed(self, speed: float) -> None:
        msg = SpeedLimit(percentage=False, speed_limit=float(speed))
        msg.header.stamp = self.get_clock().now().to_msg()
        msg.header.frame_id = self.frame_id
        self.speed_pub.publish(msg)

    def _set_escort_person(self, person_id: str) -> None:
        self._escort_person = person_id
        self.escort_pub.publish(String(data=person_id))

    # ---- the action -------------------------------------------------------------------------------
    def _execute(self, handle: Any) -> GuideVisitor.Result:
        goal: GuideVisitor.Goal = handle.request
        started = self._now()
        result = GuideVisitor.Result(destination_id="", destination_name="")

        def finish(code: str, message: str) -> GuideVisitor.Result:
            result.error_code = getattr(GuideVisitor.Result, code)
            result.error_message = message
            result.duration_s = float(self._now() - started)
            if code != "SUCCEEDED":
                self.get_logger().warning(f"guide to '{goal.destination}': {message}")
            {"SUCCEEDED": handle.succeed, "CANCELED": handle.canceled}.get(code, handle.abort)()
            return result

        problem = trip.check_goal(goal.after_arrival, goal.max_speed_mps)
        if problem:
            return finish("UNKNOWN_DESTINATION", problem)
        try:
            poi = self._resolve(goal.destination)
        except UnknownDestinationError as error:
            return finish("UNKNOWN_DESTINATION", str(error))
        result.destination_id, result.destination_name = poi.id, poi.name
        if not self._lock.acquire(timeout=2.0):
            return finish("BUSY", "the robot is already on a trip")
        try:
            if self.battery_policy.refuses_escort(self._battery):
                self._say(announcements.low_battery())
                dock = self.p["dock_poi"]
                if self._drive(None, self.pois[dock], self.p["return_speed_mps"], None).leg is Leg.ARRIVED:
                    self._at = dock
                return finish("NAVIGATION_FAILED", f"battery at {self._battery:.0%}: docking instead")
            if not self.nav.wait_for_server(timeout_sec=self.p["server_timeout_s"]):
                unavailable = f"Nav2 action '{self.p['navigate_action']}' is not available"
                return finish("NAVIGATION_FAILED", unavailable)
            default = self.p["elderly_escort_speed_mps"] if self._elderly else self.p["escort_speed_mps"]
            speed = trip.escort_speed(goal.max_speed_mps, default, self.p["max_escort_speed_mps"])
            monitor = EscortMonitor(self.escort_config, bool(goal.person_id), self._now())
            self._monitor = monitor
            self._set_escort_person(goal.person_id)
            self._say(announcements.start(poi.name))
            outcome = self._drive(handle, poi, speed, monitor, result)
            self._monitor = None
            self._set_escort_person("")
            end = trip.escort_end(outcome, poi.name, goal.person_id, self.p["give_up_after_s"])
            if outcome.leg is Leg.CANCELED:
                self._at = ""
            if outcome.leg is Leg.ARRIVED:
                self._at = poi.id
                self._feedback(handle, GuideVisitor.Feedback.PHASE_ARRIVED, 0.0, 0.0, True)
                self.get_logger().info(f"arrived at {poi.id}")
            self._say(end.announcement)
            message = self._go_back(handle, goal, result) if end.go_back else ""
            if end.code == "SUCCEEDED" and handle.is_cancel_requested:
                return finish("CANCELED", "canceled while returning; the robot stopped")
            return finish(end.code, end.message or message)
        finally:
            self._monitor = None
            self._lock.release()

    def _resolve(self, destination: str) -> Poi:
        target = self.resolver.resolve(destination)
        if not isinstance(target, ProcedureDestination):
            return target
        if not self.lookup.wait_for_service(timeout_sec=self.p["server_timeout_s"]):
            raise UnknownDestinationError(
                f"cannot find the counter of procedure '{target.procedure_id}': the service bridge "
                f"({self.p['lookup_procedure_service']}) is not running"
            )
        request = LookupProcedure.Request(procedure_id=target.procedure_id, max_results=1)
        response = self._wait(self.lookup.call_async(request), self.p["server_timeout_s"])
        if response is None:
            raise UnknownDestinationError(
                f"the service bridge did not answer for procedure '{target.procedure_id}'"
            )
        if response.error_code != LookupProcedure.Response.OK or not response.procedures:
            raise UnknownDestinationError(
                f"procedure '{target.procedure_id}' not found by the bridge (code {response.error_code}: "
                f"{response.error_message})"
            )
        return self.resolver.resolve_counter(target.procedure_id, response.procedures[0].counter_id)

    def _go_back(self, handle: Any, goal: GuideVisitor.Goal, result: GuideVisitor.Result) -> str:
        """After the escort: home, or the dock when asked or when the battery is low. A failed return is
        retried after a back-off; when every attempt failed the robot reports itself stranded."""
        if handle.is_cancel_requested:
            return ""
        needs_dock = self.battery_policy.needs_dock(self._battery)
        target = ReturnPolicy.target(goal.after_arrival, needs_dock, self.p["home_poi"], self.p["dock_poi"])
        if target is None:
            return "arrived; staying there"
        if self._at == target:
            return f"already at {target}"
        self._pause(handle, self.p["arrival_pause_s"])
        self._returning = True
        self._preempt_return.clear()
        try:
            attempt = 1
            while True:
                outcome = self._drive(
                    handle,
                    self.pois[target],
                    self.p["return_speed_mps"],
                    None,
                    result,
                    GuideVisitor.Feedback.PHASE_RETURNING,
                )
                if outcome.leg is Leg.ARRIVED:
                    self._at, self._stranded = target, ""
                    return f"arrived; returned to {target}"
                if outcome.leg is Leg.PREEMPTED:
                    return "arrived; return interrupted by a new escort"
                delay = self.return_policy.retry_delay(outcome, attempt)
                if delay is None or self._pause(handle, delay):
                    break
                self.get_logger().warning(
                    f"return to {target} failed (attempt {attempt}/{self.return_policy.attempts}): "
                    f"{outcome.message}; trying again in {delay:.1f} s"
                )
                attempt += 1
        finally:
            self._returning = False
        if outcome.leg is Leg.FAILED and attempt >= self.return_policy.attempts:
            self._stranded = trip.stranded_message(target, attempt, outcome)
            self.get_logger().error(self._stranded)
        return f"arrived; return to {target} failed: {outcome.message or outcome.leg.value}"

    def _pause(self, handle: Any, seconds: float) -> bool:
        """Wait `seconds` (node clock); True when a cancel or a new escort cut the wait short."""
        time_end = self._now() + seconds
        while self._now() < time_end:
            if handle.is_cancel_requested or self._preempt_return.is_set():
                return True
            time.sleep(0.05)
        return handle.is_cancel_requested or self._preempt_return.is_set()

    # ---- driving one leg with Nav2 -------------------------------------------------------------
    def _drive(
        self,
        handle: Any,
        poi: Poi,
        speed: float,
        monitor: EscortMonitor | None,
        result: GuideVisitor.Result | None = None,
        phase: str = GuideVisitor.Feedback.PHASE_GOING,
    ) -> LegOutcome:
        if not self.nav.wait_for_server(timeout_sec=self.p["server_timeout_s"]):
            return LegOutcome(Leg.FAILED, 0, f"Nav2 action '{self.p['navigate_action']}' is not available")
        self._set_speed(speed)
        deadline = self._now() + self.p["max_trip_s"]
        state: dict[str, Any] = {"feedback": None, "result": None}
        nav_goal = None
        last_feedback = 0.0
        last_pose: PoseStamped | None = None
        paused = False
        while True:
            now = self._now()
            if handle is not None and handle.is_cancel_requested:
                self._cancel(nav_goal, state)
                return LegOutcome(Leg.CANCELED)
            if phase == GuideVisitor.Feedback.PHASE_RETURNING and self._preempt_return.is_set():
                self._cancel(nav_goal, state)
                return LegOutcome(Leg.PREEMPTED)
            if now > deadline:
                self._cancel(nav_goal, state)
                return LegOutcome(
                    Leg.FAILED,
                    nav2_codes.NAVIGATOR_TIMEOUT,
                    f"no arrival at {poi.id} within {self.p['max_trip_s']:.0f} s",
                )
            decision = monitor.decide(now) if monitor is not None else Decision.GO
            if decision is Decision.LOST:
                self._cancel(nav_goal, state)
                return LegOutcome(Leg.LOST)
            if decision is Decision.WAIT and not paused:
                self._cancel(nav_goal, state)
                nav_goal, paused = None, True
                self._say(announcements.waiting())
            elif decision is Decision.GO and paused:
                paused = False
                self._say(announcements.resumed())
            if not paused and nav_goal is None:
                nav_goal = self._send(poi, state)
                if isinstance(nav_goal, LegOutcome):
                    return nav_goal
            if nav_goal is not None and state["result"].done():
                wrapped = state["result"].result()
                if wrapped.status == GoalStatus.STATUS_SUCCEEDED:
                    return LegOutcome(Leg.ARRIVED)
                code = int(wrapped.result.error_code)
                detail = wrapped.result.error_msg or "no details"
                return LegOutcome(
                    Leg.FAILED, code, f"Nav2 could not reach {poi.id}: {nav2_codes.describe(code)}: {detail}"
                )
            feedback = state["feedback"]
            if feedback is not None:
                self._at = ""  # Nav2 is driving: the robot is no longer where it was parked
                pose = feedback.current_pose
                if last_pose is not None and result is not None:
                    result.distance_travelled_m += float(
                        math.hypot(
                            pose.pose.position.x - last_pose.pose.position.x,
                            pose.pose.position.y - last_pose.pose.position.y,
                        )
                    )
                last_pose = pose
                self._pose = pose
            if handle is not None and now - last_feedback >= self.p["feedback_period_s"]:
                last_feedback = now
                remaining = float(feedback.distance_remaining) if feedback is not None else float("nan")
                eta = self._eta(feedback, remaining, speed)
                following = monitor.visitor_following(now) if monitor is not None else True
                shown = GuideVisitor.Feedback.PHASE_WAITING_FOR_VISITOR if paused else phase
                self._feedback(handle, shown, remaining, eta, following)
            time.sleep(0.05)

    def _send(self, poi: Poi, state: dict[str, Any]) -> Any:
        goal = NavigateToPose.Goal()
        goal.pose.header.frame_id = self.frame_id
        goal.pose.header.stamp = self.get_clock().now().to_msg()
        goal.pose.pose.position.x = poi.x
        goal.pose.pose.position.y = poi.y
        goal.pose.pose.orientation.z = math.sin(poi.yaw / 2)
        goal.pose.pose.orientation.w = math.cos(poi.yaw / 2)

        def on_feedback(message: Any) -> None:
            state["feedback"] = message.feedback

        handle = self._wait(
            self.nav.send_goal_async(goal, feedback_callback=on_feedback), self.p["server_timeout_s"]
        )
        if handle is None:
            return LegOutcome(Leg.FAILED, 0, "Nav2 did not answer the goal request")
        if not handle.accepted:
            return LegOutcome(Leg.FAILED, 0, f"Nav2 rejected the goal to {poi.id}")
        self.get_logger().info(f"Nav2 goal sent: {poi.id} ({poi.x:.2f}, {poi.y:.2f})")
        state["result"] = handle.get_result_async()  # ask once: each call is a new request
        return handle

    def _cancel(self, nav_goal: Any, state: dict[str, Any]) -> None:
        """Cancel Nav2's goal (Nav2 then stops the robot) and wait for its final result."""
        if nav_goal is None or isinstance(nav_goal, LegOutcome) or state["result"].done():
            return
        self._wait(nav_goal.cancel_goal_async(), self.p["server_timeout_s"])
        self._wait(state["result"], self.p["server_timeout_s"])

    @staticmethod
    def _eta(feedback: Any, remaining: float, speed: float) -> float:
        if feedback is not None:
            eta = feedback.estimated_time_remaining.sec + feedback.estimated_time_remaining.nanosec * 1e-9
            if eta > 0:
                return float(eta)
        if math.isfinite(remaining) and speed > 0:
            return remaining / speed
        return float("nan")

    def _feedback(self, handle: Any, phase: str, remaining: float, eta: float, following: bool) -> None:
        feedback = GuideVisitor.Feedback(
            phase=phase, distance_remaining_m=remaining, eta_s=eta, visitor_following=following
        )
        if self._pose is not None:
            feedback.current_pose = self._pose
        handle.publish_feedback(feedback)

    @staticmethod
    def _wait(future: Any, timeout: float) -> Any:
        deadline = time.monotonic() + timeout
        while not future.done():
            if time.monotonic() > deadline:
                return None
            time.sleep(0.01)
        return future.result()

    # ---- idle: dock when the battery is low, leave it when charged -------------------------------------
    def _idle_tick(self) -> None:
        if not self.p["auto_dock"] or self._battery is None or not self._lock.acquire(blocking=False):
            return
        try:
            dock, home = self.p["dock_poi"], self.p["home_poi"]
            if self._at != dock and self.battery_policy.needs_dock(self._battery):
                self.get_logger().warning(f"battery at {self._battery:.0%}: going to the dock")
                if self._drive(None, self.pois[dock], self.p["return_speed_mps"], None).leg is Leg.ARRIVED:
                    self._at = dock
            elif self._at == dock and self.battery_policy.may_leave_dock(self._battery):
                self.get_logger().info(f"battery at {self._battery:.0%}: back to {home}")
                if self._drive(None, self.pois[home], self.p["return_speed_mps"], None).leg is Leg.ARRIVED:
                    self._at = home
        finally:
            self._lock.release()


def main(args: list[str] | None = None) -> None:
    run_node(GuideVisitorNode, args)


if __name__ == "__main__":
    main()

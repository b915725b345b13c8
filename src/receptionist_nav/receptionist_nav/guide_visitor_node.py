"""GuideVisitor action server: escort a citizen to a counter or amenity with Nav2, then go back home.

Thin shell: the parameters and the site (settings), the decisions of each leg (leg.LegSupervisor), how
an escort ends and the way back with its retries (trip), the follow policy (escort), the battery and
idle-docking policy (battery) and the announcements are plain modules; nav2_goal and counter_lookup
wrap Nav2's `navigate_to_pose` action and the bridge's LookupProcedure service. This file wires them
to the GuideVisitor action, the follow-check and the speech topic (silent with `announce: false`, when
the dialog manager speaks). The same code drives real Nav2 on a robot and the project's Nav2 stand-in.
"""

from __future__ import annotations

import threading
import time
from functools import partial
from typing import Any

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
from receptionist_common.points_of_interest import Poi
from receptionist_common.qos import DIALOG_STATE, LATCHED
from receptionist_interfaces.action import GuideVisitor
from receptionist_interfaces.msg import DialogState, FollowStatus, SayRequest
from receptionist_nav import announcements, trip
from receptionist_nav.battery import BatteryPolicy
from receptionist_nav.counter_lookup import CounterLookup
from receptionist_nav.destinations import ProcedureDestination, UnknownDestinationError
from receptionist_nav.escort import EscortMonitor
from receptionist_nav.leg import LegFeedback, LegSupervisor
from receptionist_nav.nav2_goal import Nav2Goal
from receptionist_nav.settings import PARAMETERS, build_policies, load_site
from receptionist_nav.trip import Leg, LegOutcome, ReturnPolicy


class GuideVisitorNode(Node):
    def __init__(self) -> None:
        super().__init__("guide_visitor")
        self.p = declare_parameters(self, PARAMETERS)
        site = load_site(self.p)
        self.frame_id, self.pois, self.resolver = site.frame_id, site.pois, site.resolver
        self.policies = build_policies(self.p)
        group = ReentrantCallbackGroup()
        self.nav = ActionClient(self, NavigateToPose, self.p["navigate_action"], callback_group=group)
        self.lookup = CounterLookup(
            self, self.p["lookup_procedure_service"], self.p["server_timeout_s"], group
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
        level = ERROR if self.policies.battery.refuses_escort(self._battery) else OK
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
            if self.policies.battery.refuses_escort(self._battery):
                self._say(announcements.low_battery())
                self._drive_alone(self.p["dock_poi"])
                return finish("NAVIGATION_FAILED", f"battery at {self._battery:.0%}: docking instead")
            if not self.nav.wait_for_server(timeout_sec=self.p["server_timeout_s"]):
                unavailable = f"Nav2 action '{self.p['navigate_action']}' is not available"
                return finish("NAVIGATION_FAILED", unavailable)
            default = self.p["elderly_escort_speed_mps"] if self._elderly else self.p["escort_speed_mps"]
            speed = trip.escort_speed(goal.max_speed_mps, default, self.p["max_escort_speed_mps"])
            monitor = EscortMonitor(self.policies.escort, bool(goal.person_id), self._now())
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
                arrived = LegFeedback(False, 0.0, 0.0, True)
                self._feedback(handle, GuideVisitor.Feedback.PHASE_ARRIVED, arrived)
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
        counter_id = self.lookup.counter_of(target.procedure_id)
        return self.resolver.resolve_counter(target.procedure_id, counter_id)

    def _go_back(self, handle: Any, goal: GuideVisitor.Goal, result: GuideVisitor.Result) -> str:
        """After the escort: home, or the dock when asked or when the battery is low. A failed return is
        retried after a back-off; when every attempt failed the robot reports itself stranded."""
        if handle.is_cancel_requested:
            return ""
        needs_dock = self.policies.battery.needs_dock(self._battery)
        target = ReturnPolicy.target(goal.after_arrival, needs_dock, self.p["home_poi"], self.p["dock_poi"])
        if target is None:
            return "arrived; staying there"
        if self._at == target:
            return f"already at {target}"
        self._pause(handle, self.p["arrival_pause_s"])
        self._returning = True
        self._preempt_return.clear()
        try:
            speed, returning = self.p["return_speed_mps"], GuideVisitor.Feedback.PHASE_RETURNING
            drive = partial(self._drive, handle, self.pois[target], speed, None, result, returning)
            pause = partial(self._pause, handle)
            end = self.policies.returns.drive_back(target, drive, pause, self.get_logger().warning)
        finally:
            self._returning = False
        if end.arrived:
            self._at, self._stranded = target, ""
        elif end.stranded:
            self._stranded = end.stranded
            self.get_logger().error(self._stranded)
        return end.message

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
        """Drive one leg, translating the LegSupervisor's steps to Nav2 calls, speech and feedback."""
        if not self.nav.wait_for_server(timeout_sec=self.p["server_timeout_s"]):
            return LegOutcome(Leg.FAILED, 0, f"Nav2 action '{self.p['navigate_action']}' is not available")
        self._set_speed(speed)
        returning = phase == GuideVisitor.Feedback.PHASE_RETURNING
        leg = LegSupervisor(
            poi.id, self._now(), self.p["max_trip_s"], speed, self.p["feedback_period_s"], monitor, returning
        )
        nav = Nav2Goal(self, self.nav, self.frame_id, self.p["server_timeout_s"])
        while True:
            now = self._now()
            canceled = handle is not None and handle.is_cancel_requested
            step = leg.step(now, canceled, self._preempt_return.is_set())
            if step.cancel_nav:
                nav.cancel()
            if step.outcome is not None:
                return step.outcome
            self._say(step.say)
            ended = nav.send(poi) if step.send_goal else None  # None: sent (or nothing to send)
            ended = ended or nav.outcome(poi.id)
            if ended is not None:
                return ended
            if nav.feedback is not None:
                self._at = ""  # Nav2 is driving: the robot is no longer where it was parked
                self._pose = nav.feedback.current_pose
                moved = leg.moved_to(self._pose.pose.position.x, self._pose.pose.position.y)
                if result is not None:
                    result.distance_travelled_m += moved
            shown = None if handle is None else leg.feedback(now, nav.distance_remaining_m(), nav.nav_eta_s())
            if shown is not None:
                waiting = GuideVisitor.Feedback.PHASE_WAITING_FOR_VISITOR
                self._feedback(handle, waiting if shown.waiting else phase, shown)
            time.sleep(0.05)

    def _feedback(self, handle: Any, phase: str, shown: LegFeedback) -> None:
        feedback = GuideVisitor.Feedback(
            phase=phase,
            distance_remaining_m=shown.distance_remaining_m,
            eta_s=shown.eta_s,
            visitor_following=shown.visitor_following,
        )
        if self._pose is not None:
            feedback.current_pose = self._pose
        handle.publish_feedback(feedback)

    # ---- idle: dock when the battery is low, leave it when charged -------------------------------------
    def _idle_tick(self) -> None:
        if not self.p["auto_dock"] or self._battery is None or not self._lock.acquire(blocking=False):
            return
        try:
            home, dock = self.p["home_poi"], self.p["dock_poi"]
            target = self.policies.battery.idle_target(self._at, self._battery, home, dock)
            if target == dock:
                self.get_logger().warning(f"battery at {self._battery:.0%}: going to the dock")
            elif target == home:
                self.get_logger().info(f"battery at {self._battery:.0%}: back to {home}")
            if target is not None:
                self._drive_alone(target)
        finally:
            self._lock.release()

    def _drive_alone(self, target: str) -> None:
        """Drive to `target` with nobody to escort; the robot is parked there when it arrives."""
        if self._drive(None, self.pois[target], self.p["return_speed_mps"], None).leg is Leg.ARRIVED:
            self._at = target


def main(args: list[str] | None = None) -> None:
    run_node(GuideVisitorNode, args)


if __name__ == "__main__":
    main()

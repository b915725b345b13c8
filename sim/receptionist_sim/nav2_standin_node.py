"""Nav2 stand-in: a `navigate_to_pose` (nav2_msgs/action/NavigateToPose) server for machines without Nav2.

Same action name and interface as Nav2's bt_navigator, plus the map_server's /map, the planner's
/plan and the controller's /speed_limit input. Plans on an inflated costmap of the map file (with
the keepout mask), follows the path with Regulated Pure Pursuit on /cmd_vel, stops for what /scan
shows, recovers, and reports Nav2 Jazzy error codes. Thin shell over receptionist_sim.navigator.
"""

from __future__ import annotations

import math
import threading
import time
from typing import Any

import numpy as np
from builtin_interfaces.msg import Duration
from geometry_msgs.msg import PoseStamped, Twist
from nav2_msgs.action import NavigateToPose
from nav2_msgs.msg import SpeedLimit
from nav_msgs.msg import OccupancyGrid, Odometry, Path
from rclpy.action import ActionServer, CancelResponse, GoalResponse
from rclpy.callback_groups import ReentrantCallbackGroup
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from sensor_msgs.msg import LaserScan
from tf2_msgs.msg import TFMessage

from receptionist_common.health import HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.occupancy import load_map
from receptionist_common.site_paths import resolve_site_path
from receptionist_common.streams import StreamPublisher
from receptionist_sim import planner as planning
from receptionist_sim.collision import CollisionConfig, scan_points
from receptionist_sim.controller import ControllerConfig, RegulatedPurePursuit
from receptionist_sim.costmap import Costmap, InflationConfig
from receptionist_sim.geometry2d import Pose2D, quaternion_to_yaw, yaw_to_quaternion
from receptionist_sim.navigator import Navigator, NavigatorConfig, Status
from receptionist_sim.tf_buffer import PlanarTfBuffer, TransformLookupError

TF_ERROR = 9002  # NavigateToPose.Result.TF_ERROR
UNKNOWN = 9000

PARAMETERS = {
    "map_yaml": ("maps/lobby.yaml", "map (map_server format) to plan on; also published on /map"),
    "keepout_mask_yaml": ("maps/lobby_keepout.yaml", "keepout filter mask; empty: none"),
    "global_frame": ("map", "frame of goals and plans"),
    "robot_base_frame": ("base_link", "robot frame"),
    "robot_radius": (0.3, "metres"),
    "inflation_radius": (0.9, "metres"),
    "cost_scaling_factor": (3.0, "inflation decay (Nav2 inflation_layer)"),
    "planner_coarse_factor": (2, "planning grid = map resolution * this"),
    "desired_linear_vel": (0.8, "RPP desired speed, m/s (lowered by /speed_limit)"),
    "max_angular_vel": (1.5, "rad/s"),
    "xy_goal_tolerance": (0.1, "metres"),
    "yaw_goal_tolerance": (0.15, "radians"),
    "controller_frequency": (20.0, "Hz (simulated time)"),
    "replan_period_s": (1.0, "replan every this many seconds (Nav2's default BT: 1 Hz)"),
    "blocked_wait_s": (2.0, "wait this long for an obstacle to move before a recovery"),
    "max_recoveries": (6, "recoveries before the goal fails"),
    "collision_margin": (0.1, "stop when the next time_horizon of motion comes this close, metres"),
    "collision_time_horizon": (1.2, "seconds of motion checked against the scan"),
    "transform_timeout_s": (2.0, "no map->base_link for this long: TF_ERROR"),
}


class Nav2StandIn(Node):
    def __init__(self) -> None:
        super().__init__("nav2_standin")
        self.p = declare_parameters(self, PARAMETERS)
        self.health = HealthReporter(self)  # "alive" while it runs; the runner shows it gone otherwise
        grid = load_map(resolve_site_path(self.p["map_yaml"]))
        keepout = (
            load_map(resolve_site_path(self.p["keepout_mask_yaml"])) if self.p["keepout_mask_yaml"] else None
        )
        inflation = InflationConfig(
            self.p["robot_radius"], self.p["inflation_radius"], self.p["cost_scaling_factor"]
        )
        self.costmap = Costmap(grid, inflation, keepout)
        self.grid = grid
        self.planner = planning.GridPlanner(
            self.costmap, planning.PlannerConfig(coarse_factor=self.p["planner_coarse_factor"])
        )
        self.tf = PlanarTfBuffer()
        self.scan: LaserScan | None = None
        self.v = 0.0
        self.speed_limit = 0.0
        self._active_lock = threading.Lock()
        self._preempt = threading.Event()
        group = ReentrantCallbackGroup()
        latched = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)
        self.cmd_pub = StreamPublisher(self, Twist, "/cmd_vel", 10)
        self.plan_pub = StreamPublisher(self, Path, "/plan", 10)
        self.map_pub = self.create_publisher(OccupancyGrid, "/map", latched)
        self.create_subscription(TFMessage, "/tf", self._on_tf, 100, callback_group=group)
        self.create_subscription(TFMessage, "/tf_static", self._on_tf, latched, callback_group=group)
        self.create_subscription(Odometry, "/odom", self._on_odom, 10, callback_group=group)
        self.create_subscription(
            LaserScan,
            "/scan",
            self._on_scan,
            QoSProfile(depth=5, reliability=ReliabilityPolicy.BEST_EFFORT),
            callback_group=group,
        )
        self.create_subscription(SpeedLimit, "/speed_limit", self._on_speed_limit, 10, callback_group=group)
        self.server = ActionServer(
            self,
            NavigateToPose,
            "navigate_to_pose",
            execute_callback=self._execute,
            goal_callback=self._on_goal,
            cancel_callback=lambda _: CancelResponse.ACCEPT,
            callback_group=group,
        )
        self._publish_map()
        self.get_logger().info(f"Nav2 stand-in ready: map {grid.width}x{grid.height} @ {grid.resolution} m")

    # ---- inputs ----------------------------------------------------------------------------------
    def _on_tf(self, msg: TFMessage) -> None:
        for t in msg.transforms:
            r = t.transform.rotation
            pose = Pose2D(
                t.transform.translation.x, t.transform.translation.y, quaternion_to_yaw(r.x, r.y, r.z, r.w)
            )
            self.tf.set(t.header.frame_id, t.child_frame_id, pose, time.monotonic())

    def _on_odom(self, msg: Odometry) -> None:
        self.v = float(msg.twist.twist.linear.x)

    def _on_scan(self, msg: LaserScan) -> None:
        self.scan = msg

    def _on_speed_limit(self, msg: SpeedLimit) -> None:
        limit = float(msg.speed_limit)
        if not math.isfinite(limit) or limit < 0:
            self.get_logger().warning(f"ignoring speed limit {limit}")
            return
        self.speed_limit = limit * self.p["desired_linear_vel"] / 100.0 if msg.percentage else limit

    def _on_goal(self, goal: NavigateToPose.Goal) -> GoalResponse:
        if self._active_lock.locked():
            self._preempt.set()  # Nav2 preempts the running goal with the new one
        return GoalResponse.ACCEPT

    # ---- helpers ---------------------------------------------------------------------------------
    def _now(self) -> float:
        return self.get_clock().now().nanoseconds * 1e-9

    def _robot_pose(self) -> Pose2D | None:
        try:
            pose, stamp = self.tf.lookup(self.p["global_frame"], self.p["robot_base_frame"])
        except TransformLookupError:
            return None
        return pose if time.monotonic() - stamp < self.p["transform_timeout_s"] else None

    def _obstacles(self, pose: Pose2D) -> tuple[np.ndarray, np.ndarray]:
        """Scan points in the robot frame and in the map frame."""
        scan = self.scan
        if scan is None:
            empty = np.zeros((0, 2))
            return empty, empty
        points = scan_points(np.asarray(scan.ranges), scan.angle_min, scan.angle_increment, scan.range_max)
        points = points[np.hypot(points[:, 0], points[:, 1]) > self.p["robot_radius"]]  # not our own body
        try:
            laser, _ = self.tf.lookup(self.p["robot_base_frame"], scan.header.frame_id)
        except TransformLookupError:
            laser = Pose2D()
        c, s = math.cos(laser.yaw), math.sin(laser.yaw)
        robot = np.column_stack(
            (laser.x + c * points[:, 0] - s * points[:, 1], laser.y + s * points[:, 0] + c * points[:, 1])
        )
        c, s = math.cos(pose.yaw), math.sin(pose.yaw)
        world = np.column_stack(
            (pose.x + c * robot[:, 0] - s * robot[:, 1], pose.y + s * robot[:, 0] + c * robot[:, 1])
        )
        return robot, world

    def _stop(self) -> None:
        self.cmd_pub.publish(Twist())

    def _publish_map(self) -> None:
        msg = OccupancyGrid()
        msg.header.frame_id = self.p["global_frame"]
        msg.header.stamp = self.get_clock().now().to_msg()
        msg.info.resolution = float(self.grid.resolution)
        msg.info.width, msg.info.height = self.grid.width, self.grid.height
        msg.info.origin.position.x, msg.info.origin.position.y = self.grid.origin_x, self.grid.origin_y
        msg.info.origin.orientation.w = 1.0
        msg.data = self.grid.data.astype(np.int8).ravel().tolist()
        self.map_pub.publish(msg)

    def _publish_plan(self, path: np.ndarray) -> None:
        msg = Path()
        msg.header.frame_id = self.p["global_frame"]
        msg.header.stamp = self.get_clock().now().to_msg()
        for x, y in path:
            pose = PoseStamped()
            pose.header = msg.header
            pose.pose.position.x, pose.pose.position.y = float(x), float(y)
            pose.pose.orientation.w = 1.0
            msg.poses.append(pose)
        self.plan_pub.publish(msg)

    # ---- the action ------------------------------------------------------------------------------
    def _execute(self, handle: Any) -> NavigateToPose.Result:
        with self._active_lock:
            self._preempt.clear()
            try:
                return self._navigate(handle)
            finally:
                self._stop()

    def _navigate(self, handle: Any) -> NavigateToPose.Result:
        goal_msg: NavigateToPose.Goal = handle.request
        started = self._now()

        def fail(code: int, message: str) -> NavigateToPose.Result:
            self.get_logger().warning(f"goal failed: {message} (error {code})")
            handle.abort()
            return NavigateToPose.Result(error_code=code, error_msg=message)

        frame = goal_msg.pose.header.frame_id.lstrip("/") or self.p["global_frame"]
        if frame != self.p["global_frame"]:
            return fail(TF_ERROR, f"goal frame '{frame}' is not '{self.p['global_frame']}'")
        position, q = goal_msg.pose.pose.position, goal_msg.pose.pose.orientation
        values = (position.x, position.y, q.x, q.y, q.z, q.w)
        if not all(math.isfinite(v) for v in values) or (q.x, q.y, q.z, q.w) == (0.0, 0.0, 0.0, 0.0):
            return fail(UNKNOWN, "goal pose has NaN/infinite values or an invalid quaternion")
        goal = Pose2D(position.x, position.y, quaternion_to_yaw(q.x, q.y, q.z, q.w))
        deadline = time.monotonic() + self.p["transform_timeout_s"]
        pose = self._robot_pose()
        while pose is None and time.monotonic() < deadline:
            time.sleep(0.05)
            pose = self._robot_pose()
        if pose is None:
            return fail(TF_ERROR, f"no transform {self.p['global_frame']} -> {self.p['robot_base_frame']}")
        controller = RegulatedPurePursuit(
            ControllerConfig(
                desired_linear_vel=self.p["desired_linear_vel"],
                max_angular_vel=self.p["max_angular_vel"],
                xy_goal_tolerance=self.p["xy_goal_tolerance"],
                yaw_goal_tolerance=self.p["yaw_goal_tolerance"],
            )
        )
        navigator = Navigator(
            self.costmap,
            self.planner,
            controller,
            CollisionConfig(
                self.p["robot_radius"], self.p["collision_margin"], self.p["collision_time_horizon"]
            ),
            NavigatorConfig(
                replan_period_s=self.p["replan_period_s"],
                blocked_wait_s=self.p["blocked_wait_s"],
                max_recoveries=self.p["max_recoveries"],
            ),
        )
        _, world = self._obstacles(pose)
        plan = navigator.start(goal, pose, self._now(), world)
        if not plan.ok:
            return fail(plan.error_code, plan.message)
        self._publish_plan(plan.path)
        self.get_logger().info(f"goal ({goal.x:.2f}, {goal.y:.2f}): path of {plan.length:.2f} m")
        period = 1.0 / self.p["controller_frequency"]
        next_step = self._now()
        last_path_id = id(navigator.path)
        while True:
            if handle.is_cancel_requested:
                self._stop()
                handle.canceled()
                self.get_logger().info("goal canceled: robot stopped")
                return NavigateToPose.Result(error_code=0, error_msg="canceled")
            if self._preempt.is_set() or not handle.is_active:
                self._stop()
                handle.abort()
                return NavigateToPose.Result(error_code=UNKNOWN, error_msg="preempted by a new goal")
            now = self._now()
            if now < next_step:
                time.sleep(0.002)
                continue
            next_step = now + period
            pose = self._robot_pose()
            if pose is None:
                return fail(TF_ERROR, "lost the robot's transform")
            robot_pts, world_pts = self._obstacles(pose)
            step = navigator.step(pose, self.v, robot_pts, world_pts, now, self.speed_limit)
            if id(navigator.path) != last_path_id:
                last_path_id = id(navigator.path)
                self._publish_plan(navigator.path)
            if step.status is Status.SUCCEEDED:
                self._stop()
                handle.succeed()
                self.get_logger().info(f"goal reached: ({pose.x:.2f}, {pose.y:.2f})")
                return NavigateToPose.Result(error_code=0, error_msg="")
            if step.status is Status.FAILED:
                return fail(step.error_code, step.message)
            cmd = Twist()
            cmd.linear.x, cmd.angular.z = float(step.v), float(step.w)
            self.cmd_pub.publish(cmd)
            feedback = NavigateToPose.Feedback()
            feedback.current_pose.header.frame_id = self.p["global_frame"]
            feedback.current_pose.header.stamp = self.get_clock().now().to_msg()
            feedback.current_pose.pose.position.x, feedback.current_pose.pose.position.y = pose.x, pose.y
            qx, qy, qz, qw = yaw_to_quaternion(pose.yaw)
            o = feedback.current_pose.pose.orientation
            o.x, o.y, o.z, o.w = qx, qy, qz, qw
            feedback.navigation_time = _duration(now - started)
            speed = self.speed_limit if self.speed_limit > 0 else self.p["desired_linear_vel"]
            remaining = navigator.remaining(pose)
            feedback.distance_remaining = float(remaining)
            feedback.estimated_time_remaining = _duration(
                remaining / max(min(speed, self.p["desired_linear_vel"]), 0.05)
            )
            feedback.number_of_recoveries = int(navigator.recoveries)
            handle.publish_feedback(feedback)


def _duration(seconds: float) -> Duration:
    seconds = max(0.0, float(seconds))
    return Duration(sec=int(seconds), nanosec=int((seconds % 1.0) * 1e9))


def main(args: list[str] | None = None) -> None:
    run_node(Nav2StandIn, args)


if __name__ == "__main__":
    main()

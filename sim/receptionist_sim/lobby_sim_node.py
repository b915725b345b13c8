"""Loopback lobby simulation (like nav2_loopback_sim): /cmd_vel in; /odom, /tf, /scan, /camera, citizens and
the battery out.

Thin shell over the plain modules (kinematics, raycast, citizens, camera_render, battery_model). It
is the clock of the simulation: with `real_time_factor` != 1 it runs faster (or slower) than real
time and publishes /clock, so every other node must run with use_sim_time:=true.
"""

from __future__ import annotations

import math

import numpy as np
from builtin_interfaces.msg import Time
from geometry_msgs.msg import PoseStamped, TransformStamped, Twist
from nav_msgs.msg import Odometry
from rclpy.callback_groups import MutuallyExclusiveCallbackGroup
from rclpy.node import Node
from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy
from rosgraph_msgs.msg import Clock
from sensor_msgs.msg import BatteryState, CameraInfo, Image, LaserScan
from std_msgs.msg import String
from tf2_msgs.msg import TFMessage
from visualization_msgs.msg import Marker, MarkerArray

from receptionist_common.health import HealthReporter
from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.occupancy import load_map
from receptionist_common.qos import LATCHED
from receptionist_common.site_paths import resolve_site_path
from receptionist_common.streams import StreamPublisher
from receptionist_interfaces.msg import FollowStatus
from receptionist_sim.battery_model import Battery, BatteryConfig
from receptionist_sim.camera_render import CameraConfig, intrinsics, render
from receptionist_sim.citizens import Activity, Crowd, CrowdConfig, planned_route
from receptionist_sim.geometry2d import Pose2D, yaw_to_quaternion
from receptionist_sim.headless import footprint_free
from receptionist_sim.kinematics import DiffDrive, DriveLimits
from receptionist_sim.raycast import cast, line_of_sight
from receptionist_sim.sim_config import load_pois, parse_citizens

PARAMETERS = {
    "map_yaml": ("maps/lobby.yaml", "occupancy grid the world is made of (map_server format)"),
    "points_of_interest_file": ("config/site/points_of_interest.yaml", "POIs: start pose, dock, waypoints"),
    "initial_poi": ("home", "POI where the robot starts"),
    "dock_poi": ("dock", "POI where the battery charges"),
    "physics_hz": (50.0, "kinematics, /odom and /tf rate (simulated time)"),
    "real_time_factor": (1.0, "simulated seconds per wall second; != 1 needs use_sim_time in all nodes"),
    "publish_clock": (False, "publish /clock (forced on when real_time_factor != 1)"),
    "robot_radius": (0.3, "footprint radius for the bumper check, metres"),
    "max_linear_speed": (1.0, "hardware speed limit, m/s"),
    "max_angular_speed": (1.5, "hardware turn rate limit, rad/s"),
    "linear_accel": (1.0, "m/s^2"),
    "angular_accel": (3.0, "rad/s^2"),
    "scan_hz": (10.0, "laser scan rate"),
    "scan_beams": (360, "beams over 360 degrees"),
    "scan_range_max": (12.0, "metres"),
    "scan_noise_std": (0.01, "range noise, metres"),
    "camera_hz": (10.0, "camera frame rate; 0 disables the camera"),
    "camera_width": (640, "pixels"),
    "camera_height": (480, "pixels"),
    "camera_hfov_deg": (70.0, "horizontal field of view"),
    "camera_mount_height": (1.2, "metres above the floor"),
    "citizens": (
        ["c1 13.2 2.0 1.5708 0", "c2 6.0 4.0 0.0 1 wander", "c3 18.0 12.0 3.14 0 wander"],
        "simulated citizens: 'id x y yaw photo [wander]'",
    ),
    "citizen_seed": (7, "random seed of the citizens' walks"),
    "follow_gap": (1.0, "a following citizen stays this far behind the robot, metres"),
    "auto_follow_radius": (3.0, "on an escort, the nearest citizen within this radius follows"),
    "publish_follow_status": (False, "ground-truth follow-check (stand-in for the vision node's)"),
    "follow_max_distance": (2.5, "ground-truth follow-check: following when within this distance"),
    "battery_initial": (0.9, "battery charge at start, 0..1"),
    "battery_drain_per_km": (0.15, "charge fraction used per km driven"),
    "battery_idle_drain_per_h": (0.06, "charge fraction used per hour standing"),
    "battery_charge_per_h": (0.5, "charge fraction gained per hour on the dock"),
}

SCAN_QOS = QoSProfile(depth=5, reliability=ReliabilityPolicy.BEST_EFFORT)
STATIC_QOS = QoSProfile(depth=1, durability=DurabilityPolicy.TRANSIENT_LOCAL)


class LobbySimNode(Node):
    def __init__(self) -> None:
        super().__init__("lobby_sim")
        self.p = declare_parameters(self, PARAMETERS)
        self.health = HealthReporter(self)  # "alive" while it runs; the runner shows it gone otherwise
        self.grid = load_map(resolve_site_path(self.p["map_yaml"]))
        self.pois = load_pois(resolve_site_path(self.p["points_of_interest_file"]))
        start = self.pois[self.p["initial_poi"]]
        self.dock = self.pois[self.p["dock_poi"]]
        limits = DriveLimits(
            self.p["max_linear_speed"],
            self.p["max_angular_speed"],
            self.p["linear_accel"],
            self.p["angular_accel"],
        )
        self.robot = DiffDrive(start, limits, footprint_free(self.grid, self.p["robot_radius"] * 0.9))
        self.map_to_odom = start  # odom starts where the robot starts (REP-105)
        free = footprint_free(self.grid, 0.2)
        waypoints = [(poi.x, poi.y) for poi in self.pois.values()]
        self.crowd = Crowd(
            parse_citizens(self.p["citizens"]),
            waypoints,
            free,
            lambda x0, y0, x1, y1: line_of_sight(self.grid, x0, y0, x1, y1),
            CrowdConfig(follow_gap=self.p["follow_gap"]),
            seed=self.p["citizen_seed"],
            route=planned_route(self.grid),
        )
        self.battery = Battery(
            BatteryConfig(
                idle_drain_per_h=self.p["battery_idle_drain_per_h"],
                motion_drain_per_km=self.p["battery_drain_per_km"],
                charge_per_h=self.p["battery_charge_per_h"],
            ),
            self.p["battery_initial"],
        )
        self.camera = CameraConfig(
            self.p["camera_width"],
            self.p["camera_height"],
            math.radians(self.p["camera_hfov_deg"]),
            self.p["camera_mount_height"],
        )
        self.rng = np.random.default_rng(self.p["citizen_seed"])
        self.factor = float(self.p["real_time_factor"])
        if self.factor <= 0:
            raise ValueError("real_time_factor must be > 0")
        self.publish_clock = self.p["publish_clock"] or self.factor != 1.0
        self.sim_time = 0.0
        self.escort_person = ""
        self.escorted: str | None = None  # the citizen the current escort is about
        self.marker_ids: dict[str, int] = {}
        self.distance = 0.0

        self.odom_pub = StreamPublisher(self, Odometry, "/odom", 10)
        self.tf_pub = StreamPublisher(self, TFMessage, "/tf", 100)
        self.tf_static_pub = self.create_publisher(TFMessage, "/tf_static", STATIC_QOS)
        self.scan_pub = StreamPublisher(self, LaserScan, "/scan", SCAN_QOS)
        self.image_pub = StreamPublisher(self, Image, "/camera/image_raw", SCAN_QOS)
        self.info_pub = StreamPublisher(self, CameraInfo, "/camera/camera_info", SCAN_QOS)
        self.battery_pub = StreamPublisher(self, BatteryState, "/battery_state", 10)
        self.citizens_pub = StreamPublisher(self, MarkerArray, "/sim/citizens", 10)
        self.truth_pub = StreamPublisher(self, PoseStamped, "/sim/robot_pose", 10)
        self.follow_pub = StreamPublisher(self, FollowStatus, "/receptionist/follow_status", 10)
        self.clock_pub = StreamPublisher(self, Clock, "/clock", 10) if self.publish_clock else None
        self.create_subscription(Twist, "/cmd_vel", self._on_cmd_vel, 10)
        self.create_subscription(String, "/sim/citizen_command", self._on_citizen_command, 10)
        self.create_subscription(String, "/receptionist/escort_person", self._on_escort, LATCHED)
        self._publish_static_tf()

        physics_group = MutuallyExclusiveCallbackGroup()
        camera_group = MutuallyExclusiveCallbackGroup()
        self.dt = 1.0 / self.p["physics_hz"]
        self.ticks = 0
        self.every_scan = max(1, round(self.p["physics_hz"] / self.p["scan_hz"]))
        self.every_slow = max(1, round(self.p["physics_hz"] / 10.0))
        # Wall-clock timers: the simulation is the source of time, it must not wait for /clock.
        wall = rclpy_wall_clock()
        self.create_timer(self.dt / self.factor, self._tick, callback_group=physics_group, clock=wall)
        if self.p["camera_hz"] > 0:
            self.create_timer(
                1.0 / (self.p["camera_hz"] * self.factor),
                self._camera_tick,
                callback_group=camera_group,
                clock=wall,
            )
        self.get_logger().info(
            f"lobby simulation running: {len(self.crowd.citizens)} citizens, "
            f"robot at {self.p['initial_poi']} "
            f"({start.x:.2f}, {start.y:.2f}), real_time_factor {self.factor}"
        )

    # ---- inputs ----------------------------------------------------------------------------------
    def _on_cmd_vel(self, msg: Twist) -> None:
        if not (math.isfinite(msg.linear.x) and math.isfinite(msg.angular.z)):
            self.get_logger().warning("ignoring a /cmd_vel with NaN or infinite values")
            return
        self.robot.command(msg.linear.x, msg.angular.z)

    def _on_citizen_command(self, msg: String) -> None:
        try:
            self.get_logger().info(
                f"citizen command: {self.crowd.command(msg.data, self.robot.pose, self.sim_time)}"
            )
        except ValueError as error:
            self.get_logger().warning(str(error))
        if self.escorted is not None and self.escorted not in self.crowd.citizens:
            self.escorted = None  # the escorted citizen was removed

    def _on_escort(self, msg: String) -> None:
        self.escort_person = msg.data.strip()
        if not self.escort_person:
            for citizen in self.crowd.following():
                citizen.activity = Activity.STANDING
                citizen.speed = 0.0
            self.escorted = None
            return
        followers = self.crowd.following()
        citizen = (
            followers[0] if followers else self.crowd.nearest(self.robot.pose, self.p["auto_follow_radius"])
        )
        if citizen is not None:
            citizen.activity = Activity.FOLLOWING
            self.escorted = citizen.id
            self.get_logger().info(f"{citizen.id} follows the robot (escort of '{self.escort_person}')")

    def _stamp(self) -> Time:
        if not self.publish_clock:
            return self.get_clock().now().to_msg()
        seconds = self.sim_time
        return Time(sec=int(seconds), nanosec=int((seconds % 1.0) * 1e9))

    def _tick(self) -> None:
        before = self.robot.pose
        self.robot.step(self.dt)
        self.distance = before.distance(self.robot.pose)
        self.sim_time += self.dt
        self.ticks += 1
        self.crowd.step(self.dt, self.robot.pose, self.sim_time)
        on_dock = self.robot.pose.distance(self.dock) < BatteryConfig.dock_radius
        self.battery.step(self.dt, self.distance, on_dock)
        stamp = self._stamp()
        if self.clock_pub is not None:
            self.clock_pub.publish(Clock(clock=stamp))
        self._publish_odom_tf(stamp)
        if self.ticks % self.every_scan == 0:
            self._publish_scan(stamp)
        if self.ticks % self.every_slow == 0:
            self._publish_truth(stamp)
            self._publish_citizens(stamp)
            self._publish_follow_status(stamp)
        if self.ticks % int(self.p["physics_hz"]) == 0:
            self._publish_battery(stamp)

    def _publish_odom_tf(self, stamp: Time) -> None:
        odom_pose = self.map_to_odom.inverse().compose(self.robot.pose)
        odom = Odometry()
        odom.header.stamp, odom.header.frame_id, odom.child_frame_id = stamp, "odom", "base_link"
        odom.pose.pose.position.x, odom.pose.pose.position.y = odom_pose.x, odom_pose.y
        q = yaw_to_quaternion(odom_pose.yaw)
        o = odom.pose.pose.orientation
        o.x, o.y, o.z, o.w = q
        odom.twist.twist.linear.x, odom.twist.twist.angular.z = self.robot.v, self.robot.w
        self.odom_pub.publish(odom)
        self.tf_pub.publish(
            TFMessage(
                transforms=[
                    _transform(stamp, "map", "odom", self.map_to_odom),
                    _transform(stamp, "odom", "base_link", odom_pose),
                ]
            )
        )

    def _publish_static_tf(self) -> None:
        stamp = self._stamp()
        self.tf_static_pub.publish(
            TFMessage(
                transforms=[
                    _transform(stamp, "base_link", "laser", Pose2D(0.0, 0.0, 0.0), 0.25),
                    _transform(
                        stamp,
                        "base_link",
                        "camera_link",
                        Pose2D(self.camera.mount_forward, 0.0, 0.0),
                        self.camera.mount_height,
                    ),
                ]
            )
        )

    def _publish_scan(self, stamp: Time) -> None:
        n = int(self.p["scan_beams"])
        angles = -math.pi + np.arange(n) * (2 * math.pi / n)
        pose = self.robot.pose
        circles = [(c.x, c.y, 0.2) for c in self.crowd.citizens.values()]
        ranges = cast(self.grid, pose.x, pose.y, angles + pose.yaw, self.p["scan_range_max"], circles)
        finite = np.isfinite(ranges)
        ranges[finite] += self.rng.normal(0.0, self.p["scan_noise_std"], int(finite.sum()))
        scan = LaserScan()
        scan.header.stamp, scan.header.frame_id = stamp, "laser"
        scan.angle_min, scan.angle_increment = -math.pi, 2 * math.pi / n
        scan.angle_max = scan.angle_min + (n - 1) * scan.angle_increment
        scan.scan_time, scan.time_increment = 1.0 / self.p["scan_hz"], 0.0
        scan.range_min, scan.range_max = 0.1, float(self.p["scan_range_max"])
        scan.ranges = ranges.astype(np.float32).tolist()
        self.scan_pub.publish(scan)

    def _publish_truth(self, stamp: Time) -> None:
        """The robot's true map pose (for tests and the bench; a real robot has no such topic)."""
        msg = PoseStamped()
        msg.header.stamp, msg.header.frame_id = stamp, "map"
        pose = self.robot.pose
        msg.pose.position.x, msg.pose.position.y = pose.x, pose.y
        o = msg.pose.orientation
        o.x, o.y, o.z, o.w = yaw_to_quaternion(pose.yaw)
        self.truth_pub.publish(msg)

    def _publish_citizens(self, stamp: Time) -> None:
        markers = MarkerArray()
        for citizen in sorted(self.crowd.citizens.values(), key=lambda c: c.id):
            marker = Marker()
            marker.header.stamp, marker.header.frame_id = stamp, "map"
            # A stable id per citizen; a removed citizen's marker expires in RViz after `lifetime`.
            number = self.marker_ids.setdefault(citizen.id, len(self.marker_ids))
            marker.ns, marker.id, marker.type = citizen.id, number, Marker.CYLINDER
            marker.lifetime.sec = 1
            marker.pose.position.x, marker.pose.position.y = citizen.x, citizen.y
            marker.pose.position.z = citizen.height / 2
            q = yaw_to_quaternion(citizen.yaw)
            o = marker.pose.orientation
            o.x, o.y, o.z, o.w = q
            marker.scale.x = marker.scale.y = 0.44
            marker.scale.z = citizen.height
            marker.color.r, marker.color.g, marker.color.b, marker.color.a = 0.2, 0.5, 0.9, 0.8
            marker.text = citizen.activity.value
            markers.markers.append(marker)
        self.citizens_pub.publish(markers)

    def _publish_follow_status(self, stamp: Time) -> None:
        if not self.p["publish_follow_status"]:
            return
        status = FollowStatus(checking=bool(self.escort_person), person_id=self.escort_person)
        status.header.stamp, status.header.frame_id = stamp, "base_link"
        # Ground truth about the escorted citizen only (someone else passing by is not our visitor).
        citizen = self.crowd.citizens.get(self.escorted) if self.escorted else None
        if citizen is not None:
            distance = math.hypot(citizen.x - self.robot.pose.x, citizen.y - self.robot.pose.y)
            status.visitor_distance_m = float(distance)
            status.visitor_following = bool(self.escort_person) and distance <= self.p["follow_max_distance"]
            status.seconds_since_seen = 0.0
        else:
            status.visitor_distance_m = float("nan")
            status.seconds_since_seen = float("inf")
        self.follow_pub.publish(status)

    def _publish_battery(self, stamp: Time) -> None:
        msg = BatteryState()
        msg.header.stamp, msg.header.frame_id = stamp, "base_link"
        msg.percentage = float(self.battery.fraction)
        msg.voltage = float(self.battery.config.voltage * (0.85 + 0.15 * self.battery.fraction))
        msg.current = float("nan")
        msg.capacity = msg.design_capacity = float(self.battery.config.capacity_ah)
        msg.charge = float(self.battery.config.capacity_ah * self.battery.fraction)
        msg.power_supply_status = (
            BatteryState.POWER_SUPPLY_STATUS_CHARGING
            if self.battery.charging
            else BatteryState.POWER_SUPPLY_STATUS_DISCHARGING
        )
        msg.power_supply_technology = BatteryState.POWER_SUPPLY_TECHNOLOGY_LION
        msg.present = True
        self.battery_pub.publish(msg)

    def _camera_tick(self) -> None:
        stamp = self._stamp()
        pixels = render(self.grid, self.robot.pose, list(self.crowd.citizens.values()), self.camera)
        image = Image()
        image.header.stamp, image.header.frame_id = stamp, "camera_optical_frame"
        image.height, image.width = pixels.shape[0], pixels.shape[1]
        image.encoding, image.is_bigendian, image.step = "rgb8", 0, pixels.shape[1] * 3
        image.data = pixels.tobytes()
        self.image_pub.publish(image)
        info = CameraInfo()
        info.header = image.header
        info.height, info.width = image.height, image.width
        info.distortion_model = "plumb_bob"
        info.d = [0.0] * 5
        info.k, info.p = intrinsics(self.camera)
        info.r = [1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]
        self.info_pub.publish(info)


def rclpy_wall_clock():
    from rclpy.clock import Clock as RclpyClock
    from rclpy.clock import ClockType

    return RclpyClock(clock_type=ClockType.STEADY_TIME)


def _transform(stamp: Time, parent: str, child: str, pose: Pose2D, z: float = 0.0) -> TransformStamped:
    t = TransformStamped()
    t.header.stamp, t.header.frame_id, t.child_frame_id = stamp, parent, child
    t.transform.translation.x, t.transform.translation.y, t.transform.translation.z = pose.x, pose.y, z
    r = t.transform.rotation
    r.x, r.y, r.z, r.w = yaw_to_quaternion(pose.yaw)
    return t


def main(args: list[str] | None = None) -> None:
    run_node(LobbySimNode, args)


if __name__ == "__main__":
    main()

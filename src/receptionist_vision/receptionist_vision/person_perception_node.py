"""person_perception: people, engagement, annotated image and follow-check from the robot's camera.

Thin shell: topics and parameters are wired here, the work is done by the plain modules
(`perception`, `follow_check`, `image_codec`, `annotate`). Bad frames are reported and skipped; the
node keeps processing the next ones. No image is stored, nobody is identified.
"""

from __future__ import annotations

import math
import time
import traceback

from rclpy.callback_groups import MutuallyExclusiveCallbackGroup
from rclpy.node import Node
from rclpy.qos import (
    DurabilityPolicy,
    HistoryPolicy,
    QoSProfile,
    ReliabilityPolicy,
)
from sensor_msgs.msg import CameraInfo, Image, RegionOfInterest
from std_msgs.msg import Header, String

from receptionist_common.node_runtime import declare_parameters, run_node
from receptionist_common.streams import StreamPublisher
from receptionist_interfaces.msg import EngagementEvent, FollowStatus, TrackedPeople, TrackedPerson
from receptionist_vision import annotate, settings
from receptionist_vision.follow_check import FollowChecker
from receptionist_vision.geometry import Box, Intrinsics
from receptionist_vision.image_codec import ImageError, ImageFields, fit_width, from_array, to_array
from receptionist_vision.perception import PersonPerception, PersonState

# Latest frame only: a slow frame must not make the node work through a backlog of old ones.
IMAGE_QOS = QoSProfile(reliability=ReliabilityPolicy.BEST_EFFORT, history=HistoryPolicy.KEEP_LAST, depth=1)
INFO_QOS = QoSProfile(reliability=ReliabilityPolicy.BEST_EFFORT, history=HistoryPolicy.KEEP_LAST, depth=1)
# The last follow request stays valid for a node that starts (or restarts) later.
REQUEST_QOS = QoSProfile(
    reliability=ReliabilityPolicy.RELIABLE,
    history=HistoryPolicy.KEEP_LAST,
    depth=1,
    durability=DurabilityPolicy.TRANSIENT_LOCAL,
)
# Reliable publishers reach both reliable and best-effort subscribers (viewers differ).
ANNOTATED_QOS = QoSProfile(reliability=ReliabilityPolicy.RELIABLE, history=HistoryPolicy.KEEP_LAST, depth=1)
EVENT_QOS = QoSProfile(reliability=ReliabilityPolicy.RELIABLE, history=HistoryPolicy.KEEP_LAST, depth=50)


def _roi(box: Box | None, width: int, height: int) -> RegionOfInterest:
    roi = RegionOfInterest()
    if box is None:
        return roi
    x, y, w, h = box.clip(width, height).as_int()
    roi.x_offset, roi.y_offset, roi.width, roi.height = max(0, x), max(0, y), max(0, w), max(0, h)
    return roi


class _Camera:
    """One camera stream: its intrinsics, its pipeline and what was last said about it."""

    def __init__(self, name: str, perception: PersonPerception) -> None:
        self.name = name
        self.perception = perception
        self.intrinsics: Intrinsics | None = None
        self.last_stamp = -math.inf
        self.warned_no_info = False


class PersonPerceptionNode(Node):
    def __init__(self) -> None:
        super().__init__(settings.NODE_NAME)
        self.p = declare_parameters(self, settings.PARAMETERS)
        values = dict(self.p)
        self.front = _Camera("front", settings.build_perception(values))
        self.follow = FollowChecker(settings.configs(values)["follow"])
        self._started = time.monotonic()
        self._follow_was_active = False
        group = MutuallyExclusiveCallbackGroup()

        self.people_pub = StreamPublisher(self, TrackedPeople, self.p["people_topic"], 10)
        self.event_pub = self.create_publisher(EngagementEvent, self.p["engagement_topic"], EVENT_QOS)
        self.annotated_pub = StreamPublisher(self, Image, self.p["annotated_topic"], ANNOTATED_QOS)
        self.follow_pub = StreamPublisher(self, FollowStatus, self.p["follow.status_topic"], 10)
        self.create_subscription(
            Image,
            self.p["image_topic"],
            lambda m: self._on_image(m, self.front),
            IMAGE_QOS,
            callback_group=group,
        )
        self.create_subscription(
            CameraInfo,
            self.p["camera_info_topic"],
            lambda m: self._on_info(m, self.front),
            INFO_QOS,
            callback_group=group,
        )
        self.rear: _Camera | None = None
        follow_topic = self.p["follow.image_topic"]
        if follow_topic and follow_topic != self.p["image_topic"]:
            self.rear = _Camera("follow", settings.build_perception(values))
            self.create_subscription(
                Image, follow_topic, lambda m: self._on_image(m, self.rear), IMAGE_QOS, callback_group=group
            )
            self.create_subscription(
                CameraInfo,
                self.p["follow.camera_info_topic"],
                lambda m: self._on_info(m, self.rear),
                INFO_QOS,
                callback_group=group,
            )
        self.create_subscription(
            String, self.p["follow.request_topic"], self._on_follow_request, REQUEST_QOS, callback_group=group
        )
        rate = max(0.5, float(self.p["follow.status_rate_hz"]))
        self.create_timer(1.0 / rate, self._publish_follow_status, callback_group=group)
        self.get_logger().info(
            f"watching {self.p['image_topic']} with detector '{self.p['detector_type']}' "
            f"(detect every {self.p['tracker.detect_every_n_frames']} frames); follow-check camera: "
            f"{follow_topic or self.p['image_topic']}"
        )

    # -- inputs ------------------------------------------------------------------------------------
    def _on_info(self, msg: CameraInfo, camera: _Camera) -> None:
        intr = Intrinsics.from_k(msg.width, msg.height, list(msg.k))
        if intr is None:
            self.get_logger().warning(
                f"{camera.name} CameraInfo has no usable K "
                f"({msg.width}x{msg.height}, k={list(msg.k)[:6]}...): "
                f"using default intrinsics ({self.p['default_hfov_deg']} deg field of view)",
                throttle_duration_sec=10.0,
            )
        camera.intrinsics = intr

    def _on_image(self, msg: Image, camera: _Camera) -> None:
        if camera is self.rear and not self.follow.active:
            return  # the rear camera only matters during an escort
        fields = ImageFields(msg.encoding, msg.width, msg.height, msg.step, msg.data)
        try:
            image = to_array(fields, int(self.p["max_image_pixels"]))
        except ImageError as error:
            self.get_logger().warning(f"{camera.name} image skipped: {error}")
            return
        stamp = msg.header.stamp.sec + msg.header.stamp.nanosec * 1e-9
        if stamp <= 0.0:
            stamp = self.get_clock().now().nanoseconds * 1e-9
        if stamp < camera.last_stamp - 1.0:  # time went backwards (bag or simulation restarted)
            self._publish_events(camera.perception.forget(), msg.header)
        camera.last_stamp = stamp
        intr = camera.intrinsics
        if (
            intr is None
            and not camera.warned_no_info
            and time.monotonic() - self._started > self.p["camera_info_wait_s"]
        ):
            self.get_logger().warning(
                f"no CameraInfo for the {camera.name} camera: using default intrinsics "
                f"({self.p['default_hfov_deg']} deg field of view); ranges may be off"
            )
            camera.warned_no_info = True
        small = fit_width(image, int(self.p["processing_width"]))
        try:
            result = camera.perception.process(small, stamp, intr)
        except Exception as error:
            self.get_logger().error(f"{camera.name} frame failed: {error!r}\n{traceback.format_exc(limit=3)}")
            return
        if camera is self.rear:
            self.follow.update(result.people, self._now())
            return
        if not self.rear:
            self.follow.update(result.people, self._now())
        self._publish_people(
            result.people, msg.header, image.shape[1] / small.shape[1], image.shape[1], image.shape[0]
        )
        self._publish_events(result.changes, msg.header)
        if self.p["publish_annotated"] and self.annotated_pub.get_subscription_count() > 0:
            out = from_array(annotate.draw(small, result.people, bool(self.p["blur_faces"])))
            self.annotated_pub.publish(
                Image(
                    header=msg.header,
                    height=out.height,
                    width=out.width,
                    encoding=out.encoding,
                    is_bigendian=0,
                    step=out.step,
                    data=out.data,
                )
            )

    def _on_follow_request(self, msg: String) -> None:
        person_id = msg.data.strip()
        if person_id:
            self.follow.start(person_id, self._now())
            self.get_logger().info(f"follow-check started for {person_id!r}")
        else:
            self.follow.stop()
            self.get_logger().info("follow-check stopped")
        self._publish_follow_status()

    # -- outputs -----------------------------------------------------------------------------------
    def _now(self) -> float:
        """Node clock, seconds: the follow-check's time base (image stamps may come from another clock)."""
        return self.get_clock().now().nanoseconds * 1e-9

    def _publish_follow_status(self) -> None:
        state = self.follow.status(self._now())
        if not state.checking and not self._follow_was_active:
            return
        self._follow_was_active = state.checking
        msg = FollowStatus()
        msg.header.stamp = self.get_clock().now().to_msg()
        msg.checking = state.checking
        msg.visitor_following = state.visitor_following
        msg.person_id = state.person_id
        msg.visitor_distance_m = float(state.visitor_distance_m)
        msg.seconds_since_seen = float(state.seconds_since_seen)
        self.follow_pub.publish(msg)

    def _publish_people(
        self, people: list[PersonState], header: Header, scale: float, width: int, height: int
    ) -> None:
        """Boxes go out in the pixels of the received image (`scale`: received / processed width)."""
        msg = TrackedPeople(header=header)
        for p in people:
            person = TrackedPerson()
            person.id = p.person_id
            person.body_roi = _roi(p.body.scaled(scale), width, height)
            person.face_visible = p.face is not None
            person.face_roi = _roi(p.face.scaled(scale) if p.face is not None else None, width, height)
            person.detection_confidence = float(p.confidence)
            person.distance_m = float(p.distance_m)
            person.bearing_rad = float(p.bearing_rad)
            person.radial_speed_mps = float(p.radial_speed_mps)
            person.facing_duration_s = float(p.facing_duration_s)
            person.tracked_duration_s = float(p.tracked_duration_s)
            person.engagement = int(p.engagement)
            msg.people.append(person)
        self.people_pub.publish(msg)

    def _publish_events(self, changes, header: Header) -> None:
        for change in changes:
            event = EngagementEvent(header=header)
            event.person_id = change.person_id
            event.previous_engagement = int(change.previous)
            event.engagement = int(change.current)
            event.distance_m = float(change.distance_m)
            event.bearing_rad = float(change.bearing_rad)
            self.event_pub.publish(event)
            self.get_logger().info(
                f"{change.person_id}: engagement {change.previous} -> {change.current} "
                f"at {change.distance_m:.2f} m"
            )


def main(args: list[str] | None = None) -> None:
    run_node(PersonPerceptionNode, args)


if __name__ == "__main__":
    main()

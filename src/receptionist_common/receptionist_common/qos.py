"""QoS profiles the nodes agree on."""

from rclpy.qos import DurabilityPolicy, QoSProfile, ReliabilityPolicy

# State topics (escort target, dialog state): a subscriber that joins late still gets the last value,
# so a message sent before discovery finished is not lost.
LATCHED = QoSProfile(
    depth=1, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.TRANSIENT_LOCAL
)

# The dialog state: like LATCHED, but a burst of transitions (an answer, then "idle" a millisecond
# later) reaches every subscriber whole instead of the last one overwriting the others.
DIALOG_STATE = QoSProfile(
    depth=10, reliability=ReliabilityPolicy.RELIABLE, durability=DurabilityPolicy.TRANSIENT_LOCAL
)

"""A minimal planar TF buffer: the latest transform of each parent->child edge, and chain lookups.

tf2_ros is not on PyPI; the simulation's nodes only need map->base_link from the /tf stream of a
ground robot (map->odom->base_link, REP-105), so this keeps the last transform of every edge and
walks up the tree. No ROS import (the node converts messages to Pose2D).
"""

from __future__ import annotations

from receptionist_sim.geometry2d import Pose2D


class TransformLookupError(KeyError):
    """No chain of known transforms between the two frames."""


class PlanarTfBuffer:
    def __init__(self) -> None:
        self._parent: dict[str, tuple[str, Pose2D, float]] = {}  # child -> (parent, transform, stamp)

    def set(self, parent: str, child: str, transform: Pose2D, stamp: float) -> None:
        self._parent[child.lstrip("/")] = (parent.lstrip("/"), transform, stamp)

    def _to_root(self, frame: str) -> tuple[list[str], Pose2D, float]:
        chain, pose, oldest = [frame], Pose2D(), float("inf")
        while frame in self._parent and len(chain) < 32:
            parent, transform, stamp = self._parent[frame]
            pose = transform.compose(pose)
            oldest = min(oldest, stamp)
            frame = parent
            chain.append(frame)
        return chain, pose, oldest

    def lookup(self, target: str, source: str) -> tuple[Pose2D, float]:
        """Pose of `source` in `target` (e.g. lookup("map", "base_link")) and the oldest stamp used."""
        target, source = target.lstrip("/"), source.lstrip("/")
        t_chain, t_pose, t_stamp = self._to_root(target)
        s_chain, s_pose, s_stamp = self._to_root(source)
        if t_chain[-1] != s_chain[-1]:
            raise TransformLookupError(f"no transform between '{target}' and '{source}'")
        return t_pose.inverse().compose(s_pose), min(t_stamp, s_stamp)

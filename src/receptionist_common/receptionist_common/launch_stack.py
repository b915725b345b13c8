"""Turn a stack file into a `ros2 launch` description (used by launch/*.launch.py on a robot).

The runner (`stack_runner`) and `ros2 launch` read the same stack file, so both start the same
executables with the same parameter files. This module needs the `launch` and `launch_ros` packages of
a ROS 2 install (not on PyPI): only launch files import it.
"""

from __future__ import annotations

import os
from pathlib import Path

from ament_index_python.packages import get_package_share_directory
from launch.actions import DeclareLaunchArgument, ExecuteProcess, OpaqueFunction, SetEnvironmentVariable
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node
from launch_ros.substitutions import FindPackagePrefix

from launch import LaunchContext, LaunchDescription
from receptionist_common.stack import load_stack

BRINGUP_PACKAGE = "receptionist_bringup"


def _stack_actions(context: LaunchContext) -> list:
    share = Path(get_package_share_directory(BRINGUP_PACKAGE))
    stack_file = Path(LaunchConfiguration("stack").perform(context))
    if not stack_file.is_absolute():
        stack_file = share / stack_file
    state_dir = LaunchConfiguration("state_dir").perform(context)
    actions = []
    if "FASTDDS_DEFAULT_PROFILES_FILE" not in os.environ:  # camera frames need it: config/fastdds.xml
        profiles = share / "config" / "fastdds.xml"
        actions.append(SetEnvironmentVariable("FASTDDS_DEFAULT_PROFILES_FILE", str(profiles)))
    for spec in load_stack(stack_file, share, {"STATE_DIR": state_dir}):
        if spec.ros_node:
            actions.append(
                Node(
                    package=spec.package,
                    executable=spec.executable,
                    name=spec.name,
                    parameters=[str(p) for p in spec.params],
                    remappings=list(spec.remappings),
                    arguments=list(spec.arguments),
                    additional_env=spec.env,
                    respawn=spec.restart,
                    respawn_delay=2.0,
                    output="screen",
                )
            )
        else:
            executable = [FindPackagePrefix(spec.package), f"/lib/{spec.package}/{spec.executable}"]
            actions.append(
                ExecuteProcess(
                    cmd=[executable, *spec.arguments],
                    name=spec.name,
                    additional_env=spec.env,
                    respawn=spec.restart,
                    respawn_delay=2.0,
                    output="screen",
                )
            )
    return actions


def generate_stack_launch(default_stack: str) -> LaunchDescription:
    """A launch description with `stack:=` (a file under config/) and `state_dir:=` arguments."""
    return LaunchDescription(
        [
            DeclareLaunchArgument("stack", default_value=default_stack, description="stack file"),
            DeclareLaunchArgument(
                "state_dir",
                default_value=str(Path.home() / ".ros" / "receptionist"),
                description="where the center service keeps its database",
            ),
            OpaqueFunction(function=_stack_actions),
        ]
    )

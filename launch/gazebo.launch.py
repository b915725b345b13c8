"""The lobby in Gazebo Harmonic with real Nav2: `ros2 launch receptionist_bringup gazebo.launch.py`.

Starts Gazebo with the generated lobby world (sim/gazebo/worlds/lobby.sdf), spawns the reception
robot (sim/gazebo/models/receptionist_robot) at the `home` point of interest, bridges its topics
with ros_gz_bridge (sim/gazebo/bridge.yaml: the same names as the loopback simulation), brings up
Nav2 (nav2_bringup) on maps/lobby.yaml with config/nav2_params.yaml, and the GuideVisitor server
(config/nav.yaml). Every node runs on Gazebo's /clock (use_sim_time). Needs ROS 2 Jazzy with
ros_gz (ros-jazzy-ros-gz) and Nav2 (ros-jazzy-navigation2, ros-jazzy-nav2-bringup) from apt.

Arguments: headless:=true (no GUI), x/y/yaw (spawn pose; default: the home POI, which is also AMCL's
initial pose in config/nav2_params.yaml).
"""

from pathlib import Path

import yaml
from ament_index_python.packages import get_package_share_directory
from launch.actions import (
    AppendEnvironmentVariable,
    DeclareLaunchArgument,
    IncludeLaunchDescription,
)
from launch.conditions import IfCondition, UnlessCondition
from launch.launch_description_sources import PythonLaunchDescriptionSource
from launch.substitutions import LaunchConfiguration
from launch_ros.actions import Node

from launch import LaunchDescription


def _root() -> Path:
    """The bringup folder (repository root with --symlink-install, else the installed share)."""
    here = Path(__file__).resolve().parents[1]
    if (here / "config" / "nav.yaml").exists():
        return here
    return Path(get_package_share_directory("receptionist_bringup"))


def generate_launch_description() -> LaunchDescription:
    root = _root()
    sim_share = Path(get_package_share_directory("receptionist_sim"))
    gazebo = sim_share / "gazebo"
    world = gazebo / "worlds" / "lobby.sdf"
    model = gazebo / "models" / "receptionist_robot" / "model.sdf"
    pois = yaml.safe_load((root / "config/site/points_of_interest.yaml").read_text(encoding="utf-8"))
    home = next(p for p in pois["points_of_interest"] if p["id"] == "home")
    ros_gz_sim = Path(get_package_share_directory("ros_gz_sim"))
    nav2_bringup = Path(get_package_share_directory("nav2_bringup"))
    headless = LaunchConfiguration("headless")

    return LaunchDescription(
        [
            DeclareLaunchArgument(
                "headless", default_value="false", description="run Gazebo without its GUI"
            ),
            DeclareLaunchArgument("x", default_value=str(home["x"]), description="spawn x in the map frame"),
            DeclareLaunchArgument("y", default_value=str(home["y"]), description="spawn y in the map frame"),
            DeclareLaunchArgument("yaw", default_value=str(home["yaw"]), description="spawn heading"),
            AppendEnvironmentVariable("GZ_SIM_RESOURCE_PATH", str(gazebo / "models")),
            IncludeLaunchDescription(
                PythonLaunchDescriptionSource(str(ros_gz_sim / "launch" / "gz_sim.launch.py")),
                launch_arguments={"gz_args": f"-r {world}", "on_exit_shutdown": "true"}.items(),
                condition=UnlessCondition(headless),
            ),
            IncludeLaunchDescription(
                PythonLaunchDescriptionSource(str(ros_gz_sim / "launch" / "gz_sim.launch.py")),
                launch_arguments={
                    "gz_args": f"-r -s --headless-rendering {world}",
                    "on_exit_shutdown": "true",
                }.items(),
                condition=IfCondition(headless),
            ),
            Node(
                package="ros_gz_sim",
                executable="create",
                output="screen",
                arguments=[
                    "-world",
                    "lobby",
                    "-name",
                    "receptionist_robot",
                    "-file",
                    str(model),
                    "-x",
                    LaunchConfiguration("x"),
                    "-y",
                    LaunchConfiguration("y"),
                    "-z",
                    "0.02",
                    "-Y",
                    LaunchConfiguration("yaw"),
                ],
            ),
            Node(
                package="ros_gz_bridge",
                executable="parameter_bridge",
                output="screen",
                parameters=[{"config_file": str(gazebo / "bridge.yaml"), "use_sim_time": True}],
            ),
            # Fixed sensor frames (the loopback simulation publishes the same on /tf_static).
            Node(
                package="tf2_ros",
                executable="static_transform_publisher",
                arguments=["--z", "0.25", "--frame-id", "base_link", "--child-frame-id", "laser"],
                parameters=[{"use_sim_time": True}],
            ),
            Node(
                package="tf2_ros",
                executable="static_transform_publisher",
                arguments=[
                    "--x",
                    "0.1",
                    "--z",
                    "1.2",
                    "--frame-id",
                    "base_link",
                    "--child-frame-id",
                    "camera_link",
                ],
                parameters=[{"use_sim_time": True}],
            ),
            IncludeLaunchDescription(
                PythonLaunchDescriptionSource(str(nav2_bringup / "launch" / "bringup_launch.py")),
                launch_arguments={
                    "map": str(root / "maps" / "lobby.yaml"),
                    "params_file": str(root / "config" / "nav2_params.yaml"),
                    "use_sim_time": "true",
                    "autostart": "true",
                    "use_composition": "False",
                }.items(),
            ),
            # Keepout filter: the mask (staff areas) and its info server, managed like the rest of Nav2.
            Node(
                package="nav2_map_server",
                executable="map_server",
                name="filter_mask_server",
                cwd=str(root),
                parameters=[str(root / "config" / "nav2_params.yaml"), {"use_sim_time": True}],
            ),
            Node(
                package="nav2_map_server",
                executable="costmap_filter_info_server",
                name="costmap_filter_info_server",
                parameters=[str(root / "config" / "nav2_params.yaml"), {"use_sim_time": True}],
            ),
            Node(
                package="nav2_lifecycle_manager",
                executable="lifecycle_manager",
                name="lifecycle_manager_filters",
                parameters=[
                    {
                        "use_sim_time": True,
                        "autostart": True,
                        "node_names": ["filter_mask_server", "costmap_filter_info_server"],
                    }
                ],
            ),
            Node(
                package="receptionist_nav",
                executable="guide_visitor",
                output="screen",
                cwd=str(root),
                parameters=[str(root / "config" / "nav.yaml"), {"use_sim_time": True}],
            ),
        ]
    )

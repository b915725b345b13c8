"""The robot on real hardware: `ros2 launch receptionist_bringup robot.launch.py`.

Real Nav2 (bringup with config/nav2_params.yaml) must run beside it; the nodes and their parameter
files are listed in config/stack_robot.yaml.
"""

from receptionist_common.launch_stack import generate_stack_launch


def generate_launch_description():
    return generate_stack_launch("config/stack_robot.yaml")

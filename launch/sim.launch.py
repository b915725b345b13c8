"""The whole robot in the loopback lobby simulation, with the Nav2 stand-in:
`ros2 launch receptionist_bringup sim.launch.py` (the same as `bash scripts/demo.sh` without ros2).
"""

from receptionist_common.launch_stack import generate_stack_launch


def generate_launch_description():
    return generate_stack_launch("config/stack_sim.yaml")

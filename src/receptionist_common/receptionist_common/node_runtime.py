"""Run loop and parameter declaration shared by every node shell.

Each node in the project declares its parameters with a default and a description (so
`ros2 param describe` explains them to operators) and exits cleanly on SIGINT and SIGTERM, which is
what a launch system or the project's runner sends when it stops the stack.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import rclpy
from rcl_interfaces.msg import ParameterDescriptor
from rclpy.executors import ExternalShutdownException, MultiThreadedExecutor
from rclpy.node import Node

ParameterSpec = Mapping[str, tuple[Any, str]]


def declare_parameters(node: Node, specs: ParameterSpec) -> dict[str, Any]:
    """Declare `{name: (default, description)}` on `node` and return the values in effect.

    Values come from the node's parameter files (`config/*.yaml`) when given there, else the default.
    """
    values: dict[str, Any] = {}
    for name, (default, description) in specs.items():
        descriptor = ParameterDescriptor(description=description)
        values[name] = node.declare_parameter(name, default, descriptor).value
    return values


def run_node(node_factory: Callable[[], Node], args: list[str] | None = None, threads: int = 4) -> None:
    """Create the node, spin it until SIGINT/SIGTERM, then tear everything down.

    rclpy's default signal handlers turn both signals into a context shutdown; spinning then ends with
    ExternalShutdownException, which is a normal stop here, not an error.
    """
    rclpy.init(args=args)
    node: Node | None = None
    executor = MultiThreadedExecutor(num_threads=threads)
    try:
        node = node_factory()
        executor.add_node(node)
        node.get_logger().info(f"{node.get_name()} is up")
        executor.spin()
    except (KeyboardInterrupt, ExternalShutdownException):
        pass
    finally:
        if node is not None:
            node.get_logger().info(f"{node.get_name()} shutting down")
            executor.remove_node(node)
            node.destroy_node()
        executor.shutdown()
        rclpy.try_shutdown()

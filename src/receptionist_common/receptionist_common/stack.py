"""The robot's process list, read from one YAML file by both `ros2 launch` and the project's runner.

A stack file (e.g. `config/stack_sim.yaml`) lists the processes of a deployment in start order: ROS
nodes (`package` + `executable`, with `params` files from `config/`) and plain commands (the center
service). `launch/*.launch.py` turn the entries into launch_ros Node actions on a robot with the ros2
CLI; `stack_runner` starts the same entries as supervised processes where there is no ros2 CLI.
No ROS import here: this is data and its validation.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

_VARIABLE = re.compile(r"\$\{(\w+)\}")
OUTPUTS = ("log", "screen")


class StackError(ValueError):
    """A stack file that cannot be used, with the file and entry named."""


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    package: str
    executable: str
    ros_node: bool = True
    params: tuple[Path, ...] = ()
    arguments: tuple[str, ...] = ()
    remappings: tuple[tuple[str, str], ...] = ()
    ready_log: str = ""  # regex printed when the process is ready ("" = do not wait)
    ready_timeout_s: float = 30.0
    restart: bool = True  # restart when it crashes
    ends_stack: bool = False  # when it exits, stop the whole stack with its exit code (a scenario)
    env: dict[str, str] = field(default_factory=dict)
    output: str = "log"  # "log": its log file only; "screen": also the runner's console (like launch)

    def ros_arguments(self) -> list[str]:
        """`--ros-args` of a ROS node: its name, parameter files and remappings."""
        if not self.ros_node:
            return []
        args = ["--ros-args", "-r", f"__node:={self.name}"]
        for params_file in self.params:
            args += ["--params-file", str(params_file)]
        for source, target in self.remappings:
            args += ["-r", f"{source}:={target}"]
        return args


def _expand(value: str, variables: dict[str, str]) -> str:
    def replace(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in variables:
            raise StackError(f"unknown variable ${{{key}}} (known: {', '.join(sorted(variables))})")
        return variables[key]

    return _VARIABLE.sub(replace, value)


def load_stack(path: Path, root: Path, variables: dict[str, str] | None = None) -> list[ProcessSpec]:
    """Read a stack file; relative `params` paths are resolved against `root` (the bringup share dir)."""
    known = {"ROOT": str(root), **os.environ, **(variables or {})}
    try:
        document: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise StackError(f"{path}: cannot read stack file: {error}") from error
    entries = (document or {}).get("processes")
    if not isinstance(entries, list) or not entries:
        raise StackError(f"{path}: needs a non-empty 'processes' list")
    specs: list[ProcessSpec] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        where = f"{path}: processes[{index}]"
        if not isinstance(entry, dict):
            raise StackError(f"{where}: must be a mapping")
        missing = [key for key in ("name", "package", "executable") if not entry.get(key)]
        if missing:
            raise StackError(f"{where}: missing {', '.join(missing)}")
        if entry["name"] in seen:
            raise StackError(f"{where}: duplicate name {entry['name']!r}")
        seen.add(entry["name"])
        try:
            params = tuple(root / _expand(p, known) for p in entry.get("params", []))
            arguments = tuple(_expand(str(a), known) for a in entry.get("arguments", []))
        except StackError as error:
            raise StackError(f"{where}: {error}") from None
        for params_file in params:
            if not params_file.is_file():
                raise StackError(f"{where}: parameter file {params_file} does not exist")
        output = str(entry.get("output", "log"))
        if output not in OUTPUTS:
            raise StackError(f"{where}: output must be one of {', '.join(OUTPUTS)}, got {output!r}")
        specs.append(
            ProcessSpec(
                name=entry["name"],
                package=entry["package"],
                executable=entry["executable"],
                ros_node=bool(entry.get("ros_node", True)),
                params=params,
                arguments=arguments,
                remappings=tuple((str(k), str(v)) for k, v in (entry.get("remappings") or {}).items()),
                ready_log=str(entry.get("ready_log", "")),
                ready_timeout_s=float(entry.get("ready_timeout_s", 30.0)),
                restart=bool(entry.get("restart", True)) and not bool(entry.get("ends_stack", False)),
                ends_stack=bool(entry.get("ends_stack", False)),
                env={str(k): _expand(str(v), known) for k, v in (entry.get("env") or {}).items()},
                output=output,
            )
        )
    return specs

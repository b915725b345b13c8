"""Stack files: what the runner and ros2 launch both read, and the errors operators get."""

from pathlib import Path

import pytest

from receptionist_common.stack import StackError, load_stack


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "stack.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_loads_nodes_and_commands_in_order(tmp_path: Path):
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "bridge.yaml").write_text("{}")
    stack = write(
        tmp_path,
        """
processes:
  - {name: center, package: service_bridge, executable: center_service, ros_node: false,
     arguments: ["--db", "${STATE_DIR}/center.db"], ready_log: "listening"}
  - {name: bridge, package: service_bridge, executable: service_bridge,
     params: [config/bridge.yaml], remappings: {/a: /b}}
""",
    )
    specs = load_stack(stack, tmp_path, {"STATE_DIR": "/tmp/state"})
    assert [s.name for s in specs] == ["center", "bridge"]
    assert specs[0].arguments == ("--db", "/tmp/state/center.db")
    assert specs[0].ros_arguments() == []
    assert specs[1].ros_arguments() == [
        "--ros-args",
        "-r",
        "__node:=bridge",
        "--params-file",
        str(tmp_path / "config/bridge.yaml"),
        "-r",
        "/a:=/b",
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("processes: []", "non-empty 'processes'"),
        ("processes: [{name: a, package: p}]", "missing executable"),
        (
            "processes: [{name: a, package: p, executable: e}, {name: a, package: p, executable: e}]",
            "duplicate name 'a'",
        ),
        ("processes: [{name: a, package: p, executable: e, params: [config/none.yaml]}]", "does not exist"),
        (
            "processes: [{name: a, package: p, executable: e, arguments: ['${NOPE_NOT_SET}']}]",
            "unknown variable",
        ),
        ("processes: [unterminated", "cannot read"),
    ],
)
def test_bad_stack_files_name_the_problem(tmp_path: Path, text: str, message: str):
    with pytest.raises(StackError, match=message):
        load_stack(write(tmp_path, text), tmp_path)

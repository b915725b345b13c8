"""The Gazebo world and robot model load with libsdformat without any error (Debian's libsdformat-dev)."""

from __future__ import annotations

import glob
import shutil
import subprocess
from pathlib import Path

import pytest

SIM = Path(__file__).resolve().parents[1]
PROGRAM = r"""
#include <iostream>
#include <sdf/sdf.hh>
int main(int argc, char **argv) {
  int failures = 0;
  for (int i = 1; i < argc; ++i) {
    sdf::Root root;
    sdf::Errors errors = root.Load(argv[i]);
    for (const auto &error : errors) { std::cerr << argv[i] << ": " << error << std::endl; }
    if (!errors.empty()) { ++failures; continue; }
    if (root.WorldCount() > 0) {
      std::cout << argv[i] << ": world " << root.WorldByIndex(0)->Name() << " with "
                << root.WorldByIndex(0)->ModelCount() << " models" << std::endl;
    } else if (root.Model() != nullptr) {
      std::cout << argv[i] << ": model " << root.Model()->Name() << " with " << root.Model()->LinkCount()
                << " links, " << root.Model()->JointCount() << " joints" << std::endl;
    } else { std::cerr << argv[i] << ": neither a world nor a model" << std::endl; ++failures; }
  }
  return failures;
}
"""


@pytest.fixture(scope="module")
def sdf_checker(tmp_path_factory) -> Path:
    compiler = shutil.which("g++")
    if compiler is None:
        pytest.skip("no C++ compiler (g++) to build the libsdformat checker")
    includes = sorted(glob.glob("/usr/include/sdformat-*"))
    assert includes, "libsdformat-dev is not installed (scripts/apt-packages.txt lists it)"
    folder = tmp_path_factory.mktemp("sdf")
    (folder / "check.cc").write_text(PROGRAM)
    binary = folder / "check_sdf"
    library = "sdformat" + includes[-1].rsplit("-", 1)[1].split(".")[0]
    # sdformat's headers include ignition-math and ignition-utils (installed with libsdformat-dev).
    extra = [f"-I{path}" for path in sorted(glob.glob("/usr/include/ignition/*")) if Path(path).is_dir()]
    build = subprocess.run(
        [
            compiler,
            "-std=c++17",
            f"-I{includes[-1]}",
            *extra,
            str(folder / "check.cc"),
            "-o",
            str(binary),
            f"-l{library}",
        ],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert build.returncode == 0, build.stderr
    return binary


def run(checker: Path, path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(checker), str(path)], capture_output=True, text=True, timeout=60)


def test_lobby_world_loads_without_errors(sdf_checker):
    result = run(sdf_checker, SIM / "gazebo/worlds/lobby.sdf")
    assert result.returncode == 0, result.stderr
    assert "world lobby with" in result.stdout


def test_robot_model_loads_without_errors(sdf_checker):
    result = run(sdf_checker, SIM / "gazebo/models/receptionist_robot/model.sdf")
    assert result.returncode == 0, result.stderr
    assert "model receptionist_robot with 5 links, 4 joints" in result.stdout


def test_the_checker_reports_a_broken_file(sdf_checker, tmp_path):
    broken = tmp_path / "broken.sdf"
    broken.write_text(
        '<?xml version="1.0"?><sdf version="1.9"><world name="w"><model name="m"><link name="l">'
        "<collision name='c'><geometry><box><size>1 1</size></box></geometry></collision>"
        "</link></model></world></sdf>"
    )
    assert run(sdf_checker, broken).returncode != 0

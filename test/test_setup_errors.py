"""The set-up step fails with a clear message, not a stack trace deep inside CMake."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_setup(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full_env = {
        **os.environ,
        "RECEPTIONIST_SKIP_APT": "1",
        "RECEPTIONIST_VENV": str(tmp_path / "venv"),
        **env,
    }
    return subprocess.run(
        ["bash", str(ROOT / "scripts" / "setup.sh")],
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_python_is_named_with_what_to_do(tmp_path: Path):
    result = run_setup(tmp_path, RECEPTIONIST_PYTHON="python3.99-does-not-exist")
    assert result.returncode == 1
    assert "Python 3.11 not found" in result.stderr
    assert "RECEPTIONIST_PYTHON" in result.stderr
    assert "Traceback" not in result.stderr


def test_wrong_python_version_is_refused(tmp_path: Path):
    fake = tmp_path / "python-fake"
    fake.write_text("#!/bin/sh\necho 3.10\n")
    fake.chmod(0o755)
    result = run_setup(tmp_path, RECEPTIONIST_PYTHON=str(fake))
    assert result.returncode == 1
    assert "is Python 3.10; the ROS 2 wheels need 3.11" in result.stderr


def test_package_that_cannot_be_found_is_named(tmp_path: Path):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("ros-package-that-does-not-exist-anywhere\n")
    # No index at all: pip fails on this machine without asking any server.
    result = run_setup(
        tmp_path, RECEPTIONIST_REQUIREMENTS=str(requirements), PIP_NO_INDEX="1", PIP_FIND_LINKS=str(tmp_path)
    )
    assert result.returncode == 1
    assert f"pip could not install {requirements}" in result.stderr
    assert "ros-package-that-does-not-exist-anywhere" in result.stderr

"""Rewrite the build machine's include paths inside the ROS 2 wheels' CMake files.

The PyPI wheels' CMake config files name `/opt/python/cp311-cp311/...` include directories of the
machine that built them; CMake then refuses to build any interface package against them. This
rewrites them to this interpreter's include directory and numpy's. Idempotent; run after every pip
install, since each newly installed wheel brings the old paths again.
"""

import sys
import sysconfig
from pathlib import Path

import numpy

BUILD_MACHINE_PYTHON_INCLUDE = "/opt/python/cp311-cp311/include/python3.11"
BUILD_MACHINE_NUMPY_INCLUDE = "/opt/python/cp311-cp311/lib/python3.11/site-packages/numpy/_core/include"


def fix_tree(prefix: Path) -> int:
    replacements = {
        BUILD_MACHINE_NUMPY_INCLUDE: numpy.get_include(),
        BUILD_MACHINE_PYTHON_INCLUDE: sysconfig.get_paths()["include"],
    }
    changed = 0
    for folder in (prefix / "share", prefix / "lib" / "cmake"):
        if not folder.is_dir():
            continue
        for path in folder.rglob("*.cmake"):
            text = path.read_text(encoding="utf-8", errors="surrogateescape")
            if "/opt/python/cp311-cp311" not in text:
                continue
            for old, new in replacements.items():
                text = text.replace(old, new)
            path.write_text(text, encoding="utf-8", errors="surrogateescape")
            changed += 1
    return changed


if __name__ == "__main__":
    venv = Path(sys.argv[1] if len(sys.argv) > 1 else sys.prefix)
    print(f"[setup] fixed build-machine paths in {fix_tree(venv)} CMake files")

"""Where a site file named in a parameter (e.g. `maps/lobby.yaml`) really is.

Parameter files name site files relative to the bringup package (`config/...`, `maps/...`). The runner
starts nodes from the repository root, `ros2 launch` from wherever the operator stands: a relative
path is looked up in the working directory first, then in receptionist_bringup's share directory.
"""

from __future__ import annotations

from pathlib import Path

BRINGUP_PACKAGE = "receptionist_bringup"


def bringup_share() -> Path | None:
    from ament_index_python.packages import PackageNotFoundError, get_package_share_directory

    try:
        return Path(get_package_share_directory(BRINGUP_PACKAGE))
    except PackageNotFoundError:
        return None


def resolve_site_path(value: str | Path) -> Path:
    """Absolute paths and `~` as given; relative ones from the working dir, else the bringup share."""
    path = Path(value).expanduser()
    if path.is_absolute() or path.exists():
        return path
    share = bringup_share()
    if share is not None and (share / path).exists():
        return share / path
    return path  # missing everywhere: the caller's loader reports it with this name

#!/usr/bin/env bash
# Usage: has_real_package.sh NAME
# Exit 0 when a real package NAME (from a ROS 2 install, e.g. /opt/ros/jazzy) is on AMENT_PREFIX_PATH,
# so the workspace must not build its stand-in of it (which would shadow the real one).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${1:?package name}"
IFS=: read -r -a prefixes <<<"${AMENT_PREFIX_PATH:-}"
for prefix in "${prefixes[@]}"; do
  [[ -z "$prefix" || "$prefix" == "$ROOT/install"* ]] && continue
  [[ -f "$prefix/share/$name/package.xml" ]] && exit 0
done
exit 1

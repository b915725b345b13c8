#!/usr/bin/env bash
# Exit 0 when a real nav2_msgs (from a ROS 2 install, e.g. /opt/ros/jazzy) is on AMENT_PREFIX_PATH,
# so the workspace must not build its stand-in (which would shadow the real one).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
IFS=: read -r -a prefixes <<<"${AMENT_PREFIX_PATH:-}"
for prefix in "${prefixes[@]}"; do
  [[ -z "$prefix" || "$prefix" == "$ROOT/install"* ]] && continue
  [[ -f "$prefix/share/nav2_msgs/package.xml" ]] && exit 0
done
exit 1

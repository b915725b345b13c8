# Source me: puts the project's venv and ROS 2 workspace on this shell's paths.
#   source scripts/env.sh                 # venv + built workspace
#   source scripts/env.sh --no-workspace  # venv only (used by setup.sh before the first build)
_rcp_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_rcp_venv="${RECEPTIONIST_VENV:-$_rcp_root/.venv}"
export VIRTUAL_ENV="$_rcp_venv"
case ":$PATH:" in *":$_rcp_venv/bin:"*) ;; *) export PATH="$_rcp_venv/bin:$PATH" ;; esac
# The wheels keep their shared libraries in <venv>/lib; processes not started through the venv's
# python (which re-executes itself with this set) need it too.
case ":${LD_LIBRARY_PATH:-}:" in *":$_rcp_venv/lib:"*) ;;
  *) export LD_LIBRARY_PATH="$_rcp_venv/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" ;; esac
case ":${AMENT_PREFIX_PATH:-}:" in *":$_rcp_venv:"*) ;;
  *) export AMENT_PREFIX_PATH="${AMENT_PREFIX_PATH:+$AMENT_PREFIX_PATH:}$_rcp_venv" ;; esac
export RMW_IMPLEMENTATION="${RMW_IMPLEMENTATION:-rmw_fastrtps_cpp}"
# Keep DDS on this machine unless the operator says otherwise.
export ROS_AUTOMATIC_DISCOVERY_RANGE="${ROS_AUTOMATIC_DISCOVERY_RANGE:-LOCALHOST}"
# Shared-memory segments big enough for camera frames (config/fastdds.xml says why).
export FASTDDS_DEFAULT_PROFILES_FILE="${FASTDDS_DEFAULT_PROFILES_FILE:-$_rcp_root/config/fastdds.xml}"
if [[ "${1:-}" != "--no-workspace" && -f "$_rcp_root/install/local_setup.bash" ]]; then
  _rcp_nounset=0; [[ $- == *u* ]] && _rcp_nounset=1 && set +u
  # shellcheck source=/dev/null
  source "$_rcp_root/install/local_setup.bash"
  ((_rcp_nounset)) && set -u
  unset _rcp_nounset
fi
unset _rcp_root _rcp_venv

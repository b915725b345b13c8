#!/usr/bin/env bash
# The README's main job: set up (idempotent), then run the whole robot stack in the lobby simulation
# with the embedded defaults. Ctrl-C stops every node cleanly.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
# shellcheck source=/dev/null
source "$ROOT/scripts/env.sh"
export ROS_DOMAIN_ID="${ROS_DOMAIN_ID:-42}"
cd "$ROOT"
exec python -m receptionist_common.stack_runner --stack config/stack_sim.yaml "$@"

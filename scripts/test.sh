#!/usr/bin/env bash
# The README's test command: set up (idempotent), lint, then run every test in its own ROS domain,
# with DDS kept on this machine.  Extra arguments go to pytest, e.g. `bash scripts/test.sh -k bridge`.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$ROOT/scripts/setup.sh"
# shellcheck source=/dev/null
source "$ROOT/scripts/env.sh"
export ROS_AUTOMATIC_DISCOVERY_RANGE=LOCALHOST
export ROS_DOMAIN_ID="${ROS_DOMAIN_ID:-$((1 + $$ % 100))}"
cd "$ROOT"
echo "[test] ruff check"
ruff check .
echo "[test] pytest (ROS_DOMAIN_ID=$ROS_DOMAIN_ID, discovery LOCALHOST)"
exec python -m pytest "$@"

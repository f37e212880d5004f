#!/usr/bin/env bash
# Installs the Debian 12 packages MeshLens needs to build, test and run headless.
# Idempotent: packages already present are skipped without touching apt.
set -euo pipefail

PKGS=(
  cmake ninja-build g++ pkg-config            # build
  qt6-base-dev qt6-base-dev-tools             # Qt Core/Gui/Widgets/Sql/Network/Concurrent/Test
  qt6-charts-dev qt6-svg-dev                  # quality/freshness charts, SVG export
  libqt6opengl6-dev libgl-dev                 # Qt6Charts' CMake config requires Qt6OpenGL
  libqt6sql6-sqlite libsqlite3-dev            # the cache (QSQLITE driver + SQLite C API)
  libboost-graph-dev                          # Boost.Graph: CSR graph, traversal, algorithms
  libsimdjson-dev libyaml-cpp-dev             # fast JSON parsing (simdjson), YAML (mapping files, contracts)
  libmimalloc-dev                             # the heap allocator (faster than glibc's for ingest)
  qt6-qpa-plugins                             # offscreen/xcb platform plugins at run time
  xvfb xauth                                  # headless display for the GUI launcher
  python3                                     # tests: the peer benchmark's graph generator (../shared/bench)
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PKGS[@]} packages present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

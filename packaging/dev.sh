#!/usr/bin/env bash
# The README's two commands.
#   packaging/dev.sh run [FILE]   install what is missing, build, open the GUI on the demo mesh
#                                 (or on FILE: a .meshlens cache or a mesh file)
#   packaging/dev.sh test         install what is missing, build, run the whole test suite
# Idempotent: a second run only rebuilds what changed.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-}
case "$mode" in
  run|test) ;;
  *) echo "usage: packaging/dev.sh run [FILE] | test" >&2; exit 2 ;;
esac

packaging/install-deps.sh
cmake --preset dev >/dev/null
if [ "$mode" = test ]; then
  cmake --build --preset dev
  exec ctest --preset dev
fi

cmake --build --preset dev --target meshlens meshlens-cli
shift
if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
  cat >&2 <<TXT
No display: the MeshLens window needs X11 or Wayland. The build is ready; without a display use
  build/dev/app/meshlens-cli stats CACHE          (counts)
  build/dev/app/meshlens-cli lineage CACHE KEY    (upstream/downstream)
or run the window in a virtual display:
  xvfb-run -a -s '-screen 0 1600x1000x24' build/dev/app/meshlens
TXT
  exit 2
fi
exec build/dev/app/meshlens "$@"

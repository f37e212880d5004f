#!/bin/sh
# MeshLens as a layout "peer" of the benchmark harness in ../shared/bench (bench_layout.py /
# run_peers.sh), so that its layered layout is timed and scored on the same generated graphs
# and by the same crossings.py as Graphviz dot, elkjs and dagre:
#
#   ./run_peers.sh --peer 'meshlens=/path/to/packaging/bench-layout-peer.sh {ol} {out}'
#   python3 bench_layout.py --peers '' --peer 'meshlens=/path/to/packaging/bench-layout-peer.sh {ol} {out}'
#
# Reads the OpenLineage NDJSON into a fresh cache (meshlens-cli ingest), lays out the dataset
# level (meshlens-cli layout), renames the keys "dataset:<namespace>/<name>" to the harness's
# node ids (<name>) and prints {"layout_ms": N} (the layout call alone). The harness's wall time
# therefore includes ingest and the process start-ups. MESHLENS_CLI overrides the binary
# (default: build/release, else build/dev, of this checkout).
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 GRAPH.ol.ndjson OUT.json" >&2
    exit 2
fi
here=$(cd "$(dirname "$0")/.." && pwd)
cli=${MESHLENS_CLI:-}
if [ -z "$cli" ]; then
    for c in "$here/build/release/app/meshlens-cli" "$here/build/dev/app/meshlens-cli"; do
        if [ -x "$c" ]; then cli=$c; break; fi
    done
fi
[ -n "$cli" ] || { echo "meshlens-cli not found; set MESHLENS_CLI" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$cli" ingest "$work/mesh.meshlens" "$1" >/dev/null 2>"$work/ingest.log" || { cat "$work/ingest.log" >&2; exit 1; }
"$cli" layout "$work/mesh.meshlens" --level dataset -o "$work/layout.json" 2>"$work/layout.log" \
    || { cat "$work/layout.log" >&2; exit 1; }
cat "$work/layout.log" >&2
python3 - "$work/layout.json" "$2" "$work/layout.log" <<'PY'
import json, re, sys
pos = json.load(open(sys.argv[1], encoding="utf-8"))
out = {key[key.rindex("/") + 1:]: xy for key, xy in pos.items()}
if len(out) != len(pos):
    sys.exit("two datasets share a name across namespaces; cannot map to the harness ids")
json.dump(out, open(sys.argv[2], "w", encoding="utf-8"))
ms = re.search(r"layout ([0-9.]+) ms", open(sys.argv[3], encoding="utf-8").read())
print(json.dumps({"layout_ms": float(ms.group(1)) if ms else None}))
PY

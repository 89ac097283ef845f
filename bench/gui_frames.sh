#!/usr/bin/env bash
# Visualizer frame times: the syn-flood scenario playing, then ImGui's own demo window in the
# same window and process (`synack --bench-frames` does both and prints the ratio), at
# 1600x900 under Xvfb (Mesa llvmpipe), several runs. Also prints start-up to first frame.
#   bench/gui_frames.sh [SYNACK_BINARY] [RUNS] [FRAMES]
#   (defaults: build/bin/synack, 3 runs, 600 frames; a Release build gives the README figures)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/bin/synack}
runs=${2:-3}
frames=${3:-600}
[[ -x "$bin" ]] || { echo "gui_frames: $bin not found; run 'make' first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "gui_frames: xvfb-run missing; run scripts/install-deps.sh" >&2; exit 1; }

export MESA_SHADER_CACHE_DIR="${TMPDIR:-/tmp}/synack-mesa-cache"
echo "gui_frames: $bin, $runs runs of $frames frames, syn-flood vs ImGui demo, 1600x900, $(nproc) cores"
for ((i = 1; i <= runs; i++)); do
  xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -nolock" \
    "$bin" --bench-frames "$frames" --scenario syn-flood --size 1600x900
done

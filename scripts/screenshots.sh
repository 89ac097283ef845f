#!/usr/bin/env bash
# Regenerates the README screenshots (docs/screenshots/*.png) with `synack --screenshot`,
# off-screen under Xvfb, so they look the same on every machine.
#   scripts/screenshots.sh [SYNACK_BINARY]     (default: build/bin/synack, built by `make`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-build/bin/synack}
[[ -x "$bin" ]] || { echo "screenshots: $bin not found; run 'make' first" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "screenshots: xvfb-run missing; run scripts/install-deps.sh" >&2; exit 1; }

out=docs/screenshots
mkdir -p "$out"
export MESA_SHADER_CACHE_DIR="${TMPDIR:-/tmp}/synack-mesa-cache"
size=1600x900

shots=(
  "handshake-en --scenario handshake --lang en --step 14"
  "syn-flood-zh --scenario syn-flood --lang zh --step 60"
  "lifecycle-en --scenario lifecycle --lang en"
  "presenter-zh --scenario handshake --lang zh --step 10 --presenter"
)
cmds=""
for s in "${shots[@]}"; do
  read -r name args <<<"$s"
  cmds+="'$bin' --screenshot '$out/$name.png' --size $size $args && "
done
xvfb-run -a -s "-screen 0 1920x1080x24 -nolisten tcp -nolock" sh -c "${cmds}true"
ls -l "$out"/*.png

#!/bin/bash
# The capture import against tshark on the same 1,000,000-packet file, in the same run:
#   bench/pcap_vs_tshark.sh [build/bin/synack] [runs]
# The file is made by the exporter from bench/pcap-bench.toml (102,000 short connections).
# Times `synack pcap FILE --format json` (the annotated trace, streamed to /dev/null) and
# `tshark -r FILE -q -z conv,tcp`, alternating, each `runs` times (default 3), and prints
# the best and median of each, packets per second and the ratio.
set -euo pipefail
bin=${1:-build/bin/synack}
runs=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
command -v tshark >/dev/null || { echo "tshark is not installed (apt-get install tshark)"; exit 1; }
work=$(mktemp -d /tmp/synack-pcap-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
pcap=$work/bench.pcap

seconds() {  # wall-clock seconds of a command, its output thrown away
  local start end
  start=$(date +%s.%N)
  "$@" >/dev/null
  end=$(date +%s.%N)
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", e - s }'
}

export_s=$(seconds "$bin" run "$here/pcap-bench.toml" --format pcap -o "$pcap")
packets=$("$bin" pcap "$pcap" | sed -n '1s/.*, \([0-9]*\) frames,.*/\1/p')
size=$(du -m "$pcap" | cut -f1)
echo "capture: $packets packets, $size MB, exported in ${export_s} s"

synack_times=() tshark_times=()
for ((i = 0; i < runs; i++)); do
  synack_times+=("$(seconds "$bin" pcap "$pcap" --format json)")
  tshark_times+=("$(seconds tshark -r "$pcap" -q -z conv,tcp)")
done
stat() {  # best median
  sort -n | awk '{ v[NR] = $1 } END { printf "%.2f %.2f\n", v[1], v[int((NR + 1) / 2)] }'
}
read -r s_best s_median < <(printf '%s\n' "${synack_times[@]}" | stat)
read -r t_best t_median < <(printf '%s\n' "${tshark_times[@]}" | stat)
awk -v n="$packets" -v s="$s_median" -v sb="$s_best" -v t="$t_median" -v tb="$t_best" \
  -v runs="$runs" 'BEGIN {
  f = "%-42s best %6.2f s  median %6.2f s  %9.0f packets/s\n"
  printf f, "synack pcap FILE --format json >/dev/null", sb, s, n / s
  printf f, "tshark -r FILE -q -z conv,tcp", tb, t, n / t
  printf "synack is %.1fx faster than tshark (medians of %d runs)\n", t / s, runs
}'

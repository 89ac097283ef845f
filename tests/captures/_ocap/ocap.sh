# Shared driver for the tests/captures/12-* and 13-* scenarios (sourced by each run.sh).
# Topology (no netem in this kernel, so the delay is made in user space):
#
#  client netns $NSC                    root ns                        server netns $NSS
#  oc0 (tap) 10.200.0.1/24 <-- fd -- delayline.py (20 ms each way, drops) -- fd --> os0 (tap) 10.200.0.2/24
#     ^ tcpdump here (client side, before any drop)
#
# Reuses the shared helpers of /work/shared/fixtures/linux-captures/_common by path (LCAP_COMMON):
# lib.sh (capture, bg_run, ss/nstat/sysctl dumps, cleanup), pcapsum.py (summary format), relwall.py.
# Scenario variables: NAME, DESC, CC (reno|cubic), BYTES, DROP_ARGS (delayline.py args), SS_MAX_S.
: "${LCAP_COMMON:=/work/shared/fixtures/linux-captures/_common}"
export LCAP_COMMON
OCAP_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$LCAP_COMMON/lib.sh"
DELAY_MS=${DELAY_MS:-20}
# The VM has 2 vCPUs that other people use at the same time (e.g. C++ builds).  To keep the 20 ms delay and
# the endpoints' timing from being stretched by that load, the delay line runs SCHED_FIFO 50 and both
# endpoints SCHED_FIFO 40 (they only run briefly; they block in the kernel most of the time).  The ss
# loops run SCHED_FIFO 20 (below both) with a 3 ms pause per iteration (read -t on a FIFO, no fork), so
# they cannot hit the RT throttle (950 ms per 1 s) that would also stall the delay line.
RT_DL="chrt -f 50"; RT_APP="chrt -f 40"; SS_PRIO="chrt -f 20"

setup_tap_pair() {
  teardown_pair 2>/dev/null
  ip netns add "$NSC"; ip netns add "$NSS"
  for ns in "$NSC" "$NSS"; do
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
    ip -n "$ns" link set lo up
  done
  ip -n "$NSC" tuntap add dev oc0 mode tap
  ip -n "$NSS" tuntap add dev os0 mode tap
  ip -n "$NSC" link set oc0 mtu 1500; ip -n "$NSS" link set os0 mtu 1500
  ip -n "$NSC" addr add $CIP/24 dev oc0
  ip -n "$NSS" addr add $SIP/24 dev os0
  ip -n "$NSC" link set oc0 up
  ip -n "$NSS" link set os0 up
  CMAC=$(ip -n "$NSC" -br link show oc0 | awk '{print $3}')
  SMAC=$(ip -n "$NSS" -br link show os0 | awk '{print $3}')
  ip -n "$NSC" neigh replace $SIP lladdr "$SMAC" dev oc0 nud permanent
  ip -n "$NSS" neigh replace $CIP lladdr "$CMAC" dev os0 nud permanent
}

start_delayline() { # extra args: drop options
  rm -f dl.ready
  $RT_DL "$PY" "$OCAP_DIR/delayline.py" --ns-a "$NSC" --tap-a oc0 --ns-b "$NSS" --tap-b os0 \
      --delay-ms "$DELAY_MS" --events events.jsonl --ready dl.ready "$@" &
  DL_PID=$!; STARTED_PIDS+=("$DL_PID")
  local i; for i in $(seq 1 100); do [ -e dl.ready ] && break; sleep 0.05; done
  [ -e dl.ready ] || { log "delay line did not start"; exit 1; }
  rm -f dl.ready
  # offloads off on both devices so the capture shows real wire segments
  ip netns exec "$NSC" ethtool -K oc0 tso off gso off gro off 2>/dev/null
  ip netns exec "$NSS" ethtool -K os0 tso off gso off gro off 2>/dev/null
  { for p in "$NSC oc0" "$NSS os0"; do set -- $p; echo "--- $1 $2: ethtool -k (offloads)"; ip netns exec "$1" ethtool -k "$2" | grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload|large-receive-offload|tx-checksumming|rx-checksumming):'; done
    echo "--- qdiscs"; ip netns exec "$NSC" tc qdisc show dev oc0; ip netns exec "$NSS" tc qdisc show dev os0; } > offload.txt
  sleep 0.3   # let the taps settle (carrier up)
}

# ss -tin snapshots of the client socket, as often as possible: SS_LOOPS (default 2) loops without sleep,
# started ~5 ms apart (one ss process costs ~9-10 ms on this VM when idle, mostly exec time, and up
# to ~25 ms under load; each snapshot has a start stamp and an end stamp, the reading lies in between), until the file
# ss.stop appears or SS_MAX_S seconds have passed.  The loops write ss.N.raw; merge_ss sorts the
# snapshots by their end stamp into ss.txt.
start_ss_loop() {
  rm -f ss.stop ss.*.raw ss.txt
  SS_PIDS=()
  local n
  for n in $(seq 1 "${SS_LOOPS:-2}"); do
    rm -f ss.$n.fifo; mkfifo ss.$n.fifo
    ip netns exec "$NSC" $SS_PRIO bash -c '
      exec 3<>ss.'$n'.fifo
      end=$((SECONDS + '"${SS_MAX_S:-8}"'))
      while [ ! -e ss.stop ] && [ $SECONDS -lt $end ]; do
        read -t 0.003 -u 3
        echo "=== ss -tin wall=$EPOCHREALTIME ==="
        ss -tinH "( dport = :5000 )"
        echo "--- end wall=$EPOCHREALTIME"
      done' > ss.$n.raw &
    SS_PIDS+=($!); STARTED_PIDS+=($!)
    sleep 0.005
  done
}
stop_ss_loop() {
  touch ss.stop; local p; for p in "${SS_PIDS[@]}"; do wait_pid_bounded $p 10; done; rm -f ss.stop
  "$PY" - ss.*.raw > ss.txt <<'PYEOF'
import sys, re
snaps = []
for fn in sys.argv[1:]:
    cur = None
    for line in open(fn):
        if line.startswith('=== ss -tin wall='):
            cur = [float(re.search(r'wall=([\d.]+)', line).group(1)), [line]]; snaps.append(cur)
        elif cur:
            cur[1].append(line)
            if line.startswith('--- end wall='):   # sort by the end stamp (closest to the actual reading)
                cur[0] = float(re.search(r'wall=([\d.]+)', line).group(1))
for t, lines in sorted(snaps, key=lambda x: x[0]):
    sys.stdout.write(''.join(lines))
PYEOF
  rm -f ss.*.raw ss.*.fifo
}

run_bulk_scenario() {
  trap cleanup_all EXIT
  rm -f events.jsonl ss.txt tcpinfo.txt capture.pcap
  setup_tap_pair
  sysctl_dump sysctl.txt
  start_delayline $DROP_ARGS
  start_capture "$NSC" oc0 capture.pcap
  bg_run in_s $RT_APP "$PY" "$OCAP_DIR/bulk.py" server --events events.jsonl; SRV=$LAST_PID
  sleep 0.3
  start_ss_loop
  sleep 0.05
  bg_run in_c $RT_APP "$PY" "$OCAP_DIR/bulk.py" client --events events.jsonl --cc "$CC" --bytes "$BYTES" --tcpinfo tcpinfo.txt; CLI=$LAST_PID
  wait_pid_bounded $CLI 30; wait_pid_bounded $SRV 5
  sleep 0.1; stop_ss_loop
  stop_capture capture.pcap
  kill -TERM $DL_PID; wait_pid_bounded $DL_PID 5
  nstat_dump nstat.txt
  # raw ss snapshots, with their wall stamps annotated in the pcap time base (relwall.py)
  "$PY" "$LCAP_COMMON/relwall.py" capture.pcap < ss.txt > ss.tmp && mv ss.tmp ss.txt
  {
    echo "# scenario $NAME  (kernel $(uname -r), $(date -u +%FT%TZ))"
    echo "# $DESC"
    echo "# delay line: ${DELAY_MS} ms each way (user space, TAP<->TAP); drops: ${DROP_ARGS:-none}; capture on the client TAP before the delay line"
    "$PY" "$LCAP_COMMON/pcapsum.py" capture.pcap --name 10.200.0.1=client --name 10.200.0.2=server --events events.jsonl
    echo; echo "## ss -tin table (client socket; raw snapshots in ss.txt)"; "$PY" "$OCAP_DIR/sstable.py" capture.pcap ss.txt tcpinfo.txt
    echo; echo "## rounds (derived from the pcap by rounds.py)"; "$PY" "$OCAP_DIR/rounds.py" capture.pcap
    echo; echo "## offloads / qdiscs"; cat offload.txt
    echo; echo "## nstat"; cat nstat.txt
    echo; echo "## sysctls in force"; cat sysctl.txt
  } > summary.txt
  rm -f sysctl.txt nstat.txt offload.txt
  mkdir -p "$OCAP_DIR/../../data/captures"
  cp summary.txt "$OCAP_DIR/../../data/captures/$NAME.txt"
}

#!/bin/bash
# Helpers for the synack flow-control captures (tests/captures/NN-*/run.sh).
# Reuses the shared linux-captures helpers BY PATH (namespaces, tcpdump, nstat, sysctl dump):
#   LCAP_COMMON (default /work/shared/fixtures/linux-captures/_common) provides lib.sh, pcapsum.py, relwall.py.
# Adds: veth offloads off (TSO/GSO/GRO) so tcpdump shows wire-sized segments, an ss poller per namespace,
# extra sysctls that matter for flow control, and the summary writer.
: "${LCAP_COMMON:=/work/shared/fixtures/linux-captures/_common}"
export LCAP_COMMON
OCAPZ_LIB="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=/dev/null
source "$LCAP_COMMON/lib.sh"

# extra sysctls recorded in every summary (flow control / Nagle / delayed ACK related)
SYSCTL_KEYS="$SYSCTL_KEYS net.ipv4.tcp_invalid_ratelimit net.ipv4.tcp_rmem net.ipv4.tcp_wmem net.ipv4.tcp_adv_win_scale net.ipv4.tcp_moderate_rcvbuf net.ipv4.tcp_autocorking net.ipv4.tcp_pingpong_thresh net.ipv4.tcp_notsent_lowat net.ipv4.tcp_shrink_window net.ipv4.tcp_backlog_ack_defer net.ipv4.tcp_comp_sack_delay_ns net.ipv4.tcp_app_win net.ipv4.tcp_workaround_signed_windows net.ipv4.tcp_recovery net.ipv4.tcp_min_rtt_wlen net.core.rmem_default net.core.rmem_max net.core.wmem_default net.core.wmem_max"

offloads_off() { # TSO/GSO/GRO off on both veth ends; record the result
  ip netns exec "$NSC" ethtool -K vc tso off gso off gro off 2>/dev/null
  ip netns exec "$NSS" ethtool -K vs tso off gso off gro off 2>/dev/null
  {
    echo "--- client ns ($NSC) ethtool -k vc (segmentation/receive offloads)"
    ip netns exec "$NSC" ethtool -k vc | grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):'
    echo "--- server ns ($NSS) ethtool -k vs"
    ip netns exec "$NSS" ethtool -k vs | grep -E '^(tcp-segmentation-offload|generic-segmentation-offload|generic-receive-offload):'
  } > "${1:-offloads.txt}"
}

# ss_poll_start NS LABEL FILE PERIOD_S SS_ARGS... : poll ss inside NS (sspoll.py, fixed 100 ms grid) until
# ss_poll_stop; one block per sample:  === ss ns=LABEL wall=EPOCH ===  then the ss output.
SS_POLL_PIDS=()
ss_poll_start() {
  local ns=$1 label=$2 file=$3 period=$4; shift 4
  rm -f "$file" "$file.stop"
  ip netns exec "$ns" $PY "$OCAPZ_LIB/sspoll.py" "$file" "$label" "$period" "$@" &
  local p=$!; STARTED_PIDS+=("$p"); SS_POLL_PIDS+=("$p:$file")
}
ss_poll_stop() {
  local e p f
  for e in "${SS_POLL_PIDS[@]:-}"; do [ -n "$e" ] || continue; f=${e#*:}; touch "$f.stop"; done
  for e in "${SS_POLL_PIDS[@]:-}"; do [ -n "$e" ] || continue; p=${e%%:*}; f=${e#*:}; wait_pid_bounded "$p" 3; rm -f "$f.stop"; done
  SS_POLL_PIDS=()
}

ev_orch() { # orchestrator event into events.jsonl
  echo "{\"t\": $(date +%s.%N), \"who\": \"orchestrator\", \"ev\": \"$1\"}" >> "${2:-events.jsonl}"
}

wait_event() { # wait_event FILE 'substring' TIMEOUT_S : wait until a line containing substring appears
  local f=$1 pat=$2 t=$3 i
  for i in $(seq 1 $((t*200))); do grep -qF -- "$pat" "$f" 2>/dev/null && return 0; sleep 0.005; done
  log "timeout waiting for '$pat' in $f"; return 1
}

# write_summary OUTFILE TITLE DESCRIPTION PCAP EVENTS SSFILES... (ss poll files; may be empty)
# Sections: packets + events (shared pcapsum.py), ss table (one line per socket and sample, sstable.py),
# raw ss snapshots (times converted by the shared relwall.py), nft rules, nstat, offloads, sysctls.
write_summary() {
  local out=$1 title=$2 desc=$3 pcap=$4 events=$5; shift 5
  {
    echo "# scenario $title  (kernel $(uname -r), $(date -u +%FT%TZ))"
    echo "# $desc"
    $PY "$LCAP_COMMON/pcapsum.py" "$pcap" --name $CIP=client --name $SIP=server --events "$events"
    if [ $# -gt 0 ]; then
      echo; echo "## ss table (one line per socket per sample; t = ms from first packet (wall clock just before ss ran); fields picked from the raw snapshots below)"
      echo "# timer:(persist,LEFT,N): zero-window probe timer, N = probes sent without an answer (icsk_probes_out); timer:(on,LEFT,N): retransmission timer, N = retransmissions"
      echo "# snd_wnd:0* = not printed by ss (iproute2 6.1 prints snd_wnd only when nonzero), i.e. 0. backoff absent = 0. skmem: r=rcv queue bytes (truesize), rb=rcvbuf, t/tb=send, w=queued for send, d=drops"
      $PY "$OCAPZ_LIB/sstable.py" "$pcap" "$@"
      if [ "${SS_RAW_IN_SUMMARY:-1}" = 1 ]; then
        echo; echo "## ss snapshots (raw, merged by time)"
        $PY "$OCAPZ_LIB/sstable.py" --raw "$pcap" "$@" | $PY "$LCAP_COMMON/relwall.py" "$pcap"
      else
        echo; echo "## ss snapshots (raw): too long for this file, see ss-raw.txt beside the capture"
        $PY "$OCAPZ_LIB/sstable.py" --raw "$pcap" "$@" | $PY "$LCAP_COMMON/relwall.py" "$pcap" > "$(dirname "$out")/ss-raw.txt"
      fi
    fi
    [ -s nft.txt ] && { echo; echo "## nft rulesets (with counters, listed at the end of the run)"; cat nft.txt; }
    echo; echo "## nstat"; cat nstat.txt
    echo; echo "## veth offloads"; cat offloads.txt
    echo; echo "## sysctls in force"; cat sysctl.txt
  } > "$out"
}

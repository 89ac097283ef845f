#!/bin/bash
# 16-orphan-giveup: an orphaned FIN-WAIT-1 socket whose FIN is never acknowledged.
# Client namespace: net.ipv4.tcp_orphan_retries=2 (the only sysctl changed). Client connects, sends 100 B;
# the server reads them. Then an nftables rule at the SERVER's input hook drops every further segment from
# the client (added after the server's recv() returned; logged as an orchestrator event), and the client
# calls close() at once (it waits for a trigger file) and exits. Capture runs ~12 s after that.
# ss -tanoi polled every 100 ms in both namespaces (-i adds rto, backoff, retrans). Plain veth, TSO/GSO/GRO off.
HERE=$(cd "$(dirname "$0")" && pwd)
: "${NAME:=16-orphan-giveup}"; : "${OUT:=$HERE}"
: "${NSC:=ocapz16-c}"; : "${NSS:=ocapz16-s}"
source "$HERE/../_lib/ocapz.sh"
cd "$OUT" || exit 1
trap cleanup_all EXIT
GO=$(mktemp -u /tmp/ocapz16-go.XXXXXX); REL=$(mktemp -u /tmp/ocapz16-rel.XXXXXX)
rm -f events.jsonl ss-c.txt ss-s.txt nft.txt
setup_pair
offloads_off offloads.txt
in_c sysctl -qw net.ipv4.tcp_orphan_retries=2
sysctl_dump sysctl.txt
start_capture "$NSC" vc capture.pcap
ss_poll_start "$NSC" client ss-c.txt 0.1 -tanoi
ss_poll_start "$NSS" server ss-s.txt 0.1 -tanoi
sleep 0.3
bg_run in_s $PY "$HERE/app.py" server --events events.jsonl --release "$REL"; SRV=$LAST_PID
wait_event events.jsonl '"ev": "listen"' 5
bg_run in_c $PY "$HERE/app.py" client --events events.jsonl --go "$GO"; CLI=$LAST_PID
wait_event events.jsonl '"who": "server", "ev": "recv_returned"' 5
in_s nft -f - <<NFT
table inet ocapz {
  chain input { type filter hook input priority 0; policy accept;
    ip saddr $CIP tcp dport 5000 counter drop
  }
}
NFT
ev_orch "nft_drop_added" 
touch "$GO"
wait_pid_bounded $CLI 5
sleep 12
{ echo "--- server ns ($NSS): nft list ruleset"; in_s nft list ruleset; echo "--- client ns ($NSC): nft list ruleset (empty)"; in_c nft list ruleset; } > nft.txt
ss_poll_stop
stop_capture capture.pcap
nstat_dump nstat.txt   # before the server closes, so the counters cover only what the capture shows
touch "$REL"; wait_pid_bounded $SRV 5
rm -f "$GO" "$REL"
write_summary summary.txt "$NAME" \
  "client tcp_orphan_retries=2; 100 B client->server read by the server; then every segment from the client dropped at the server's input (orchestrator event nft_drop_added) and the client close()s at once; capture ~12 s" \
  capture.pcap events.jsonl ss-c.txt ss-s.txt
[ -n "${KEEP:-}" ] || rm -f sysctl.txt nstat.txt offloads.txt ss-c.txt ss-s.txt nft.txt

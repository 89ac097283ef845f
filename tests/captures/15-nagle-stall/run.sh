#!/bin/bash
# 15-nagle-stall: write-write-read with Nagle on (default). Client: 10 rounds of send(100), send(100),
# recv(100 B); server: recv until 200 B, then send(100 B). Plain veth, TSO/GSO/GRO off, default sysctls.
# ss -tinmo polled every 100 ms in both namespaces.
# Variant 15-nagle-nodelay runs this script with NODELAY=1 NAME=15-nagle-nodelay OUT=<its folder>
# (TCP_NODELAY set on the client socket before connect()).
HERE=$(cd "$(dirname "$0")" && pwd)
: "${NODELAY:=0}"; : "${NAME:=15-nagle-stall}"; : "${OUT:=$HERE}"
: "${NSC:=ocapz15-c}"; : "${NSS:=ocapz15-s}"
source "$HERE/../_lib/ocapz.sh"
cd "$OUT" || exit 1
trap cleanup_all EXIT
rm -f events.jsonl ss-c.txt ss-s.txt nft.txt
setup_pair
offloads_off offloads.txt
sysctl_dump sysctl.txt
start_capture "$NSC" vc capture.pcap
ss_poll_start "$NSC" client ss-c.txt 0.1 -tinmo
ss_poll_start "$NSS" server ss-s.txt 0.1 -tinmo
sleep 0.3
bg_run in_s $PY "$HERE/app.py" server --events events.jsonl; SRV=$LAST_PID
wait_event events.jsonl '"ev": "listen"' 5
CLIOPT=(); [ "$NODELAY" = 1 ] && CLIOPT=(--nodelay)
bg_run in_c $PY "$HERE/app.py" client --events events.jsonl --rounds 10 "${CLIOPT[@]}"; CLI=$LAST_PID
wait_pid_bounded $CLI 15; wait_pid_bounded $SRV 5
sleep 0.3
ss_poll_stop
stop_capture capture.pcap
nstat_dump nstat.txt
if [ "$NODELAY" = 1 ]; then D="TCP_NODELAY set on the client"; else D="Nagle on (default, no TCP_NODELAY)"; fi
write_summary summary.txt "$NAME" \
  "client 10 rounds of send(100), send(100), recv(100); server recv until 200 B then send(100); $D" \
  capture.pcap events.jsonl ss-c.txt ss-s.txt
[ -n "${KEEP:-}" ] || rm -f sysctl.txt nstat.txt offloads.txt ss-c.txt ss-s.txt

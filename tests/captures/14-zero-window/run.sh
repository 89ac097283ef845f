#!/bin/bash
# 14-zero-window: receive window shrinking to 0, zero-window probes, window update.
# Server: SO_RCVBUF=4096 on the listening socket before listen(); accept; no read() for $STALL s; then
# recv(1000) as fast as possible until EOF; close(). Client: connect; sendall(60000 B); shutdown(SHUT_WR);
# wait for EOF; close(). Plain veth (no delay), TSO/GSO/GRO off on both ends, default sysctls.
# ss -tinmo polled every 100 ms in both namespaces for the whole run.
# Variant 14-zero-window-long runs this script with STALL=20 NAME=14-zero-window-long OUT=<its folder>.
HERE=$(cd "$(dirname "$0")" && pwd)
: "${STALL:=3}"; : "${NAME:=14-zero-window}"; : "${OUT:=$HERE}"
: "${NSC:=ocapz14-c}"; : "${NSS:=ocapz14-s}"
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
bg_run in_s $PY "$HERE/app.py" server --events events.jsonl --rcvbuf 4096 --stall "$STALL"; SRV=$LAST_PID
wait_event events.jsonl '"ev": "listen"' 5
bg_run in_c $PY "$HERE/app.py" client --events events.jsonl --bytes 60000; CLI=$LAST_PID
wait_pid_bounded $SRV $(( ${STALL%.*} + 20 )); wait_pid_bounded $CLI 5
sleep 0.3
ss_poll_stop
stop_capture capture.pcap
nstat_dump nstat.txt
write_summary summary.txt "$NAME" \
  "server SO_RCVBUF=4096 before listen, no read for ${STALL} s, then recv(1000) loop to EOF; client sendall(60000), shutdown(SHUT_WR), wait EOF, close" \
  capture.pcap events.jsonl ss-c.txt ss-s.txt
[ -n "${KEEP:-}" ] || rm -f sysctl.txt nstat.txt offloads.txt ss-c.txt ss-s.txt

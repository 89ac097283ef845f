#!/bin/bash
# 13-rto-reno: goal = a capture in which only the retransmission timeout can repair the loss, so that ss
# shows cwnd collapsing to 1.  Client TCP_CONGESTION=reno, RTT ~40 ms from the user-space delay line,
# one sendall(), SHUT_WR, wait for EOF (as 12-slow-start-reno).  Two runs, in this order:
#
# Variant "40th-retx" (capture-40th-retx.pcap, summary-40th-retx.txt): the attempt asked for first:
#   300000 B; the delay line drops the 40th client data segment AND its first retransmission.
#   Result: NO RTO - RACK sees the lost retransmission (TCPLostRetransmit) and retransmits again one RTT
#   later, still in fast recovery.  Kept as evidence.
# Main capture "tail" (capture.pcap, summary.txt): 30000 B = 20 x 1448 + 1040 -> 21 data segments (rel seq
#   1, 1449, ..., 28961).  The delay line drops the first transmission of the last 5 segments (rel seq >= 23169)
#   and the first TWO transmissions of the last one (rel seq 28961), so the tail-loss probe (which re-sends
#   the last segment) is lost too and only the RTO is left.
HERE=$(cd "$(dirname "$0")" && pwd); cd "$HERE"
: "${NSC:=ocap13o-c}"; : "${NSS:=ocap13o-s}"
CC=reno; SS_MAX_S=10
source ../_ocap/ocap.sh

NAME=13-rto-reno-40th-retx
DESC="300000 B bulk client->server, client cc reno, RTT ~40 ms (delay line); 40th client data segment dropped, and its first retransmission too"
BYTES=300000; DROP_ARGS="--drop-nth 40:2"
run_bulk_scenario
for f in capture.pcap summary.txt ss.txt tcpinfo.txt events.jsonl; do mv "$f" "${f%.*}-40th-retx.${f##*.}"; done

NAME=13-rto-reno
DESC="30000 B bulk client->server, client cc reno, RTT ~40 ms (delay line); last 5 data segments dropped once, the last one (and so its TLP probe) twice"
BYTES=30000; DROP_ARGS="--drop-from 23169 --drop-seq 28961:2"
run_bulk_scenario
